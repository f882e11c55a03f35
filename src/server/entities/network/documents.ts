// The networking documents: OrgVdcNetwork (/api/network/{id} and the admin path), AllocatedIpAddresses,
// EdgeGateway with its interfaces and services, and the EdgeGatewayServiceConfiguration a client sends to
// configureServices. Elements in the XSD's order (network.xsd OrgVdcNetworkType, GatewayType, NatServiceType,
// FirewallServiceType).
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { EdgeGateway, FirewallRule, FirewallService, NatRule, NatService, ServiceConfiguration } from '../edge-gateway/service.ts';
import { MAX_RULES } from '../edge-gateway/service.ts';
import type { IpAllocation, IpRange, OrgVdcNetwork } from './service.ts';
import { netmaskOf } from '../../ipv4.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { attr, child, childBoolean, childrenNamed, childText } from '../../representation/read.ts';
import { link } from '../../representation/session.ts';

export const networkPath = (id: string, admin = false) => `${admin ? '/api/admin' : '/api'}/network/${id}`;
export const edgeGatewayPath = (id: string) => `/api/admin/edgeGateway/${id}`;
const NETWORK_FAMILY = 'vcloud.orgVdcNetwork';
/** VCD's network status: 1 is ready, the only state a network reaches here. */
const NETWORK_READY = 1;

export interface NetworkView {
  network: OrgVdcNetwork;
  /** served at the admin path */
  admin: boolean;
}

const optional = (name: string, value: string | undefined) => (value === undefined ? undefined : textEl(name, value));

/** A reference element to a network (a Vdc's AvailableNetworks, an interface, a template's ParentNetwork). */
export const networkReference = (ctx: RenderContext, name: string, n: { id: string; name: string }, admin = false) =>
  el(name, { href: href(ctx, networkPath(n.id, admin)), id: urn('network', n.id), type: mediaType(ctx, NETWORK_FAMILY), name: n.name });

/** An IpScope: a subnet with its DNS settings and static ranges (an org VDC network's, an external network's). */
export function ipScope(s: {
  gateway: string; prefixLength: number; dns1?: string | undefined; dns2?: string | undefined; dnsSuffix?: string | undefined; ipRanges: readonly IpRange[]; enabled?: boolean;
}): Element {
  return el('IpScope', {}, [
    textEl('IsInherited', false),
    textEl('Gateway', s.gateway),
    textEl('Netmask', netmaskOf(s.prefixLength)),
    textEl('SubnetPrefixLength', s.prefixLength),
    optional('Dns1', s.dns1),
    optional('Dns2', s.dns2),
    optional('DnsSuffix', s.dnsSuffix),
    textEl('IsEnabled', s.enabled ?? true),
    el('IpRanges', {}, [s.ipRanges.map((r) => el('IpRange', {}, [textEl('StartAddress', r.start), textEl('EndAddress', r.end)]))]),
  ]);
}

export function orgVdcNetworkDocument(ctx: RenderContext, view: NetworkView): VcdDocument {
  const { network: n, admin } = view;
  const self = networkPath(n.id, admin);
  return {
    mediaType: NETWORK_FAMILY,
    namespace: NS.vcloud,
    root: el('OrgVdcNetwork', { href: href(ctx, self), type: mediaType(ctx, NETWORK_FAMILY), name: n.name, id: urn('network', n.id), status: NETWORK_READY }, [
      [
        admin ? link(ctx, 'up', `/api/admin/vdc/${n.vdcId}`, 'admin.vdc') : link(ctx, 'up', `/api/vdc/${n.vdcId}`, 'vcloud.vdc'),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        link(ctx, 'down', `${networkPath(n.id)}/allocatedAddresses`, 'vcloud.allocatedNetworkAddress'),
      ],
      textEl('Description', n.description),
      el('Configuration', {}, [
        el('IpScopes', {}, [[ipScope(n)]]),
        textEl('FenceMode', n.fenceMode),
        textEl('RetainNetInfoAcrossDeployments', false),
      ]),
      n.edgeGateway && el('EdgeGateway', {
        href: href(ctx, edgeGatewayPath(n.edgeGateway.id)), id: urn('gateway', n.edgeGateway.id),
        type: mediaType(ctx, 'admin.edgeGateway'), name: n.edgeGateway.name,
      }),
      textEl('IsShared', n.shared),
    ]),
  };
}

