// Org VDCs and their storage profiles, with Cloud Director's rules: who sees a VDC (its org's users, the
// provider every one; another org's is forbidden, as one that does not exist), who manages them (the
// provider creates and deletes; name and description are edited through a task), what a VDC uses (one
// place, #held(), computed from what it holds and what its running tasks have reserved) and whether a new
// load fits (reserve(), which a vApp task's start calls: the check and the reservation are one step).
import { ownerOf } from '../../inventory/registry.ts';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Database, VdcStorageProfileTable, VdcTable } from '../../store/schema.ts';
import { canSeeInOrg, noAccess, VIEW_VDC } from '../../inventory/policy.ts';
import { findVisible } from '../../inventory/registry.ts';
import { vdcType } from './type.ts';
import { VCPU_MHZ } from '../vapp/type.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';

export const ALLOCATION_MODELS = ['AllocationVApp', 'AllocationPool', 'ReservationPool', 'Flex'] as const;
export type AllocationModel = (typeof ALLOCATION_MODELS)[number];

/** VCD's VDC status (PG5.5; go-vcloud-director VDCStatuses): only READY is ever reached here. */
export const VDC_STATUS = { '-1': 'FAILED_CREATION', 0: 'NOT_READY', 1: 'READY', 2: 'UNKNOWN', 3: 'UNRECOGNIZED' } as const;
const READY = 1;

export interface StorageProfile {
  id: string;
  vdcId: string;
  name: string;
  /** MB; 0 is unlimited */
  limitMb: number;
  usedMb: number;
  isDefault: boolean;
  enabled: boolean;
}

/** CPU in MHz and memory in MB, as VCD lists them. */
export interface Capacity {
  allocated: number;
  limit: number;
  reserved: number;
}

export interface Vdc {
  id: string;
  orgId: string;
  name: string;
  description: string;
  allocationModel: AllocationModel;
  cpu: Capacity;
  memory: Capacity;
  /** 0: unlimited */
  nicQuota: number;
  networkQuota: number;
  vmQuota: number;
  enabled: boolean;
  status: number;
  created: number;
  storageProfiles: StorageProfile[];
  /** the provider VDC it draws on (null: none, for one made before provider VDCs were modelled) */
  providerVdcId: string | null;
}

/** What a VDC's contents use, in its units (MHz, MB). */
export interface VdcUsage {
  cpuMhz: number;
  memoryMb: number;
  /** MB per storage profile id */
  storageMb: ReadonlyMap<string, number>;
  vms: number;
  networks: number;
}

/** What a new vApp or VM would add to a VDC. */
export interface Demand {
  cpuMhz: number;
  memoryMb: number;
  vms: number;
  /** MB on the storage profile it is placed on (the VDC's default when absent) */
  storageMb: number;
  storageProfileId?: string;
}

export interface StorageProfileSpec {
  name: string;
  limitMb: number;
  default?: boolean;
  enabled?: boolean;
}

/** A VDC as the seed file and CreateVdcParams describe it; what is left out gets VCD's defaults. */
export interface VdcSpec {
  name: string;
  description?: string | undefined;
  allocationModel: AllocationModel;
  cpuLimitMhz?: number | undefined;
  cpuAllocatedMhz?: number | undefined;
  cpuReservedMhz?: number | undefined;
  memoryLimitMb?: number | undefined;
  memoryAllocatedMb?: number | undefined;
  memoryReservedMb?: number | undefined;
  nicQuota?: number | undefined;
  networkQuota?: number | undefined;
  vmQuota?: number | undefined;
  enabled?: boolean | undefined;
  storageProfiles: StorageProfileSpec[];
  /** the fractions of the allocation guaranteed (reserved) when no Reserved is given: AllocationPool, AllocationVApp and Flex */
  cpuGuaranteed?: number | undefined;
  memoryGuaranteed?: number | undefined;
  /** the provider VDC it draws on */
  providerVdcId?: string | undefined;
}

/** A storage profile CreateVdcParams asks for: its provider VDC's profile by id (an href) or by name. */
export type RequestedStorageProfile = Omit<StorageProfileSpec, 'name'> & { name?: string | undefined; providerProfileId?: string | undefined };

