// External networks, the provider's only: created, replaced and deleted through tasks (202, as Cloud Director
// answers), names unique, each backed by an importable Tier-0 router of an NSX-T manager (one network per router),
// with IPv4 subnets whose static ranges lie inside them and do not overlap.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import { parseIpv4, subnetOf } from '../../ipv4.ts';
import type { Session } from '../../inventory/principal.ts';
import { requireVisibleRow } from '../../inventory/registry.ts';
import type { Db } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';
import { networkSpecProblems, PREFIX_LENGTH, type IpRange, type SpecProblem } from '../network/service.ts';
import type { ExternalNetworkTable } from './migration.ts';
import { EXTERNAL_NETWORK_URN, externalNetworkType } from './type.ts';

/** An external network has at most this many subnets. */
export const MAX_SUBNETS = 16;

export interface ExternalSubnet {
  gateway: string;
  prefixLength: number;
  dns1?: string | undefined;
  dns2?: string | undefined;
  dnsSuffix?: string | undefined;
  enabled: boolean;
  ipRanges: IpRange[];
}

export interface ExternalNetworkSpec {
  name: string;
  description: string;
  /** the NSX-T manager's id and NSX-T's id of its Tier-0 router */
  managerId: string;
  tier0Id: string;
  subnets: ExternalSubnet[];
}

/** An external network as the seed file declares it: its NSX-T manager and Tier-0 router by name, subnets enabled unless said. */
export interface ExternalNetworkDeclaration {
  name: string;
  description?: string;
  nsxTManager: string;
  tier0Router: string;
  subnets: Array<Omit<ExternalSubnet, 'enabled'> & { enabled?: boolean }>;
}

export const declaredSubnets = (d: ExternalNetworkDeclaration): ExternalSubnet[] => d.subnets.map((s) => ({ ...s, enabled: s.enabled ?? true }));

export interface ExternalNetwork {
  id: string;
  name: string;
  description: string;
  subnets: ExternalSubnet[];
}

export const externalNetworkPath = (id: string) => `/api/admin/extension/externalnet/${id}`;

const owner = (n: { id: string; name: string }): TaskOwner =>
  ({ urn: urn(EXTERNAL_NETWORK_URN, n.id), name: n.name, family: 'admin.vmwexternalnet', path: externalNetworkPath(n.id) });

/**
 * The subnets' own problems, `at` below the network ('subnets[0].ipRanges[1].start'): each an IPv4 subnet with its
 * gateway and ranges inside it (as an org VDC network's), a prefix length in bounds, no two subnets overlapping.
 */
export function subnetProblems(subnets: readonly ExternalSubnet[]): SpecProblem[] {
  if (!subnets.length) return [{ at: 'subnets', problem: 'an external network needs at least one subnet' }];
  if (subnets.length > MAX_SUBNETS) return [{ at: 'subnets', problem: `at most ${MAX_SUBNETS} subnets` }];
  const problems: SpecProblem[] = [];
  const blocks: Array<{ first: number; last: number; i: number }> = [];
  subnets.forEach((s, i) => {
    const at = (key: string) => `subnets[${i}]${key ? `.${key}` : ''}`;
    if (!Number.isInteger(s.prefixLength) || s.prefixLength < PREFIX_LENGTH.min || s.prefixLength > PREFIX_LENGTH.max) {
      problems.push({ at: at('prefixLength'), problem: `must be between ${PREFIX_LENGTH.min} and ${PREFIX_LENGTH.max}` });
      return;
    }
    const own = networkSpecProblems({ name: '', fenceMode: 'isolated', gateway: s.gateway, prefixLength: s.prefixLength, ipRanges: s.ipRanges, dns1: s.dns1, dns2: s.dns2 }, []);
    problems.push(...own.map((p) => ({ at: at(p.at), problem: p.problem })));
    const gateway = parseIpv4(s.gateway);
    if (gateway === undefined) return;
    const block = subnetOf(gateway, s.prefixLength);
    const other = blocks.find((b) => block.first <= b.last && b.first <= block.last);
    if (other) problems.push({ at: at(''), problem: `the subnet overlaps subnets[${other.i}]` });
    blocks.push({ ...block, i });
  });
  return problems;
}

/** The problems as one 400, each with its place in the body. */
function refuseProblems(problems: readonly SpecProblem[]): void {
  if (problems.length) throw errors.badRequest(`The external network is not valid: ${problems.map((p) => `${p.at}: ${p.problem}`).join('; ')}.`);
}

/** The number of addresses a subnet's static ranges hold (its totalIpCount). */
export const subnetIpCount = (s: ExternalSubnet) => s.ipRanges.reduce((n, r) => n + (parseIpv4(r.end)! - parseIpv4(r.start)! + 1), 0);

/** The number of addresses the subnets' static ranges hold (VCD's totalIpCount). */
export const totalIpCount = (subnets: readonly ExternalSubnet[]) => subnets.reduce((sum, s) => sum + subnetIpCount(s), 0);

