// First start and seeding. An empty store gets the System org with "administrator" and a demo
// tenant org with an administrator, a vApp Author and a vApp User; a seed file (YAML, so JSON too) declares orgs and users, applied
// idempotently on every start. Generated passwords are returned once, for the start-up banner.
import type { Services } from './services/index.ts';
import { SYSTEM_ORG } from './inventory/principal.ts';
import { readSeed, type SeedFile } from './seed-file.ts';
import type { Vdc } from './entities/vdc/service.ts';

export type { SeedFile } from './seed-file.ts';

export interface Credential {
  org: string;
  user: string;
  /** present only when the cell generated it just now */
  password?: string;
}

const DEMO_SEED: SeedFile = {
  system: { users: [{ name: 'administrator' }] },
  // the provider's backing, as a vcsim inventory offers it: one vCenter, one NSX-T manager, a GENEVE pool
  virtualCenters: [{
    name: 'vc1', resourcePools: [{ name: 'Cluster01-RP', cpuMhz: 100000, memoryMb: 524288 }],
    storageProfiles: [{ name: 'Standard', totalMb: 4194304 }, { name: 'Gold', totalMb: 2097152 }],
  }],
  nsxTManagers: [{
    name: 'nsxt1', tier0Routers: ['tier0-gw'], edgeClusters: ['edge-cluster-01'], transportZones: ['overlay-tz'],
  }],
  networkPools: [{ name: 'geneve-pool', nsxTManager: 'nsxt1', transportZone: 'overlay-tz' }],
  providerVdcs: [{
    name: 'pvdc1', virtualCenter: 'vc1', resourcePool: 'Cluster01-RP', storageProfiles: ['Standard', 'Gold'],
    nsxTManager: 'nsxt1', networkPool: 'geneve-pool',
  }],
  externalNetworks: [{
    name: 'ext-net', nsxTManager: 'nsxt1', tier0Router: 'tier0-gw',
    subnets: [{ gateway: '203.0.113.1', prefixLength: 24, dns1: '203.0.113.53', ipRanges: [{ start: '203.0.113.10', end: '203.0.113.99' }] }],
  }],
  orgs: [{
    name: 'demo', fullName: 'Demo Organization',
    users: [
      { name: 'demo', role: 'Organization Administrator' },
      { name: 'vapp-author', role: 'vApp Author' },
      { name: 'vapp-user', role: 'vApp User' },
    ],
    vdcs: [{
      name: 'demo-vdc', providerVdc: 'pvdc1', allocationModel: 'AllocationPool', cpuLimitMhz: 20000, memoryLimitMb: 65536,
      storageProfiles: [{ name: 'Standard', limitMb: 1048576, default: true }],
      edgeGateways: [{ name: 'edge-01' }],
      networks: [{
        name: 'routed-net', fenceMode: 'natRouted', edgeGateway: 'edge-01', gateway: '192.168.10.1', prefixLength: 24,
        ipRanges: [{ start: '192.168.10.10', end: '192.168.10.200' }],
      }],
    }],
    // the Hello vCloud example catalog
    catalogs: [{
      name: 'ExampleCatalog',
      templates: [{
        name: 'Ubuntu Template with vsftpd', description: 'Ubuntu with an FTP server',
        vms: [{ name: 'vsftpd', cpus: 1, memoryMb: 1024, diskMb: 10240, osType: 'ubuntu64Guest', network: 'routed-net' }],
      }],
      media: [{ name: 'ubuntu.iso', sizeMb: 700 }],
    }],
  }],
};

/** The provider's backing the file declares, each after what it names. */
async function applyProviderBacking(services: Services, seed: SeedFile): Promise<void> {
  const backing = services.providerBacking;
  for (const vc of seed.virtualCenters ?? []) await backing.ensureVirtualCenter(vc);
  const managers = [];
  for (const m of seed.nsxTManagers ?? []) managers.push(await backing.ensureNsxtManager(m));
  for (const pool of seed.networkPools ?? []) {
    await backing.ensureNetworkPool(pool, managers.find((m) => m.name.toLowerCase() === pool.nsxTManager.toLowerCase())!);
  }
  for (const pvdc of seed.providerVdcs ?? []) await backing.ensureProviderVdc(pvdc);
  for (const network of seed.externalNetworks ?? []) await services.externalNetworks.ensure(network);
}

