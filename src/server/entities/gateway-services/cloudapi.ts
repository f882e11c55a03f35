// The CloudAPI models of an NSX-T Edge gateway's services (networking/edgeGatewayNat.yaml, edgeGatewayFirewall.yaml,
// edgeGatewayDns.yaml; static routes, API 37.0, as go-vcloud-director reads them) and what their bodies ask for. A rule names firewall groups and application port profiles by
// URN; what is stored is their ids, and the models give them back with their names as they are now.
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import { addressProblem } from '../edge-gateway/service.ts';
import type { DnsForwarder, FirewallRuleSpec, NatRuleSpec, StaticRouteSpec, StoredRule } from './service.ts';

type Ref = { id?: string | null } | null | undefined;

/** The names of the groups and profiles rules name, by id. */
export type RefNames = ReadonlyMap<string, string>;

const groupRef = (id: string, names: RefNames) => ({ id: urn('firewallGroup', id), name: names.get(id) ?? '' });
const profileRef = (id: string, names: RefNames) => ({ id: urn('applicationPortProfile', id), name: names.get(id) ?? '' });
const version = (rule: StoredRule) => ({ version: rule.version });

export function cloudNatRule(rule: StoredRule<NatRuleSpec>, names: RefNames) {
  const r = rule.spec;
  return {
    id: rule.id, name: r.name, description: r.description, enabled: r.enabled,
    // API 35.0 has no REFLEXIVE ruleType: such a rule shows it in `type` alone
    ruleType: r.type === 'REFLEXIVE' ? null : r.type, type: r.type,
    applicationPortProfile: r.appPortProfileId ? profileRef(r.appPortProfileId, names) : null,
    externalAddresses: r.externalAddresses, internalAddresses: r.internalAddresses, internalPort: r.internalPort,
    dnatExternalPort: r.dnatExternalPort, snatDestinationAddresses: r.snatDestinationAddresses,
    logging: r.logging, systemRule: false, firewallMatch: r.firewallMatch, priority: r.priority, version: version(rule),
  };
}

export function cloudFirewallRule(rule: StoredRule<FirewallRuleSpec>, names: RefNames) {
  const r = rule.spec;
  const groups = (ids: string[]) => (ids.length ? ids.map((id) => groupRef(id, names)) : null);
  return {
    id: rule.id, name: r.name, description: r.description, enabled: r.enabled,
    sourceFirewallGroups: groups(r.sourceGroupIds), destinationFirewallGroups: groups(r.destinationGroupIds),
    applicationPortProfiles: r.appPortProfileIds.length ? r.appPortProfileIds.map((id) => profileRef(id, names)) : null,
    ipProtocol: r.ipProtocol,
    // API 35.0's action has no REJECT: a rejecting rule says DROP there, and REJECT in actionValue (36.2)
    action: r.action === 'REJECT' ? 'DROP' : r.action, actionValue: r.action,
    direction: r.direction, logging: r.logging, networkContextProfiles: null, version: version(rule),
  };
}

/** The gateway's default rule (NSX-T's last, not a user's): everything dropped. */
export const DEFAULT_FIREWALL_RULE = {
  id: 'default_rule', name: 'Default Rule', description: null, enabled: true, sourceFirewallGroups: null, destinationFirewallGroups: null,
  applicationPortProfiles: null, ipProtocol: 'IPV4_IPV6', action: 'DROP', actionValue: 'DROP', direction: 'IN_OUT', logging: false,
  networkContextProfiles: null, version: { version: 0 },
};

/** A static route; its version is opaque text (API 37.0's EdgeStaticRoute), not the { version } of the other services. */
export function cloudStaticRoute(rule: StoredRule<StaticRouteSpec>) {
  const r = rule.spec;
  return { id: rule.id, name: r.name, description: r.description, networkCidr: r.networkCidr, nextHops: r.nextHops, systemOwned: false, version: String(rule.version) };
}

export const cloudDns = (dns: DnsForwarder | undefined, v: number) => ({
  enabled: dns?.enabled ?? false,
  listenerIp: dns?.listenerIp ?? null,
  defaultForwarderZone: dns?.defaultZone ?? null,
  conditionalForwarderZones: dns?.conditionalZones.length ? dns.conditionalZones : null,
  version: { version: v },
});

