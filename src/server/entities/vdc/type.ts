// An org VDC: the tenant view (vcloud.vdc /api/vdc/{id}) for its org's users with the view right and the
// provider; the admin view (admin.vdc /api/admin/vdc/{id}) for the provider and the org's administrators.
// Query types orgVdc and adminOrgVdc, in SQL; filters name the org by href, URN or id (org==<href>, as the
// Org document's query link does). Usage and counts come from the VDC's vApps and VMs.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { ADMINISTER_ORG, canAdministerOrg, EDIT_VDC, orgScope, VIEW_VDC } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { constantField, urnField, type SqlField } from '../../inventory/sql.ts';
import type { Session } from '../../inventory/principal.ts';
import { VCPU_MHZ } from '../vapp/type.ts';

interface VdcRecordRow {
  id: string;
  org_id: string;
  org_name: string;
  name: string;
  description: string;
  is_enabled: number;
  status: number;
  cpu_allocated_mhz: number;
  cpu_limit_mhz: number;
  memory_allocated_mb: number;
  memory_limit_mb: number;
  storage_limit_mb: number | string;
  storage_used_mb: number | string;
  storage_profiles: number | string;
  busy: number;
  vapps: number | string;
  vms: number | string;
  running_vms: number | string;
  cpu_used: number | string;
  memory_used: number | string;
}

/** Who sees a VDC: the provider every one; a tenant its org's, with the view right. */
const vdcVisibility = (session: Session): Visibility => orgScope(session, 'vdcs.org_id', VIEW_VDC);

const profiles = (aggregate: string) =>
  sql<number>`(select coalesce(${sql.raw(aggregate)}, 0) from vdc_storage_profiles p where p.vdc_id = vdcs.id)`;
const STORAGE_LIMIT = profiles('sum(p.limit_mb)');
// what the profiles record (templates, media), the VMs' disks and the independent disks, as VdcService.usage counts them
const STORAGE_USED = sql<number>`(${profiles('sum(p.used_mb)')}
  + (select coalesce(sum(vm_disks.size_mb), 0) from vm_disks join vms on vms.id = vm_disks.vm_id where vms.vdc_id = vdcs.id)
  + (select coalesce(sum(disks.size_mb), 0) from disks where disks.vdc_id = vdcs.id and disks.status = 1))`;
const STORAGE_PROFILES = profiles('count(*)');
const BUSY = sql<number>`(case when exists (select 1 from tasks where tasks.busy_owner = ${sql.lit('urn:vcloud:vdc:')} || vdcs.id) then 1 else 0 end)`;
const STATUS = sql<string>`(case vdcs.status when 1 then 'READY' when 0 then 'NOT_READY' when -1 then 'FAILED_CREATION' when 3 then 'UNRECOGNIZED' else 'UNKNOWN' end)`;
// what a VDC holds: its vApps and VMs (templates and media are kept in catalogs, not placed in VDCs)
const NONE = constantField(0);
const inVdc = (table: 'vapps' | 'vms', expression: string, where = '1 = 1') =>
  sql<number>`(select coalesce(${sql.raw(expression)}, 0) from ${sql.table(table)} where ${sql.ref(`${table}.vdc_id`)} = vdcs.id and ${sql.raw(where)})`;
const VAPPS = inVdc('vapps', 'count(*)');
const VMS = inVdc('vms', 'count(*)');
const RUNNING_VMS = inVdc('vms', 'count(*)', 'vms.status = 4');
const CPU_USED = sql<number>`(${inVdc('vms', 'sum(vms.cpus)', 'vms.deployed = 1')} * ${sql.lit(VCPU_MHZ)})`;
const MEMORY_USED = inVdc('vms', 'sum(vms.memory_mb)', 'vms.deployed = 1');

