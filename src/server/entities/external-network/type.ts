// An external network (urn:vcloud:externalnetwork), the provider's only: backed by an NSX-T
// manager's Tier-0 router, with IPv4 subnets and their static ranges. The externalNetwork query type, the CloudAPI's
// /externalNetworks (model ExternalNetwork, VCD's ExternalNetworkV2) and the extension's view
// (admin.vmwexternalnet /api/admin/extension/externalnet/{id}).
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { netmaskOf } from '../../ipv4.ts';
import { providerScope, SYSTEM_ORG_ID, CREATE_PROVIDER_NETWORK, EDIT_PROVIDER_NETWORK, DELETE_PROVIDER_NETWORK } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryContext } from '../../inventory/entity-type.ts';
import { constantField, urnField } from '../../inventory/sql.ts';

export interface ExternalNetworkRow {
  id: string;
  name: string;
  description: string;
  manager_id: string;
  manager_name: string;
  tier0_id: string;
  tier0_name: string;
  /** JSON array of ExternalSubnet */
  subnets: string;
}

/** Cloud Director names them urn:vcloud:network; here the type's own segment keeps them apart from org VDC networks. */
export const EXTERNAL_NETWORK_URN = 'externalnetwork';

const select = ({ db }: QueryContext) => db.selectFrom('external_networks')
  .innerJoin('nsxt_managers', 'nsxt_managers.id', 'external_networks.manager_id')
  .innerJoin('nsxt_resources as tier0', (j) => j.onRef('tier0.manager_id', '=', 'external_networks.manager_id')
    .on('tier0.kind', '=', 'tier0Router').onRef('tier0.backing_id', '=', 'external_networks.tier0_id'))
  .select(['external_networks.id', 'external_networks.name', 'external_networks.description', 'external_networks.manager_id',
    'nsxt_managers.name as manager_name', 'external_networks.tier0_id', 'tier0.name as tier0_name', 'external_networks.subnets']);
const ORDER = ['external_networks.created', 'external_networks.id'];

/** The first subnet, which the legacy record shows. */
const firstSubnet = (r: ExternalNetworkRow) => (JSON.parse(r.subnets) as Array<{ gateway: string; prefixLength: number; dns1?: string; dns2?: string; dnsSuffix?: string }>)[0];

const externalNetworkQuery = defineQueryType<ExternalNetworkRow>({
  name: 'externalNetwork',
  recordElement: 'NetworkRecord',
  recordType: 'QueryResultNetworkRecordType',
  referencesElement: 'NetworkReferences',
  entityFamily: 'admin.vmwexternalnet',
  fields: {
    name: { column: 'external_networks.name', type: 'text' },
    isBusy: constantField(false),
  },
  select: (ctx) => select(ctx).where(providerScope(ctx.session)),
  order: ORDER,
  path: (r) => `/api/admin/extension/externalnet/${r.id}`,
  urn: (r) => urn(EXTERNAL_NETWORK_URN, r.id),
  attributes: (r) => {
    const s = firstSubnet(r);
    return {
      name: r.name, gateway: s?.gateway, netmask: s && netmaskOf(s.prefixLength), subnetPrefixLength: s?.prefixLength,
      dns1: s?.dns1, dns2: s?.dns2, dnsSuffix: s?.dnsSuffix, isBusy: false,
    };
  },
});

const externalNetworkCloudApi = defineCloudApiView<ExternalNetworkRow>({
  collection: 'externalNetworks',
  model: 'ExternalNetwork',
  fields: {
    id: urnField(EXTERNAL_NETWORK_URN, 'external_networks.id'),
    name: { column: 'external_networks.name', type: 'text' },
    description: { column: 'external_networks.description', type: 'text' },
    'networkBackings.values.backingId': { column: 'external_networks.tier0_id', type: 'text' },
    'networkBackings.values.backingType': { column: sql`cast('NSXT_TIER0' as text)`, type: 'text' },
    'networkBackings.values.backingTypeValue': { column: sql`cast('NSXT_TIER0' as text)`, type: 'text' },
    'networkBackings.values.networkProvider.id': { column: sql`${sql.lit('urn:vcloud:nsxtmanager:')} || external_networks.manager_id`, type: 'text' },
  },
  select,
  order: ORDER,
});

export const externalNetworkType = defineEntityType({
  urnType: EXTERNAL_NETWORK_URN,
  names: { set: 'externalNetworks', noun: 'external-network' },
  table: 'external_networks',
  columns: { id: 'external_networks.id', name: 'external_networks.name', orgId: SYSTEM_ORG_ID },
  views: [{ family: 'admin.vmwexternalnet', path: (id) => `/api/admin/extension/externalnet/${id}` }],
  visibility: providerScope,
  providerOnly: true,
  rights: { create: [CREATE_PROVIDER_NETWORK], edit: [EDIT_PROVIDER_NETWORK], delete: [DELETE_PROVIDER_NETWORK] },
  queries: [externalNetworkQuery],
  cloudApi: externalNetworkCloudApi,
});
