// The seed file's provider keys (virtualCenters, nsxTManagers, networkPools, providerVdcs, and an org VDC's
// providerVdc), checked as the other keys are: by the schema, then for what they name, every problem at once with
// its path and the choices, before anything is written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_SEED } from './helpers/cell.ts';
import { readSeed } from '../src/server/seed-file.ts';

describe('the seed file: the provider\'s backing', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'vcdkit-provider-seed-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const problems = async (changes: Record<string, unknown>, knownProviderVdcs: string[] = []) => {
    const file = join(dir, 'seed.json');
    await writeFile(file, JSON.stringify({ ...TEST_SEED, ...changes }));
    try {
      await readSeed(file, [], knownProviderVdcs);
      return [];
    } catch (e) {
      return (e as Error).message.replace(/^.*nothing was written: /, '').split('; ');
    }
  };
  const [vc1, vc2] = TEST_SEED.virtualCenters!;
  const [pvdcA, pvdcB] = TEST_SEED.providerVdcs!;
  const org = TEST_SEED.orgs![0]!;
  const withVdcOn = (providerVdc: string) => ({ orgs: [{ ...org, vdcs: [{ ...org.vdcs![0]!, providerVdc }] }] });

  test('the test seed is valid', async () => {
    assert.deepEqual(await problems({}), []);
  });

  test('the schema: required keys, types, unknown keys', async () => {
    assert.deepEqual(await problems({ virtualCenters: [{ name: 'vc', resourcePools: [], storageProfiles: [{ name: 's', totalMb: -1 }], colour: 'red' }] }), [
      'virtualCenters[0].colour: unknown key (valid keys: name, description, url, username, enabled, resourcePools, storageProfiles)',
      'virtualCenters[0].resourcePools: must NOT have fewer than 1 items',
      'virtualCenters[0].storageProfiles[0].totalMb: must be >= 0',
    ]);
    assert.deepEqual(await problems({ networkPools: [{ name: 'p', nsxTManager: 'nsxt1' }] }), ['networkPools[0].transportZone: missing']);
    assert.deepEqual(await problems({ providerVdcs: [{ ...pvdcA, storageProfiles: 'Gold' }] }), ['providerVdcs[0].storageProfiles: must be a list']);
  });

  test('what each declaration names, with the choices', async () => {
    assert.deepEqual(await problems({
      virtualCenters: [vc1, { ...vc2, name: 'VC1' }],
      networkPools: [{ name: 'p1', nsxTManager: 'nsxt9', transportZone: 'overlay-tz' }, { name: 'p2', nsxTManager: 'nsxt1', transportZone: 'vlan-tz' }],
      providerVdcs: [
        { ...pvdcA, resourcePool: 'rp9', storageProfiles: ['Gold', 'Bronze', 'Gold'], networkPool: 'pool-z' },
        { ...pvdcB, virtualCenter: 'vc3', nsxTManager: 'nsxt2' },
      ],
    }), [
      'virtualCenters[1]: vCenter "VC1" is declared twice',
      'networkPools[0].nsxTManager: unknown NSX-T manager "nsxt9" (valid: "nsxt1")',
      'networkPools[1].transportZone: unknown transport zone of nsxt1 "vlan-tz" (valid: "overlay-tz", "overlay-tz-2")',
      'providerVdcs[0].resourcePool: unknown resource pool of vc1 "rp9" (valid: "rp1", "rp2")',
      'providerVdcs[0].storageProfiles[1]: unknown storage profile of vc1 "Bronze" (valid: "Gold", "Silver")',
      'providerVdcs[0].storageProfiles[2]: storage profile "Gold" is declared twice',
      'providerVdcs[0].networkPool: unknown network pool "pool-z" (valid: "p1", "p2")',
      'providerVdcs[1].virtualCenter: unknown vCenter "vc3" (valid: "vc1", "VC1")',
      'providerVdcs[1].nsxTManager: unknown NSX-T manager "nsxt2" (valid: "nsxt1")',
    ]);
  });

  test('an external network names a Tier-0 router of a declared NSX-T manager, once, and its subnets are checked', async () => {
    const extA = TEST_SEED.externalNetworks![0]!;
    const subnet = extA.subnets[0]!;
    assert.deepEqual(await problems({ externalNetworks: [{ name: 'e', nsxTManager: 'nsxt1', tier0Router: 'tier0-b', subnets: [] }] }), [
      'externalNetworks[0].subnets: must NOT have fewer than 1 items',
    ]);
    assert.deepEqual(await problems({
      externalNetworks: [
        extA,
        { ...extA, name: 'EXT-A', tier0Router: 'TIER0-A' },
        { ...extA, name: 'e2', nsxTManager: 'nsxt9' },
        { ...extA, name: 'e3', tier0Router: 'tier0-z' },
        { ...extA, name: 'e4', tier0Router: 'tier0-b', subnets: [subnet, { ...subnet, gateway: '198.51.100.129', prefixLength: 25, ipRanges: [{ start: '198.51.100.200', end: '198.51.101.1' }] }] },
      ],
    }), [
      'externalNetworks[1]: external network "EXT-A" is declared twice',
      'externalNetworks[1].tier0Router: "TIER0-A" already backs externalNetworks[0]',
      'externalNetworks[2].nsxTManager: unknown NSX-T manager "nsxt9" (valid: "nsxt1")',
      'externalNetworks[3].tier0Router: unknown Tier-0 router of nsxt1 "tier0-z" (valid: "tier0-a", "tier0-b")',
      'externalNetworks[4].subnets[1].ipRanges[0].end: 198.51.101.1 is outside the network\'s subnet 198.51.100.128/25',
      'externalNetworks[4].subnets[1]: the subnet overlaps subnets[0]',
    ]);
  });

  test('an org VDC names a provider VDC of the file or of the store', async () => {
    assert.deepEqual(await problems(withVdcOn('PVDC-B')), []);
    assert.deepEqual(await problems({ ...withVdcOn('pvdc1'), providerVdcs: [] }, ['pvdc1']), []);
    assert.deepEqual(await problems({ ...withVdcOn('pvdc9'), providerVdcs: [] }, ['pvdc1']), [
      'orgs[0].vdcs[0].providerVdc: unknown provider VDC "pvdc9" (valid provider VDCs: "pvdc1")',
    ]);
  });
});
