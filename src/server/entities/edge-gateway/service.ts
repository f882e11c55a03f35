// Edge gateways of org VDCs: who sees them (the provider, and an org's users with the gateway view right:
// its administrators, not a vApp User), and their NAT and firewall services, read and replaced whole as
// configureServices documents, as Cloud Director's legacy (NSX-V) API does.
import { ownerOf } from '../../inventory/registry.ts';
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database, EdgeGatewayTable } from '../../store/schema.ts';
import { CONFIGURE_EDGE_GATEWAY, requireRights } from '../../inventory/policy.ts';
import { requireVisibleRow } from '../../inventory/registry.ts';
import { edgeGatewayType } from './type.ts';
import { parseIpv4 } from '../../ipv4.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';

export interface EdgeGatewaySpec {
  name: string;
  description?: string | undefined;
}

export interface EdgeGateway {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  /** 0 being created, 1 ready, -1 error */
  status: number;
  created: number;
  nat: NatService;
  firewall: FirewallService;
}

/** A NAT rule in the GatewayNatRule form (the legacy API's for Edge gateways). Ports and IPs as VCD takes them. */
export interface NatRule {
  id: number;
  description: string;
  ruleType: 'SNAT' | 'DNAT';
  enabled: boolean;
  /** the gateway interface (one of its networks, by id) the rule applies on; none: every interface */
  interfaceId: string | undefined;
  originalIp: string;
  originalPort: string;
  translatedIp: string;
  translatedPort: string;
  protocol: string;
  icmpSubType: string | undefined;
}

export interface NatService {
  enabled: boolean;
  rules: NatRule[];
}

export interface FirewallRule {
  id: string;
  enabled: boolean;
  matchOnTranslate: boolean;
  description: string;
  policy: 'allow' | 'drop';
  protocols: { tcp: boolean; udp: boolean; icmp: boolean; any: boolean; other: string | undefined };
  icmpSubType: string | undefined;
  destinationPortRange: string;
  destinationIp: string;
  sourcePortRange: string;
  sourceIp: string;
  direction: 'in' | 'out' | undefined;
  enableLogging: boolean;
}

export interface FirewallService {
  enabled: boolean;
  defaultAction: 'allow' | 'drop';
  logDefaultAction: boolean;
  rules: FirewallRule[];
}

/** What a configureServices document sends: the services it names are replaced whole, the others kept. */
export interface ServiceConfiguration {
  nat?: NatService;
  firewall?: FirewallService;
}

/** A new gateway's services, as VCD creates them: NAT on with no rules, the firewall on and dropping. */
const DEFAULT_NAT: NatService = { enabled: true, rules: [] };
const DEFAULT_FIREWALL: FirewallService = { enabled: true, defaultAction: 'drop', logDefaultAction: false, rules: [] };
/** Rules per service: the request body is bounded (1 MiB), this bounds what a gateway keeps. */
export const MAX_RULES = 1024;

const READY = 1;

function toGateway(r: EdgeGatewayTable): EdgeGateway {
  return {
    id: r.id, orgId: r.org_id, vdcId: r.vdc_id, name: r.name, description: r.description, status: r.status, created: Number(r.created),
    nat: r.nat_service === null ? DEFAULT_NAT : JSON.parse(r.nat_service) as NatService,
    firewall: r.firewall_service === null ? DEFAULT_FIREWALL : JSON.parse(r.firewall_service) as FirewallService,
  };
}

/** The Owner of a gateway's tasks. */
export const edgeGatewayOwner = (g: Pick<EdgeGateway, 'id' | 'name'>): TaskOwner => ownerOf(edgeGatewayType, g);

const PORT = /^(any|\d{1,5}(-\d{1,5})?)$/i;
const NAT_PROTOCOLS = ['tcp', 'udp', 'tcpudp', 'icmp', 'any'];

/** "any", one port or a range "low-high", each 1–65535. */
function portProblem(value: string): string | undefined {
  if (!PORT.test(value)) return 'must be "any", a port or a range "low-high"';
  if (value.toLowerCase() === 'any') return undefined;
  const [low, high = low] = value.split('-').map(Number) as [number, number?];
  return low < 1 || high > 65535 || low > high ? 'must be ports between 1 and 65535, low to high' : undefined;
}

