// An Edge gateway (admin.edgeGateway /api/admin/edgeGateway/{id}: Org Administrators use this admin path
// too): the provider sees every one, a tenant its org's with "Organization vDC Gateway: View" (an Org
// Administrator, not a vApp User). Query type edgeGateway, the same for admin and tenant, in SQL; filters
// name the VDC by href, URN or id (vdc==<href>, as the VDC's edgeGateways link does).
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import {
  CONFIGURE_GATEWAY_DNS, CONFIGURE_GATEWAY_FIREWALL, CONFIGURE_GATEWAY_NAT, CONFIGURE_GATEWAY_STATIC_ROUTES, orgScope, VIEW_EDGE_GATEWAY,
  VIEW_GATEWAY_DNS, VIEW_GATEWAY_FIREWALL, VIEW_GATEWAY_NAT, VIEW_GATEWAY_STATIC_ROUTES,
} from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, defineQueryType, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { constantField, urnField } from '../../inventory/sql.ts';
import type { Session } from '../../inventory/principal.ts';
import { vdcReferenceFields } from '../vdc/type.ts';

interface EdgeGatewayRecordRow {
  id: string;
  vdc_id: string;
  vdc_name: string;
  org_name: string;
  name: string;
  status: number;
  org_networks: number | string;
  busy: number;
}

export const edgeGatewayVisibility = (session: Session): Visibility => orgScope(session, 'edge_gateways.org_id', VIEW_EDGE_GATEWAY);

/** The legacy API configures NSX-V backed, non-advanced gateways (configureServices); no HA pair is modelled. */
const EDGE_GATEWAY_TYPE = 'NSXV_BACKED';
const ORG_NETWORKS = sql<number>`(select count(*) from networks n where n.edge_gateway_id = edge_gateways.id)`;
const BUSY = sql<number>`(case when exists (select 1 from tasks where tasks.busy_owner = ${sql.lit('urn:vcloud:gateway:')} || edge_gateways.id) then 1 else 0 end)`;
const STATUS = sql<string>`(case edge_gateways.status when 1 then 'READY' when 0 then 'NOT_READY' when -1 then 'FAILED_CREATION' else 'UNKNOWN' end)`;
const statusName = (status: number) => ({ 1: 'READY', 0: 'NOT_READY', [-1]: 'FAILED_CREATION' } as Record<number, string>)[status] ?? 'UNKNOWN';

const FIELDS: QueryFields = {
  name: { column: 'edge_gateways.name', type: 'text' },
  vdc: { column: 'edge_gateways.vdc_id', type: 'reference' },
  numberOfExtNetworks: constantField(0),
  numberOfOrgNetworks: { column: ORG_NETWORKS, type: 'number' },
  isBusy: { column: BUSY, type: 'boolean' },
  edgeGatewayType: constantField(EDGE_GATEWAY_TYPE),
  orgVdcName: { column: 'vdcs.name', type: 'text' },
  orgName: { column: 'orgs.name', type: 'text' },
  gatewayStatus: { column: STATUS, type: 'text' },
  haStatus: constantField('DISABLED'),
  advancedNetworkingEnabled: constantField(false),
  distributedRoutingEnabled: constantField(false),
};

const edgeGatewayQuery = defineQueryType<EdgeGatewayRecordRow>({
  name: 'edgeGateway',
  recordElement: 'EdgeGatewayRecord',
  recordType: 'QueryResultEdgeGatewayRecordType',
  referencesElement: 'EdgeGatewayReferences',
  entityFamily: 'admin.edgeGateway',
  fields: FIELDS,
  select: ({ db, session }) => db.selectFrom('edge_gateways')
    .innerJoin('vdcs', 'vdcs.id', 'edge_gateways.vdc_id')
    .innerJoin('orgs', 'orgs.id', 'edge_gateways.org_id')
    .select(['edge_gateways.id', 'edge_gateways.vdc_id', 'vdcs.name as vdc_name', 'orgs.name as org_name', 'edge_gateways.name',
      'edge_gateways.status', ORG_NETWORKS.as('org_networks'), BUSY.as('busy')])
    .where(edgeGatewayVisibility(session)),
  order: ['edge_gateways.created', 'edge_gateways.id'],
  path: (r) => `/api/admin/edgeGateway/${r.id}`,
  urn: (r) => urn('gateway', r.id),
  attributes: (r) => ({
    name: r.name, numberOfExtNetworks: 0, numberOfOrgNetworks: Number(r.org_networks), isBusy: r.busy === 1,
    edgeGatewayType: EDGE_GATEWAY_TYPE, orgVdcName: r.vdc_name, orgName: r.org_name, gatewayStatus: statusName(r.status),
    haStatus: 'DISABLED', advancedNetworkingEnabled: false, distributedRoutingEnabled: false,
  }),
  references: (r) => ({ vdc: { path: `/api/vdc/${r.vdc_id}`, urn: urn('vdc', r.vdc_id) } }),
});

/** What the CloudAPI EdgeGateway is built from. */
export interface EdgeGatewayCloudRow {
  id: string;
  name: string;
  description: string;
  status: number;
  vdc_id: string;
  vdc_name: string;
  org_id: string;
  org_name: string;
  org_networks: number | string;
}

const edgeGatewayCloudApi = defineCloudApiView<EdgeGatewayCloudRow>({
  collection: 'edgeGateways',
  model: 'EdgeGateway',
  // what the spec lets filters and sorts name (references by their URN or name)
  fields: {
    id: urnField('gateway', 'edge_gateways.id'),
    name: { column: 'edge_gateways.name', type: 'text' },
    ...vdcReferenceFields('edge_gateways.vdc_id'),
  },
  select: ({ db }) => db.selectFrom('edge_gateways')
    .innerJoin('vdcs', 'vdcs.id', 'edge_gateways.vdc_id')
    .innerJoin('orgs', 'orgs.id', 'edge_gateways.org_id')
    .select(['edge_gateways.id', 'edge_gateways.name', 'edge_gateways.description', 'edge_gateways.status', 'edge_gateways.vdc_id',
      'vdcs.name as vdc_name', 'edge_gateways.org_id', 'orgs.name as org_name', ORG_NETWORKS.as('org_networks')]),
  order: ['edge_gateways.created', 'edge_gateways.id'],
});

export const edgeGatewayType = defineEntityType({
  urnType: 'gateway',
  names: { set: 'edgeGateways' },
  table: 'edge_gateways',
  columns: { id: 'edge_gateways.id', name: 'edge_gateways.name', orgId: 'edge_gateways.org_id' },
  parent: { type: 'vdc', column: 'edge_gateways.vdc_id' },
  views: [{ family: 'admin.edgeGateway', path: (id) => `/api/admin/edgeGateway/${id}` }],
  visibility: edgeGatewayVisibility,
  // its NSX-T services through the CloudAPI (entities/gateway-services/)
  rights: {
    viewNat: [VIEW_GATEWAY_NAT], configureNat: [CONFIGURE_GATEWAY_NAT],
    viewFirewall: [VIEW_GATEWAY_FIREWALL], configureFirewall: [CONFIGURE_GATEWAY_FIREWALL],
    viewStaticRoutes: [VIEW_GATEWAY_STATIC_ROUTES], configureStaticRoutes: [CONFIGURE_GATEWAY_STATIC_ROUTES],
    viewDns: [VIEW_GATEWAY_DNS], configureDns: [CONFIGURE_GATEWAY_DNS],
  },
  queries: [edgeGatewayQuery],
  cloudApi: edgeGatewayCloudApi,
});
