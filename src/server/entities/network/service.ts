// Org VDC networks and their IP pools, with Cloud Director's rules: a network belongs to a VDC (and its
// org: names are unique per org whatever their case), is routed through one of the VDC's Edge gateways
// (natRouted) or stands alone (isolated); its static IP pool is a list of ranges inside its subnet, and
// addresses are allocated from the pool to holders (VM NICs) one per address, which the store's unique
// key guarantees under concurrent allocation on either engine.
import { ownerOf } from '../../inventory/registry.ts';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import type { Db, Store } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Database, NetworkTable } from '../../store/schema.ts';
import { canAdministerOrg, canSeeInOrg, noAccess, VIEW_NETWORK } from '../../inventory/policy.ts';
import { findVisible } from '../../inventory/registry.ts';
import { networkType } from './type.ts';
import { formatIpv4, isHostIn, netmaskOf, parseIpv4, subnetOf } from '../../ipv4.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';
import type { ListPage, ListQuery } from '../../services/listing.ts';
import { listInSql } from '../../services/sql-listing.ts';
import type { SqlFields } from '../../inventory/sql.ts';

export const FENCE_MODES = ['natRouted', 'isolated'] as const;
export type FenceMode = (typeof FENCE_MODES)[number];

/** Prefix lengths a network may have: a /31 or /32 has no room for a gateway and a pool. */
export const PREFIX_LENGTH = { min: 8, max: 30 } as const;
/** A network's IP pool has at most this many ranges. */
export const MAX_IP_RANGES = 64;

export interface IpRange {
  start: string;
  end: string;
}

export interface OrgVdcNetwork {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  fenceMode: FenceMode;
  /** the Edge gateway a natRouted network is connected to */
  edgeGateway: { id: string; name: string } | undefined;
  gateway: string;
  prefixLength: number;
  /** dotted, from prefixLength */
  netmask: string;
  dns1: string | undefined;
  dns2: string | undefined;
  dnsSuffix: string | undefined;
  shared: boolean;
  created: number;
  ipRanges: IpRange[];
}

/** A network as the seed file declares it; edgeGateway names one of the VDC's gateways. */
export interface NetworkSpec {
  name: string;
  description?: string | undefined;
  fenceMode: FenceMode;
  edgeGateway?: string | undefined;
  gateway: string;
  prefixLength: number;
  ipRanges?: IpRange[] | undefined;
  dns1?: string | undefined;
  dns2?: string | undefined;
  dnsSuffix?: string | undefined;
  shared?: boolean | undefined;
}

/** A problem of a spec: `at` is the key (path below the network) it concerns, '' the network itself. */
export interface SpecProblem {
  at: string;
  problem: string;
}

/** What holds an address, as the AllocatedIpAddresses document links to it (a VM, for a NIC's address). */
export interface IpHolder {
  /** its URN (the CloudAPI's entityId) */
  urn: string;
  name: string;
  /** the vApp of a VM that holds it */
  vAppName?: string | undefined;
  /** its /api path and media-type family */
  path: string;
  family: string;
  deployed: boolean;
}

/**
 * Names holders by id (the vApp model registers one for its NICs); an id it does not know stays
 * an opaque holder. Called with at most one page of ids.
 */
export type IpHolderNamer = (db: Kysely<Database>, holderIds: readonly string[]) => Promise<ReadonlyMap<string, IpHolder>>;

