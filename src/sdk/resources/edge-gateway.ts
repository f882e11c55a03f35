// Edge gateways: read (interfaces, services), and their NAT and firewall rules read and replaced as VCD
// replaces them, by configureServices with the whole rule list (a task).
import type { QueryRecord, Reference } from '../types.ts';
import { asArray, ResourceSet, startTask, type Ref, type TaskHandle, type NamedEntity, specOf, type CloudItemOf, type DeleteResultOf } from './resource.ts';
import { el, text, VCLOUD_NS, type XmlElement } from './xml.ts';

/** A NAT rule of an Edge gateway (a GatewayNatRule). */
export interface NatRule {
  /** assigned by the cell when left out */
  id?: number | undefined;
  ruleType: 'SNAT' | 'DNAT';
  enabled?: boolean | undefined;
  description?: string | undefined;
  /** the gateway interface (one of its networks) the rule applies on; every interface when left out */
  interface?: Reference | undefined;
  originalIp: string;
  /** a port or "any" (the default) */
  originalPort?: string | undefined;
  translatedIp: string;
  translatedPort?: string | undefined;
  /** tcp, udp, tcpudp, icmp or any (the default) */
  protocol?: string | undefined;
  icmpSubType?: string | undefined;
}

/** A firewall rule of an Edge gateway. */
export interface FirewallRule {
  id?: string | undefined;
  enabled?: boolean | undefined;
  description?: string | undefined;
  policy?: 'allow' | 'drop' | undefined;
  protocols?: { tcp?: boolean; udp?: boolean; icmp?: boolean; any?: boolean; other?: string } | undefined;
  icmpSubType?: string | undefined;
  /** an address, a CIDR, "internal", "external" or "any" */
  destinationIp: string;
  /** a port, a range "a-b", or "any" (the default) */
  destinationPortRange?: string | undefined;
  sourceIp: string;
  sourcePortRange?: string | undefined;
  direction?: 'in' | 'out' | undefined;
  matchOnTranslate?: boolean | undefined;
  enableLogging?: boolean | undefined;
}

/** The NAT service: on or off, and its rules in order. */
export interface NatService {
  enabled: boolean;
  rules: NatRule[];
}

/** The firewall: on or off, what it does with traffic no rule matches, and its rules in order. */
export interface FirewallService {
  enabled: boolean;
  defaultAction: 'drop' | 'allow';
  logDefaultAction: boolean;
  rules: FirewallRule[];
}

interface NatRuleJson {
  id?: number; description?: string; ruleType: NatRule['ruleType']; isEnabled?: boolean;
  gatewayNatRule: Omit<NatRule, 'id' | 'ruleType' | 'enabled' | 'description'>;
}
interface FirewallRuleJson extends Omit<FirewallRule, 'enabled' | 'id'> { id?: string | number; isEnabled?: boolean }
interface ServiceJson {
  _type: string;
  isEnabled?: boolean;
  defaultAction?: FirewallService['defaultAction'];
  logDefaultAction?: boolean;
  natRule?: NatRuleJson[];
  firewallRule?: FirewallRuleJson[];
}

/** GET /api/admin/edgeGateway/{id} (application/vnd.vmware.admin.edgeGateway+json) */
export interface EdgeGateway extends NamedEntity {
  status: number;
  configuration: {
    gatewayBackingConfig: string;
    gatewayInterfaces?: { gatewayInterface?: Array<{
      name: string;
      displayName?: string;
      network: Reference;
      interfaceType: string;
      subnetParticipation?: { gateway: string; netmask: string; subnetPrefixLength: number; ipAddress?: string };
      connected?: boolean;
    }> } | undefined;
    /** the services as VCD JSON gives them; EdgeGateways.nat() and firewall() read them typed */
    edgeGatewayServiceConfiguration?: { networkService?: Array<{ _type: string; [member: string]: unknown }> | undefined } | undefined;
    haEnabled?: boolean | undefined;
  };
}

/** A record of the edgeGateway query. */
export interface EdgeGatewayRecord extends QueryRecord {
  href: string;
  name: string;
  vdc: string;
  orgVdcName: string;
  orgName: string;
  numberOfOrgNetworks: number;
  numberOfExtNetworks: number;
  isBusy: boolean;
  gatewayStatus: string;
  haStatus: string;
  edgeGatewayType: string;
}

const serviceOf = (gateway: EdgeGateway, type: string): ServiceJson | undefined =>
  asArray(gateway.configuration.edgeGatewayServiceConfiguration?.networkService).find((s) => s._type === type) as ServiceJson | undefined;