/** AllocatedIpAddresses: each address with what holds it, linked when the holder can be named. */
export function allocatedAddressesDocument(ctx: RenderContext, n: OrgVdcNetwork, allocations: readonly IpAllocation[]): VcdDocument {
  const self = `${networkPath(n.id)}/allocatedAddresses`;
  return {
    mediaType: 'vcloud.allocatedNetworkAddress',
    namespace: NS.vcloud,
    root: el('AllocatedIpAddresses', { href: href(ctx, self), type: mediaType(ctx, 'vcloud.allocatedNetworkAddress') }, [
      [link(ctx, 'up', networkPath(n.id), NETWORK_FAMILY)],
      allocations.map((a) => ({
        ...el('IpAddress', { allocationType: 'vmAllocated', isDeployed: a.holder?.deployed ?? false }, [
          a.holder ? [link(ctx, 'down', a.holder.path, a.holder.family, a.holder.name)] : [],
          textEl('IpAddress', a.ip),
        ]),
        json: { key: 'ipAddress', type: 'AllocatedIpAddressType' },
      })),
    ]),
  };
}

export interface EdgeGatewayView {
  gateway: EdgeGateway;
  interfaces: ReadonlyArray<{ id: string; name: string; gateway: string; prefixLength: number }>;
  canConfigure: boolean;
}

const service = (name: string, type: string, children: Element['children']): Element =>
  ({ ...el(name, {}, children), json: { key: 'networkService', type } });

function natRuleElement(ctx: RenderContext, r: NatRule, names: ReadonlyMap<string, string>): Element {
  return el('NatRule', {}, [
    textEl('Description', r.description),
    textEl('RuleType', r.ruleType),
    textEl('IsEnabled', r.enabled),
    textEl('Id', r.id),
    el('GatewayNatRule', {}, [
      r.interfaceId === undefined ? undefined
        : networkReference(ctx, 'Interface', { id: r.interfaceId, name: names.get(r.interfaceId) ?? '' }, true),
      textEl('OriginalIp', r.originalIp),
      textEl('OriginalPort', r.originalPort),
      textEl('TranslatedIp', r.translatedIp),
      textEl('TranslatedPort', r.translatedPort),
      textEl('Protocol', r.protocol),
      optional('IcmpSubType', r.icmpSubType),
    ]),
  ]);
}

function firewallRuleElement(r: FirewallRule): Element {
  const p = r.protocols;
  return el('FirewallRule', {}, [
    textEl('Id', r.id),
    textEl('IsEnabled', r.enabled),
    textEl('MatchOnTranslate', r.matchOnTranslate),
    textEl('Description', r.description),
    textEl('Policy', r.policy),
    el('Protocols', {}, [
      p.tcp ? textEl('Tcp', true) : undefined, p.udp ? textEl('Udp', true) : undefined,
      p.icmp ? textEl('Icmp', true) : undefined, p.any ? textEl('Any', true) : undefined, optional('Other', p.other),
    ]),
    optional('IcmpSubType', r.icmpSubType),
    textEl('DestinationPortRange', r.destinationPortRange),
    textEl('DestinationIp', r.destinationIp),
    textEl('SourcePortRange', r.sourcePortRange),
    textEl('SourceIp', r.sourceIp),
    optional('Direction', r.direction),
    textEl('EnableLogging', r.enableLogging),
  ]);
}

/** The EdgeGatewayServiceConfiguration body: the firewall, then NAT (as VCD lists them). */
function servicesElement(ctx: RenderContext, nat: NatService, firewall: FirewallService, names: ReadonlyMap<string, string>): Element {
  return el('EdgeGatewayServiceConfiguration', {}, [[
    service('FirewallService', 'FirewallServiceType', [
      textEl('IsEnabled', firewall.enabled),
      textEl('DefaultAction', firewall.defaultAction),
      textEl('LogDefaultAction', firewall.logDefaultAction),
      firewall.rules.map(firewallRuleElement),
    ]),
    service('NatService', 'NatServiceType', [textEl('IsEnabled', nat.enabled), nat.rules.map((r) => natRuleElement(ctx, r, names))]),
  ]]);
}

