// Query types of objects the model has none of yet: catalogs (catalog, adminCatalog) and Edge gateways
// (edgeGateway, which a VDC's edgeGateways link lists).
// They answer, truthfully, no records; they exist because the Org document links to them and clients
// follow those links (vcd-cli to the catalogs for `vcd catalog list`).
import { defineQueryType } from './query-type.ts';

const CATALOG_FIELDS = ['name', 'description', 'isPublished', 'isShared', 'creationDate', 'orgName', 'ownerName',
  'numberOfVAppTemplates', 'numberOfMedia', 'owner', 'status'] as const;
const ADMIN_CATALOG_FIELDS = ['org', 'name', 'isPublished', 'isShared', 'creationDate', 'orgName', 'ownerName',
  'numberOfTemplates', 'numberOfMedia', 'owner', 'isLocal'] as const;

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

export const catalogQuery = () => noRows('catalog', 'CatalogRecord', 'QueryResultCatalogRecordType', 'CatalogReferences', 'vcloud.catalog', CATALOG_FIELDS);
// queryReferenceView.xsd has no AdminCatalogReferences: catalogs are CatalogReferences in both queries
export const adminCatalogQuery = () => noRows('adminCatalog', 'AdminCatalogRecord', 'QueryResultAdminCatalogRecordType', 'CatalogReferences', 'admin.catalog', ADMIN_CATALOG_FIELDS);

const EDGE_GATEWAY_FIELDS = ['name', 'vdc', 'orgVdcName', 'orgName', 'numberOfExtNetworks', 'numberOfOrgNetworks', 'isBusy', 'gatewayStatus', 'haStatus'] as const;
export const edgeGatewayQuery = () => noRows('edgeGateway', 'EdgeGatewayRecord', 'QueryResultEdgeGatewayRecordType', 'EdgeGatewayReferences', 'vcloud.edgeGateway', EDGE_GATEWAY_FIELDS);
