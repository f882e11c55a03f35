// A provider VDC (urn:vcloud:providervdc), the provider's only: a vCenter's resource pool and storage profiles,
// an NSX-T manager and a network pool, from which org VDCs draw. Views: admin.providervdc (/api/admin/providervdc/{id})
// and the extension's admin.vmwprovidervdc (/api/admin/extension/providervdc/{id}); the providerVdc and
// providerVdcStorageProfile query types; the CloudAPI's /providerVdcs. Capacity: the resource pool's, allocated to
// and used by its org VDCs.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { providerScope, SYSTEM_ORG_ID, VIEW_PROVIDER_VDC } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryContext, type QueryFields } from '../../inventory/entity-type.ts';
import { constantField, urnField } from '../../inventory/sql.ts';
import { VCPU_MHZ } from '../vapp/type.ts';

interface ProviderVdcRecordRow {
  id: string;
  name: string;
  is_enabled: number;
  vc_name: string;
  cpu_mhz: number | string;
  memory_mb: number | string;
  cpu_allocated: number | string;
  memory_allocated: number | string;
  cpu_used: number | string;
  memory_used: number | string;
  storage_total: number | string;
  storage_used: number | string;
  vdcs: number | string;
  storage_profiles: number | string;
}

const ofVdcs = (expression: string) =>
  sql<number>`(select coalesce(${sql.raw(expression)}, 0) from vdcs where vdcs.provider_vdc_id = provider_vdcs.id)`;
const ofDeployedVms = (expression: string) => sql<number>`(select coalesce(${sql.raw(expression)}, 0) from vms join vdcs on vdcs.id = vms.vdc_id
  where vdcs.provider_vdc_id = provider_vdcs.id and vms.deployed = 1)`;
const CPU_ALLOCATED = ofVdcs('sum(vdcs.cpu_allocated_mhz)');
const MEMORY_ALLOCATED = ofVdcs('sum(vdcs.memory_allocated_mb)');
const VDCS = ofVdcs('count(*)');
const CPU_USED = sql<number>`(${ofDeployedVms('sum(vms.cpus)')} * ${sql.lit(VCPU_MHZ)})`;
const MEMORY_USED = ofDeployedVms('sum(vms.memory_mb)');
const STORAGE_TOTAL = sql<number>`(select coalesce(sum(s.total_mb), 0) from provider_vdc_storage_profiles ps
  join vc_storage_profiles s on s.id = ps.vc_storage_profile_id where ps.provider_vdc_id = provider_vdcs.id)`;
// what its org VDCs' storage profiles record (templates, media) and their VMs' disks
const STORAGE_USED = sql<number>`((select coalesce(sum(vp.used_mb), 0) from vdc_storage_profiles vp join vdcs on vdcs.id = vp.vdc_id
    where vdcs.provider_vdc_id = provider_vdcs.id)
  + (select coalesce(sum(d.size_mb), 0) from vm_disks d join vms on vms.id = d.vm_id join vdcs on vdcs.id = vms.vdc_id
    where vdcs.provider_vdc_id = provider_vdcs.id))`;
const STORAGE_PROFILES = sql<number>`(select count(*) from provider_vdc_storage_profiles ps where ps.provider_vdc_id = provider_vdcs.id)`;

const FIELDS: QueryFields = {
  name: { column: 'provider_vdcs.name', type: 'text' },
  isEnabled: { column: 'provider_vdcs.is_enabled', type: 'boolean' },
  vcName: { column: 'virtual_centers.name', type: 'text' },
  cpuLimitMhz: { column: 'vc_resource_pools.cpu_mhz', type: 'number' },
  cpuAllocationMhz: { column: CPU_ALLOCATED, type: 'number' },
  cpuUsedMhz: { column: CPU_USED, type: 'number' },
  memoryLimitMB: { column: 'vc_resource_pools.memory_mb', type: 'number' },
  memoryAllocationMB: { column: MEMORY_ALLOCATED, type: 'number' },
  memoryUsedMB: { column: MEMORY_USED, type: 'number' },
  storageLimitMB: { column: STORAGE_TOTAL, type: 'number' },
  storageUsedMB: { column: STORAGE_USED, type: 'number' },
  numberOfVdcs: { column: VDCS, type: 'number' },
  numberOfStorageProfiles: { column: STORAGE_PROFILES, type: 'number' },
  numberOfResourcePools: constantField(1),
  status: constantField('READY'),
  isBusy: constantField(false),
  isDeleted: constantField(false),
  networkProviderType: constantField('NSXT'),
};

const recordSelect = ({ db, session }: QueryContext) => db.selectFrom('provider_vdcs')
  .innerJoin('virtual_centers', 'virtual_centers.id', 'provider_vdcs.vc_id')
  .innerJoin('vc_resource_pools', 'vc_resource_pools.id', 'provider_vdcs.resource_pool_id')
  .select(['provider_vdcs.id', 'provider_vdcs.name', 'provider_vdcs.is_enabled', 'virtual_centers.name as vc_name',
    'vc_resource_pools.cpu_mhz', 'vc_resource_pools.memory_mb', CPU_ALLOCATED.as('cpu_allocated'), MEMORY_ALLOCATED.as('memory_allocated'),
    CPU_USED.as('cpu_used'), MEMORY_USED.as('memory_used'), STORAGE_TOTAL.as('storage_total'), STORAGE_USED.as('storage_used'),
    VDCS.as('vdcs'), STORAGE_PROFILES.as('storage_profiles')])
  .where(providerScope(session));
const ORDER = ['provider_vdcs.created', 'provider_vdcs.id'];

