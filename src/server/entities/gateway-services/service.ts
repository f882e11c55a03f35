// An NSX-T Edge gateway's services through the CloudAPI: NAT rules (each its own), the firewall's rules (one ordered
// list, replaced whole or rule by rule), static routes and the DNS forwarder. Every write is a task of the gateway's (202, as Cloud
// Director answers); a rule naming a firewall group not the gateway's, or a port profile its org may not use, is
// refused (400) with nothing changed; the rows of what a rule names keep those from deletion while it does.
import type { Transaction } from 'kysely';
import { errors } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Db } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import type { ListPage } from '../../services/listing.ts';
import type { Task, TaskService } from '../../services/tasks.ts';
import { edgeGatewayOwner } from '../edge-gateway/service.ts';

export interface NatRuleSpec {
  name: string;
  description: string;
  enabled: boolean;
  type: 'DNAT' | 'SNAT' | 'NO_DNAT' | 'NO_SNAT' | 'REFLEXIVE';
  appPortProfileId: string | null;
  externalAddresses: string;
  internalAddresses: string;
  internalPort: string | null;
  dnatExternalPort: string | null;
  snatDestinationAddresses: string | null;
  logging: boolean;
  firewallMatch: string;
  priority: number;
}

export interface FirewallRuleSpec {
  name: string;
  description: string;
  enabled: boolean;
  action: 'ALLOW' | 'DROP' | 'REJECT';
  direction: string;
  ipProtocol: string;
  logging: boolean;
  sourceGroupIds: string[];
  destinationGroupIds: string[];
  appPortProfileIds: string[];
}

export interface StaticRouteSpec {
  name: string;
  description: string;
  networkCidr: string;
  nextHops: Array<{ ipAddress: string; adminDistance: number; scope: { id: string; name: string; scopeType: string } | null }>;
}

export interface DnsForwarder {
  enabled: boolean;
  listenerIp: string | null;
  defaultZone: { displayName: string; upstreamServers: string[] } | null;
  conditionalZones: Array<{ displayName: string; upstreamServers: string[]; dnsDomainNames?: string[] }>;
}

/** A rule as stored: its id, its version (one more each write) and its spec. */
export interface StoredRule<Spec = unknown> {
  id: string;
  version: number;
  spec: Spec;
}

/** The gateway a service belongs to. */
export interface ServiceGateway {
  id: string;
  orgId: string;
  name: string;
}

type Kind = 'nat' | 'firewall' | 'staticRoute';
/** How a rule of a kind is named in messages and task names. */
const LABELS: Readonly<Record<Kind, { text: string; op: string }>> = {
  nat: { text: 'NAT rule', op: 'NatRule' }, firewall: { text: 'firewall rule', op: 'FirewallRule' }, staticRoute: { text: 'static route', op: 'StaticRoute' },
};
type Trx = Transaction<Database>;

/** VCD bounds an NSX-T gateway's rules of a kind (its firewall takes 1000 user rules): so does the cell. */
export const MAX_RULES = 1000;

const toRule = <Spec>(r: { id: string; body: string }): StoredRule<Spec> => {
  const stored = JSON.parse(r.body) as { version: number; spec: Spec };
  return { id: r.id, version: stored.version, spec: stored.spec };
};

type RuleSpec = NatRuleSpec | FirewallRuleSpec | StaticRouteSpec;

const referencedIds = (kind: Kind, spec: RuleSpec): { groups: string[]; profiles: string[] } => {
  if (kind === 'staticRoute') return { groups: [], profiles: [] };
  if (kind === 'nat') {
    const nat = spec as NatRuleSpec;
    return { groups: [], profiles: nat.appPortProfileId ? [nat.appPortProfileId] : [] };
  }
  const fw = spec as FirewallRuleSpec;
  return { groups: [...new Set([...fw.sourceGroupIds, ...fw.destinationGroupIds])], profiles: fw.appPortProfileIds };
};