export function edgeGatewayDocument(ctx: RenderContext, view: EdgeGatewayView): VcdDocument {
  const { gateway: g } = view;
  const self = edgeGatewayPath(g.id);
  const names = new Map(view.interfaces.map((i) => [i.id, i.name]));
  return {
    mediaType: 'admin.edgeGateway',
    namespace: NS.vcloud,
    root: el('EdgeGateway', { href: href(ctx, self), type: mediaType(ctx, 'admin.edgeGateway'), name: g.name, id: urn('gateway', g.id), status: g.status }, [
      [
        link(ctx, 'up', `/api/admin/vdc/${g.vdcId}`, 'admin.vdc'),
        ...(view.canConfigure ? [link(ctx, 'edgeGateway:configureServices', `${self}/action/configureServices`, 'admin.edgeGatewayServiceConfiguration')] : []),
      ],
      textEl('Description', g.description),
      el('Configuration', {}, [
        textEl('GatewayBackingConfig', 'compact'),
        el('GatewayInterfaces', {}, [view.interfaces.map((i) => el('GatewayInterface', {}, [
          textEl('Name', i.name),
          textEl('DisplayName', i.name),
          networkReference(ctx, 'Network', i, true),
          textEl('InterfaceType', 'internal'),
          el('SubnetParticipation', {}, [
            textEl('Gateway', i.gateway), textEl('Netmask', netmaskOf(i.prefixLength)), textEl('SubnetPrefixLength', i.prefixLength),
            textEl('IpAddress', i.gateway),
          ]),
          textEl('ApplyRateLimit', false),
          textEl('UseForDefaultRoute', false),
          textEl('Connected', true),
        ]))]),
        servicesElement(ctx, g.nat, g.firewall, names),
        textEl('HaEnabled', false),
        textEl('UseDefaultRouteForDnsRelay', false),
        textEl('AdvancedNetworkingEnabled', false),
        textEl('DistributedRoutingEnabled', false),
      ]),
    ]),
  };
}

// --- reading configureServices ---

/**
 * The services a document names: in XML each by its element (FirewallService…), in JSON each a networkService
 * member with its _type (FirewallServiceType…). Other members (links, JSON's primitive members) are no services.
 */
function services(e: Element): Array<{ kind: string; e: Element }> {
  return childrenNamed(e, 'NetworkService').map((s) => ({ kind: (s.json?.type ?? '').replace(/Type$/, ''), e: s }))
    .concat((e.children ?? []).flat().filter((c): c is Element => c !== undefined && /.Service$/.test(c.name) && c.name !== 'NetworkService')
      .map((c) => ({ kind: c.name, e: c })));
}

const text = (e: Element, name: string, fallback = ''): string => childText(e, name)?.trim() ?? fallback;
const required = (e: Element, name: string, where: string): string => {
  const v = childText(e, name)?.trim();
  if (!v) throw errors.badRequest(`${where}/${name} is required.`);
  return v;
};
const idOfHref = (ref: Element, where: string): string => {
  const h = attr(ref, 'href');
  const id = h && /\/network\/([0-9a-f-]{36})\/?$/i.exec(h)?.[1];
  if (!id) throw errors.badRequest(`${where}/Interface must reference a network of the Edge gateway by href.`);
  return id.toLowerCase();
};

