// An NSX-T firewall group (/cloudapi/1.0.0/firewallGroups/{urn}): an IP set or a static group of org VDC networks,
// owned by an Edge gateway. Who sees it: the provider every one, a tenant its org's with the gateway firewall view
// right. CloudAPI model FirewallGroupDetails, filtered and sorted in SQL.
import { sql, type SqlBool } from 'kysely';
import { orgScope, VIEW_GATEWAY_FIREWALL, CONFIGURE_GATEWAY_FIREWALL } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType } from '../../inventory/entity-type.ts';
import { urnField } from '../../inventory/sql.ts';
import type { Session } from '../../inventory/principal.ts';

/** What the CloudAPI FirewallGroupDetails is built from. */
export interface FirewallGroupCloudRow {
  id: string;
  name: string;
  description: string;
  type_value: string;
  ip_addresses: string;
  edge_gateway_id: string;
  edge_name: string;
  org_id: string;
  org_name: string;
  /** the member networks as "id name" pairs, in order, joined by newlines; null: none */
  members: string | null;
}

export const firewallGroupVisibility = (session: Session) => orgScope(session, 'firewall_groups.org_id', VIEW_GATEWAY_FIREWALL);

const MEMBERS = sql<string>`(select string_agg(m.network_id || ' ' || n.name, ${sql.lit('\n')} order by m.position) from firewall_group_members m
  join networks n on n.id = m.network_id where m.group_id = firewall_groups.id)`;

const firewallGroupCloudApi = defineCloudApiView<FirewallGroupCloudRow>({
  collection: 'firewallGroups',
  model: 'FirewallGroupDetails',
  fields: {
    id: urnField('firewallGroup', 'firewall_groups.id'),
    name: { column: 'firewall_groups.name', type: 'text' },
    typeValue: { column: 'firewall_groups.type_value', type: 'text' },
    // API 35.0's name of the type, which clients before 36.0 filter on
    type: { column: sql`(case firewall_groups.type_value when 'IP_SET' then 'IP_SET' else 'SECURITY_GROUP' end)`, type: 'text' },
    'edgeGatewayRef.id': { column: 'firewall_groups.edge_gateway_id', type: 'reference' },
    'ownerRef.id': { column: 'firewall_groups.edge_gateway_id', type: 'reference' },
    'orgRef.id': { column: 'firewall_groups.org_id', type: 'reference' },
    // the context a client looks in: a gateway (its groups) or a network it routes (that gateway's groups)
    _context: {
      column: sql`cast('' as text)`, type: 'text',
      matches: (id) => sql<SqlBool>`(firewall_groups.edge_gateway_id = ${id}
        or firewall_groups.edge_gateway_id in (select edge_gateway_id from networks where id = ${id}))`,
    },
  },
  select: ({ db }) => db.selectFrom('firewall_groups')
    .innerJoin('edge_gateways', 'edge_gateways.id', 'firewall_groups.edge_gateway_id')
    .innerJoin('orgs', 'orgs.id', 'firewall_groups.org_id')
    .select(['firewall_groups.id', 'firewall_groups.name', 'firewall_groups.description', 'firewall_groups.type_value',
      'firewall_groups.ip_addresses', 'firewall_groups.edge_gateway_id', 'edge_gateways.name as edge_name', 'firewall_groups.org_id',
      'orgs.name as org_name', MEMBERS.as('members')]),
  order: ['firewall_groups.created', 'firewall_groups.id'],
});

export const firewallGroupType = defineEntityType({
  urnType: 'firewallgroup',
  names: { set: 'firewallGroups', noun: 'firewall-group' },
  table: 'firewall_groups',
  columns: { id: 'firewall_groups.id', name: 'firewall_groups.name', orgId: 'firewall_groups.org_id' },
  parent: { type: 'gateway', column: 'firewall_groups.edge_gateway_id' },
  views: [],
  visibility: firewallGroupVisibility,
  rights: { create: [CONFIGURE_GATEWAY_FIREWALL], edit: [CONFIGURE_GATEWAY_FIREWALL], delete: [CONFIGURE_GATEWAY_FIREWALL] },
  cloudApi: firewallGroupCloudApi,
});
