// Query types of objects the model has none of yet: VDCs (orgVdc, adminOrgVdc) and catalogs (catalog,
// adminCatalog). They answer, truthfully, no records; they exist because the Org document links to them
// and clients follow those links (vcd-cli to the VDCs at login, and to the catalogs for `vcd catalog list`).
// An entity type in inventory/types/ that carries a query type of the same name replaces its placeholder.
import { defineQueryType, type AnyQueryTypeDefinition, type QueryFields } from '../../inventory/entity-type.ts';

const text = (...names: string[]): QueryFields => Object.fromEntries(names.map((n) => [n, { column: n, type: 'text' }]));

const VDC_FIELDS = text('name', 'description', 'isEnabled', 'org', 'orgName', 'providerVdcName', 'numberOfVApps', 'status');
const CATALOG_FIELDS = text('name', 'description', 'isPublished', 'isShared', 'creationDate', 'orgName', 'ownerName',
  'numberOfVAppTemplates', 'numberOfMedia', 'owner', 'status');
const ADMIN_CATALOG_FIELDS = text('org', 'name', 'isPublished', 'isShared', 'creationDate', 'orgName', 'ownerName',
  'numberOfTemplates', 'numberOfMedia', 'owner', 'isLocal');

const noRows = (name: string, recordElement: string, recordType: string, referencesElement: string, entityFamily: string, fields: QueryFields) =>
  defineQueryType<never>({
    name, recordElement, recordType, referencesElement, entityFamily, fields,
    order: [],
    path: () => '',
    urn: () => '',
    attributes: () => ({}),
  });

export const UNMODELLED_QUERY_TYPES: readonly AnyQueryTypeDefinition[] = [
  noRows('orgVdc', 'OrgVdcRecord', 'QueryResultOrgVdcRecordType', 'OrgVdcReferences', 'vcloud.vdc', VDC_FIELDS),
  noRows('adminOrgVdc', 'AdminVdcRecord', 'QueryResultAdminVdcRecordType', 'AdminVdcReferences', 'vcloud.vdc', VDC_FIELDS),
  noRows('catalog', 'CatalogRecord', 'QueryResultCatalogRecordType', 'CatalogReferences', 'vcloud.catalog', CATALOG_FIELDS),
  // queryReferenceView.xsd has no AdminCatalogReferences: catalogs are CatalogReferences in both queries
  noRows('adminCatalog', 'AdminCatalogRecord', 'QueryResultAdminCatalogRecordType', 'CatalogReferences', 'admin.catalog', ADMIN_CATALOG_FIELDS),
];
