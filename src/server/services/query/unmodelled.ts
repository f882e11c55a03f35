// Query types of objects the model has none of yet: Edge gateways (edgeGateway, which a VDC's
// edgeGateways link lists). They answer, truthfully, no records.
import { defineQueryType } from './query-type.ts';

const noRows = (name: string, recordElement: string, recordType: string, referencesElement: string, entityFamily: string, fields: readonly string[]) =>
  defineQueryType<never>({
    name,
    recordElement,
    recordType,
    referencesElement,
    entityFamily,
    fields,
    rows: async () => [],
    path: () => '',
    urn: () => '',
    attributes: () => ({}),
  });

const EDGE_GATEWAY_FIELDS = ['name', 'vdc', 'orgVdcName', 'orgName', 'numberOfExtNetworks', 'numberOfOrgNetworks', 'isBusy', 'gatewayStatus', 'haStatus'] as const;
export const edgeGatewayQuery = () => noRows('edgeGateway', 'EdgeGatewayRecord', 'QueryResultEdgeGatewayRecordType', 'EdgeGatewayReferences', 'vcloud.edgeGateway', EDGE_GATEWAY_FIELDS);