/** What CreateVdcParams asks for: a VdcSpec whose storage profiles and network pool are still to be found in its provider VDC. */
export interface CreateVdcRequest extends Omit<VdcSpec, 'storageProfiles'> {
  storageProfiles: RequestedStorageProfile[];
  networkPoolId?: string | undefined;
}

/** The Owner of a VDC's tasks. */
export const vdcOwner = (vdc: Pick<Vdc, 'id' | 'name'>): TaskOwner => ownerOf(vdcType, vdc);

const NETWORK_QUOTA_DEFAULT = 1000;

function toProfile(r: VdcStorageProfileTable): StorageProfile {
  return { id: r.id, vdcId: r.vdc_id, name: r.name, limitMb: Number(r.limit_mb), usedMb: Number(r.used_mb), isDefault: Boolean(r.is_default), enabled: Boolean(r.is_enabled) };
}

function toVdc(r: VdcTable, profiles: StorageProfile[]): Vdc {
  return {
    id: r.id, orgId: r.org_id, name: r.name, description: r.description,
    allocationModel: r.allocation_model as AllocationModel,
    cpu: { allocated: Number(r.cpu_allocated_mhz), limit: Number(r.cpu_limit_mhz), reserved: Number(r.cpu_reserved_mhz) },
    memory: { allocated: Number(r.memory_allocated_mb), limit: Number(r.memory_limit_mb), reserved: Number(r.memory_reserved_mb) },
    nicQuota: r.nic_quota, networkQuota: r.network_quota, vmQuota: r.vm_quota,
    enabled: Boolean(r.is_enabled), status: r.status, created: Number(r.created), storageProfiles: profiles, providerVdcId: r.provider_vdc_id,
  };
}

/**
 * A new VDC's CPU or memory under its allocation model, as VCD sets them. Pay-as-you-go (AllocationVApp) has no
 * limits (VCD returns 0, unlimited) and allocates nothing up front; an allocation pool's limit is its allocation;
 * a reservation pool reserves all of it; Flex keeps allocation and limit apart. The allocation defaults to the
 * limit; what is reserved, when not given, is the guaranteed fraction of the allocation (none by default).
 */
function capacityOf(model: AllocationModel, limit: number | undefined, allocated: number | undefined, reserved: number | undefined, guaranteed: number | undefined): Capacity {
  const allocation = model === 'AllocationVApp' ? allocated ?? 0 : allocated ?? limit ?? 0;
  const share = reserved ?? Math.round(allocation * (guaranteed ?? 0));
  switch (model) {
    case 'AllocationVApp': return { allocated: allocation, limit: 0, reserved: share };
    case 'AllocationPool': return { allocated: allocation, limit: allocation, reserved: share };
    case 'ReservationPool': return { allocated: allocation, limit: allocation, reserved: allocation };
    case 'Flex': return { allocated: allocation, limit: limit ?? 0, reserved: share };
  }
}

/** The columns of a new VDC. */
function vdcRow(id: string, orgId: string, spec: VdcSpec, now: number): VdcTable {
  const model = spec.allocationModel;
  const cpu = capacityOf(model, spec.cpuLimitMhz, spec.cpuAllocatedMhz, spec.cpuReservedMhz, spec.cpuGuaranteed);
  const memory = capacityOf(model, spec.memoryLimitMb, spec.memoryAllocatedMb, spec.memoryReservedMb, spec.memoryGuaranteed);
  return {
    id, org_id: orgId, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
    allocation_model: model,
    cpu_allocated_mhz: cpu.allocated, cpu_limit_mhz: cpu.limit, cpu_reserved_mhz: cpu.reserved,
    memory_allocated_mb: memory.allocated, memory_limit_mb: memory.limit, memory_reserved_mb: memory.reserved,
    nic_quota: spec.nicQuota ?? 0, network_quota: spec.networkQuota ?? NETWORK_QUOTA_DEFAULT, vm_quota: spec.vmQuota ?? 0,
    is_enabled: spec.enabled === false ? 0 : 1, status: READY, created: now, provider_vdc_id: spec.providerVdcId ?? null, services_edge_cluster_id: null,
  };
}