export async function applySeed(services: Services, seed: SeedFile): Promise<Credential[]> {
  const { identity } = services;
  const created: Credential[] = [];
  await applyProviderBacking(services, seed);
  const orgs = [
    { name: SYSTEM_ORG, fullName: 'System Organization', users: seed.system?.users ?? [], roles: seed.system?.roles ?? [] },
    ...(seed.orgs ?? []),
  ];
  for (const spec of orgs) {
    const { org } = await identity.ensureOrg(spec);
    for (const role of spec.roles ?? []) await services.roles.ensure(org.id, role);
    let firstUser: string | null = null;
    for (const userSpec of spec.users ?? []) {
      const { user, password } = await identity.ensureUser(org, userSpec);
      firstUser ??= user.id;
      created.push({ org: org.name, user: user.name, ...(password !== undefined && { password }) });
    }
    const vdcs = new Map<string, Vdc>();
    for (const vdcSpec of ('vdcs' in spec ? spec.vdcs : undefined) ?? []) {
      const providerVdc = vdcSpec.providerVdc === undefined ? undefined : await services.providerBacking.providerVdcNamed(vdcSpec.providerVdc);
      const vdc = await services.vdcs.ensure(org.id, { ...vdcSpec, providerVdcId: providerVdc?.id });
      vdcs.set(vdcSpec.name.toLowerCase(), vdc);
      const gateways = [];
      for (const g of vdcSpec.edgeGateways ?? []) gateways.push(await services.edgeGateways.ensure(org.id, vdc.id, g));
      for (const n of vdcSpec.networks ?? []) {
        const gateway = n.edgeGateway === undefined ? undefined : gateways.find((g) => g.name.toLowerCase() === n.edgeGateway!.toLowerCase());
        await services.networks.ensure(org.id, vdc.id, n, gateway);
      }
    }
    // what the file declares is owned by the org's first user, as if they had uploaded it
    for (const catalog of 'catalogs' in spec ? spec.catalogs ?? [] : []) await services.catalogs.ensure(org.id, catalog, firstUser);
    for (const vapp of 'vapps' in spec ? spec.vapps ?? [] : []) await services.vapps.ensure(vdcs.get(vapp.vdc.toLowerCase())!, vapp, firstUser);
  }
  for (const bundle of seed.rightsBundles ?? []) await services.rightsBundles.ensure(bundle);
  return created;
}

/** The first tenant account made just now, with its password: the one the start-up banner offers scripts. */
export const newTenantAccount = (credentials: Credential[]) => credentials.find((c) => c.org !== SYSTEM_ORG && c.password);

/** Seeds the demo on an empty store, then applies the seed file if any. */
export async function bootstrap(services: Services, seedFile?: string): Promise<Credential[]> {
  const orgs = await services.identity.listOrgs();
  const empty = orgs.length === 0;
  // A bad file stops the start before any write; its bundles may be published to the orgs already there.
  const providerVdcs = empty ? DEMO_SEED.providerVdcs ?? [] : await services.providerBacking.list('provider_vdcs');
  const seed = seedFile ? await readSeed(seedFile, (empty ? DEMO_SEED.orgs ?? [] : orgs).map((o) => o.name), providerVdcs.map((p) => p.name)) : undefined;
  const generated = empty ? await applySeed(services, DEMO_SEED) : [];
  if (!seed) return generated;
  const seeded = await applySeed(services, seed);
  // A password the seed sets replaces the one generated a moment ago: print only those still in force.
  const account = (org: string, user: string) => `${user}@${org}`.toLowerCase();
  const setBySeed = new Set([
    ...(seed.system?.users ?? []).filter((u) => u.password !== undefined).map((u) => account(SYSTEM_ORG, u.name)),
    ...(seed.orgs ?? []).flatMap((o) => (o.users ?? []).filter((u) => u.password !== undefined).map((u) => account(o.name, u.name))),
  ]);
  return [...generated.filter((c) => !setBySeed.has(account(c.org, c.user))), ...seeded];
}