function readNatRule(r: Element, i: number): NatRule {
  const where = `NatRule[${i}]`;
  const rule = child(r, 'GatewayNatRule');
  if (!rule) {
    throw errors.badRequest(`${where} must be a GatewayNatRule (the OneToOneBasicRule, OneToOneVmRule, PortForwardingRule and VmRule forms are not supported on Edge gateways).`);
  }
  const id = text(r, 'Id');
  if (id && !/^\d{1,9}$/.test(id)) throw errors.badRequest(`${where}/Id must be a whole number, not "${id.slice(0, 32)}".`);
  const iface = child(rule, 'Interface');
  return {
    id: id ? Number(id) : 65537 + i, description: text(r, 'Description'),
    ruleType: required(r, 'RuleType', where).toUpperCase() as NatRule['ruleType'],
    enabled: childBoolean(r, 'IsEnabled') ?? true,
    interfaceId: iface ? idOfHref(iface, `${where}/GatewayNatRule`) : undefined,
    originalIp: required(rule, 'OriginalIp', `${where}/GatewayNatRule`), originalPort: text(rule, 'OriginalPort', 'any') || 'any',
    translatedIp: required(rule, 'TranslatedIp', `${where}/GatewayNatRule`), translatedPort: text(rule, 'TranslatedPort', 'any') || 'any',
    protocol: text(rule, 'Protocol', 'any') || 'any', icmpSubType: childText(rule, 'IcmpSubType')?.trim() || undefined,
  };
}

function readFirewallRule(r: Element, i: number): FirewallRule {
  const where = `FirewallRule[${i}]`;
  const protocols = child(r, 'Protocols');
  const flag = (name: string) => (protocols && childBoolean(protocols, name)) ?? false;
  const port = (range: string, single: string) => {
    const v = childText(r, range)?.trim() || childText(r, single)?.trim();
    return !v || v === '-1' ? 'any' : v;
  };
  const direction = childText(r, 'Direction')?.trim().toLowerCase();
  if (direction !== undefined && direction !== 'in' && direction !== 'out') throw errors.badRequest(`${where}/Direction must be in or out.`);
  return {
    id: text(r, 'Id', String(i + 1)) || String(i + 1), enabled: childBoolean(r, 'IsEnabled') ?? true,
    matchOnTranslate: childBoolean(r, 'MatchOnTranslate') ?? false, description: text(r, 'Description'),
    policy: (text(r, 'Policy', 'allow') || 'allow').toLowerCase() as FirewallRule['policy'],
    protocols: { tcp: flag('Tcp'), udp: flag('Udp'), icmp: flag('Icmp'), any: flag('Any'), other: protocols && childText(protocols, 'Other')?.trim() || undefined },
    icmpSubType: childText(r, 'IcmpSubType')?.trim() || undefined,
    destinationPortRange: port('DestinationPortRange', 'Port'), destinationIp: required(r, 'DestinationIp', where),
    sourcePortRange: port('SourcePortRange', 'SourcePort'), sourceIp: required(r, 'SourceIp', where),
    direction, enableLogging: childBoolean(r, 'EnableLogging') ?? false,
  };
}

/** The services an EdgeGatewayServiceConfiguration names; only the firewall and NAT are modelled. */
export function readServiceConfiguration(e: Element): ServiceConfiguration {
  const config: ServiceConfiguration = {};
  for (const { kind, e: s } of services(e)) {
    const rules = (name: string) => {
      const list = childrenNamed(s, name);
      if (list.length > MAX_RULES) throw errors.badRequest(`${kind} has more than ${MAX_RULES} rules.`);
      return list;
    };
    if (kind === 'NatService') {
      config.nat = { enabled: childBoolean(s, 'IsEnabled') ?? true, rules: rules('NatRule').map(readNatRule) };
    } else if (kind === 'FirewallService') {
      config.firewall = {
        enabled: childBoolean(s, 'IsEnabled') ?? true,
        defaultAction: (text(s, 'DefaultAction', 'drop') || 'drop').toLowerCase() as FirewallService['defaultAction'],
        logDefaultAction: childBoolean(s, 'LogDefaultAction') ?? false,
        rules: rules('FirewallRule').map(readFirewallRule),
      };
    } else {
      throw errors.badRequest(`The Edge gateway service ${JSON.stringify(kind.slice(0, 64))} is not supported: configure FirewallService or NatService.`);
    }
  }
  if (!config.nat && !config.firewall) throw errors.badRequest('The EdgeGatewayServiceConfiguration names no service (FirewallService or NatService).');
  return config;
}
