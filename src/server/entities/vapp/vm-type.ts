// A VM (vcloud.vm /api/vApp/vm-{id}) of a vApp, seen by whoever sees its vApp. Query types vm and
// adminVM, in SQL, list a vApp template's VMs (/api/vAppTemplate/vm-{id}) beside them, as VCD's do
// (isVAppTemplate, catalogName); filters name the vApp or template (container==<href>) or the VDC by href.
import { sql, type SelectQueryBuilder } from 'kysely';
import { urn } from '../../ids.ts';
import { constantField } from '../../inventory/sql.ts';
import { defineEntityType, defineQueryType, type EntityPointer, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { ADMINISTER_ORG, orgScope, vappScope, VAPP_RIGHTS } from '../../inventory/policy.ts';
import type { Session } from '../../inventory/principal.ts';
import { bool, count, inVisibleCatalog, iso, ref, text, time } from '../catalog/records.ts';
import { busy, statusName, statusText } from './records.ts';

interface VmRecordRow {
  id: string;
  org_id: string;
  /** the vApp's id, or the vApp template's for a template's VM */
  container_id: string;
  container_name: string;
  is_template: number;
  catalog_name: string | null;
  vdc_id: string | null;
  vdc_name: string | null;
  vdc_enabled: number | null;
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

/** The virtual hardware version a VM is given where nothing names one (a template's VMs among them). */
export const DEFAULT_HARDWARE_VERSION = 'vmx-19';

const inVisibleVApp = (session: Session): Visibility =>
  sql<boolean>`exists (select 1 from vapps where vapps.id = vms.vapp_id and ${vappScope(session)})`;

/** The primary NIC's network and address. */
const primaryNic = (column: string) =>
  sql<string>`(select ${sql.ref(`vm_nics.${column}`)} from vm_nics where vm_nics.vm_id = vms.id and vm_nics.nic_index = vms.primary_nic_index)`;
const HARDWARE_VERSION = sql<number>`cast(substr(v.hardware_version, 5) as integer)`;

// Fields over "v", the union of the vApps' VMs and the templates' VMs (isVAppTemplate tells them apart), as
// VCD's vm query lists both: go-vcloud-director finds a template's VM with isVAppTemplate==true;catalogName==…
const FIELDS: QueryFields = {
  name: text('v.name'), description: text('v.description'), container: ref('v.container_id'), containerName: text('v.container_name'),
  vdc: ref('v.vdc_id'), vdcName: text('v.vdc_name'), org: ref('v.org_id'), owner: ref('v.owner_id'), ownerName: text('v.owner_name'),
  status: text(statusText('v.status')), isDeployed: bool('v.deployed'), guestOs: text('v.os_type'), numberOfCpus: count('v.cpus'),
  memoryMB: count('v.memory_mb'), networkName: text('v.network_name'), ipAddress: text('v.ip'), isBusy: bool('v.busy'),
  hardwareVersion: count(HARDWARE_VERSION), vmToolsVersion: count('v.tools_version'), hostName: text('v.computer_name'),
  storageProfileName: text('v.storage_profile_name'), dateCreated: time('v.created_at'), isVdcEnabled: bool('v.vdc_enabled'),
  isVAppTemplate: bool('v.is_template'), catalogName: text('v.catalog_name'),
  isDeleted: constantField(false), isPublished: constantField(false),
  isInMaintenanceMode: constantField(false), isAutoNature: constantField(false), isExpired: constantField(false),
  vmToolsStatus: constantField('toolsOk'), gcStatus: constantField('GC_COMPLETE'),
};

const none = sql<string | null>`cast(null as text)`;
const number = (n: number) => sql<number>`cast(${sql.lit(n)} as integer)`;

function select({ db, session }: QueryContext, admin: boolean) {
  const vappVms = db.selectFrom('vms').innerJoin('vapps', 'vapps.id', 'vms.vapp_id').innerJoin('vdcs', 'vdcs.id', 'vms.vdc_id')
    .leftJoin('users', 'users.id', 'vapps.owner_id').leftJoin('vdc_storage_profiles', 'vdc_storage_profiles.id', 'vms.storage_profile_id')
    .where(admin ? orgScope(session, 'vms.org_id', ADMINISTER_ORG) : vappScope(session))
    .select(['vms.id', 'vms.org_id', 'vms.vapp_id as container_id', 'vapps.name as container_name', number(0).as('is_template'), none.as('catalog_name'),
      'vms.vdc_id', 'vdcs.name as vdc_name', 'vdcs.is_enabled as vdc_enabled', 'vapps.owner_id', 'users.name as owner_name', 'vms.name',
      'vms.description', 'vms.status', 'vms.deployed', 'vms.os_type', 'vms.cpus', 'vms.memory_mb', 'vms.hardware_version', 'vms.tools_version',
      'vms.computer_name', primaryNic('network_name').as('network_name'), primaryNic('ip').as('ip'),
      'vdc_storage_profiles.name as storage_profile_name', 'vms.created_at', busy('vm', 'vms.id').as('busy')]);
  // a template's VMs, seen by whoever sees its catalog (adminVM: the administrators of its org), powered off, in no vApp
  const templateVms = db.selectFrom('template_vms').innerJoin('vapp_templates', 'vapp_templates.id', 'template_vms.template_id')
    .innerJoin('catalogs', 'catalogs.id', 'vapp_templates.catalog_id').leftJoin('vdcs', 'vdcs.id', 'vapp_templates.vdc_id')
    .leftJoin('users', 'users.id', 'vapp_templates.owner_id')
    .where(admin ? orgScope(session, 'vapp_templates.org_id', ADMINISTER_ORG) : inVisibleCatalog(session, 'vapp_templates.catalog_id'))
    .select(['template_vms.id', 'vapp_templates.org_id', 'vapp_templates.id as container_id', 'vapp_templates.name as container_name',
      number(1).as('is_template'), 'catalogs.name as catalog_name', 'vapp_templates.vdc_id', 'vdcs.name as vdc_name', 'vdcs.is_enabled as vdc_enabled',
      'vapp_templates.owner_id', 'users.name as owner_name', 'template_vms.name', sql<string>`cast('' as text)`.as('description'),
      'vapp_templates.status', number(0).as('deployed'), 'template_vms.os_type', 'template_vms.cpus', 'template_vms.memory_mb',
      sql<string>`cast(${sql.lit(DEFAULT_HARDWARE_VERSION)} as text)`.as('hardware_version'), 'template_vms.tools_version',
      'template_vms.computer_name', 'template_vms.network_name', none.as('ip'), none.as('storage_profile_name'), 'vapp_templates.created_at',
      number(0).as('busy')]);
  return db.selectFrom(vappVms.unionAll(templateVms as never).as('v')).selectAll() as unknown as SelectQueryBuilder<any, any, VmRecordRow>;
}

const pointer = (path: string, id: string): EntityPointer => ({ path, urn: id });
const vmPath = (r: VmRecordRow) => (r.is_template === 1 ? `/api/vAppTemplate/vm-${r.id}` : `/api/vApp/vm-${r.id}`);
const containerRefs = (r: VmRecordRow) => ({
  container: r.is_template === 1
    ? pointer(`/api/vAppTemplate/vappTemplate-${r.container_id}`, urn('vapptemplate', r.container_id))
    : pointer(`/api/vApp/vapp-${r.container_id}`, urn('vapp', r.container_id)),
  ...(r.vdc_id ? { vdc: pointer(`/api/vdc/${r.vdc_id}`, urn('vdc', r.vdc_id)) } : {}),
});

const attributes = (r: VmRecordRow) => ({
  name: r.name, containerName: r.container_name, ...(r.vdc_name ? { vdcName: r.vdc_name } : {}), description: r.description,
  vappScopedLocalId: r.name, isVAppTemplate: r.is_template === 1, ...(r.catalog_name ? { catalogName: r.catalog_name } : {}),
  isDeleted: false, guestOs: r.os_type, numberOfCpus: Number(r.cpus), memoryMB: Number(r.memory_mb),
  status: statusName(r.status), networkName: r.network_name ?? '', ipAddress: r.ip ?? '', isDeployed: r.deployed === 1,
  isPublished: false, hardwareVersion: Number(r.hardware_version.replace(/^vmx-/, '')), storageProfileName: r.storage_profile_name ?? '',
  isAutoNature: false, gcStatus: 'GC_COMPLETE', dateCreated: iso(r.created_at), isExpired: false,
});

const common = {
  referencesElement: 'VMReferences',
  entityFamily: 'vcloud.vm',
  fields: FIELDS,
  order: ['v.created_at', 'v.id'],
  path: vmPath,
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
  attributes: (r) => ({
    ...attributes(r), hostName: r.computer_name, ...(r.vdc_enabled !== null ? { isVdcEnabled: r.vdc_enabled === 1 } : {}),
    vmToolsVersion: Number(r.tools_version),
  }),
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