const FIELDS: QueryFields = {
  name: { column: 'vdcs.name', type: 'text' },
  description: { column: 'vdcs.description', type: 'text' },
  isEnabled: { column: 'vdcs.is_enabled', type: 'boolean' },
  cpuAllocationMhz: { column: 'vdcs.cpu_allocated_mhz', type: 'number' },
  cpuLimitMhz: { column: 'vdcs.cpu_limit_mhz', type: 'number' },
  cpuUsedMhz: { column: CPU_USED, type: 'number' },
  memoryAllocationMB: { column: 'vdcs.memory_allocated_mb', type: 'number' },
  memoryLimitMB: { column: 'vdcs.memory_limit_mb', type: 'number' },
  memoryUsedMB: { column: MEMORY_USED, type: 'number' },
  storageLimitMB: { column: STORAGE_LIMIT, type: 'number' },
  storageUsedMB: { column: STORAGE_USED, type: 'number' },
  orgName: { column: 'orgs.name', type: 'text' },
  numberOfVApps: { column: VAPPS, type: 'number' }, numberOfVMs: { column: VMS, type: 'number' },
  numberOfRunningVMs: { column: RUNNING_VMS, type: 'number' }, numberOfMedia: NONE, numberOfVAppTemplates: NONE,
  numberOfStorageProfiles: { column: STORAGE_PROFILES, type: 'number' },
  isBusy: { column: BUSY, type: 'boolean' },
  status: { column: STATUS, type: 'text' },
  // OrgVdcRecord has no org attribute (queryRecordView.xsd), yet its query filters on it
  org: { column: 'vdcs.org_id', type: 'reference' },
};

function select({ db }: QueryContext, where: Visibility) {
  return db.selectFrom('vdcs').innerJoin('orgs', 'orgs.id', 'vdcs.org_id')
    .select(['vdcs.id', 'vdcs.org_id', 'orgs.name as org_name', 'vdcs.name', 'vdcs.description', 'vdcs.is_enabled', 'vdcs.status',
      'vdcs.cpu_allocated_mhz', 'vdcs.cpu_limit_mhz', 'vdcs.memory_allocated_mb', 'vdcs.memory_limit_mb',
      STORAGE_LIMIT.as('storage_limit_mb'), STORAGE_USED.as('storage_used_mb'), STORAGE_PROFILES.as('storage_profiles'), BUSY.as('busy'),
      VAPPS.as('vapps'), VMS.as('vms'), RUNNING_VMS.as('running_vms'), CPU_USED.as('cpu_used'), MEMORY_USED.as('memory_used')])
    .where(where);
}

const attributes = (r: VdcRecordRow) => ({
  name: r.name, description: r.description, isEnabled: r.is_enabled === 1,
  cpuAllocationMhz: Number(r.cpu_allocated_mhz), cpuLimitMhz: Number(r.cpu_limit_mhz), cpuUsedMhz: Number(r.cpu_used),
  memoryAllocationMB: Number(r.memory_allocated_mb), memoryLimitMB: Number(r.memory_limit_mb), memoryUsedMB: Number(r.memory_used),
  storageLimitMB: Number(r.storage_limit_mb), storageUsedMB: Number(r.storage_used_mb), orgName: r.org_name,
  numberOfVApps: Number(r.vapps), numberOfVMs: Number(r.vms), numberOfRunningVMs: Number(r.running_vms), numberOfMedia: 0, numberOfVAppTemplates: 0,
  numberOfStorageProfiles: Number(r.storage_profiles), isBusy: r.busy === 1,
  status: ({ 1: 'READY', 0: 'NOT_READY', [-1]: 'FAILED_CREATION', 3: 'UNRECOGNIZED' } as Record<number, string>)[r.status] ?? 'UNKNOWN',
});

const common = {
  fields: FIELDS,
  order: ['vdcs.created', 'vdcs.id'],
  urn: (r: VdcRecordRow) => urn('vdc', r.id),
  attributes,
};