function natRuleElement(r: NatRule): XmlElement {
  return el('NatRule', {},
    text('Description', r.description), text('RuleType', r.ruleType), text('IsEnabled', r.enabled ?? true), text('Id', r.id),
    el('GatewayNatRule', {},
      r.interface && el('Interface', { href: r.interface.href, name: r.interface.name }),
      text('OriginalIp', r.originalIp), text('OriginalPort', r.originalPort), text('TranslatedIp', r.translatedIp),
      text('TranslatedPort', r.translatedPort), text('Protocol', r.protocol), text('IcmpSubType', r.icmpSubType)));
}

function firewallRuleElement(r: FirewallRule): XmlElement {
  const p = r.protocols ?? { any: true };
  return el('FirewallRule', {},
    text('Id', r.id), text('IsEnabled', r.enabled ?? true), text('MatchOnTranslate', r.matchOnTranslate), text('Description', r.description),
    text('Policy', r.policy ?? 'allow'),
    el('Protocols', {}, p.tcp && text('Tcp', true), p.udp && text('Udp', true), p.icmp && text('Icmp', true), p.any && text('Any', true), text('Other', p.other)),
    text('IcmpSubType', r.icmpSubType), text('DestinationPortRange', r.destinationPortRange ?? 'Any'), text('DestinationIp', r.destinationIp),
    text('SourcePortRange', r.sourcePortRange ?? 'Any'), text('SourceIp', r.sourceIp), text('Direction', r.direction), text('EnableLogging', r.enableLogging ?? false));
}

/** Edge gateways (query type edgeGateway; an org administrator's or the provider's view). */
export class EdgeGateways extends ResourceSet<EdgeGateway, EdgeGatewayRecord, CloudItemOf<'gateway'>, DeleteResultOf<'gateway'>> {
  protected readonly spec = specOf('gateway', 'Edge gateway');

  /** The networks connected to the gateway (its internal interfaces). */
  interfaces(gateway: EdgeGateway): Reference[] {
    return asArray(gateway.configuration.gatewayInterfaces?.gatewayInterface).map((i) => i.network);
  }

  /** The NAT service as the gateway document shows it. */
  nat(gateway: EdgeGateway): NatService {
    const s = serviceOf(gateway, 'NatServiceType');
    return {
      enabled: s?.isEnabled ?? false,
      rules: asArray(s?.natRule).map((r) => ({ id: r.id, ruleType: r.ruleType, enabled: r.isEnabled, description: r.description, ...r.gatewayNatRule })),
    };
  }

  /** The firewall as the gateway document shows it. */
  firewall(gateway: EdgeGateway): FirewallService {
    const s = serviceOf(gateway, 'FirewallServiceType');
    return {
      enabled: s?.isEnabled ?? false, defaultAction: s?.defaultAction ?? 'drop', logDefaultAction: s?.logDefaultAction ?? false,
      rules: asArray(s?.firewallRule).map(({ isEnabled, id, ...r }) => ({ ...r, id: id === undefined ? undefined : String(id), enabled: isEnabled })),
    };
  }

  /** Replaces the NAT rules (the whole list, in order; the service stays enabled unless `enabled: false`). */
  replaceNat(ref: Ref, rules: NatRule[], opts: { enabled?: boolean } = {}): Promise<TaskHandle> {
    return this.#configure(ref, el('NatService', {}, text('IsEnabled', opts.enabled ?? true), rules.map(natRuleElement)));
  }

  /** Replaces the firewall rules (the whole list, in order), with the default action (drop unless given). */
  replaceFirewall(ref: Ref, rules: FirewallRule[], opts: { enabled?: boolean; defaultAction?: 'drop' | 'allow'; logDefaultAction?: boolean } = {}): Promise<TaskHandle> {
    return this.#configure(ref, el('FirewallService', {},
      text('IsEnabled', opts.enabled ?? true), text('DefaultAction', opts.defaultAction ?? 'drop'), text('LogDefaultAction', opts.logDefaultAction ?? false),
      rules.map(firewallRuleElement)));
  }

  #configure(ref: Ref, service: XmlElement): Promise<TaskHandle> {
    return startTask(this.client, 'POST', `${this.href(ref)}/action/configureServices`,
      { mediaType: 'admin.edgeGatewayServiceConfiguration', root: el('EdgeGatewayServiceConfiguration', { xmlns: VCLOUD_NS }, service) });
  }
}
