// Query types of objects the model has none of yet: Edge gateways (edgeGateway, which a VDC's
// edgeGateways link lists). They answer, truthfully, no records. An entity type in inventory/types/ that
// carries a query type of the same name replaces its placeholder.
import { defineQueryType, type AnyQueryTypeDefinition, type QueryFields } from '../../inventory/entity-type.ts';

const text = (...names: string[]): QueryFields => Object.fromEntries(names.map((n) => [n, { column: n, type: 'text' }]));

const EDGE_GATEWAY_FIELDS = text('name', 'vdc', 'orgVdcName', 'orgName', 'numberOfExtNetworks', 'numberOfOrgNetworks', 'isBusy', 'gatewayStatus', 'haStatus');

const noRows = (name: string, recordElement: string, recordType: string, referencesElement: string, entityFamily: string, fields: QueryFields) =>
  defineQueryType<never>({
    name, recordElement, recordType, referencesElement, entityFamily, fields,
    order: [],
    path: () => '',
    urn: () => '',
    attributes: () => ({}),
  });

export const UNMODELLED_QUERY_TYPES: readonly AnyQueryTypeDefinition[] = [
  noRows('edgeGateway', 'EdgeGatewayRecord', 'QueryResultEdgeGatewayRecordType', 'EdgeGatewayReferences', 'vcloud.edgeGateway', EDGE_GATEWAY_FIELDS),
];