/** What a rule names exists for the gateway: its own firewall groups, the SYSTEM profiles and its org's (400 otherwise). */
async function checkReferences(trx: Trx, gateway: ServiceGateway, groups: readonly string[], profiles: readonly string[]): Promise<void> {
  if (groups.length) {
    const found = new Set((await trx.selectFrom('firewall_groups').select('id').where('edge_gateway_id', '=', gateway.id)
      .where('id', 'in', [...groups]).execute()).map((r) => r.id));
    const missing = groups.find((g) => !found.has(g));
    if (missing) throw errors.badRequest(`The firewall group urn:vcloud:firewallGroup:${missing} does not exist on Edge gateway "${gateway.name}".`);
  }
  if (profiles.length) {
    const found = new Set((await trx.selectFrom('app_port_profiles').select('id').where('id', 'in', [...profiles])
      .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', gateway.orgId)])).execute()).map((r) => r.id));
    const missing = profiles.find((p) => !found.has(p));
    if (missing) throw errors.badRequest(`The application port profile urn:vcloud:applicationPortProfile:${missing} does not exist.`);
  }
}

/** A gateway rule naming `targetId` (a firewall group's or port profile's) refuses its deletion: 400 naming the rule. */
export async function refuseInUse(trx: Trx, targetId: string, what: string): Promise<void> {
  const user = await trx.selectFrom('gateway_rule_refs').innerJoin('gateway_rules', 'gateway_rules.id', 'gateway_rule_refs.rule_id')
    .select(['gateway_rules.name', 'gateway_rules.kind']).where('gateway_rule_refs.target_id', '=', targetId).limit(1).executeTakeFirst();
  if (user) throw errors.badRequest(`${what} is in use by ${LABELS[user.kind as Kind].text} "${user.name}": remove it from the rule first.`);
}

/** Writes a rule (new, or its spec replaced) and the rows of what it names. */
async function writeRule(trx: Trx, gateway: ServiceGateway, kind: Kind, rule: StoredRule<RuleSpec>, position: number): Promise<void> {
  const { groups, profiles } = referencedIds(kind, rule.spec);
  await checkReferences(trx, gateway, groups, profiles);
  const body = JSON.stringify({ version: rule.version, spec: rule.spec });
  const updated = await trx.updateTable('gateway_rules').set({ name: rule.spec.name, body, position })
    .where('id', '=', rule.id).where('edge_gateway_id', '=', gateway.id).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await trx.insertInto('gateway_rules').values({ id: rule.id, edge_gateway_id: gateway.id, kind, position, name: rule.spec.name, body }).execute();
  }
  await trx.deleteFrom('gateway_rule_refs').where('rule_id', '=', rule.id).execute();
  const targets = [...groups, ...profiles];
  if (targets.length) await trx.insertInto('gateway_rule_refs').values(targets.map((target_id) => ({ rule_id: rule.id, target_id }))).execute();
}

const noRule = (kind: Kind, id: string, gateway: ServiceGateway) =>
  errors.notFound(`The ${LABELS[kind].text} "${id}" does not exist on Edge gateway "${gateway.name}".`);

export class GatewayServicesService {
  readonly #db: Db;
  readonly #tasks: TaskService;

  constructor(db: Db, tasks: TaskService) {
    this.#db = db;
    this.#tasks = tasks;
  }

  /** A page of a gateway's rules of a kind, in order. */
  async rules<Spec>(gateway: ServiceGateway, kind: Kind, page: number, pageSize: number): Promise<ListPage<StoredRule<Spec>>> {
    const base = this.#db.selectFrom('gateway_rules').where('edge_gateway_id', '=', gateway.id).where('kind', '=', kind);
    const { total } = await base.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    const rows = await base.select(['id', 'body']).orderBy('position').orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute();
    const count = Number(total);
    return { items: rows.map((r) => toRule<Spec>(r)), total: count, page, pageSize, pageCount: Math.max(1, Math.ceil(count / pageSize)) };
  }

  /** Every rule of a kind (the firewall's list is read whole, as VCD answers it), bounded by MAX_RULES. */
  async allRules<Spec>(gateway: ServiceGateway, kind: Kind): Promise<StoredRule<Spec>[]> {
    return (await this.rules<Spec>(gateway, kind, 1, MAX_RULES)).items;
  }

  async rule<Spec>(gateway: ServiceGateway, kind: Kind, id: string): Promise<StoredRule<Spec>> {
    const row = await this.#db.selectFrom('gateway_rules').select(['id', 'body'])
      .where('edge_gateway_id', '=', gateway.id).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
    if (!row) throw noRule(kind, id, gateway);
    return toRule<Spec>(row);
  }

  /** The names of the firewall groups and port profiles these rules name, by id. */
  async referenceNames(rules: readonly StoredRule<RuleSpec>[], kind: Kind): Promise<Map<string, string>> {
    const groups = new Set<string>();
    const profiles = new Set<string>();
    for (const r of rules) {
      const refs = referencedIds(kind, r.spec);
      refs.groups.forEach((g) => groups.add(g));
      refs.profiles.forEach((p) => profiles.add(p));
    }
    const names = new Map<string, string>();
    if (groups.size) for (const g of await this.#db.selectFrom('firewall_groups').select(['id', 'name']).where('id', 'in', [...groups]).execute()) names.set(g.id, g.name);
    if (profiles.size) for (const p of await this.#db.selectFrom('app_port_profiles').select(['id', 'name']).where('id', 'in', [...profiles]).execute()) names.set(p.id, p.name);
    return names;
  }

  /** POST …/nat/rules or …/routing/staticRoutes: a new rule, last, through the gateway's task. */
  async createRule(session: Session, gateway: ServiceGateway, kind: 'nat' | 'staticRoute', spec: NatRuleSpec | StaticRouteSpec): Promise<Task> {
    const label = LABELS[kind];
    return this.#run(session, gateway, `edgeGateway${label.op}Create`, `Created ${label.text} ${spec.name}`, async (trx) => {
      const { n } = await trx.selectFrom('gateway_rules').select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('edge_gateway_id', '=', gateway.id).where('kind', '=', kind).executeTakeFirstOrThrow();
      if (Number(n) >= MAX_RULES) throw errors.badRequest(`The Edge gateway "${gateway.name}" has ${MAX_RULES} ${label.text}s: no more are taken.`);
      await writeRule(trx, gateway, kind, { id: newId(), version: 0, spec }, Number(n));
    });
  }

  /** PUT of a rule by id (NAT, firewall, static route): its spec replaced (its place kept), through the gateway's task. */
  async updateRule(session: Session, gateway: ServiceGateway, kind: Kind, id: string, spec: RuleSpec): Promise<Task> {
    const current = await this.rule(gateway, kind, id);
    return this.#run(session, gateway, `edgeGateway${LABELS[kind].op}Update`, `Updated ${LABELS[kind].text} ${spec.name}`, async (trx) => {
      const row = await trx.selectFrom('gateway_rules').select('position').where('id', '=', id).executeTakeFirst();
      if (!row) throw noRule(kind, id, gateway);
      await writeRule(trx, gateway, kind, { id, version: current.version + 1, spec }, row.position);
    });
  }

  /** DELETE of a rule by id (NAT, firewall, static route), through the gateway's task. */
  async deleteRule(session: Session, gateway: ServiceGateway, kind: Kind, id: string): Promise<Task> {
    const current = await this.rule<{ name: string }>(gateway, kind, id);
    return this.#run(session, gateway, `edgeGateway${LABELS[kind].op}Delete`, `Deleted ${LABELS[kind].text} ${current.spec.name}`, async (trx) => {
      await trx.deleteFrom('gateway_rules').where('id', '=', id).where('edge_gateway_id', '=', gateway.id).execute();
    });
  }

  /**
   * PUT …/firewall/rules: the user rules replaced by these, in this order; a rule keeps its id when the body gives
   * one of the gateway's rules, otherwise it gets a new one. Through the gateway's task.
   */
  async replaceFirewall(session: Session, gateway: ServiceGateway, rules: ReadonlyArray<{ id: string | undefined; spec: FirewallRuleSpec }>): Promise<Task> {
    if (rules.length > MAX_RULES) throw errors.badRequest(`An Edge gateway takes at most ${MAX_RULES} firewall rules (body/userDefinedRules).`);
    const current = new Map((await this.allRules<FirewallRuleSpec>(gateway, 'firewall')).map((r) => [r.id, r]));
    return this.#run(session, gateway, 'edgeGatewayFirewallUpdate', 'Updated firewall rules', async (trx) => {
      const kept = new Set<string>();
      const placed = rules.map((r) => {
        const existing = r.id !== undefined && current.has(r.id) && !kept.has(r.id) ? current.get(r.id) : undefined;
        if (existing) kept.add(existing.id);
        return { id: existing?.id ?? newId(), version: existing ? existing.version + 1 : 0, spec: r.spec };
      });
      const dropped = [...current.keys()].filter((id) => !kept.has(id));
      if (dropped.length) await trx.deleteFrom('gateway_rules').where('id', 'in', dropped).execute();
      for (const [position, rule] of placed.entries()) await writeRule(trx, gateway, 'firewall', rule, position);
    });
  }

  /** DELETE …/firewall/rules: every user rule gone (the default rule stays), through the gateway's task. */
  async clearFirewall(session: Session, gateway: ServiceGateway): Promise<Task> {
    return this.#run(session, gateway, 'edgeGatewayFirewallDelete', 'Deleted firewall rules', async (trx) => {
      await trx.deleteFrom('gateway_rules').where('edge_gateway_id', '=', gateway.id).where('kind', '=', 'firewall').execute();
    });
  }

  /** The DNS forwarder as last put (undefined: never, or deleted since) and its version. */
  async dns(gateway: ServiceGateway): Promise<{ dns: DnsForwarder | undefined; version: number }> {
    const row = await this.#db.selectFrom('edge_gateways').select('dns_forwarder').where('id', '=', gateway.id).executeTakeFirst();
    if (!row?.dns_forwarder) return { dns: undefined, version: 0 };
    return JSON.parse(row.dns_forwarder) as { dns: DnsForwarder; version: number };
  }

  /** PUT …/dns (dns) or DELETE …/dns (undefined: the forwarder off and forgotten), through the gateway's task. */
  async setDns(session: Session, gateway: ServiceGateway, dns: DnsForwarder | undefined): Promise<Task> {
    const { version } = await this.dns(gateway);
    return this.#run(session, gateway, dns ? 'edgeGatewayDnsUpdate' : 'edgeGatewayDnsDelete', dns ? 'Updated DNS forwarder' : 'Deleted DNS forwarder', async (trx) => {
      await trx.updateTable('edge_gateways').set({ dns_forwarder: dns ? JSON.stringify({ dns, version: version + 1 }) : null })
        .where('id', '=', gateway.id).execute();
    });
  }

  /** A change of the gateway's services: checked and written at the task's start, as one step. */
  #run(session: Session, gateway: ServiceGateway, operationName: string, what: string, change: (trx: Trx) => Promise<void>): Promise<Task> {
    return this.#tasks.run({
      session, owner: edgeGatewayOwner(gateway), operationName, operation: `${what} on Edge Gateway ${gateway.name}(${gateway.id})`,
      begin: change,
      work: async () => {},
    });
  }
}
