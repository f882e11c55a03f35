// The provider's backing, modelled as data: vCenters (with resource pools and storage profiles), NSX-T managers
// (with the Tier-0 routers, edge clusters and transport zones they offer), GENEVE network pools and provider VDCs
// (a vCenter's resource pool and storage profiles, an NSX-T manager, a network pool). Nothing here talks to a
// vCenter or NSX-T: the seed file declares them (ensure*, idempotent by name) and the API lists and references them.
// Only the provider sees any of it (the types' visibility); reads return undefined for what is out of reach.
import { sql } from 'kysely';
import { newId } from '../../ids.ts';
import type { Clock } from '../../clock.ts';
import type { Db, Store } from '../../store/db.ts';
import { findVisible } from '../../inventory/registry.ts';
import { requireProvider } from '../../inventory/policy.ts';
import type { ListPage, ListQuery } from '../../services/listing.ts';
import { listInSql } from '../../services/sql-listing.ts';
import { urnField } from '../../inventory/sql.ts';
import type { Session } from '../../inventory/principal.ts';
import { VCPU_MHZ } from '../vapp/type.ts';
import { providerVdcType } from './type.ts';
import { virtualCenterType } from '../virtual-center/type.ts';
import { networkPoolType } from '../network-pool/type.ts';
import { nsxtManagerType } from '../nsxt-manager/type.ts';

/** What NSX-T offers to import, by the seed file's key. */
const NSXT_RESOURCE_KINDS = { tier0Routers: 'tier0Router', edgeClusters: 'edgeCluster', transportZones: 'transportZone' } as const;
export type NsxtResourceKind = (typeof NSXT_RESOURCE_KINDS)[keyof typeof NSXT_RESOURCE_KINDS];

export interface VirtualCenterSpec {
  name: string;
  description?: string;
  url?: string;
  username?: string;
  enabled?: boolean;
  resourcePools: Array<{ name: string; cpuMhz: number; memoryMb: number }>;
  storageProfiles: Array<{ name: string; totalMb: number }>;
}

export interface NsxtManagerSpec {
  name: string;
  description?: string;
  url?: string;
  tier0Routers?: string[];
  edgeClusters?: string[];
  transportZones?: string[];
}

export interface NetworkPoolSpec {
  name: string;
  description?: string;
  nsxTManager: string;
  transportZone: string;
}

export interface ProviderVdcSpec {
  name: string;
  description?: string;
  virtualCenter: string;
  resourcePool: string;
  /** names of the vCenter's storage profiles it offers */
  storageProfiles: string[];
  nsxTManager?: string;
  networkPool?: string;
  enabled?: boolean;
}

/** What the provider's legacy views and references are built from. */
export interface Named { id: string; name: string }

export interface VirtualCenter extends Named {
  description: string;
  url: string;
  username: string;
  version: string;
  enabled: boolean;
  /** its resource pools' totals, and what its provider VDCs' org VDCs use of them */
  cpuTotalMhz: number;
  memoryTotalMb: number;
  storageTotalMb: number;
}

export interface ProviderVdcStorageProfile extends Named {
  providerVdcId: string;
  enabled: boolean;
  moref: string;
  vc: Named;
  totalMb: number;
  /** what its org VDCs' profiles of the same name hold */
  usedMb: number;
}

export interface ProviderVdc extends Named {
  description: string;
  enabled: boolean;
  vc: Named;
  resourcePool: Named & { moref: string };
  nsxTManager: Named | undefined;
  networkPool: Named | undefined;
  /** MHz and MB: the resource pool's; allocated to and used by its org VDCs */
  cpu: { total: number; allocated: number; used: number };
  memory: { total: number; allocated: number; used: number };
  storage: { total: number; used: number };
  storageProfiles: ProviderVdcStorageProfile[];
  vdcs: Named[];
}

const VERSION = '8.0.2';

/** What the CloudAPI's nsxTResources lists are built from. */
export interface NsxtResourceRow {
  backing_id: string;
  name: string;
  description: string;
}

