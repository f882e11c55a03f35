// The CloudAPI FirewallGroupDetails (networking/firewallGroups.yaml) of a firewall group, and what a body asks for.
// typeValue is VCD 10.3's (IP_SET, STATIC_MEMBERS); `type` (IP_SET, SECURITY_GROUP) is API 35.0's and still sent.
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';
import { addressProblem } from '../edge-gateway/service.ts';
import type { FirewallGroupCloudRow } from './type.ts';
import type { FirewallGroupSpec, FirewallGroupKind } from './service.ts';

export const firewallGroupUrn = (id: string) => urn('firewallGroup', id);

export function cloudFirewallGroup(g: FirewallGroupCloudRow) {
  const gateway = entityReference('gateway', g.edge_gateway_id, g.edge_name);
  const members = (g.members ?? '').split('\n').filter(Boolean).map((m) => {
    const space = m.indexOf(' ');
    return entityReference('network', m.slice(0, space), m.slice(space + 1));
  });
  const ipSet = g.type_value === 'IP_SET';
  return {
    id: firewallGroupUrn(g.id),
    name: g.name,
    description: g.description,
    type: ipSet ? 'IP_SET' : 'SECURITY_GROUP',
    typeValue: g.type_value,
    ipAddresses: ipSet ? JSON.parse(g.ip_addresses) as string[] : null,
    members: ipSet ? null : members,
    vmCriteria: null,
    orgRef: entityReference('org', g.org_id, g.org_name),
    edgeGatewayRef: gateway,
    ownerRef: gateway,
    networkProviderScope: null,
    status: 'REALIZED',
  };
}

/** FirewallGroupDetails as the spec's schema has let it through. */
export interface CloudFirewallGroupBody {
  name: string;
  description?: string | null;
  type?: string | null;
  typeValue?: string | null;
  ipAddresses?: string[] | null;
  members?: Array<{ id?: string | null }> | null;
  edgeGatewayRef?: { id?: string | null } | null;
  ownerRef?: { id?: string | null } | null;
}

const KINDS: Readonly<Record<string, FirewallGroupKind>> = { IP_SET: 'IP_SET', STATIC_MEMBERS: 'STATIC_MEMBERS', SECURITY_GROUP: 'STATIC_MEMBERS' };

/** A group's spec (its members still as the URNs the body names) and its gateway's URN: ownerRef, else edgeGatewayRef. */
export function readCloudFirewallGroup(body: CloudFirewallGroupBody): { spec: FirewallGroupSpec; memberUrns: string[]; gateway: string | undefined } {
  const name = body.name.trim();
  if (!name) throw errors.badRequest('The firewall group has no name (body/name).');
  const kind = KINDS[body.typeValue ?? body.type ?? 'IP_SET'];
  if (!kind) throw errors.badRequest(`"${body.typeValue}" is not a firewall group type: IP_SET or STATIC_MEMBERS (body/typeValue).`);
  const ipAddresses = (body.ipAddresses ?? []).map((a) => a.trim());
  const memberUrns = (body.members ?? []).map((m, i) => {
    if (!m.id) throw errors.badRequest(`The member names no network (body/members/${i}/id).`);
    return m.id;
  });
  if (kind === 'IP_SET' && memberUrns.length) throw errors.badRequest('An IP set has no members, only addresses (body/members).');
  if (kind === 'STATIC_MEMBERS' && ipAddresses.length) throw errors.badRequest('A static group has members, not addresses (body/ipAddresses).');
  ipAddresses.forEach((a, i) => {
    const problem = addressProblem(a, []);
    if (problem) throw errors.badRequest(`"${a}" ${problem} (body/ipAddresses/${i}).`);
  });
  return {
    spec: { name, description: body.description ?? '', kind, ipAddresses, memberIds: [] },
    memberUrns,
    gateway: body.ownerRef?.id ?? body.edgeGatewayRef?.id ?? undefined,
  };
}
