// An org VDC network: /api/network/{id} for its org's users with the network view right and the provider
// (the admin path /api/admin/network/{id}, the same OrgVdcNetwork document, is the provider's and the org
// administrators': routes/networks.ts). Query types orgVdcNetwork and adminOrgVdcNetwork (both answer OrgVdcNetworkRecord,
// as VCD does), in SQL; filters name the VDC by href, URN or id (vdc==<href>).
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { ADMINISTER_ORG, EDIT_NETWORK, orgScope, VIEW_NETWORK } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { constantField, urnField } from '../../inventory/sql.ts';
import { netmaskOf } from '../../ipv4.ts';
import type { Session } from '../../inventory/principal.ts';
import { vdcReferenceFields } from '../vdc/type.ts';

interface NetworkRecordRow {
  id: string;
  org_id: string;
  vdc_id: string;
  vdc_name: string;
  name: string;
  fence_mode: string;
  gateway: string;
  prefix_length: number;
  dns1: string;
  dns2: string;
  dns_suffix: string;
  is_shared: number;
  edge_name: string | null;
  used_ips: number | string;
  total_ips: number | string;
  busy: number;
}

/** Who sees a network: the provider every one; a tenant its org's, with the view right. */
export const networkVisibility = (session: Session): Visibility => orgScope(session, 'networks.org_id', VIEW_NETWORK);

/** VCD's linkType of a network record: 0 direct (bridged), 1 routed, 2 isolated. */
export const LINK_TYPES: Readonly<Record<string, number>> = { bridged: 0, natRouted: 1, isolated: 2 };
const LINK_TYPE = sql<number>`(case networks.fence_mode when 'natRouted' then 1 when 'isolated' then 2 else 0 end)`;
const USED_IPS = sql<number>`(select count(*) from ip_allocations a where a.network_id = networks.id)`;
const TOTAL_IPS = sql<number>`(select coalesce(sum(r.end_ip - r.start_ip + 1), 0) from network_ip_ranges r where r.network_id = networks.id)`;
const BUSY = sql<number>`(case when exists (select 1 from tasks where tasks.busy_owner = ${sql.lit('urn:vcloud:network:')} || networks.id) then 1 else 0 end)`;
// the netmask is the prefix's: filtering on it is filtering on the prefix length's text, which no client does
const NETMASK = sql<string>`(case networks.prefix_length ${sql.join(
  Array.from({ length: 33 }, (_, p) => sql`when ${sql.lit(p)} then ${sql.lit(netmaskOf(p))}`), sql` `)} end)`;

const FIELDS: QueryFields = {
  name: { column: 'networks.name', type: 'text' },
  defaultGateway: { column: 'networks.gateway', type: 'text' },
  netmask: { column: NETMASK, type: 'text' },
  subnetPrefixLength: { column: 'networks.prefix_length', type: 'number' },
  dns1: { column: 'networks.dns1', type: 'text' },
  dns2: { column: 'networks.dns2', type: 'text' },
  dnsSuffix: { column: 'networks.dns_suffix', type: 'text' },
  linkType: { column: LINK_TYPE, type: 'number' },
  connectedTo: { column: 'edge_gateways.name', type: 'text' },
  vdc: { column: 'networks.vdc_id', type: 'reference' },
  vdcName: { column: 'vdcs.name', type: 'text' },
  isBusy: { column: BUSY, type: 'boolean' },
  isShared: { column: 'networks.is_shared', type: 'boolean' },
  isIpScopeInherited: constantField(false),
  usedIpCount: { column: USED_IPS, type: 'number' },
  totalIpCount: { column: TOTAL_IPS, type: 'number' },
};

function select({ db }: QueryContext, where: Visibility) {
  return db.selectFrom('networks')
    .innerJoin('vdcs', 'vdcs.id', 'networks.vdc_id')
    .leftJoin('edge_gateways', 'edge_gateways.id', 'networks.edge_gateway_id')
    .select(['networks.id', 'networks.org_id', 'networks.vdc_id', 'vdcs.name as vdc_name', 'networks.name', 'networks.fence_mode',
      'networks.gateway', 'networks.prefix_length', 'networks.dns1', 'networks.dns2', 'networks.dns_suffix', 'networks.is_shared',
      'edge_gateways.name as edge_name', USED_IPS.as('used_ips'), TOTAL_IPS.as('total_ips'), BUSY.as('busy')])
    .where(where);
}

const attributes = (r: NetworkRecordRow) => ({
  name: r.name, defaultGateway: r.gateway, netmask: netmaskOf(r.prefix_length), subnetPrefixLength: r.prefix_length,
  dns1: r.dns1 || undefined, dns2: r.dns2 || undefined, dnsSuffix: r.dns_suffix || undefined,
  linkType: LINK_TYPES[r.fence_mode] ?? 0, connectedTo: r.edge_name ?? undefined, vdcName: r.vdc_name,
  isBusy: r.busy === 1, isShared: r.is_shared === 1, isIpScopeInherited: false,
  usedIpCount: Number(r.used_ips), totalIpCount: Number(r.total_ips),
});