/** An address as rules name one: an IPv4 address, a CIDR block or a range "a-b". */
export function addressProblem(value: string, keywords: readonly string[]): string | undefined {
  if (keywords.includes(value.toLowerCase())) return undefined;
  const cidr = /^([^/]+)\/(\d{1,2})$/.exec(value);
  if (cidr) return parseIpv4(cidr[1]!) !== undefined && Number(cidr[2]) <= 32 ? undefined : 'is not a valid CIDR block';
  const parts = value.split('-');
  if (parts.length > 2 || parts.some((p) => parseIpv4(p) === undefined)) {
    return `must be an IP address, a CIDR block or a range a-b${keywords.length ? ` (or ${keywords.join(', ')})` : ''}`;
  }
  return parts.length === 2 && parseIpv4(parts[0]!)! > parseIpv4(parts[1]!)! ? 'is a range that ends before it starts' : undefined;
}

/**
 * What VCD refuses in a configureServices document: unknown rule types, policies and protocols, malformed
 * addresses and ports, an interface that is not one of the gateway's, duplicate rule ids, too many rules.
 */
export function serviceConfigurationProblems(config: ServiceConfiguration, interfaceIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const check = (where: string, problem: string | undefined) => { if (problem) problems.push(`${where} ${problem}`); };
  if (config.nat) {
    if (config.nat.rules.length > MAX_RULES) problems.push(`NatService has more than ${MAX_RULES} rules`);
    const ids = new Set<number>();
    config.nat.rules.forEach((r, i) => {
      const where = `NatRule[${i}]`;
      if (ids.has(r.id)) problems.push(`${where}/Id ${r.id} is used by another rule`);
      ids.add(r.id);
      if (r.ruleType !== 'SNAT' && r.ruleType !== 'DNAT') problems.push(`${where}/RuleType must be SNAT or DNAT`);
      if (r.interfaceId !== undefined && !interfaceIds.has(r.interfaceId)) problems.push(`${where}/GatewayNatRule/Interface is not an interface of this Edge gateway`);
      check(`${where}/GatewayNatRule/OriginalIp`, addressProblem(r.originalIp, r.ruleType === 'SNAT' ? ['any'] : []));
      check(`${where}/GatewayNatRule/TranslatedIp`, addressProblem(r.translatedIp, []));
      check(`${where}/GatewayNatRule/OriginalPort`, portProblem(r.originalPort));
      check(`${where}/GatewayNatRule/TranslatedPort`, portProblem(r.translatedPort));
      if (!NAT_PROTOCOLS.includes(r.protocol.toLowerCase())) problems.push(`${where}/GatewayNatRule/Protocol must be one of ${NAT_PROTOCOLS.join(', ')}`);
    });
  }
  if (config.firewall) {
    const fw = config.firewall;
    if (fw.defaultAction !== 'allow' && fw.defaultAction !== 'drop') problems.push('FirewallService/DefaultAction must be allow or drop');
    if (fw.rules.length > MAX_RULES) problems.push(`FirewallService has more than ${MAX_RULES} rules`);
    const ids = new Set<string>();
    fw.rules.forEach((r, i) => {
      const where = `FirewallRule[${i}]`;
      if (r.id && ids.has(r.id)) problems.push(`${where}/Id ${r.id} is used by another rule`);
      ids.add(r.id);
      if (r.policy !== 'allow' && r.policy !== 'drop') problems.push(`${where}/Policy must be allow or drop`);
      const p = r.protocols;
      if (!p.tcp && !p.udp && !p.icmp && !p.any && p.other === undefined) problems.push(`${where}/Protocols names no protocol`);
      check(`${where}/SourceIp`, addressProblem(r.sourceIp, ['any', 'internal', 'external']));
      check(`${where}/DestinationIp`, addressProblem(r.destinationIp, ['any', 'internal', 'external']));
      check(`${where}/SourcePortRange`, portProblem(r.sourcePortRange));
      check(`${where}/DestinationPortRange`, portProblem(r.destinationPortRange));
    });
  }
  return problems;
}