const orgVdcQuery = defineQueryType<VdcRecordRow>({
  ...common,
  name: 'orgVdc',
  recordElement: 'OrgVdcRecord',
  recordType: 'QueryResultOrgVdcRecordType',
  referencesElement: 'OrgVdcReferences',
  entityFamily: 'vcloud.vdc',
  select: (ctx) => select(ctx, vdcVisibility(ctx.session)),
  path: (r) => `/api/vdc/${r.id}`,
});

// adminOrgVdc records point at the admin view: the provider's and the org's administrators'
const adminOrgVdcQuery = defineQueryType<VdcRecordRow>({
  ...common,
  name: 'adminOrgVdc',
  recordElement: 'AdminVdcRecord',
  recordType: 'QueryResultAdminVdcRecordType',
  referencesElement: 'AdminVdcReferences',
  entityFamily: 'admin.vdc',
  select: (ctx) => select(ctx, orgScope(ctx.session, 'vdcs.org_id', ADMINISTER_ORG)),
  path: (r) => `/api/admin/vdc/${r.id}`,
  references: (r) => ({ org: { path: `/api/org/${r.org_id}`, urn: urn('org', r.org_id) } }),
});

/**
 * The CloudAPI fields of a model that names its VDC (joined as `vdcs`, its id in `vdcColumn`) as orgVdc and as
 * ownerRef (orgVdc's successor): filters give the VDC by URN or name.
 */
export function vdcReferenceFields(vdcColumn: string): QueryFields {
  const id: SqlField = { column: vdcColumn, type: 'reference' };
  const name: SqlField = { column: 'vdcs.name', type: 'text' };
  return { 'orgVdc.id': id, 'orgVdc.name': name, 'ownerRef.id': id, 'ownerRef.name': name };
}

/** What the CloudAPI OrgVdc is built from. */
export interface VdcCloudRow {
  id: string;
  name: string;
  description: string;
  allocation_model: string;
  org_id: string;
  org_name: string;
}

/** The CloudAPI's allocationType of each allocation model the store holds. */
export const ALLOCATION_TYPES: Readonly<Record<string, string>> = {
  AllocationVApp: 'ALLOCATION_VAPP', AllocationPool: 'ALLOCATION_POOL', ReservationPool: 'RESERVATION_POOL', Flex: 'FLEX',
};
const ALLOCATION_TYPE = sql<string>`(case vdcs.allocation_model ${sql.join(
  Object.entries(ALLOCATION_TYPES).map(([model, type]) => sql`when ${sql.lit(model)} then ${sql.lit(type)}`), sql` `)} end)`;

const vdcCloudApi = defineCloudApiView<VdcCloudRow>({
  collection: 'vdcs',
  model: 'OrgVdc',
  // what the spec lets filters and sorts name (description and org are NonSearchable)
  fields: {
    id: urnField('vdc', 'vdcs.id'),
    name: { column: 'vdcs.name', type: 'text' },
    allocationType: { column: ALLOCATION_TYPE, type: 'text' },
  },
  select: ({ db }) => db.selectFrom('vdcs').innerJoin('orgs', 'orgs.id', 'vdcs.org_id')
    .select(['vdcs.id', 'vdcs.name', 'vdcs.description', 'vdcs.allocation_model', 'vdcs.org_id', 'orgs.name as org_name']),
  order: ['vdcs.created', 'vdcs.id'],
});

export const vdcType = defineEntityType({
  urnType: 'vdc',
  table: 'vdcs',
  columns: { id: 'vdcs.id', name: 'vdcs.name', orgId: 'vdcs.org_id' },
  parent: { type: 'org', column: 'vdcs.org_id' },
  views: [
    { family: 'vcloud.vdc', path: (id) => `/api/vdc/${id}` },
    { family: 'admin.vdc', path: (id) => `/api/admin/vdc/${id}`, allowed: (session, vdc) => canAdministerOrg(session, vdc.orgId) },
  ],
  visibility: vdcVisibility,
  rights: { edit: [EDIT_VDC] },
  queries: [orgVdcQuery, adminOrgVdcQuery],
  cloudApi: vdcCloudApi,
});