const common = {
  fields: FIELDS,
  order: ['networks.created', 'networks.id'],
  recordElement: 'OrgVdcNetworkRecord',
  recordType: 'QueryResultOrgVdcNetworkRecordType',
  referencesElement: 'OrgVdcNetworkReferences',
  entityFamily: 'vcloud.orgVdcNetwork',
  urn: (r: NetworkRecordRow) => urn('network', r.id),
  attributes,
};

const orgVdcNetworkQuery = defineQueryType<NetworkRecordRow>({
  ...common,
  name: 'orgVdcNetwork',
  select: (ctx) => select(ctx, networkVisibility(ctx.session)),
  path: (r) => `/api/network/${r.id}`,
  references: (r) => ({ vdc: { path: `/api/vdc/${r.vdc_id}`, urn: urn('vdc', r.vdc_id) } }),
});

// adminOrgVdcNetwork records point at the admin path and the admin VDC: the provider's and the org's administrators'
const adminOrgVdcNetworkQuery = defineQueryType<NetworkRecordRow>({
  ...common,
  name: 'adminOrgVdcNetwork',
  select: (ctx) => select(ctx, orgScope(ctx.session, 'networks.org_id', ADMINISTER_ORG)),
  path: (r) => `/api/admin/network/${r.id}`,
  references: (r) => ({ vdc: { path: `/api/admin/vdc/${r.vdc_id}`, urn: urn('vdc', r.vdc_id) } }),
});

/** What the CloudAPI VdcNetwork is built from: what a record is, and more. */
export interface NetworkCloudRow extends Omit<NetworkRecordRow, 'busy'> {
  description: string;
  org_name: string;
  edge_gateway_id: string | null;
  /** the static pool's ranges in order, "start-end" (addresses as numbers) joined by commas; null: none */
  ranges: string | null;
}

// string_agg with an ordering is both stores' (SQLite from 3.44)
const RANGES = sql<string>`(select string_agg(r.start_ip || '-' || r.end_ip, ',' order by r.position) from network_ip_ranges r where r.network_id = networks.id)`;

const networkCloudApi = defineCloudApiView<NetworkCloudRow>({
  collection: 'orgVdcNetworks',
  model: 'VdcNetwork',
  // what the spec lets filters and sorts name (references by their URN or name)
  fields: {
    id: urnField('network', 'networks.id'),
    name: { column: 'networks.name', type: 'text' },
    ...vdcReferenceFields('networks.vdc_id'),
    'orgRef.id': { column: 'networks.org_id', type: 'reference' },
    'orgRef.name': { column: 'orgs.name', type: 'text' },
    'connection.routerRef.id': { column: 'networks.edge_gateway_id', type: 'reference' },
    'connection.routerRef.name': { column: 'edge_gateways.name', type: 'text' },
    shared: { column: 'networks.is_shared', type: 'boolean' },
  },
  select: ({ db }) => db.selectFrom('networks')
    .innerJoin('vdcs', 'vdcs.id', 'networks.vdc_id')
    .innerJoin('orgs', 'orgs.id', 'networks.org_id')
    .leftJoin('edge_gateways', 'edge_gateways.id', 'networks.edge_gateway_id')
    .select(['networks.id', 'networks.name', 'networks.description', 'networks.fence_mode', 'networks.gateway', 'networks.prefix_length',
      'networks.dns1', 'networks.dns2', 'networks.dns_suffix', 'networks.is_shared', 'networks.vdc_id', 'vdcs.name as vdc_name',
      'networks.org_id', 'orgs.name as org_name', 'networks.edge_gateway_id', 'edge_gateways.name as edge_name',
      USED_IPS.as('used_ips'), TOTAL_IPS.as('total_ips'), RANGES.as('ranges')]),
  order: ['networks.created', 'networks.id'],
});

export const networkType = defineEntityType({
  urnType: 'network',
  table: 'networks',
  columns: { id: 'networks.id', name: 'networks.name', orgId: 'networks.org_id' },
  parent: { type: 'vdc', column: 'networks.vdc_id' },
  // the admin path serves the same document (and media type), so it is no view of its own
  views: [{ family: 'vcloud.orgVdcNetwork', path: (id) => `/api/network/${id}` }],
  visibility: networkVisibility,
  rights: { create: [EDIT_NETWORK], edit: [EDIT_NETWORK], delete: [EDIT_NETWORK] },
  queries: [orgVdcNetworkQuery, adminOrgVdcNetworkQuery],
  cloudApi: networkCloudApi,
});