/** The spec's own problems, before anything is written (the seed file checks these too). */
export function vdcSpecProblems(spec: VdcSpec): string[] {
  const problems: string[] = [];
  if (!spec.storageProfiles.length) problems.push('a VDC needs at least one storage profile');
  const defaults = spec.storageProfiles.filter((p) => p.default).length;
  if (spec.storageProfiles.length > 1 && defaults !== 1) problems.push(`exactly one storage profile must be the default (${defaults} are)`);
  const names = spec.storageProfiles.map((p) => p.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) problems.push(`storage profile ${JSON.stringify(twice)} is named twice`);
  for (const [what, v] of [['cpuLimitMhz', spec.cpuLimitMhz], ['memoryLimitMb', spec.memoryLimitMb]] as const) {
    if (v !== undefined && v < 0) problems.push(`${what} must not be negative`);
  }
  if (spec.allocationModel !== 'AllocationVApp' && !(spec.memoryAllocatedMb ?? spec.memoryLimitMb)) {
    problems.push(`an ${spec.allocationModel} VDC needs memoryLimitMb (the value for allocated memory must be above zero)`);
  }
  return problems;
}

export class VdcService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;
  /** whether the store locks rows (PostgreSQL: SELECT … FOR NO KEY UPDATE); SQLite's transactions run one at a time */
  readonly #rowLocks: boolean;

  constructor(db: Db, clock: Clock, tasks: TaskService, options: { rowLocks: boolean }) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = tasks;
    this.#rowLocks = options.rowLocks;
  }

  /** A VDC the caller may see (its org's users with the view right, the provider); else noAccess, as for none. */
  async get(session: Session, id: string): Promise<Vdc> {
    return await this.#visible(session, id) ?? this.#absent('vdc', id);
  }

  /** The admin view: the provider, and the org's administrators. */
  async getAdmin(session: Session, id: string): Promise<Vdc> {
    return await this.#visible(session, id, 'admin.vdc') ?? this.#absent('vdc', id);
  }

  async #visible(session: Session, id: string, family?: string): Promise<Vdc | undefined> {
    return await findVisible(this.#db, session, vdcType, id, family) ? this.#load(id) : undefined;
  }

  #absent(urnType: string, id: string): never {
    throw noAccess(urn(urnType, id));
  }

  /** A storage profile, seen by whoever sees its VDC. */
  async storageProfile(session: Session, id: string): Promise<{ profile: StorageProfile; vdc: Vdc }> {
    const row = await this.#db.selectFrom('vdc_storage_profiles').selectAll().where('id', '=', id).executeTakeFirst();
    const vdc = row && await this.#visible(session, row.vdc_id);
    if (!row || !vdc) this.#absent('vdcstorageProfile', id);
    // what the profile holds counts as the VDC's usage does: its VMs' disks too
    const usedMb = (await this.usage(vdc)).storageMb.get(row.id) ?? Number(row.used_mb);
    return { profile: { ...toProfile(row), usedMb }, vdc };
  }

  /** An org's VDCs by name and id, for the Org document's links (the org's own; callers checked the org). */
  async namesInOrg(session: Session, orgId: string): Promise<Array<{ id: string; name: string }>> {
    if (!canSeeInOrg(session, orgId, VIEW_VDC)) return [];
    return this.#db.selectFrom('vdcs').select(['id', 'name']).where('org_id', '=', orgId).orderBy('created').orderBy('id').execute();
  }

  /**
   * What a VDC's contents use: CPU (vCPUs at VCD's default speed) and memory of its deployed VMs, its
   * VMs, and per storage profile the VMs' disks and independent disks beside what the profile records (templates and media).
   */
  async usage(vdc: Vdc): Promise<VdcUsage> {
    return this.#held(this.#db, vdc, false);
  }

  /**
   * In a task's start (its transaction, once the task holds its owner): refuses a load that does not fit,
   * as VCD refuses it, and otherwise reserves it for the task until the task ends. A disabled VDC takes
   * nothing; CPU and memory are bounded by the limit (0: unlimited, as pay-as-you-go is), the storage
   * profile by its limit and the VDC by its VM quota, counting what the VDC holds and what its running
   * tasks have reserved. The VDC's row is locked first (PostgreSQL; on SQLite the transaction has the
   * store's one connection to itself), so that a VDC's reservations are decided one at a time.
   */
  async reserve(trx: Transaction<Database>, taskId: string, vdcId: string, demand: Demand): Promise<void> {
    const vdc = await this.#load(vdcId, trx, this.#rowLocks);
    if (!vdc) this.#absent('vdc', vdcId);
    if (!vdc.enabled) throw errors.badRequest(`The VDC "${vdc.name}" is disabled; it cannot take new vApps or VMs.`);
    const used = await this.#held(trx, vdc, true);
    const over = (what: string, limit: number, inUse: number, asked: number, unit: string) => {
      if (limit > 0 && inUse + asked > limit) {
        throw errors.badRequest(
          `The operation exceeds the ${what} of VDC "${vdc.name}": ${asked} ${unit} requested, ${Math.max(0, limit - inUse)} ${unit} of ${limit} ${unit} available.`);
      }
    };
    over('CPU limit', vdc.cpu.limit, used.cpuMhz, demand.cpuMhz, 'MHz');
    over('memory limit', vdc.memory.limit, used.memoryMb, demand.memoryMb, 'MB');
    over('VM quota', vdc.vmQuota, used.vms, demand.vms, 'VMs');
    const profile = demand.storageProfileId === undefined
      ? vdc.storageProfiles.find((p) => p.isDefault)
      : vdc.storageProfiles.find((p) => p.id === demand.storageProfileId);
    if (!profile || !profile.enabled) throw errors.badRequest(`The storage profile is not available in VDC "${vdc.name}".`);
    over(`storage limit of storage profile "${profile.name}" in the`, profile.limitMb, used.storageMb.get(profile.id) ?? 0, demand.storageMb, 'MB');
    await trx.insertInto('vdc_reservations').values({
      task_id: taskId, vdc_id: vdc.id, storage_profile_id: profile.id,
      cpu_mhz: demand.cpuMhz, memory_mb: demand.memoryMb, vms: demand.vms, storage_mb: demand.storageMb,
    }).execute();
  }

  /** Seed: the VDC of that name in the org, created as the spec says if it is not there yet. */
  async ensure(orgId: string, spec: VdcSpec): Promise<Vdc> {
    const existing = await this.#db.selectFrom('vdcs').select('id').where('org_id', '=', orgId).where('name_key', '=', spec.name.toLowerCase()).executeTakeFirst();
    return existing ? (await this.#load(existing.id))! : this.#create(orgId, spec);
  }

  /** createVdc: the provider only (its route says so); the answer carries the creation's task. */
  async create(session: Session, orgId: string, request: CreateVdcRequest): Promise<{ vdc: Vdc; task: Task }> {
    const spec = await this.#placed(request);
    const problems = vdcSpecProblems(spec);
    if (problems.length) throw errors.badRequest(`The VDC cannot be created: ${problems.join('; ')}.`);
    const vdc = await this.#create(orgId, spec, (trx, row) => this.#fitsProviderVdc(trx, row));
    const task = await this.#tasks.run({
      session, owner: vdcOwner(vdc), operationName: 'vdcCreateVdc', operation: `Created Virtual Datacenter ${vdc.name}(${vdc.id})`,
      work: async () => {},
    });
    return { vdc, task };
  }

  /** PUT: a new name and description, through a task (its right is the type's edit right, type.ts). */
  async update(session: Session, vdc: Vdc, changes: { name: string; description?: string | undefined }): Promise<Task> {
    return this.#tasks.run({
      session, owner: vdcOwner(vdc), operationName: 'vdcUpdateVdc', operation: `Updated Virtual Datacenter ${vdc.name}(${vdc.id})`,
      work: async (trx) => {
        try {
          await trx.updateTable('vdcs')
            .set({ name: changes.name, name_key: changes.name.toLowerCase(), ...(changes.description !== undefined && { description: changes.description }) })
            .where('id', '=', vdc.id).execute();
        } catch (e) {
          if (isUniqueViolation(e)) throw errors.duplicateName(`A VDC named "${changes.name}" already exists in the organization.`);
          throw e;
        }
      },
    });
  }

  /** DELETE: VCD deletes only a disabled VDC, unless force is asserted. */
  async delete(session: Session, vdc: Vdc, force: boolean): Promise<Task> {
    if (vdc.enabled && !force) {
      throw errors.badRequest(`The VDC "${vdc.name}" is enabled; disable it before deleting it, or delete it with force=true.`);
    }
    return this.#tasks.run({
      session, owner: vdcOwner(vdc), operationName: 'vdcDeleteVdc', operation: `Deleted Virtual Datacenter ${vdc.name}(${vdc.id})`,
      work: async (trx) => {
        await trx.deleteFrom('metadata').where('entity_urn', '=', urn('vdc', vdc.id)).execute();
        await trx.deleteFrom('vdc_storage_profiles').where('vdc_id', '=', vdc.id).execute();
        await trx.deleteFrom('vdcs').where('id', '=', vdc.id).execute();
      },
    });
  }

  /** The network stack the VDC's provider VDC gives it: NSX-T when that has an NSX-T manager. */
  async networkProvider(vdc: Vdc): Promise<'NSX_T' | undefined> {
    if (vdc.providerVdcId === null) return undefined;
    const p = await this.#db.selectFrom('provider_vdcs').select('manager_id').where('id', '=', vdc.providerVdcId).executeTakeFirst();
    return p?.manager_id ? 'NSX_T' : undefined;
  }

  /** The VDC's network profile: the edge cluster its networks' services use (NSX-T's id and name), if one is set. */
  async networkProfile(vdc: Vdc): Promise<{ servicesEdgeCluster: { backingId: string; name: string } | undefined }> {
    const row = await this.#db.selectFrom('vdcs').leftJoin('provider_vdcs as p', 'p.id', 'vdcs.provider_vdc_id')
      .leftJoin('nsxt_resources as r', (j) => j.onRef('r.manager_id', '=', 'p.manager_id').onRef('r.backing_id', '=', 'vdcs.services_edge_cluster_id').on('r.kind', '=', 'edgeCluster'))
      .select(['vdcs.services_edge_cluster_id as backing_id', 'r.name']).where('vdcs.id', '=', vdc.id).executeTakeFirst();
    return { servicesEdgeCluster: row?.backing_id && row.name ? { backingId: row.backing_id, name: row.name } : undefined };
  }

  /**
   * PUT networkProfile, through a task: the services edge cluster, one of the edge clusters of the NSX-T manager
   * behind the VDC's provider VDC (null clears it). The NSX-V edge clusters (primary, secondary) an NSX-T VDC has not.
   */
  async setNetworkProfile(session: Session, vdc: Vdc, profile: { servicesEdgeClusterId: string | null; nsxv: boolean }): Promise<Task> {
    if (profile.nsxv) throw errors.badRequest('primaryEdgeCluster and secondaryEdgeCluster are for NSX-V backed VDCs; this VDC is NSX-T backed or has no network provider.');
    const id = profile.servicesEdgeClusterId;
    if (id !== null) {
      const found = vdc.providerVdcId !== null && await this.#db.selectFrom('provider_vdcs as p').innerJoin('nsxt_resources as r', 'r.manager_id', 'p.manager_id')
        .select('r.backing_id').where('p.id', '=', vdc.providerVdcId).where('r.kind', '=', 'edgeCluster').where('r.backing_id', '=', id).executeTakeFirst();
      if (!found) throw errors.invalidReference(`The edge cluster ${JSON.stringify(id)} is not one of the NSX-T manager behind the VDC "${vdc.name}".`);
    }
    return this.#tasks.run({
      session, owner: vdcOwner(vdc), operationName: 'vdcUpdateNetworkProfile', operation: `Updated network profile of Virtual Datacenter ${vdc.name}(${vdc.id})`,
      work: async (trx) => { await trx.updateTable('vdcs').set({ services_edge_cluster_id: id }).where('id', '=', vdc.id).execute(); },
    });
  }

  /** enable / disable (the provider's actions on the admin view). */
  async setEnabled(vdc: Vdc, enabled: boolean): Promise<void> {
    await this.#db.updateTable('vdcs').set({ is_enabled: enabled ? 1 : 0 }).where('id', '=', vdc.id).execute();
  }

  /**
   * The VdcSpec a request comes to in its provider VDC: each storage profile found among the provider VDC's (by
   * href or name), the network pool the provider VDC's own. Without a provider VDC (as before they were modelled)
   * the profiles are taken by name.
   */
  async #placed(request: CreateVdcRequest): Promise<VdcSpec> {
    const { networkPoolId, ...spec } = request;
    if (request.providerVdcId === undefined) {
      return { ...spec, storageProfiles: spec.storageProfiles.map((p, i) => ({ ...p, name: p.name ?? this.#noProviderVdc(i) })) };
    }
    const providerVdc = await this.#db.selectFrom('provider_vdcs').select(['id', 'name', 'is_enabled', 'network_pool_id'])
      .where('id', '=', request.providerVdcId).executeTakeFirst();
    if (!providerVdc) throw errors.invalidReference(`The ProviderVdcReference names no provider VDC (${request.providerVdcId}).`);
    if (providerVdc.is_enabled !== 1) throw errors.badRequest(`The provider VDC "${providerVdc.name}" is disabled; no VDC can be created in it.`);
    if (networkPoolId !== undefined && networkPoolId !== providerVdc.network_pool_id) {
      throw errors.invalidReference(`The network pool ${networkPoolId} is not the network pool of provider VDC "${providerVdc.name}".`);
    }
    const offered = await this.#db.selectFrom('provider_vdc_storage_profiles as ps').innerJoin('vc_storage_profiles as s', 's.id', 'ps.vc_storage_profile_id')
      .select(['ps.id', 's.name', 'ps.is_enabled']).where('ps.provider_vdc_id', '=', providerVdc.id).execute();
    const storageProfiles = spec.storageProfiles.map((p, i) => {
      const found = offered.find((o) => p.providerProfileId !== undefined ? o.id === p.providerProfileId : o.name.toLowerCase() === p.name!.toLowerCase());
      if (!found || found.is_enabled !== 1) {
        throw errors.invalidReference(`VdcStorageProfile[${i}] ${JSON.stringify(p.name ?? p.providerProfileId)} is not an enabled storage profile of provider VDC "${providerVdc.name}".`);
      }
      const { providerProfileId: _, ...profile } = p;
      return { ...profile, name: found.name };
    });
    return { ...spec, storageProfiles };
  }

  #noProviderVdc(index: number): never {
    throw errors.badRequest(`VdcStorageProfile[${index}] is named by href alone, which needs the ProviderVdcReference its provider VDC is named by.`);
  }

  /**
   * In the new VDC's transaction, once its row is written: what its provider VDC has allocated to its org VDCs
   * (this one with them) must fit the provider VDC's resource pool, as VCD refuses an allocation beyond what is left.
   */
  async #fitsProviderVdc(trx: Transaction<Database>, row: VdcTable): Promise<void> {
    if (row.provider_vdc_id === null) return;
    const pool = await trx.selectFrom('provider_vdcs as p').innerJoin('vc_resource_pools as rp', 'rp.id', 'p.resource_pool_id')
      .select(['p.name', 'rp.cpu_mhz', 'rp.memory_mb']).where('p.id', '=', row.provider_vdc_id)
      // one creation at a time per provider VDC (PostgreSQL), so that two cannot both take what is left
      .$if(this.#rowLocks, (q) => q.forNoKeyUpdate('p')).executeTakeFirstOrThrow();
    const allocated = await trx.selectFrom('vdcs').where('provider_vdc_id', '=', row.provider_vdc_id).where('id', '!=', row.id)
      .select([sql<number | string>`coalesce(sum(cpu_allocated_mhz), 0)`.as('cpu'), sql<number | string>`coalesce(sum(memory_allocated_mb), 0)`.as('memory')])
      .executeTakeFirstOrThrow();
    for (const [what, asked, total, taken, unit] of [
      ['CPU', row.cpu_allocated_mhz, Number(pool.cpu_mhz), Number(allocated.cpu), 'MHz'],
      ['memory', row.memory_allocated_mb, Number(pool.memory_mb), Number(allocated.memory), 'MB'],
    ] as const) {
      if (asked > 0 && taken + asked > total) {
        throw errors.badRequest(`The VDC cannot be created: its ${what} allocation of ${asked} ${unit} exceeds what provider VDC "${pool.name}" has left `
          + `(${Math.max(0, total - taken)} ${unit} of ${total} ${unit}).`);
      }
    }
  }

  /** `check`: run in the transaction once the VDC's row is written (a refusal undoes the creation). */
  async #create(orgId: string, spec: VdcSpec, check?: (trx: Transaction<Database>, row: VdcTable) => Promise<void>): Promise<Vdc> {
    const id = newId();
    const onlyOne = spec.storageProfiles.length === 1;
    try {
      await this.#db.transaction().execute(async (trx) => {
        const row = vdcRow(id, orgId, spec, this.#clock.now());
        await trx.insertInto('vdcs').values(row).execute();
        await check?.(trx, row);
        await trx.insertInto('vdc_storage_profiles').values(spec.storageProfiles.map((p, position) => ({
          id: newId(), vdc_id: id, name: p.name, limit_mb: p.limitMb, used_mb: 0,
          is_default: onlyOne || p.default ? 1 : 0, is_enabled: p.enabled === false ? 0 : 1, position,
        }))).execute();
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.duplicateName(`A VDC named "${spec.name}" already exists in the organization.`);
      throw e;
    }
    return (await this.#load(id))!;
  }

  /** A VDC and its storage profiles; `lock`: its row locked for the rest of the transaction `db` is. */
  async #load(id: string, db: Db = this.#db, lock = false): Promise<Vdc | undefined> {
    const row = await db.selectFrom('vdcs').selectAll().where('id', '=', id).$if(lock, (q) => q.forNoKeyUpdate()).executeTakeFirst();
    if (!row) return undefined;
    const profiles = await db.selectFrom('vdc_storage_profiles').selectAll().where('vdc_id', '=', id).orderBy('position').execute();
    return toVdc(row, profiles.map(toProfile));
  }

  /**
   * What a VDC holds (as usage() says), and with `reserved` what its running tasks have reserved, in one
   * statement: one snapshot of the store, in which a task's end and its work (the VMs it made or started)
   * are either both seen or neither, so nothing is counted twice or missed.
   */
  async #held(db: Db, vdc: Vdc, reserved: boolean): Promise<VdcUsage> {
    const zero = sql<number>`0`;
    const whenDeployed = (value: RawBuilder<number>) => sql<number>`case when deployed = 1 then ${value} else 0 end`;
    const parts = db.selectFrom('vms').where('vdc_id', '=', vdc.id)
      .select(['storage_profile_id as profile', sql<number>`1`.as('vms'), whenDeployed(sql`cpus * ${VCPU_MHZ}`).as('cpu_mhz'),
        whenDeployed(sql`memory_mb`).as('memory_mb'), zero.as('storage_mb')])
      .unionAll(db.selectFrom('vm_disks').innerJoin('vms', 'vms.id', 'vm_disks.vm_id').where('vms.vdc_id', '=', vdc.id)
        .select(['vms.storage_profile_id as profile', zero.as('vms'), zero.as('cpu_mhz'), zero.as('memory_mb'), 'vm_disks.size_mb as storage_mb']))
      // independent disks once created (a creation's task holds its reservation until then)
      .unionAll(db.selectFrom('disks').where('disks.vdc_id', '=', vdc.id).where('disks.status', '=', 1)
        .select(['disks.storage_profile_id as profile', zero.as('vms'), zero.as('cpu_mhz'), zero.as('memory_mb'), 'disks.size_mb as storage_mb']))
      .$if(reserved, (q) => q.unionAll(db.selectFrom('vdc_reservations as r').innerJoin('tasks', 'tasks.id', 'r.task_id')
        .where('r.vdc_id', '=', vdc.id).where('tasks.status', '=', 'running')
        .select(['r.storage_profile_id as profile', 'r.vms', 'r.cpu_mhz', 'r.memory_mb', 'r.storage_mb'])));
    const rows = await db.selectFrom(parts.as('held')).groupBy('held.profile').select((eb) => [
      'held.profile', eb.fn.sum<number | string>('held.vms').as('vms'), eb.fn.sum<number | string>('held.cpu_mhz').as('cpu_mhz'),
      eb.fn.sum<number | string>('held.memory_mb').as('memory_mb'), eb.fn.sum<number | string>('held.storage_mb').as('storage_mb'),
    ]).execute();
    const total = (column: 'vms' | 'cpu_mhz' | 'memory_mb') => rows.reduce((a, r) => a + Number(r[column]), 0);
    const onProfile = new Map(rows.map((r) => [r.profile, Number(r.storage_mb)]));
    return {
      cpuMhz: total('cpu_mhz'), memoryMb: total('memory_mb'), vms: total('vms'), networks: 0,
      storageMb: new Map(vdc.storageProfiles.map((p) => [p.id, p.usedMb + (onProfile.get(p.id) ?? 0)])),
    };
  }
}
