// An organization: the tenant (vcloud.org) and admin (admin.organization) views; the provider sees every
// org, a tenant its own. The organization query and the CloudAPI's /orgs read the table (and count what each org
// holds), so they filter and page in SQL like every other.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { canAdministerOrg, orgScope, SYSTEM_ORG_KEY } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type Visibility } from '../../inventory/entity-type.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Db } from '../../store/db.ts';
import { constantField, urnField, type SqlField } from '../../inventory/sql.ts';

/** What an org's query record and CloudAPI Org are built from: the org and the counts of what it holds. */
export interface OrgCloudRow {
  id: string;
  name: string;
  full_name: string;
  description: string;
  is_enabled: number;
  is_system: number;
  vdcs: number | string;
  catalogs: number | string;
  vapps: number | string;
  running_vms: number | string;
  users: number | string;
}

const orgVisibility = (session: Session): Visibility => orgScope(session, 'orgs.id');

const count = (table: 'vdcs' | 'catalogs' | 'vapps' | 'vms' | 'users', where = '1 = 1') =>
  sql<number>`(select count(*) from ${sql.table(table)} where ${sql.ref(`${table}.org_id`)} = orgs.id and ${sql.raw(where)})`;
const VDCS = count('vdcs');
const CATALOGS = count('catalogs');
const VAPPS = count('vapps');
const RUNNING_VMS = count('vms', 'vms.status = 4');
const USERS = count('users');
const IS_SYSTEM = sql<number>`(case when orgs.name_key = ${SYSTEM_ORG_KEY} then 1 else 0 end)`;
const NAME: SqlField = { column: 'orgs.name', type: 'text' };
// what the model does not hold (groups, independent disks, publishing settings, quotas)
const NONE = constantField(0);
const NO = constantField(false);

const selectOrgs = (db: Db) => db.selectFrom('orgs').select(['orgs.id', 'orgs.name', 'orgs.full_name', 'orgs.description', 'orgs.is_enabled',
  IS_SYSTEM.as('is_system'), VDCS.as('vdcs'), CATALOGS.as('catalogs'), VAPPS.as('vapps'), RUNNING_VMS.as('running_vms'), USERS.as('users')]);

const organizationQuery = defineQueryType<OrgCloudRow>({
  name: 'organization',
  recordElement: 'OrgRecord',
  recordType: 'QueryResultOrgRecordType',
  referencesElement: 'OrgReferences',
  entityFamily: 'vcloud.org',
  fields: {
    name: NAME,
    displayName: { column: 'orgs.full_name', type: 'text' },
    isEnabled: { column: 'orgs.is_enabled', type: 'boolean' },
    isReadOnly: NO,
    numberOfCatalogs: { column: CATALOGS, type: 'number' }, numberOfVdcs: { column: VDCS, type: 'number' },
    numberOfVApps: { column: VAPPS, type: 'number' }, numberOfGroups: NONE, numberOfDisks: NONE,
    canPublishCatalogs: NO, canPublishExternally: NO,
    deployedVMQuota: NONE, storedVMQuota: NONE,
  },
  select: ({ db, session }) => selectOrgs(db).where(orgVisibility(session)),
  order: ['orgs.created_at', 'orgs.name_key'],
  path: (o) => `/api/org/${o.id}`,
  urn: (o) => urn('org', o.id),
  attributes: (o) => ({
    name: o.name, displayName: o.full_name, isEnabled: o.is_enabled === 1, isReadOnly: false,
    numberOfCatalogs: Number(o.catalogs), numberOfVdcs: Number(o.vdcs), numberOfVApps: Number(o.vapps), numberOfGroups: 0, numberOfDisks: 0,
    canPublishCatalogs: false, canPublishExternally: false, deployedVMQuota: 0, storedVMQuota: 0,
  }),
});

const orgCloudApi = defineCloudApiView<OrgCloudRow>({
  collection: 'orgs',
  model: 'Org',
  fields: {
    id: urnField('org', 'orgs.id'),
    name: NAME,
    displayName: { column: 'orgs.full_name', type: 'text' },
    isEnabled: { column: 'orgs.is_enabled', type: 'boolean' },
    orgVdcCount: { column: VDCS, type: 'number' },
    catalogCount: { column: CATALOGS, type: 'number' },
    vappCount: { column: VAPPS, type: 'number' },
    runningVMCount: { column: RUNNING_VMS, type: 'number' },
    userCount: { column: USERS, type: 'number' },
    canManageOrgs: { column: IS_SYSTEM, type: 'boolean' },
  },
  select: ({ db }) => selectOrgs(db),
  // the spec's default sort: by name (byte by byte, on both stores)
  order: [NAME, 'orgs.id'],
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
  cloudApi: orgCloudApi,
});
