// A vCenter server (VCD's VimServer, urn:vcloud:vimserver), the provider's only: the extension's view
// (admin.vmwvirtualcenter /api/admin/extension/vimServer/{id}), the virtualCenter query type and the CloudAPI's
// /virtualCenters. Modelled as data: always connected, its capacity the sum of its resource pools and storage profiles.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { providerScope, SYSTEM_ORG_ID } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryContext, type QueryFields } from '../../inventory/entity-type.ts';
import { constantField, urnField } from '../../inventory/sql.ts';

export interface VirtualCenterRow {
  id: string;
  name: string;
  description: string;
  url: string;
  username: string;
  version: string;
  is_enabled: number;
  cpu_mhz: number | string;
  memory_mb: number | string;
  storage_mb: number | string;
}

const inVc = (table: 'vc_resource_pools' | 'vc_storage_profiles', column: string) =>
  sql<number>`(select coalesce(sum(${sql.ref(`${table}.${column}`)}), 0) from ${sql.table(table)} where ${sql.ref(`${table}.vc_id`)} = virtual_centers.id)`;
const CPU = inVc('vc_resource_pools', 'cpu_mhz');
const MEMORY = inVc('vc_resource_pools', 'memory_mb');
const STORAGE = inVc('vc_storage_profiles', 'total_mb');

const select = ({ db }: QueryContext) => db.selectFrom('virtual_centers')
  .select(['virtual_centers.id', 'virtual_centers.name', 'virtual_centers.description', 'virtual_centers.url', 'virtual_centers.username',
    'virtual_centers.version', 'virtual_centers.is_enabled', CPU.as('cpu_mhz'), MEMORY.as('memory_mb'), STORAGE.as('storage_mb')]);
const ORDER = ['virtual_centers.created', 'virtual_centers.id'];

const FIELDS: QueryFields = {
  name: { column: 'virtual_centers.name', type: 'text' },
  url: { column: 'virtual_centers.url', type: 'text' },
  userName: { column: 'virtual_centers.username', type: 'text' },
  isEnabled: { column: 'virtual_centers.is_enabled', type: 'boolean' },
  vcVersion: { column: 'virtual_centers.version', type: 'text' },
  // the uuid vCenter reports for itself: the row's id, as no vCenter stands behind it
  uuid: { column: 'virtual_centers.id', type: 'text' },
  status: constantField('READY'),
  listenerState: constantField('CONNECTED'),
  isBusy: constantField(false),
  isSupported: constantField(true),
  isTenantScoped: constantField(false),
  isProviderScoped: constantField(true),
  totalCpuMhz: { column: CPU, type: 'number' },
  totalMemMb: { column: MEMORY, type: 'number' },
};

const virtualCenterQuery = defineQueryType<VirtualCenterRow>({
  name: 'virtualCenter',
  recordElement: 'VirtualCenterRecord',
  recordType: 'QueryResultVirtualCenterRecordType',
  referencesElement: 'VirtualCenterReferences',
  entityFamily: 'admin.vmwvirtualcenter',
  fields: FIELDS,
  select: (ctx) => select(ctx).where(providerScope(ctx.session)),
  order: ORDER,
  path: (r) => `/api/admin/extension/vimServer/${r.id}`,
  urn: (r) => urn('vimserver', r.id),
  attributes: (r) => ({
    name: r.name, url: r.url, userName: r.username, isEnabled: r.is_enabled === 1, vcVersion: r.version, uuid: r.id,
    status: 'READY', listenerState: 'CONNECTED', isBusy: false, isSupported: true, isTenantScoped: false, isProviderScoped: true,
    totalCpuMhz: Number(r.cpu_mhz), totalMemMb: Number(r.memory_mb),
  }),
});

const virtualCenterCloudApi = defineCloudApiView<VirtualCenterRow>({
  collection: 'virtualCenters',
  model: 'VCenterServer',
  fields: {
    vcId: urnField('vimserver', 'virtual_centers.id'),
    name: { column: 'virtual_centers.name', type: 'text' },
    url: { column: 'virtual_centers.url', type: 'text' },
    isEnabled: { column: 'virtual_centers.is_enabled', type: 'boolean' },
    vcVersion: { column: 'virtual_centers.version', type: 'text' },
  },
  select,
  order: ORDER,
});

export const virtualCenterType = defineEntityType({
  urnType: 'vimserver',
  names: { set: 'virtualCenters', noun: 'vcenter' },
  table: 'virtual_centers',
  columns: { id: 'virtual_centers.id', name: 'virtual_centers.name', orgId: SYSTEM_ORG_ID },
  views: [{ family: 'admin.vmwvirtualcenter', path: (id) => `/api/admin/extension/vimServer/${id}` }],
  visibility: providerScope,
  providerOnly: true,
  queries: [virtualCenterQuery],
  cloudApi: virtualCenterCloudApi,
});
