// type=orgVdc and type=adminOrgVdc. The model has no VDCs yet, so these answer, truthfully, no
// records; they exist because the Org document links to them and clients (vcd-cli) follow that link.
import { defineQueryType } from './query-type.ts';

const FIELDS = ['name', 'description', 'isEnabled', 'org', 'orgName', 'providerVdcName', 'numberOfVApps', 'status'] as const;

const noVdcs = (name: string, recordElement: string, recordType: string, referencesElement: string) => defineQueryType<never>({
  name,
  recordElement,
  recordType,
  referencesElement,
  entityFamily: 'vcloud.vdc',
  fields: FIELDS,
  rows: async () => [],
  path: () => '',
  urn: () => '',
  attributes: () => ({}),
});

export const orgVdcQuery = () => noVdcs('orgVdc', 'OrgVdcRecord', 'QueryResultOrgVdcRecordType', 'OrgVdcReferences');
export const adminOrgVdcQuery = () => noVdcs('adminOrgVdc', 'AdminVdcRecord', 'QueryResultAdminVdcRecordType', 'AdminVdcReferences');