export class EdgeGatewayService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;

  constructor(db: Db, clock: Clock, tasks: TaskService) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = tasks;
  }

  /** The networks connected to a gateway (its internal interfaces), in creation order. */
  async interfaces(gateway: EdgeGateway): Promise<Array<{ id: string; name: string; gateway: string; prefixLength: number }>> {
    const rows = await this.#db.selectFrom('networks').select(['id', 'name', 'gateway', 'prefix_length'])
      .where('edge_gateway_id', '=', gateway.id).orderBy('created').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, gateway: r.gateway, prefixLength: r.prefix_length }));
  }

  /**
   * configureServices: the services the document names replace the gateway's, through a task; the rules are
   * checked first, and a bad one refuses the whole document (400) with nothing changed.
   */
  async configureServices(session: Session, gateway: EdgeGateway, config: ServiceConfiguration): Promise<Task> {
    requireRights(session, CONFIGURE_EDGE_GATEWAY);
    const interfaces = new Set((await this.interfaces(gateway)).map((i) => i.id));
    const problems = serviceConfigurationProblems(config, interfaces);
    if (problems.length) throw errors.badRequest(`The Edge gateway services are not valid: ${problems.slice(0, 20).join('; ')}.`);
    return this.#tasks.run({
      session, owner: edgeGatewayOwner(gateway), operationName: 'networkConfigureEdgeGatewayServices',
      operation: `Configured services of Edge Gateway ${gateway.name}(${gateway.id})`,
      work: async (trx) => {
        await trx.updateTable('edge_gateways').set({
          ...(config.nat && { nat_service: JSON.stringify(config.nat) }),
          ...(config.firewall && { firewall_service: JSON.stringify(config.firewall) }),
        }).where('id', '=', gateway.id).execute();
      },
    });
  }

  /** A gateway the caller may see; else noAccess, as for one that does not exist. */
  async get(session: Session, id: string): Promise<EdgeGateway> {
    const row = await requireVisibleRow(this.#db, session, edgeGatewayType, id);
    return toGateway(row);
  }

  /** CloudAPI POST /edgeGateways (the provider's): a new gateway in the VDC, made in the task's start (a taken name: 400, nothing made). */
  async create(session: Session, vdc: { id: string; orgId: string }, spec: EdgeGatewaySpec): Promise<Task> {
    const row = newGateway(vdc.orgId, vdc.id, spec, this.#clock.now());
    return this.#tasks.run({
      session, owner: edgeGatewayOwner(row), operationName: 'edgeGatewayCreate', operation: `Created Edge Gateway ${row.name}(${row.id})`,
      begin: (trx) => insertGateway(trx, row),
      work: async () => {},
    });
  }

  /** CloudAPI PUT: a new name and description, through a task. */
  async update(session: Session, gateway: EdgeGateway, spec: EdgeGatewaySpec): Promise<Task> {
    return this.#tasks.run({
      session, owner: edgeGatewayOwner(gateway), operationName: 'edgeGatewayUpdate', operation: `Updated Edge Gateway ${gateway.name}(${gateway.id})`,
      begin: async (trx) => {
        try {
          await trx.updateTable('edge_gateways').set({ name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '' })
            .where('id', '=', gateway.id).execute();
        } catch (e) {
          throw isUniqueViolation(e) ? duplicateName(spec.name) : e;
        }
      },
      work: async () => {},
    });
  }

  /** CloudAPI DELETE: a gateway no network is routed through (400 otherwise, as VCD refuses one in use), through a task. */
  async delete(session: Session, gateway: EdgeGateway): Promise<Task> {
    return this.#tasks.run({
      session, owner: edgeGatewayOwner(gateway), operationName: 'edgeGatewayDelete', operation: `Deleted Edge Gateway ${gateway.name}(${gateway.id})`,
      begin: async (trx) => {
        const routed = await trx.selectFrom('networks').select('name').where('edge_gateway_id', '=', gateway.id).limit(1).executeTakeFirst();
        if (routed) throw errors.badRequest(`The Edge gateway "${gateway.name}" routes network "${routed.name}": delete or disconnect its networks first.`);
      },
      work: async (trx) => {
        await trx.deleteFrom('metadata').where('entity_urn', '=', urn('gateway', gateway.id)).execute();
        await trx.deleteFrom('edge_gateways').where('id', '=', gateway.id).execute();
      },
    });
  }

  /** Seed: the gateway of that name in the org, created in VDC `vdcId` if it is not there yet. */
  async ensure(orgId: string, vdcId: string, spec: EdgeGatewaySpec): Promise<EdgeGateway> {
    const key = spec.name.toLowerCase();
    const existing = await this.#db.selectFrom('edge_gateways').selectAll().where('org_id', '=', orgId).where('name_key', '=', key).executeTakeFirst();
    if (existing) return toGateway(existing);
    const row = newGateway(orgId, vdcId, spec, this.#clock.now());
    await insertGateway(this.#db, row);
    return toGateway(row);
  }
}

const duplicateName = (name: string) => errors.duplicateName(`An Edge gateway named "${name}" already exists in the organization.`);

const newGateway = (orgId: string, vdcId: string, spec: EdgeGatewaySpec, now: number): EdgeGatewayTable => ({
  id: newId(), org_id: orgId, vdc_id: vdcId, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
  status: READY, nat_service: null, firewall_service: null, dns_forwarder: null, created: now,
});

async function insertGateway(db: Kysely<Database> | Transaction<Database>, row: EdgeGatewayTable): Promise<void> {
  try {
    await db.insertInto('edge_gateways').values(row).execute();
  } catch (e) {
    throw isUniqueViolation(e) ? duplicateName(row.name) : e;
  }
}
