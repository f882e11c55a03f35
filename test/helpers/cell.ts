// Starts a real cell on a loopback port, on the chosen store, with a clock the test drives.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCell, type Cell } from '../../src/server/app.ts';
import { applySeed, type SeedFile } from '../../src/server/bootstrap.ts';
import { ManualClock } from '../../src/server/clock.ts';
import { defaults, type CellConfig } from '../../src/server/config.ts';
import { freshPostgresUrl, type Engine } from './engines.ts';

export const PASSWORD = 'Secret-Passw0rd!';

/** The default test world: a provider admin and two tenant orgs. */
export const TEST_SEED: SeedFile = {
  system: { users: [{ name: 'administrator', password: PASSWORD }] },
  // the provider's backing: two of each, so lists page and filter
  virtualCenters: [
    { name: 'vc1', resourcePools: [{ name: 'rp1', cpuMhz: 100000, memoryMb: 262144 }, { name: 'rp2', cpuMhz: 50000, memoryMb: 131072 }],
      storageProfiles: [{ name: 'Gold', totalMb: 2097152 }, { name: 'Silver', totalMb: 1048576 }] },
    { name: 'vc2', url: 'https://vc2.example.test', resourcePools: [{ name: 'rp1', cpuMhz: 40000, memoryMb: 65536 }], storageProfiles: [{ name: 'Bronze', totalMb: 524288 }] },
  ],
  nsxTManagers: [{ name: 'nsxt1', tier0Routers: ['tier0-a', 'tier0-b'], edgeClusters: ['edge-cluster-1'], transportZones: ['overlay-tz', 'overlay-tz-2'] }],
  networkPools: [
    { name: 'pool-a', nsxTManager: 'nsxt1', transportZone: 'overlay-tz' },
    { name: 'pool-b', description: 'second', nsxTManager: 'nsxt1', transportZone: 'overlay-tz-2' },
  ],
  providerVdcs: [
    { name: 'pvdc-a', virtualCenter: 'vc1', resourcePool: 'rp1', storageProfiles: ['Gold', 'Silver'], nsxTManager: 'nsxt1', networkPool: 'pool-a' },
    { name: 'pvdc-b', description: 'no NSX-T', virtualCenter: 'vc2', resourcePool: 'rp1', storageProfiles: ['Bronze'] },
  ],
  externalNetworks: [{
    name: 'ext-a', nsxTManager: 'nsxt1', tier0Router: 'tier0-a',
    subnets: [{ gateway: '198.51.100.1', prefixLength: 24, dns1: '198.51.100.53', ipRanges: [{ start: '198.51.100.10', end: '198.51.100.19' }] }],
  }],
  orgs: [
    { name: 'ExampleOrg', fullName: 'Example Organization', users: [
      { name: 'HelloUser', password: PASSWORD, role: 'vApp Author' },
      { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' },
    ], vdcs: [{
      name: 'ExampleVdc01', providerVdc: 'pvdc-a', allocationModel: 'AllocationPool', cpuLimitMhz: 20000, memoryLimitMb: 65536,
      storageProfiles: [{ name: 'Gold', limitMb: 1048576, default: true }, { name: 'Silver', limitMb: 0 }],
      edgeGateways: [{ name: 'edge-01' }],
      networks: [{
        name: 'routed-net', fenceMode: 'natRouted', edgeGateway: 'edge-01', gateway: '192.168.10.1', prefixLength: 24,
        ipRanges: [{ start: '192.168.10.10', end: '192.168.10.200' }],
      }],
    }] },
    { name: 'OtherOrg', fullName: 'Other Organization', users: [{ name: 'Other', password: PASSWORD, role: 'vApp User' }] },
  ],
};

export interface TestCell {
  url: string;
  cell: Cell;
  clock: ManualClock;
  config: CellConfig;
  /** stops the server but keeps the store, for restart tests */
  stop(): Promise<void>;
  /** starts a new cell on the same store */
  restart(): Promise<TestCell>;
  close(): Promise<void>;
}

export interface StartOptions {
  engine?: Engine;
  seed?: SeedFile;
  config?: Partial<CellConfig>;
  clock?: ManualClock;
}

export async function startCell(opts: StartOptions = {}): Promise<TestCell> {
  const engine = opts.engine ?? 'sqlite';
  const dataDir = await mkdtemp(join(tmpdir(), 'vcdkit-test-'));
  const pgdb = engine === 'postgres' ? await freshPostgresUrl() : undefined;
  const config: CellConfig = {
    ...defaults, host: '127.0.0.1', port: 0, dataDir, databaseUrl: pgdb?.url, logLevel: false,
    // A lease of a day: a cell renews it three times a day of the clock, so that suites moving the clock by days
    // do not pay a heartbeat (a write) per minute. Suites about leases (test/cells.test.ts) set their own.
    leaseSeconds: 24 * 60 * 60,
    ...opts.config,
  };
  const clock = opts.clock ?? new ManualClock();
  const run = async (): Promise<TestCell> => {
    const cell = await buildCell(config, clock);
    await applySeed(cell.services, opts.seed ?? TEST_SEED);
    const url = await cell.app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url, cell, clock, config,
      stop: () => cell.close(),
      restart: async () => run(),
      async close() {
        await cell.close();
        await pgdb?.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  };
  return run();
}
