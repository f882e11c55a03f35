// Query types of objects the model has none of yet: VDCs (orgVdc, adminOrgVdc).
// They answer, truthfully, no records; they exist because the Org document links to them and clients
// follow those links (vcd-cli to the VDCs at login).
import { defineQueryType } from './query-type.ts';

const VDC_FIELDS = ['name', 'description', 'isEnabled', 'org', 'orgName', 'providerVdcName', 'numberOfVApps', 'status'] as const;

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

export const orgVdcQuery = () => noRows('orgVdc', 'OrgVdcRecord', 'QueryResultOrgVdcRecordType', 'OrgVdcReferences', 'vcloud.vdc', VDC_FIELDS);
export const adminOrgVdcQuery = () => noRows('adminOrgVdc', 'AdminVdcRecord', 'QueryResultAdminVdcRecordType', 'AdminVdcReferences', 'vcloud.vdc', VDC_FIELDS);
