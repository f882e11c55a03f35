// A vApp (vcloud.vApp /api/vApp/vapp-{id}) in an org VDC: seen by the provider, its org's
// administrators, its owner and those it is shared with (policy.vappScope). Query types vApp and
// adminVApp, in SQL; filters name the VDC by href (vdc==<href>).
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { constantField } from '../../inventory/sql.ts';
import { defineEntityType, defineQueryType, type EntityPointer, type QueryContext, type QueryFields } from '../../inventory/entity-type.ts';
import { ADMINISTER_ORG, orgScope, vappScope, VAPP_RIGHTS } from '../../inventory/policy.ts';
import { bool, count, iso, ref, text, time } from '../catalog/records.ts';
import { busy, statusName, statusText } from './records.ts';

interface VAppRecordRow {
  id: string;
  org_id: string;
  vdc_id: string;
  vdc_name: string;
  vdc_enabled: number;
  name: string;
  description: string;
  status: number;
  deployed: number;
  owner_name: string | null;
  created_at: number | string;
  vms: number | string;
  cpus: number | string;
  memory_mb: number | string;
  storage_mb: number | string;
  busy: number;
}

const VMS = sql<number>`(select count(*) from vms where vms.vapp_id = vapps.id)`;
const CPUS = sql<number>`(select coalesce(sum(vms.cpus), 0) from vms where vms.vapp_id = vapps.id)`;
const MEMORY = sql<number>`(select coalesce(sum(vms.memory_mb), 0) from vms where vms.vapp_id = vapps.id)`;
const STORAGE = sql<number>`(select coalesce(sum(vm_disks.size_mb), 0) from vm_disks join vms on vms.id = vm_disks.vm_id where vms.vapp_id = vapps.id)`;
const BUSY = busy('vapp', 'vapps.id');
/** vCPUs at VCD's default speed, as the VDC counts them */
export const VCPU_MHZ = 1000;

const FIELDS: QueryFields = {
  name: text('vapps.name'), description: text('vapps.description'), vdc: ref('vapps.vdc_id'), vdcName: text('vdcs.name'),
  org: ref('vapps.org_id'), owner: ref('vapps.owner_id'), ownerName: text('users.name'), creationDate: time('vapps.created_at'),
  status: text(statusText('vapps.status')), isDeployed: bool('vapps.deployed'), isBusy: { column: BUSY, type: 'boolean' },
  numberOfVMs: count(VMS), numberOfCpus: count(CPUS), memoryAllocationMB: count(MEMORY),
  cpuAllocationMhz: count(sql`${CPUS} * ${sql.lit(VCPU_MHZ)}`), storageKB: count(sql`${STORAGE} * 1024`),
  isVdcEnabled: bool('vdcs.is_enabled'),
  isPublic: constantField(false), isEnabled: constantField(true), isInMaintenanceMode: constantField(false),
  isAutoNature: constantField(false), isExpired: constantField(false), snapshot: constantField(false),
};

function select({ db, session }: QueryContext, admin: boolean) {
  return db.selectFrom('vapps').innerJoin('vdcs', 'vdcs.id', 'vapps.vdc_id').leftJoin('users', 'users.id', 'vapps.owner_id')
    .where(admin ? orgScope(session, 'vapps.org_id', ADMINISTER_ORG) : vappScope(session))
    .select(['vapps.id', 'vapps.org_id', 'vapps.vdc_id', 'vdcs.name as vdc_name', 'vdcs.is_enabled as vdc_enabled', 'vapps.name',
      'vapps.description', 'vapps.status', 'vapps.deployed', 'users.name as owner_name', 'vapps.created_at',
      VMS.as('vms'), CPUS.as('cpus'), MEMORY.as('memory_mb'), STORAGE.as('storage_mb'), BUSY.as('busy')]);
}

const pointer = (path: string, id: string): EntityPointer => ({ path, urn: id });
const vdcRef = (r: VAppRecordRow) => ({ vdc: pointer(`/api/vdc/${r.vdc_id}`, urn('vdc', r.vdc_id)) });

const attributes = (r: VAppRecordRow) => ({
  name: r.name, vdcName: r.vdc_name, description: r.description, isEnabled: true, isBusy: r.busy === 1,
  creationDate: iso(r.created_at), status: statusName(r.status), ownerName: r.owner_name ?? '',
  memoryAllocationMB: Number(r.memory_mb), isDeployed: r.deployed === 1, isInMaintenanceMode: false, isAutoNature: false,
  isExpired: false, numberOfCpus: Number(r.cpus),
});

const common = {
  referencesElement: 'VAppReferences',
  entityFamily: 'vcloud.vApp',
  fields: FIELDS,
  order: ['vapps.created_at', 'vapps.id'],
  path: (r: VAppRecordRow) => `/api/vApp/vapp-${r.id}`,
  urn: (r: VAppRecordRow) => urn('vapp', r.id),
};

const vAppQuery = defineQueryType<VAppRecordRow>({
  ...common,
  name: 'vApp', recordElement: 'VAppRecord', recordType: 'QueryResultVAppRecordType',
  select: (ctx) => select(ctx, false),
  attributes: (r) => ({ ...attributes(r), isPublic: false, snapshot: false }),
  references: vdcRef,
});

// adminVApp: the provider's and the org administrators' view of every vApp of their orgs
const adminVAppQuery = defineQueryType<VAppRecordRow>({
  ...common,
  name: 'adminVApp', recordElement: 'AdminVAppRecord', recordType: 'QueryResultAdminVAppRecordType',
  select: (ctx) => select(ctx, true),
  attributes: (r) => ({
    ...attributes(r), isVdcEnabled: r.vdc_enabled === 1, numberOfVMs: Number(r.vms),
    cpuAllocationMhz: Number(r.cpus) * VCPU_MHZ, storageKB: Number(r.storage_mb) * 1024,
  }),
  references: (r) => ({ ...vdcRef(r), org: pointer(`/api/org/${r.org_id}`, urn('org', r.org_id)) }),
});

export const vAppType = defineEntityType({
  urnType: 'vapp',
  table: 'vapps',
  columns: { id: 'vapps.id', name: 'vapps.name', orgId: 'vapps.org_id' },
  parent: { type: 'vdc', column: 'vapps.vdc_id' },
  views: [{ family: 'vcloud.vApp', path: (id) => `/api/vApp/vapp-${id}`, prefix: 'vapp-' }],
  visibility: vappScope,
  rights: VAPP_RIGHTS,
  queries: [vAppQuery, adminVAppQuery],
});
