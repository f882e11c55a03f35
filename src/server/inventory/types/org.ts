// An organization: the tenant (vcloud.org) and admin (admin.organization) views; the provider sees every
// org, a tenant its own. The organization query filters and pages in SQL like every other.
import { urn } from '../../ids.ts';
import { canAdministerOrg, orgScope } from '../policy.ts';
import { defineEntityType, defineQueryType, type Visibility } from '../entity-type.ts';
import type { Session } from '../principal.ts';
import { constantField } from '../sql.ts';

interface OrgRow {
  id: string;
  name: string;
  full_name: string;
  is_enabled: number;
}

const orgVisibility = (session: Session): Visibility => orgScope(session, 'orgs.id');

// Counts of what the model holds (catalogs, VDCs, vApps, groups, disks): none yet.
const NONE = constantField(0);
const NO = constantField(false);

const organizationQuery = defineQueryType<OrgRow>({
  name: 'organization',
  recordElement: 'OrgRecord',
  recordType: 'QueryResultOrgRecordType',
  referencesElement: 'OrgReferences',
  entityFamily: 'vcloud.org',
  fields: {
    name: { column: 'orgs.name', type: 'text' },
    displayName: { column: 'orgs.full_name', type: 'text' },
    isEnabled: { column: 'orgs.is_enabled', type: 'boolean' },
    isReadOnly: NO,
    numberOfCatalogs: NONE, numberOfVdcs: NONE, numberOfVApps: NONE, numberOfGroups: NONE, numberOfDisks: NONE,
    canPublishCatalogs: NO, canPublishExternally: NO,
    deployedVMQuota: NONE, storedVMQuota: NONE,
  },
  select: ({ db, session }) => db.selectFrom('orgs').select(['orgs.id', 'orgs.name', 'orgs.full_name', 'orgs.is_enabled'])
    .where(orgVisibility(session)),
  order: ['orgs.created_at', 'orgs.name_key'],
  path: (o) => `/api/org/${o.id}`,
  urn: (o) => urn('org', o.id),
  attributes: (o) => ({
    name: o.name, displayName: o.full_name, isEnabled: o.is_enabled === 1, isReadOnly: false,
    numberOfCatalogs: 0, numberOfVdcs: 0, numberOfVApps: 0, numberOfGroups: 0, numberOfDisks: 0,
    canPublishCatalogs: false, canPublishExternally: false, deployedVMQuota: 0, storedVMQuota: 0,
  }),
});

export const orgType = defineEntityType({
  urnType: 'org',
  table: 'orgs',
  columns: { id: 'orgs.id', name: 'orgs.name', orgId: 'orgs.id' },
  views: [
    { family: 'vcloud.org', path: (id) => `/api/org/${id}` },
    { family: 'admin.organization', path: (id) => `/api/admin/org/${id}`, allowed: (session, org) => canAdministerOrg(session, org.id) },
  ],
  visibility: orgVisibility,
  queries: [organizationQuery],
});
