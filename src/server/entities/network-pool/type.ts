// A network pool (urn:vcloud:networkpool), the provider's only: GENEVE, over an NSX-T manager's overlay transport
// zone. The networkPool query type, the CloudAPI's /networkPools and the extension's view
// (admin.vmwNetworkPool /api/admin/extension/networkPool/{id}).
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { providerScope, SYSTEM_ORG_ID } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryContext } from '../../inventory/entity-type.ts';
import { constantField, urnField } from '../../inventory/sql.ts';

export interface NetworkPoolRow {
  id: string;
  name: string;
  description: string;
  pool_type: string;
  manager_id: string;
  manager_name: string;
  transport_zone_id: string;
  transport_zone_name: string;
}

/** The networkPoolType of a query record: Cloud Director numbers a GENEVE pool 4. */
const GENEVE_POOL_TYPE = 4;

const select = ({ db }: QueryContext) => db.selectFrom('network_pools')
  .innerJoin('nsxt_managers', 'nsxt_managers.id', 'network_pools.manager_id')
  .innerJoin('nsxt_resources as zone', (j) => j.onRef('zone.manager_id', '=', 'network_pools.manager_id')
    .on('zone.kind', '=', 'transportZone').onRef('zone.backing_id', '=', 'network_pools.transport_zone_id'))
  .select(['network_pools.id', 'network_pools.name', 'network_pools.description', 'network_pools.pool_type', 'nsxt_managers.id as manager_id',
    'nsxt_managers.name as manager_name', 'network_pools.transport_zone_id', 'zone.name as transport_zone_name']);
const ORDER = ['network_pools.created', 'network_pools.id'];

const networkPoolQuery = defineQueryType<NetworkPoolRow>({
  name: 'networkPool',
  recordElement: 'NetworkPoolRecord',
  recordType: 'QueryResultNetworkPoolRecordType',
  referencesElement: 'NetworkPoolReferences',
  entityFamily: 'admin.vmwNetworkPool',
  fields: {
    name: { column: 'network_pools.name', type: 'text' },
    description: { column: 'network_pools.description', type: 'text' },
    networkPoolType: constantField(GENEVE_POOL_TYPE),
    isBusy: constantField(false),
  },
  select: (ctx) => select(ctx).where(providerScope(ctx.session)),
  order: ORDER,
  path: (r) => `/api/admin/extension/networkPool/${r.id}`,
  urn: (r) => urn('networkpool', r.id),
  attributes: (r) => ({ name: r.name, description: r.description, networkPoolType: GENEVE_POOL_TYPE, isBusy: false }),
});

const networkPoolCloudApi = defineCloudApiView<NetworkPoolRow>({
  collection: 'networkPools',
  model: 'NetworkPool',
  fields: {
    id: urnField('networkpool', 'network_pools.id'),
    name: { column: 'network_pools.name', type: 'text' },
    poolType: { column: 'network_pools.pool_type', type: 'text' },
    'managingOwnerRef.id': { column: sql`${sql.lit('urn:vcloud:nsxtmanager:')} || nsxt_managers.id`, type: 'text' },
    'managingOwnerRef.name': { column: 'nsxt_managers.name', type: 'text' },
  },
  select,
  order: ORDER,
});

export const networkPoolType = defineEntityType({
  urnType: 'networkpool',
  names: { set: 'networkPools', noun: 'network-pool' },
  table: 'network_pools',
  columns: { id: 'network_pools.id', name: 'network_pools.name', orgId: SYSTEM_ORG_ID },
  views: [{ family: 'admin.vmwNetworkPool', path: (id) => `/api/admin/extension/networkPool/${id}` }],
  visibility: providerScope,
  providerOnly: true,
  queries: [networkPoolQuery],
  cloudApi: networkPoolCloudApi,
});