/** The uuid a reference names, if it is a URN of that type (else the reference is refused, naming its field). */
function refId(ref: Ref, type: string, where: string): string | undefined {
  if (!ref?.id) return undefined;
  const m = /^urn:vcloud:([A-Za-z]+):([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/i.exec(ref.id);
  if (!m || m[1]!.toLowerCase() !== type.toLowerCase()) throw errors.badRequest(`"${ref.id}" is not a ${type} URN (${where}).`);
  return m[2]!.toLowerCase();
}

const refIds = (refs: Ref[] | null | undefined, type: string, where: string): string[] =>
  [...new Set((refs ?? []).map((r, i) => refId(r, type, `${where}/${i}/id`)).filter((id): id is string => id !== undefined))];

function addresses(value: string | null | undefined, where: string, required: boolean): string {
  const text = (value ?? '').trim();
  if (!text) {
    if (required) throw errors.badRequest(`The rule names no address (${where}).`);
    return '';
  }
  for (const part of text.split(',').map((p) => p.trim())) {
    const problem = addressProblem(part, []);
    if (problem) throw errors.badRequest(`"${part}" ${problem} (${where}).`);
  }
  return text;
}

function port(value: string | null | undefined, where: string): string | null {
  const text = (value ?? '').trim();
  if (!text || text.toLowerCase() === 'any') return text || null;
  const parts = text.split('-').map(Number);
  if (parts.length > 2 || parts.some((n) => !Number.isInteger(n) || n < 1 || n > 65535) || (parts.length === 2 && parts[0]! > parts[1]!)) {
    throw errors.badRequest(`"${text}" is not a port (1-65535) or a range of ports n-m (${where}).`);
  }
  return text;
}

export interface CloudNatRuleBody {
  name: string;
  description?: string | null;
  enabled?: boolean | null;
  ruleType?: string | null;
  type?: string | null;
  applicationPortProfile?: Ref;
  externalAddresses: string;
  internalAddresses: string;
  internalPort?: string | null;
  dnatExternalPort?: string | null;
  snatDestinationAddresses?: string | null;
  logging?: boolean | null;
  firewallMatch?: string | null;
  priority?: number | null;
}

const FIREWALL_MATCHES = ['MATCH_INTERNAL_ADDRESS', 'MATCH_EXTERNAL_ADDRESS', 'BYPASS'];

/** A NAT rule's spec: its type (`type`, else `ruleType`), addresses as each type needs them, ports, priority. */
export function readCloudNatRule(body: CloudNatRuleBody): NatRuleSpec {
  const name = body.name.trim();
  if (!name) throw errors.badRequest('The NAT rule has no name (body/name).');
  const type = (body.type ?? body.ruleType) as NatRuleSpec['type'] | null | undefined;
  if (!type) throw errors.badRequest('The NAT rule has no type (body/type or body/ruleType).');
  const firewallMatch = body.firewallMatch ?? 'MATCH_INTERNAL_ADDRESS';
  if (!FIREWALL_MATCHES.includes(firewallMatch)) throw errors.badRequest(`"${firewallMatch}" is not one of ${FIREWALL_MATCHES.join(', ')} (body/firewallMatch).`);
  // what each type translates: DNAT an external address to an internal one, SNAT the reverse, NO_* exempt one side
  return {
    name, description: body.description ?? '', enabled: body.enabled ?? true, type,
    appPortProfileId: refId(body.applicationPortProfile, 'applicationPortProfile', 'body/applicationPortProfile/id') ?? null,
    externalAddresses: addresses(body.externalAddresses, 'body/externalAddresses', type !== 'NO_SNAT'),
    internalAddresses: addresses(body.internalAddresses, 'body/internalAddresses', type !== 'NO_DNAT'),
    internalPort: port(body.internalPort, 'body/internalPort'),
    dnatExternalPort: port(body.dnatExternalPort, 'body/dnatExternalPort'),
    snatDestinationAddresses: addresses(body.snatDestinationAddresses, 'body/snatDestinationAddresses', false) || null,
    logging: body.logging ?? false, firewallMatch, priority: body.priority ?? 0,
  };
}

export interface CloudFirewallRuleBody {
  name: string;
  description?: string | null;
  enabled?: boolean | null;
  sourceFirewallGroups?: Ref[] | null;
  destinationFirewallGroups?: Ref[] | null;
  applicationPortProfiles?: Ref[] | null;
  ipProtocol?: string | null;
  action?: string | null;
  actionValue?: string | null;
  direction?: string | null;
  logging?: boolean | null;
}

const ACTIONS = ['ALLOW', 'DROP', 'REJECT'];
const DIRECTIONS = ['IN', 'OUT', 'IN_OUT'];
const PROTOCOLS = ['IPV4', 'IPV6', 'IPV4_IPV6'];

/** A firewall rule's spec (`where` names it in the body: body, body/userDefinedRules/3): its groups, profiles and action. */
export function readCloudFirewallRule(body: CloudFirewallRuleBody, where = 'body'): FirewallRuleSpec {
  const name = body.name.trim();
  if (!name) throw errors.badRequest(`The firewall rule has no name (${where}/name).`);
  const action = body.actionValue ?? body.action ?? 'ALLOW';
  if (!ACTIONS.includes(action)) throw errors.badRequest(`"${action}" is not one of ${ACTIONS.join(', ')} (${where}/actionValue).`);
  const direction = body.direction ?? 'IN_OUT';
  if (!DIRECTIONS.includes(direction)) throw errors.badRequest(`"${direction}" is not one of ${DIRECTIONS.join(', ')} (${where}/direction).`);
  const ipProtocol = body.ipProtocol ?? 'IPV4_IPV6';
  if (!PROTOCOLS.includes(ipProtocol)) throw errors.badRequest(`"${ipProtocol}" is not one of ${PROTOCOLS.join(', ')} (${where}/ipProtocol).`);
  return {
    name, description: body.description ?? '', enabled: body.enabled ?? true, action: action as FirewallRuleSpec['action'],
    direction, ipProtocol, logging: body.logging ?? false,
    sourceGroupIds: refIds(body.sourceFirewallGroups, 'firewallGroup', `${where}/sourceFirewallGroups`),
    destinationGroupIds: refIds(body.destinationFirewallGroups, 'firewallGroup', `${where}/destinationFirewallGroups`),
    appPortProfileIds: refIds(body.applicationPortProfiles, 'applicationPortProfile', `${where}/applicationPortProfiles`),
  };
}

export interface CloudDnsBody {
  enabled?: boolean | null;
  listenerIp?: string | null;
  defaultForwarderZone?: { displayName?: string | null; upstreamServers?: string[] | null } | null;
  conditionalForwarderZones?: Array<{ displayName?: string | null; dnsDomainNames?: string[] | null; upstreamServers?: string[] | null }> | null;
}

function zone(z: { displayName?: string | null; dnsDomainNames?: string[] | null; upstreamServers?: string[] | null }, where: string, domains: boolean) {
  const displayName = (z.displayName ?? '').trim();
  if (!displayName) throw errors.badRequest(`The forwarder zone has no name (${where}/displayName).`);
  const upstreamServers = (z.upstreamServers ?? []).map((s) => s.trim());
  if (!upstreamServers.length) throw errors.badRequest(`The forwarder zone names no upstream server (${where}/upstreamServers).`);
  upstreamServers.forEach((s, i) => {
    if (s.includes('/') || s.includes('-') || addressProblem(s, [])) throw errors.badRequest(`"${s}" is not an IP address (${where}/upstreamServers/${i}).`);
  });
  const dnsDomainNames = (z.dnsDomainNames ?? []).map((d) => d.trim());
  if (domains && !dnsDomainNames.length) throw errors.badRequest(`A conditional forwarder zone names its domains (${where}/dnsDomainNames).`);
  return { displayName, upstreamServers, ...(domains && { dnsDomainNames }) };
}

/** The DNS forwarder: enabled only with a default zone. */
export function readCloudDns(body: CloudDnsBody): DnsForwarder {
  const defaultZone = body.defaultForwarderZone ? zone(body.defaultForwarderZone, 'body/defaultForwarderZone', false) : null;
  const enabled = body.enabled ?? false;
  if (enabled && !defaultZone) throw errors.badRequest('An enabled DNS forwarder has a default forwarder zone (body/defaultForwarderZone).');
  const listenerIp = body.listenerIp?.trim() || null;
  if (listenerIp && addressProblem(listenerIp, [])) throw errors.badRequest(`"${listenerIp}" is not an IP address (body/listenerIp).`);
  return {
    enabled, listenerIp, defaultZone,
    conditionalZones: (body.conditionalForwarderZones ?? []).map((z, i) => zone(z, `body/conditionalForwarderZones/${i}`, true)),
  };
}

export interface CloudStaticRouteBody {
  name: string;
  description?: string | null;
  networkCidr: string;
  nextHops: Array<{ ipAddress: string; adminDistance?: number | null; scope?: { id?: string | null; name?: string | null; scopeType?: string | null } | null }>;
}

/** A static route: a CIDR block, and at least one next hop (an address; 1 its distance unless told). */
export function readCloudStaticRoute(body: CloudStaticRouteBody): StaticRouteSpec {
  const name = body.name.trim();
  if (!name) throw errors.badRequest('The static route has no name (body/name).');
  const networkCidr = body.networkCidr.trim();
  if (!networkCidr.includes('/') || addressProblem(networkCidr, [])) throw errors.badRequest(`"${networkCidr}" is not a CIDR block (body/networkCidr).`);
  if (!body.nextHops.length) throw errors.badRequest('The static route has no next hop (body/nextHops).');
  const nextHops = body.nextHops.map((hop, i) => {
    const ipAddress = hop.ipAddress.trim();
    if (ipAddress.includes('/') || ipAddress.includes('-') || addressProblem(ipAddress, [])) throw errors.badRequest(`"${ipAddress}" is not an IP address (body/nextHops/${i}/ipAddress).`);
    const scope = hop.scope?.id ? { id: hop.scope.id, name: hop.scope.name ?? '', scopeType: hop.scope.scopeType ?? 'NETWORK' } : null;
    return { ipAddress, adminDistance: hop.adminDistance ?? 1, scope };
  });
  return { name, description: body.description ?? '', networkCidr, nextHops };
}