export class ProviderBackingService {
  readonly #store: Store;
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#db = store.db;
    this.#clock = clock;
  }

  // ---- the seed file's declarations, each ensured by name

  /** A vCenter, and those of its declared resource pools and storage profiles it lacks (a name is matched whatever its case). */
  async ensureVirtualCenter(spec: VirtualCenterSpec): Promise<Named> {
    return this.#db.transaction().execute(async (trx) => {
      let vc = await this.#byName('virtual_centers', spec.name, trx);
      if (!vc) {
        vc = { id: newId(), name: spec.name };
        await trx.insertInto('virtual_centers').values({
          id: vc.id, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
          url: spec.url ?? `https://${spec.name.toLowerCase()}.vcdkit.internal`, username: spec.username ?? 'administrator@vsphere.local',
          version: VERSION, is_enabled: spec.enabled === false ? 0 : 1, created: this.#clock.now(),
        }).execute();
      }
      const vcId = vc.id;
      const pools = await missing(trx.selectFrom('vc_resource_pools').select('name').where('vc_id', '=', vcId).execute(), spec.resourcePools);
      // morefs as vCenter numbers its objects: a type prefix and a counter
      if (pools.missing.length) {
        await trx.insertInto('vc_resource_pools').values(pools.missing.map((p, i) => ({
          id: newId(), vc_id: vcId, name: p.name, moref: `resgroup-${pools.held + i + 8}`, cpu_mhz: p.cpuMhz, memory_mb: p.memoryMb, position: pools.held + i,
        }))).execute();
      }
      const profiles = await missing(trx.selectFrom('vc_storage_profiles').select('name').where('vc_id', '=', vcId).execute(), spec.storageProfiles);
      if (profiles.missing.length) {
        await trx.insertInto('vc_storage_profiles').values(profiles.missing.map((p, i) => ({
          id: newId(), vc_id: vcId, name: p.name, moref: newId(), total_mb: p.totalMb, position: profiles.held + i,
        }))).execute();
      }
      return vc;
    });
  }

  /** An NSX-T manager, and those of its declared Tier-0 routers, edge clusters and transport zones it lacks. */
  async ensureNsxtManager(spec: NsxtManagerSpec): Promise<Named> {
    return this.#db.transaction().execute(async (trx) => {
      let manager = await this.#byName('nsxt_managers', spec.name, trx);
      if (!manager) {
        manager = { id: newId(), name: spec.name };
        await trx.insertInto('nsxt_managers').values({
          id: manager.id, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
          url: spec.url ?? `https://${spec.name.toLowerCase()}.vcdkit.internal`, version: '4.1.2', created: this.#clock.now(),
        }).execute();
      }
      const managerId = manager.id;
      for (const [key, kind] of Object.entries(NSXT_RESOURCE_KINDS)) {
        const held = trx.selectFrom('nsxt_resources').select('name').where('manager_id', '=', managerId).where('kind', '=', kind).execute();
        const resources = await missing(held, (spec[key as keyof typeof NSXT_RESOURCE_KINDS] ?? []).map((name) => ({ name })));
        if (resources.missing.length) {
          await trx.insertInto('nsxt_resources').values(resources.missing.map((r, i) => ({
            manager_id: managerId, kind, backing_id: newId(), name: r.name, description: '', position: resources.held + i,
          }))).execute();
        }
      }
      return manager;
    });
  }

  /** `manager`: the NSX-T manager the seed names (its transport zone named by the spec). */
  async ensureNetworkPool(spec: NetworkPoolSpec, manager: Named): Promise<Named> {
    const existing = await this.#byName('network_pools', spec.name);
    if (existing) return existing;
    const zone = await this.#db.selectFrom('nsxt_resources').select('backing_id').where('manager_id', '=', manager.id)
      .where('kind', '=', 'transportZone').where(sql`lower(name)`, '=', spec.transportZone.toLowerCase()).executeTakeFirstOrThrow();
    const id = newId();
    await this.#db.insertInto('network_pools').values({
      id, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '', pool_type: 'GENEVE',
      manager_id: manager.id, transport_zone_id: zone.backing_id, created: this.#clock.now(),
    }).execute();
    return { id, name: spec.name };
  }

  async ensureProviderVdc(spec: ProviderVdcSpec): Promise<Named> {
    const existing = await this.#byName('provider_vdcs', spec.name);
    if (existing) return existing;
    const vc = await this.#byName('virtual_centers', spec.virtualCenter);
    if (!vc) throw new Error(`no vCenter ${spec.virtualCenter}`); // the seed file's cross-references are checked first
    const pool = await this.#db.selectFrom('vc_resource_pools').select('id').where('vc_id', '=', vc.id)
      .where(sql`lower(name)`, '=', spec.resourcePool.toLowerCase()).executeTakeFirstOrThrow();
    const profiles = await this.#db.selectFrom('vc_storage_profiles').select(['id', 'name']).where('vc_id', '=', vc.id).execute();
    const manager = spec.nsxTManager === undefined ? undefined : await this.#byName('nsxt_managers', spec.nsxTManager);
    const networkPool = spec.networkPool === undefined ? undefined : await this.#byName('network_pools', spec.networkPool);
    const id = newId();
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('provider_vdcs').values({
        id, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '', vc_id: vc.id, resource_pool_id: pool.id,
        manager_id: manager?.id ?? null, network_pool_id: networkPool?.id ?? null, is_enabled: spec.enabled === false ? 0 : 1, created: this.#clock.now(),
      }).execute();
      await trx.insertInto('provider_vdc_storage_profiles').values(spec.storageProfiles.map((name, position) => ({
        id: newId(), provider_vdc_id: id, vc_storage_profile_id: profiles.find((p) => p.name.toLowerCase() === name.toLowerCase())!.id, is_enabled: 1, position,
      }))).execute();
    });
    return { id, name: spec.name };
  }

  /** A provider VDC by name (case aside), for the seed file's org VDCs. */
  providerVdcNamed(name: string): Promise<Named | undefined> {
    return this.#byName('provider_vdcs', name);
  }

  // ---- the provider's reads

  /** Every vCenter, provider VDC or network pool, in creation order (the extension's reference lists). */
  list(table: 'virtual_centers' | 'provider_vdcs' | 'network_pools' | 'external_networks'): Promise<Named[]> {
    return this.#db.selectFrom(table).select(['id', 'name']).orderBy('created').orderBy('id').execute();
  }

  async virtualCenter(session: Session, id: string): Promise<VirtualCenter | undefined> {
    if (!await findVisible(this.#db, session, virtualCenterType, id)) return undefined;
    const vc = await this.#db.selectFrom('virtual_centers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const sum = (table: 'vc_resource_pools' | 'vc_storage_profiles', column: 'cpu_mhz' | 'memory_mb' | 'total_mb') =>
      this.#db.selectFrom(table).select(sql<number | string>`coalesce(sum(${sql.ref(column)}), 0)`.as('total')).where('vc_id', '=', id)
        .executeTakeFirstOrThrow().then((r) => Number(r.total));
    return {
      id: vc.id, name: vc.name, description: vc.description, url: vc.url, username: vc.username, version: vc.version, enabled: vc.is_enabled === 1,
      cpuTotalMhz: await sum('vc_resource_pools', 'cpu_mhz'), memoryTotalMb: await sum('vc_resource_pools', 'memory_mb'),
      storageTotalMb: await sum('vc_storage_profiles', 'total_mb'),
    };
  }

  async providerVdc(session: Session, id: string): Promise<ProviderVdc | undefined> {
    if (!await findVisible(this.#db, session, providerVdcType, id)) return undefined;
    const p = await this.#db.selectFrom('provider_vdcs as p')
      .innerJoin('virtual_centers as vc', 'vc.id', 'p.vc_id')
      .innerJoin('vc_resource_pools as rp', 'rp.id', 'p.resource_pool_id')
      .leftJoin('nsxt_managers as m', 'm.id', 'p.manager_id')
      .leftJoin('network_pools as np', 'np.id', 'p.network_pool_id')
      .select(['p.id', 'p.name', 'p.description', 'p.is_enabled', 'vc.id as vc_id', 'vc.name as vc_name', 'rp.id as rp_id', 'rp.name as rp_name',
        'rp.moref as rp_moref', 'rp.cpu_mhz', 'rp.memory_mb', 'm.id as m_id', 'm.name as m_name', 'np.id as np_id', 'np.name as np_name'])
      .where('p.id', '=', id).executeTakeFirstOrThrow();
    const vdcs = await this.#db.selectFrom('vdcs').select(['id', 'name', 'cpu_allocated_mhz', 'memory_allocated_mb'])
      .where('provider_vdc_id', '=', id).orderBy('created').orderBy('id').execute();
    const used = await this.#db.selectFrom('vms').innerJoin('vdcs', 'vdcs.id', 'vms.vdc_id').where('vdcs.provider_vdc_id', '=', id).where('vms.deployed', '=', 1)
      .select([sql<number | string>`coalesce(sum(vms.cpus), 0)`.as('cpus'), sql<number | string>`coalesce(sum(vms.memory_mb), 0)`.as('memory')])
      .executeTakeFirstOrThrow();
    const storageProfiles = await this.#storageProfiles(id);
    const total = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);
    return {
      id: p.id, name: p.name, description: p.description, enabled: p.is_enabled === 1,
      vc: { id: p.vc_id, name: p.vc_name }, resourcePool: { id: p.rp_id, name: p.rp_name, moref: p.rp_moref },
      nsxTManager: p.m_id ? { id: p.m_id, name: p.m_name! } : undefined, networkPool: p.np_id ? { id: p.np_id, name: p.np_name! } : undefined,
      cpu: { total: Number(p.cpu_mhz), allocated: total(vdcs.map((v) => Number(v.cpu_allocated_mhz))), used: Number(used.cpus) * VCPU_MHZ },
      memory: { total: Number(p.memory_mb), allocated: total(vdcs.map((v) => Number(v.memory_allocated_mb))), used: Number(used.memory) },
      storage: { total: total(storageProfiles.map((s) => s.totalMb)), used: total(storageProfiles.map((s) => s.usedMb)) },
      storageProfiles, vdcs: vdcs.map((v) => ({ id: v.id, name: v.name })),
    };
  }

  /** What an org VDC draws on, as its admin view references it: its provider VDC and that one's network pool. */
  async backingOf(providerVdcId: string): Promise<{ providerVdc: Named; networkPool: Named | undefined }> {
    const r = await this.#db.selectFrom('provider_vdcs as p').leftJoin('network_pools as np', 'np.id', 'p.network_pool_id')
      .select(['p.id', 'p.name', 'np.id as np_id', 'np.name as np_name']).where('p.id', '=', providerVdcId).executeTakeFirstOrThrow();
    return { providerVdc: { id: r.id, name: r.name }, networkPool: r.np_id ? { id: r.np_id, name: r.np_name! } : undefined };
  }

  /** A vCenter attached already, by name or URL (case aside): what attaching one is answered with. */
  async attachedVirtualCenter(session: Session, name: string, url: string | undefined): Promise<VirtualCenter | undefined> {
    const row = await this.#db.selectFrom('virtual_centers').select('id')
      .where((eb) => eb.or([eb('name_key', '=', name.toLowerCase()), ...(url ? [eb(sql`lower(url)`, '=', url.toLowerCase())] : [])]))
      .executeTakeFirst();
    return row && this.virtualCenter(session, row.id);
  }

  async nsxtManager(session: Session, id: string) {
    if (!await findVisible(this.#db, session, nsxtManagerType, id)) return undefined;
    return this.#db.selectFrom('nsxt_managers').select(['id', 'name', 'description', 'url', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async networkPool(session: Session, id: string) {
    if (!await findVisible(this.#db, session, networkPoolType, id)) return undefined;
    return this.#db.selectFrom('network_pools').select(['id', 'name', 'description']).where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** A provider VDC's storage profile, if the session sees its provider VDC. */
  async providerVdcStorageProfile(session: Session, id: string): Promise<ProviderVdcStorageProfile | undefined> {
    const row = await this.#db.selectFrom('provider_vdc_storage_profiles').select('provider_vdc_id').where('id', '=', id).executeTakeFirst();
    if (!row || !await findVisible(this.#db, session, providerVdcType, row.provider_vdc_id)) return undefined;
    return (await this.#storageProfiles(row.provider_vdc_id)).find((p) => p.id === id);
  }

  /**
   * A page of what the NSX-T managers offer of one kind (the CloudAPI's nsxTResources lists), the provider's only;
   * a filter names the manager as VCD's does, _context==<its URN>.
   */
  nsxtResources(session: Session, kind: NsxtResourceKind, query: ListQuery, collection: string): Promise<ListPage<NsxtResourceRow>> {
    requireProvider(session, `Access to the resource /cloudapi/1.0.0/nsxTResources/${collection} is forbidden.`);
    const from = this.#db.selectFrom('nsxt_resources').select(['backing_id', 'name', 'description']).where('kind', '=', kind);
    const name = { column: 'nsxt_resources.name', type: 'text' } as const;
    return listInSql(from, query, {
      engine: this.#store.engine,
      fields: { _context: urnField('nsxtmanager', 'nsxt_resources.manager_id'), [kind === 'tier0Router' ? 'displayName' : 'name']: name },
      order: ['nsxt_resources.manager_id', 'nsxt_resources.position'],
    });
  }

  async #storageProfiles(providerVdcId: string): Promise<ProviderVdcStorageProfile[]> {
    const rows = await this.#db.selectFrom('provider_vdc_storage_profiles as ps')
      .innerJoin('vc_storage_profiles as s', 's.id', 'ps.vc_storage_profile_id')
      .innerJoin('virtual_centers as vc', 'vc.id', 's.vc_id')
      .select(['ps.id', 'ps.provider_vdc_id', 'ps.is_enabled', 's.name', 's.moref', 's.total_mb', 'vc.id as vc_id', 'vc.name as vc_name',
        sql<number | string>`(select coalesce(sum(vp.used_mb), 0) from vdc_storage_profiles vp join vdcs on vdcs.id = vp.vdc_id
          where vdcs.provider_vdc_id = ps.provider_vdc_id and vp.name = s.name)`.as('used_mb')])
      .where('ps.provider_vdc_id', '=', providerVdcId).orderBy('ps.position').execute();
    return rows.map((r) => ({
      id: r.id, providerVdcId: r.provider_vdc_id, name: r.name, enabled: r.is_enabled === 1, moref: r.moref,
      vc: { id: r.vc_id, name: r.vc_name }, totalMb: Number(r.total_mb), usedMb: Number(r.used_mb),
    }));
  }

  #byName(table: 'virtual_centers' | 'nsxt_managers' | 'network_pools' | 'provider_vdcs', name: string, db: Db = this.#db): Promise<Named | undefined> {
    return db.selectFrom(table).select(['id', 'name']).where('name_key', '=', name.toLowerCase()).executeTakeFirst();
  }
}

/** Of what a declaration lists, what the store does not hold yet (names matched whatever their case), and how many it holds. */
async function missing<T extends { name: string }>(held: Promise<Array<{ name: string }>>, declared: readonly T[]): Promise<{ missing: T[]; held: number }> {
  const names = new Set((await held).map((r) => r.name.toLowerCase()));
  return { missing: declared.filter((d) => !names.has(d.name.toLowerCase())), held: names.size };
}