export class ExternalNetworkService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;

  constructor(db: Db, clock: Clock, tasks: TaskService) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = tasks;
  }

  /** A network the caller may see (the provider); else noAccess, as for one that does not exist. */
  async get(session: Session, id: string): Promise<ExternalNetwork> {
    const row = await requireVisibleRow(this.#db, session, externalNetworkType, id, urn(EXTERNAL_NETWORK_URN, id));
    return { id: row.id, name: row.name, description: row.description, subnets: JSON.parse(row.subnets) as ExternalSubnet[] };
  }

  /** The Tier-0 router `tier0Id` of the NSX-T manager (ids as the body names them), or a 400 naming the field. */
  async tier0Router(managerId: string, tier0Id: string): Promise<{ managerId: string; tier0Id: string }> {
    const found = await this.#db.selectFrom('nsxt_resources').select(['manager_id', 'backing_id'])
      .where('manager_id', '=', managerId).where('kind', '=', 'tier0Router').where('backing_id', '=', tier0Id).executeTakeFirst();
    if (!found) throw errors.badRequest(`"${tier0Id}" is not a Tier-0 router of NSX-T manager urn:vcloud:nsxtmanager:${managerId} (body/networkBackings/values/0/backingId).`);
    return { managerId: found.manager_id, tier0Id: found.backing_id };
  }

  /** POST /externalNetworks: a new network, made at the task's start (a bad subnet, a taken name or Tier-0: 400, nothing made). */
  async create(session: Session, spec: ExternalNetworkSpec): Promise<Task> {
    refuseProblems(subnetProblems(spec.subnets));
    const network = { id: newId(), name: spec.name };
    return this.#tasks.run({
      session, owner: owner(network), operationName: 'externalNetworkCreate', operation: `Created external network ${spec.name}(${network.id})`,
      begin: (trx) => this.#write(trx, undefined, spec, (values) => trx.insertInto('external_networks').values({ id: network.id, created: this.#clock.now(), ...values }).execute()),
      work: async () => {},
    });
  }

  /** PUT: name, description, backing and subnets replaced, through a task. */
  async update(session: Session, network: ExternalNetwork, spec: ExternalNetworkSpec): Promise<Task> {
    refuseProblems(subnetProblems(spec.subnets));
    return this.#tasks.run({
      session, owner: owner(network), operationName: 'externalNetworkUpdate', operation: `Updated external network ${network.name}(${network.id})`,
      begin: (trx) => this.#write(trx, network.id, spec, (values) => trx.updateTable('external_networks').set(values).where('id', '=', network.id).execute()),
      work: async () => {},
    });
  }

  /** DELETE, through a task. */
  async delete(session: Session, network: ExternalNetwork): Promise<Task> {
    return this.#tasks.run({
      session, owner: owner(network), operationName: 'externalNetworkDelete', operation: `Deleted external network ${network.name}(${network.id})`,
      begin: async () => {},
      work: async (trx) => {
        await trx.deleteFrom('external_networks').where('id', '=', network.id).execute();
      },
    });
  }

  /** The seed file's network, unless one of its name exists (the file's cross-references and subnets are checked first). */
  async ensure(spec: ExternalNetworkDeclaration): Promise<void> {
    const existing = await this.#db.selectFrom('external_networks').select('id').where('name_key', '=', spec.name.toLowerCase()).executeTakeFirst();
    if (existing) return;
    const tier0 = await this.#db.selectFrom('nsxt_resources').innerJoin('nsxt_managers', 'nsxt_managers.id', 'nsxt_resources.manager_id')
      .select(['nsxt_resources.manager_id', 'nsxt_resources.backing_id']).where('nsxt_managers.name_key', '=', spec.nsxTManager.toLowerCase())
      .where('nsxt_resources.kind', '=', 'tier0Router').where(sql`lower(nsxt_resources.name)`, '=', spec.tier0Router.toLowerCase()).executeTakeFirstOrThrow();
    await this.#write(this.#db, undefined, { name: spec.name, description: spec.description ?? '', managerId: tier0.manager_id, tier0Id: tier0.backing_id, subnets: declaredSubnets(spec) },
      (values) => this.#db.insertInto('external_networks').values({ id: newId(), created: this.#clock.now(), ...values }).execute());
  }

  /** The row's values written by `write` (through `db`, the task's transaction); a taken name or Tier-0 router is Cloud Director's 400. */
  async #write(db: Executor, id: string | undefined, spec: ExternalNetworkSpec, write: (values: ExternalNetworkValues) => Promise<unknown>): Promise<void> {
    let backed = db.selectFrom('external_networks').select('name').where('manager_id', '=', spec.managerId).where('tier0_id', '=', spec.tier0Id);
    if (id !== undefined) backed = backed.where('id', '<>', id);
    const other = await backed.executeTakeFirst();
    if (other) throw errors.badRequest(`The Tier-0 router "${spec.tier0Id}" already backs external network "${other.name}".`);
    try {
      await write({
        name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description, manager_id: spec.managerId, tier0_id: spec.tier0Id,
        subnets: JSON.stringify(spec.subnets),
      });
    } catch (e) {
      throw isUniqueViolation(e) ? errors.duplicateName(`An external network named "${spec.name}" already exists.`) : e;
    }
  }
}

type Executor = Kysely<Database> | Transaction<Database>;

/** A row's values but its id and creation time. */
type ExternalNetworkValues = Omit<ExternalNetworkTable, 'id' | 'created'>;
