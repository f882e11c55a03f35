// A VM (vcloud.vm /api/vApp/vm-{id}) of a vApp, seen by whoever sees its vApp. Query types vm and
// adminVM, in SQL; filters name the vApp (container==<href>) or the VDC (vdc==<href>) by href.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { constantField } from '../../inventory/sql.ts';
import { defineEntityType, defineQueryType, type EntityPointer, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { ADMINISTER_ORG, orgScope, vappScope, VAPP_RIGHTS } from '../../inventory/policy.ts';
import type { Session } from '../../inventory/principal.ts';
import { bool, count, iso, ref, text, time } from '../catalog/records.ts';
import { busy, statusName, statusText } from './records.ts';

interface VmRecordRow {
  id: string;
  org_id: string;
  vapp_id: string;
  vapp_name: string;
  vdc_id: string;
  vdc_name: string;
  vdc_enabled: number;
  owner_id: string | null;
  owner_name: string | null;
  name: string;
  description: string;
  status: number;
  deployed: number;
  os_type: string;
  cpus: number;
  memory_mb: number;
  hardware_version: string;
  tools_version: number;
  computer_name: string;
  network_name: string | null;
  ip: string | null;
  storage_profile_name: string | null;
  created_at: number | string;
  busy: number;
}

const inVisibleVApp = (session: Session): Visibility =>
  sql<boolean>`exists (select 1 from vapps where vapps.id = vms.vapp_id and ${vappScope(session)})`;
const inAdministeredOrg = (session: Session): Visibility => orgScope(session, 'vms.org_id', ADMINISTER_ORG);

/** The primary NIC's network and address. */
const primaryNic = (column: string) =>
  sql<string>`(select ${sql.ref(`vm_nics.${column}`)} from vm_nics where vm_nics.vm_id = vms.id and vm_nics.nic_index = vms.primary_nic_index)`;
const NETWORK = primaryNic('network_name');
const IP = primaryNic('ip');
const BUSY = busy('vm', 'vms.id');
const HARDWARE_VERSION = sql<number>`cast(substr(vms.hardware_version, 5) as integer)`;

const FIELDS: QueryFields = {
  name: text('vms.name'), description: text('vms.description'), container: ref('vms.vapp_id'), containerName: text('vapps.name'),
  vdc: ref('vms.vdc_id'), vdcName: text('vdcs.name'), org: ref('vms.org_id'), owner: ref('vapps.owner_id'), ownerName: text('users.name'),
  status: text(statusText('vms.status')), isDeployed: bool('vms.deployed'), guestOs: text('vms.os_type'), numberOfCpus: count('vms.cpus'),
  memoryMB: count('vms.memory_mb'), networkName: text(NETWORK), ipAddress: text(IP), isBusy: { column: BUSY, type: 'boolean' },
  hardwareVersion: count(HARDWARE_VERSION), vmToolsVersion: count('vms.tools_version'), hostName: text('vms.computer_name'),
  storageProfileName: text('vdc_storage_profiles.name'), dateCreated: time('vms.created_at'), isVdcEnabled: bool('vdcs.is_enabled'),
  isVAppTemplate: constantField(false), isDeleted: constantField(false), isPublished: constantField(false),
  isInMaintenanceMode: constantField(false), isAutoNature: constantField(false), isExpired: constantField(false),
  vmToolsStatus: constantField('toolsOk'), gcStatus: constantField('GC_COMPLETE'),
};

function select({ db, session }: QueryContext, admin: boolean) {
  return db.selectFrom('vms').innerJoin('vapps', 'vapps.id', 'vms.vapp_id').innerJoin('vdcs', 'vdcs.id', 'vms.vdc_id')
    .leftJoin('users', 'users.id', 'vapps.owner_id').leftJoin('vdc_storage_profiles', 'vdc_storage_profiles.id', 'vms.storage_profile_id')
    .where(admin ? inAdministeredOrg(session) : vappScope(session))
    .select(['vms.id', 'vms.org_id', 'vms.vapp_id', 'vapps.name as vapp_name', 'vms.vdc_id', 'vdcs.name as vdc_name', 'vdcs.is_enabled as vdc_enabled',
      'vapps.owner_id', 'users.name as owner_name', 'vms.name', 'vms.description', 'vms.status', 'vms.deployed', 'vms.os_type', 'vms.cpus',
      'vms.memory_mb', 'vms.hardware_version', 'vms.tools_version', 'vms.computer_name', NETWORK.as('network_name'), IP.as('ip'),
      'vdc_storage_profiles.name as storage_profile_name', 'vms.created_at', BUSY.as('busy')]);
}

const pointer = (path: string, id: string): EntityPointer => ({ path, urn: id });
const containerRefs = (r: VmRecordRow) => ({
  container: pointer(`/api/vApp/vapp-${r.vapp_id}`, urn('vapp', r.vapp_id)),
  vdc: pointer(`/api/vdc/${r.vdc_id}`, urn('vdc', r.vdc_id)),
});

const attributes = (r: VmRecordRow) => ({
  name: r.name, containerName: r.vapp_name, vdcName: r.vdc_name, description: r.description, vappScopedLocalId: r.name,
  isVAppTemplate: false, isDeleted: false, guestOs: r.os_type, numberOfCpus: Number(r.cpus), memoryMB: Number(r.memory_mb),
  status: statusName(r.status), networkName: r.network_name ?? '', ipAddress: r.ip ?? '', isDeployed: r.deployed === 1,
  isPublished: false, hardwareVersion: Number(r.hardware_version.replace(/^vmx-/, '')), storageProfileName: r.storage_profile_name ?? '',
  isAutoNature: false, gcStatus: 'GC_COMPLETE', dateCreated: iso(r.created_at), isExpired: false,
});

const common = {
  referencesElement: 'VMReferences',
  entityFamily: 'vcloud.vm',
  fields: FIELDS,
  order: ['vms.created_at', 'vms.id'],
  path: (r: VmRecordRow) => `/api/vApp/vm-${r.id}`,
  urn: (r: VmRecordRow) => urn('vm', r.id),
};

const vmQuery = defineQueryType<VmRecordRow>({
  ...common,
  name: 'vm', recordElement: 'VMRecord', recordType: 'QueryResultVMRecordType',
  select: (ctx) => select(ctx, false),
  attributes: (r) => ({
    ...attributes(r), ownerName: r.owner_name ?? '', isBusy: r.busy === 1, vmToolsStatus: 'toolsOk', isInMaintenanceMode: false,
  }),
  references: (r) => ({
    ...containerRefs(r), ...(r.owner_id ? { owner: pointer(`/api/admin/user/${r.owner_id}`, urn('user', r.owner_id)) } : {}),
  }),
});

const adminVmQuery = defineQueryType<VmRecordRow>({
  ...common,
  name: 'adminVM', recordElement: 'AdminVMRecord', recordType: 'QueryResultAdminVMRecordType',
  select: (ctx) => select(ctx, true),
  attributes: (r) => ({ ...attributes(r), hostName: r.computer_name, isVdcEnabled: r.vdc_enabled === 1, vmToolsVersion: Number(r.tools_version) }),
  references: (r) => ({ ...containerRefs(r), org: pointer(`/api/org/${r.org_id}`, urn('org', r.org_id)) }),
});

export const vmType = defineEntityType({
  urnType: 'vm',
  table: 'vms',
  columns: { id: 'vms.id', name: 'vms.name', orgId: 'vms.org_id' },
  parent: { type: 'vapp', column: 'vms.vapp_id' },
  views: [{ family: 'vcloud.vm', path: (id) => `/api/vApp/vm-${id}`, prefix: 'vm-' }],
  visibility: inVisibleVApp,
  rights: VAPP_RIGHTS,
  queries: [vmQuery, adminVmQuery],
});