/** An allocated address and what holds it. */
export interface IpAllocation {
  ip: string;
  holderId: string;
  holder: IpHolder | undefined;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** An address (a number) in dotted form, in SQL: what ipAddress filters compare and sorts order (as text, as the field is text). */
const dotted = (n: RawBuilder<unknown>) => sql<string>`(cast(${n} / 16777216 as text) || '.' || cast(${n} / 65536 % 256 as text) || '.' || cast(${n} / 256 % 256 as text) || '.' || cast(${n} % 256 as text))`;
/** What the spec lets an allocatedIpAddresses filter or sort name: the address only. */
const ALLOCATION_FIELDS: SqlFields = { ipAddress: { column: dotted(sql.ref('ip_allocations.ip')), type: 'text' } };

/**
 * The spec's own problems, before anything is written (the seed file reports them with their paths):
 * addresses that parse, a gateway and ranges inside the subnet, ranges that do not overlap and leave out
 * the gateway, and a natRouted network's gateway among `edgeGateways` (the VDC's, by name).
 */
export function networkSpecProblems(spec: NetworkSpec, edgeGateways: readonly string[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (spec.fenceMode === 'natRouted') {
    if (spec.edgeGateway === undefined) {
      problems.push({ at: 'edgeGateway', problem: `missing: a natRouted network needs an Edge gateway of its VDC (valid gateways: ${list(edgeGateways)})` });
    } else if (!edgeGateways.some((g) => g.toLowerCase() === spec.edgeGateway!.toLowerCase())) {
      problems.push({ at: 'edgeGateway', problem: `unknown Edge gateway ${JSON.stringify(spec.edgeGateway)} (valid gateways: ${list(edgeGateways)})` });
    }
  } else if (spec.edgeGateway !== undefined) {
    problems.push({ at: 'edgeGateway', problem: `an ${spec.fenceMode} network has no Edge gateway (only natRouted networks have one)` });
  }
  for (const key of ['dns1', 'dns2'] as const) {
    const value = spec[key];
    if (value !== undefined && parseIpv4(value) === undefined) problems.push({ at: key, problem: `${JSON.stringify(value)} is not an IPv4 address` });
  }
  const gateway = parseIpv4(spec.gateway);
  if (gateway === undefined) {
    problems.push({ at: 'gateway', problem: `${JSON.stringify(spec.gateway)} is not an IPv4 address` });
    return problems;
  }
  const subnet = subnetOf(gateway, spec.prefixLength);
  const cidr = `${formatIpv4(subnet.first)}/${spec.prefixLength}`;
  if (!isHostIn(gateway, subnet)) problems.push({ at: 'gateway', problem: `${spec.gateway} is not a host address of ${cidr}` });
  const ranges: Array<{ start: number; end: number; i: number }> = [];
  (spec.ipRanges ?? []).forEach((r, i) => {
    const start = parseIpv4(r.start);
    const end = parseIpv4(r.end);
    for (const [key, text, n] of [['start', r.start, start], ['end', r.end, end]] as const) {
      if (n === undefined) problems.push({ at: `ipRanges[${i}].${key}`, problem: `${JSON.stringify(text)} is not an IPv4 address` });
      else if (!isHostIn(n, subnet)) problems.push({ at: `ipRanges[${i}].${key}`, problem: `${text} is outside the network's subnet ${cidr}` });
    }
    if (start === undefined || end === undefined) return;
    if (start > end) problems.push({ at: `ipRanges[${i}]`, problem: `the range ends (${r.end}) before it starts (${r.start})` });
    else if (gateway >= start && gateway <= end) problems.push({ at: `ipRanges[${i}]`, problem: `the range holds the gateway ${spec.gateway}` });
    else ranges.push({ start, end, i });
  });
  if ((spec.ipRanges?.length ?? 0) > MAX_IP_RANGES) problems.push({ at: 'ipRanges', problem: `at most ${MAX_IP_RANGES} ranges` });
  ranges.sort((a, b) => a.start - b.start);
  ranges.forEach((r, k) => {
    const before = ranges[k - 1];
    if (before && r.start <= before.end) problems.push({ at: `ipRanges[${r.i}]`, problem: `the range overlaps ipRanges[${before.i}]` });
  });
  return problems;
}

const list = (names: readonly string[]) => (names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'none declared');

function toNetwork(r: NetworkTable & { edge_name: string | null }, ranges: Array<{ start_ip: number; end_ip: number }>): OrgVdcNetwork {
  return {
    id: r.id, orgId: r.org_id, vdcId: r.vdc_id, name: r.name, description: r.description,
    fenceMode: r.fence_mode as FenceMode,
    edgeGateway: r.edge_gateway_id === null ? undefined : { id: r.edge_gateway_id, name: r.edge_name ?? '' },
    gateway: r.gateway, prefixLength: r.prefix_length, netmask: netmaskOf(r.prefix_length),
    dns1: r.dns1 || undefined, dns2: r.dns2 || undefined, dnsSuffix: r.dns_suffix || undefined,
    shared: Boolean(r.is_shared), created: Number(r.created),
    ipRanges: ranges.map((x) => ({ start: formatIpv4(Number(x.start_ip)), end: formatIpv4(Number(x.end_ip)) })),
  };
}

/** The Owner of a network's tasks (its metadata's). */
export const networkOwner = (n: Pick<OrgVdcNetwork, 'id' | 'name'>): TaskOwner => ownerOf(networkType, n);

/** Rounds of "find the lowest free address, claim it" before giving up: each lost round means another
 *  allocation committed in between, so this bounds the work under a burst of concurrent allocations. */
const ALLOCATION_ROUNDS = 100;

export class NetworkService {
  readonly #db: Db;
  readonly #clock: Clock;
  #nameHolders: IpHolderNamer | undefined;
  readonly #tasks: TaskService;

  readonly #engine: Store['engine'];

  constructor(db: Db, engine: Store['engine'], clock: Clock, tasks: TaskService) {
    this.#tasks = tasks;
    this.#db = db;
    this.#engine = engine;
    this.#clock = clock;
  }

  /** How allocations name their holders (set once, by the model that allocates: vApps for NICs). */
  nameHoldersWith(namer: IpHolderNamer): void {
    this.#nameHolders = namer;
  }

  /** A network the caller may see (its org's users with the view right, the provider); else noAccess, as for none. */
  async get(session: Session, id: string): Promise<OrgVdcNetwork> {
    return this.#visible(session, id, () => true);
  }

  /** The admin path's view: the provider, and the org's administrators. */
  async getAdmin(session: Session, id: string): Promise<OrgVdcNetwork> {
    return this.#visible(session, id, (orgId) => canAdministerOrg(session, orgId));
  }

  async #visible(session: Session, id: string, allowed: (orgId: string) => boolean): Promise<OrgVdcNetwork> {
    const ref = await findVisible(this.#db, session, networkType, id);
    const network = ref && allowed(ref.orgId) ? await load(this.#db, id) : undefined;
    if (!network) throw noAccess(urn('network', id));
    return network;
  }

  /** The networks of a VDC the caller sees, in creation order (a VDC's AvailableNetworks). */
  async inVdc(session: Session, vdc: { id: string; orgId: string }): Promise<Array<{ id: string; name: string }>> {
    if (!canSeeInOrg(session, vdc.orgId, VIEW_NETWORK)) return [];
    return this.#db.selectFrom('networks').select(['id', 'name']).where('vdc_id', '=', vdc.id).orderBy('created').orderBy('id').execute();
  }

  /** An org's networks of these names (case-insensitive), by lower-cased name: what a template's NICs name. */
  async namedInOrg(orgId: string, names: readonly string[]): Promise<ReadonlyMap<string, { id: string; name: string }>> {
    if (!names.length) return new Map();
    const rows = await this.#db.selectFrom('networks').select(['id', 'name', 'name_key'])
      .where('org_id', '=', orgId).where('name_key', 'in', names.map((n) => n.toLowerCase())).execute();
    return new Map(rows.map((r) => [r.name_key, { id: r.id, name: r.name }]));
  }

  /** The addresses allocated from a network's pool, in address order (a pool is bounded by its subnet). */
  async allocations(network: OrgVdcNetwork): Promise<IpAllocation[]> {
    return this.#named(await this.#db.selectFrom('ip_allocations').select(['ip', 'holder_id']).where('network_id', '=', network.id).orderBy('ip').execute());
  }

  /**
   * A page of the addresses allocated from a network's pool (the CloudAPI's allocatedIpAddresses), filtered and
   * sorted by ipAddress in SQL, in address order otherwise; the page's holders named in one statement.
   */
  async allocationsPage(networkId: string, query: ListQuery): Promise<ListPage<IpAllocation>> {
    const page = await listInSql(this.#db.selectFrom('ip_allocations').select(['ip', 'holder_id']).where('network_id', '=', networkId), query, {
      engine: this.#engine, fields: ALLOCATION_FIELDS, order: ['ip_allocations.ip'],
    });
    return { ...page, items: await this.#named(page.items) };
  }

  async #named(rows: ReadonlyArray<{ ip: number | string; holder_id: string }>): Promise<IpAllocation[]> {
    const holders = this.#nameHolders && rows.length ? await this.#nameHolders(this.#db, rows.map((r) => r.holder_id)) : new Map<string, IpHolder>();
    return rows.map((r) => ({ ip: formatIpv4(Number(r.ip)), holderId: r.holder_id, holder: holders.get(r.holder_id) }));
  }

  /** an org VDC network VDC `vdcId` may connect VMs to, by name (case-insensitive), or undefined */
  async findForVdc(db: Executor, vdcId: string, name: string): Promise<OrgVdcNetwork | undefined> {
    const row = await db.selectFrom('networks').select('id').where('vdc_id', '=', vdcId).where('name_key', '=', name.toLowerCase()).executeTakeFirst();
    return row && load(db, row.id);
  }

  /** an org VDC network of VDC `vdcId` by id, or undefined */
  async findByIdForVdc(db: Executor, vdcId: string, id: string): Promise<OrgVdcNetwork | undefined> {
    const row = await db.selectFrom('networks').select('id').where('vdc_id', '=', vdcId).where('id', '=', id).executeTakeFirst();
    return row && load(db, row.id);
  }

  /**
   * takes `requested` if given (must be in the pool and free) or the lowest free address of the network's
   * IP ranges; recorded against holderId (a NIC id); throws VcdError as VCD refuses (pool exhausted,
   * address outside/taken)
   */
  async allocateIp(trx: Transaction<Database>, networkId: string, holderId: string, requested?: string): Promise<string> {
    const network = await load(trx, networkId);
    if (!network) throw errors.invalidReference(`The network ${networkId} does not exist.`);
    if (requested !== undefined) {
      const ip = parseIpv4(requested);
      if (ip === undefined) throw errors.badRequest(`"${requested}" is not a valid IP address.`);
      const inPool = await trx.selectFrom('network_ip_ranges').select('position').where('network_id', '=', networkId)
        .where('start_ip', '<=', ip).where('end_ip', '>=', ip).executeTakeFirst();
      if (!inPool) throw errors.badRequest(`The IP address ${requested} is not in the static IP pool of network "${network.name}".`);
      if (!await this.#claim(trx, networkId, ip, holderId)) {
        throw errors.badRequest(`The IP address ${requested} of network "${network.name}" is already in use.`);
      }
      return formatIpv4(ip);
    }
    for (let round = 0; round < ALLOCATION_ROUNDS; round++) {
      const ip = await lowestFree(trx, networkId);
      if (ip === undefined) throw poolExhausted(network.name);
      if (await this.#claim(trx, networkId, ip, holderId)) return formatIpv4(ip);
    }
    throw errors.busyEntity(`The static IP pool of network "${network.name}" is busy; try again.`);
  }

  /** frees every address these holders hold */
  async releaseIps(trx: Transaction<Database>, holderIds: readonly string[]): Promise<void> {
    if (!holderIds.length) return;
    await trx.deleteFrom('ip_allocations').where('holder_id', 'in', holderIds).execute();
  }

  /**
   * Seed: the network of that name in the org, created in VDC `vdcId` as the spec says if it is not there
   * yet. `edgeGateway` is the gateway the spec names, found by the caller; the seed file checked the spec.
   */
  async ensure(orgId: string, vdcId: string, spec: NetworkSpec, edgeGateway: { id: string; name: string } | undefined): Promise<OrgVdcNetwork> {
    const existing = await this.#db.selectFrom('networks').select('id').where('org_id', '=', orgId).where('name_key', '=', spec.name.toLowerCase()).executeTakeFirst();
    if (existing) return (await load(this.#db, existing.id))!;
    refuseProblems('created', networkSpecProblems(spec, edgeGateway ? [edgeGateway.name] : []));
    const id = newId();
    await this.#db.transaction().execute((trx) => insertNetwork(trx, { id, orgId, vdcId, spec, edgeGatewayId: edgeGateway?.id, created: this.#clock.now() }));
    return (await load(this.#db, id))!;
  }

  /**
   * CloudAPI POST /orgVdcNetworks: a new network in the VDC, through a task. The spec is checked first (400 naming
   * the field), and the network is made in the task's start, so a taken name is refused (400) with nothing made.
   */
  async create(session: Session, vdc: { id: string; orgId: string }, spec: NetworkSpec, edgeGateway: { id: string; name: string; vdcId: string } | undefined): Promise<Task> {
    refuseProblems('created', networkSpecProblems(spec, edgeGateway && edgeGateway.vdcId === vdc.id ? [edgeGateway.name] : []));
    const id = newId();
    return this.#tasks.run({
      session, owner: networkOwner({ id, name: spec.name }), operationName: 'networkCreateOrgVdcNetwork', operation: `Created Network ${spec.name}(${id})`,
      begin: (trx) => insertNetwork(trx, { id, orgId: vdc.orgId, vdcId: vdc.id, spec, edgeGatewayId: edgeGateway?.id, created: this.#clock.now() }),
      work: async () => {},
    });
  }

  /**
   * CloudAPI PUT: the name, description, DNS settings, sharing and static pool, through a task. The subnet, the type
   * and the gateway a network is routed through stay (400 otherwise), and the pool must keep every allocated address.
   */
  async update(session: Session, network: OrgVdcNetwork, spec: NetworkSpec): Promise<Task> {
    const fixed = ([['gateway', network.gateway], ['prefixLength', network.prefixLength], ['fenceMode', network.fenceMode], ['edgeGateway', network.edgeGateway?.name]] as const)
      .filter(([key, now]) => String(spec[key] ?? '').toLowerCase() !== String(now ?? '').toLowerCase());
    if (fixed.length) throw errors.badRequest(`The network cannot be updated: ${fixed.map(([key]) => key).join(', ')} cannot change.`);
    refuseProblems('updated', networkSpecProblems(spec, network.edgeGateway ? [network.edgeGateway.name] : []));
    return this.#tasks.run({
      session, owner: networkOwner(network), operationName: 'networkUpdateNetwork', operation: `Updated Network ${network.name}(${network.id})`,
      begin: async (trx) => {
        await trx.deleteFrom('network_ip_ranges').where('network_id', '=', network.id).execute();
        await insertRanges(trx, network.id, spec.ipRanges ?? []);
        const outside = await sql<{ ip: number }>`select a.ip from ip_allocations a where a.network_id = ${network.id} and not exists
          (select 1 from network_ip_ranges r where r.network_id = ${network.id} and a.ip between r.start_ip and r.end_ip)`.execute(trx);
        const ip = outside.rows[0]?.ip;
        if (ip !== undefined) throw errors.badRequest(`The network cannot be updated: its allocated address ${formatIpv4(Number(ip))} is outside the new static IP pool.`);
        try {
          await trx.updateTable('networks').set({
            name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
            dns1: spec.dns1 ?? '', dns2: spec.dns2 ?? '', dns_suffix: spec.dnsSuffix ?? '', is_shared: spec.shared ? 1 : 0,
          }).where('id', '=', network.id).execute();
        } catch (e) {
          throw isUniqueViolation(e) ? duplicateName(spec.name) : e;
        }
      },
      work: async () => {},
    });
  }

  /** CloudAPI DELETE: a network no VM is connected to (400 otherwise, as VCD refuses a network in use), through a task. */
  async delete(session: Session, network: OrgVdcNetwork): Promise<Task> {
    return this.#tasks.run({
      session, owner: networkOwner(network), operationName: 'networkDelete', operation: `Deleted Network ${network.name}(${network.id})`,
      begin: async (trx) => {
        const used = await trx.selectFrom('ip_allocations').select('ip').where('network_id', '=', network.id).limit(1).executeTakeFirst();
        if (used) throw errors.badRequest(`The network "${network.name}" is in use: disconnect its VMs before deleting it.`);
      },
      work: async (trx) => {
        await trx.deleteFrom('metadata').where('entity_urn', '=', urn('network', network.id)).execute();
        await trx.deleteFrom('network_ip_ranges').where('network_id', '=', network.id).execute();
        await trx.deleteFrom('networks').where('id', '=', network.id).execute();
      },
    });
  }

  /** Claims `ip` for the holder; false when it is taken (by a committed allocation, or one that commits first). */
  async #claim(trx: Transaction<Database>, networkId: string, ip: number, holderId: string): Promise<boolean> {
    const inserted = await trx.insertInto('ip_allocations')
      .values({ network_id: networkId, ip, holder_id: holderId, allocated: this.#clock.now() })
      .onConflict((oc) => oc.columns(['network_id', 'ip']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}

const duplicateName = (name: string) => errors.duplicateName(`A network named "${name}" already exists in the organization.`);

function refuseProblems(verb: string, problems: readonly SpecProblem[]): void {
  if (problems.length) throw errors.badRequest(`The network cannot be ${verb}: ${problems.map((p) => `${p.at}: ${p.problem}`).join('; ')}.`);
}

/** A network's row and its static pool, in the caller's transaction; a name its org has taken is refused. */
async function insertNetwork(trx: Transaction<Database>, n: { id: string; orgId: string; vdcId: string; spec: NetworkSpec; edgeGatewayId: string | undefined; created: number }): Promise<void> {
  const { spec } = n;
  try {
    await trx.insertInto('networks').values({
      id: n.id, org_id: n.orgId, vdc_id: n.vdcId, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
      fence_mode: spec.fenceMode, edge_gateway_id: n.edgeGatewayId ?? null, gateway: spec.gateway, prefix_length: spec.prefixLength,
      dns1: spec.dns1 ?? '', dns2: spec.dns2 ?? '', dns_suffix: spec.dnsSuffix ?? '', is_shared: spec.shared ? 1 : 0, created: n.created,
    }).execute();
  } catch (e) {
    throw isUniqueViolation(e) ? duplicateName(spec.name) : e;
  }
  await insertRanges(trx, n.id, spec.ipRanges ?? []);
}

async function insertRanges(trx: Transaction<Database>, networkId: string, ranges: readonly IpRange[]): Promise<void> {
  if (!ranges.length) return;
  await trx.insertInto('network_ip_ranges')
    .values(ranges.map((r, position) => ({ network_id: networkId, position, start_ip: parseIpv4(r.start)!, end_ip: parseIpv4(r.end)! })))
    .execute();
}

const poolExhausted = (name: string) =>
  errors.badRequest(`No IP addresses are available in the static IP pool of network "${name}": the pool is exhausted.`);

async function load(db: Executor, id: string): Promise<OrgVdcNetwork | undefined> {
  const row = await db.selectFrom('networks').leftJoin('edge_gateways', 'edge_gateways.id', 'networks.edge_gateway_id')
    .selectAll('networks').select('edge_gateways.name as edge_name').where('networks.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const ranges = await db.selectFrom('network_ip_ranges').select(['start_ip', 'end_ip']).where('network_id', '=', id).orderBy('position').execute();
  return toNetwork(row, ranges);
}

/**
 * The lowest address of the network's ranges that nothing holds, found in SQL without reading the
 * allocations: it is either the start of a range or just above an allocated address.
 */
async function lowestFree(trx: Transaction<Database>, networkId: string): Promise<number | undefined> {
  const { rows } = await sql<{ ip: number | string | null }>`
    select min(c.ip) as ip from (
      select r.start_ip as ip from network_ip_ranges r where r.network_id = ${networkId}
      union all
      select a.ip + 1 as ip from ip_allocations a where a.network_id = ${networkId}
    ) c
    where exists (select 1 from network_ip_ranges r where r.network_id = ${networkId} and c.ip between r.start_ip and r.end_ip)
      and not exists (select 1 from ip_allocations a where a.network_id = ${networkId} and a.ip = c.ip)`.execute(trx);
  const ip = rows[0]?.ip;
  return ip === null || ip === undefined ? undefined : Number(ip);
}