const providerVdcQuery = defineQueryType<ProviderVdcRecordRow>({
  name: 'providerVdc',
  recordElement: 'VMWProviderVdcRecord',
  recordType: 'QueryResultVMWProviderVdcRecordType',
  referencesElement: 'VMWProviderVdcReferences',
  entityFamily: 'admin.providervdc',
  fields: FIELDS,
  select: recordSelect,
  order: ORDER,
  path: (r) => `/api/admin/providervdc/${r.id}`,
  urn: (r) => urn('providervdc', r.id),
  attributes: (r) => ({
    name: r.name, isEnabled: r.is_enabled === 1, vcName: r.vc_name,
    cpuLimitMhz: Number(r.cpu_mhz), cpuAllocationMhz: Number(r.cpu_allocated), cpuUsedMhz: Number(r.cpu_used),
    memoryLimitMB: Number(r.memory_mb), memoryAllocationMB: Number(r.memory_allocated), memoryUsedMB: Number(r.memory_used),
    storageLimitMB: Number(r.storage_total), storageUsedMB: Number(r.storage_used), numberOfVdcs: Number(r.vdcs),
    numberOfStorageProfiles: Number(r.storage_profiles), numberOfResourcePools: 1, status: 'READY', isBusy: false, isDeleted: false,
    networkProviderType: 'NSXT',
  }),
});

interface StorageProfileRecordRow {
  id: string;
  name: string;
  is_enabled: number;
  provider_vdc_id: string;
  vc_id: string;
  moref: string;
  total_mb: number | string;
}

// go-vcloud-director names a provider VDC's storage profiles this way before it creates an org VDC
const providerVdcStorageProfileQuery = defineQueryType<StorageProfileRecordRow>({
  name: 'providerVdcStorageProfile',
  recordElement: 'ProviderVdcStorageProfileRecord',
  recordType: 'QueryResultProviderVdcStorageProfileRecordType',
  referencesElement: 'ProviderVdcStorageProfileReferences',
  entityFamily: 'admin.pvdcStorageProfile',
  fields: {
    name: { column: 's.name', type: 'text' },
    isEnabled: { column: 'ps.is_enabled', type: 'boolean' },
    storageTotalMB: { column: 's.total_mb', type: 'number' },
    storageProfileMoref: { column: 's.moref', type: 'text' },
    providerVdc: { column: 'ps.provider_vdc_id', type: 'reference' },
    vc: { column: 's.vc_id', type: 'reference' },
  },
  select: ({ db, session }) => db.selectFrom('provider_vdc_storage_profiles as ps')
    .innerJoin('vc_storage_profiles as s', 's.id', 'ps.vc_storage_profile_id')
    .innerJoin('provider_vdcs', 'provider_vdcs.id', 'ps.provider_vdc_id')
    .select(['ps.id', 's.name', 'ps.is_enabled', 'ps.provider_vdc_id', 's.vc_id', 's.moref', 's.total_mb'])
    .where(providerScope(session)),
  order: ['ps.provider_vdc_id', 'ps.position'],
  path: (r) => `/api/admin/pvdcStorageProfile/${r.id}`,
  urn: (r) => urn('providervdcstorageprofile', r.id),
  attributes: (r) => ({ name: r.name, isEnabled: r.is_enabled === 1, storageTotalMB: Number(r.total_mb), storageProfileMoref: r.moref }),
  references: (r) => ({
    providerVdc: { path: `/api/admin/providervdc/${r.provider_vdc_id}`, urn: urn('providervdc', r.provider_vdc_id) },
    vc: { path: `/api/admin/extension/vimServer/${r.vc_id}`, urn: urn('vimserver', r.vc_id) },
  }),
});

/** What the CloudAPI ProviderVdc is built from. */
export interface ProviderVdcCloudRow {
  id: string;
  name: string;
  description: string;
  is_enabled: number;
  vc_id: string;
  vc_name: string;
  manager_id: string | null;
  manager_name: string | null;
}

const providerVdcCloudApi = defineCloudApiView<ProviderVdcCloudRow>({
  collection: 'providerVdcs',
  model: 'ProviderVdc',
  fields: {
    id: urnField('providervdc', 'provider_vdcs.id'),
    name: { column: 'provider_vdcs.name', type: 'text' },
    isEnabled: { column: 'provider_vdcs.is_enabled', type: 'boolean' },
    'vimServer.name': { column: 'virtual_centers.name', type: 'text' },
  },
  select: ({ db }) => db.selectFrom('provider_vdcs')
    .innerJoin('virtual_centers', 'virtual_centers.id', 'provider_vdcs.vc_id')
    .leftJoin('nsxt_managers', 'nsxt_managers.id', 'provider_vdcs.manager_id')
    .select(['provider_vdcs.id', 'provider_vdcs.name', 'provider_vdcs.description', 'provider_vdcs.is_enabled',
      'virtual_centers.id as vc_id', 'virtual_centers.name as vc_name', 'nsxt_managers.id as manager_id', 'nsxt_managers.name as manager_name']),
  order: ORDER,
});

export const providerVdcType = defineEntityType({
  urnType: 'providervdc',
  names: { set: 'providerVdcs', noun: 'provider-vdc' },
  table: 'provider_vdcs',
  columns: { id: 'provider_vdcs.id', name: 'provider_vdcs.name', orgId: SYSTEM_ORG_ID },
  views: [
    { family: 'admin.providervdc', path: (id) => `/api/admin/providervdc/${id}` },
    { family: 'admin.vmwprovidervdc', path: (id) => `/api/admin/extension/providervdc/${id}` },
  ],
  visibility: providerScope,
  providerOnly: true,
  rights: { view: [VIEW_PROVIDER_VDC] },
  queries: [providerVdcQuery, providerVdcStorageProfileQuery],
  cloudApi: providerVdcCloudApi,
});
