// vApps declared in the seed file, on both stores: made in the state the file says (powered on and deployed,
// or off), from a catalog's template or of their own VMs, their addresses from the network's pool (and named
// by the network's allocatedAddresses), owned by the org's first user, and applied once (a restart finds
// them as they were). And the file's problems, each with its path and the valid choices.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSeed, type SeedFile } from '../src/server/seed-file.ts';
import { attr } from './helpers/legacy.ts';
import { pathOf, VAPP_SEED } from './helpers/vapps.ts';
import { eachEngine } from './helpers/world.ts';

const SEED: SeedFile = {
  ...VAPP_SEED,
  orgs: VAPP_SEED.orgs!.map((o) => (o.name === 'ExampleOrg' ? {
    ...o,
    vapps: [
      { name: 'ftp', description: 'seeded', vdc: 'ExampleVdc01', catalog: 'ExampleCatalog', template: 'Ubuntu Template with vsftpd', powerOn: true },
      { name: 'pair', vdc: 'exampleVDC01', vms: [{ name: 'a', cpus: 2, memoryMb: 512 }, { name: 'b' }], network: 'routed-net' },
      { name: 'alone', vdc: 'ExampleVdc01', vms: [{ name: 'c' }] },
    ],
  } : o)),
};

eachEngine('seeded vApps', { seed: SEED }, (w) => {
  const vapps = async () => {
    const res = await w.hello.call('GET', '/api/query?type=vApp&sortAsc=name');
    assert.equal(res.status, 200, res.text);
    return [...res.text.matchAll(/<VAppRecord [^>]*>/g)].map((m) => m[0]);
  };
  const vmsOf = async (record: string) => {
    const doc = (await w.hello.call('GET', pathOf(attr(record, 'href')!))).text;
    return [...doc.matchAll(/<Vm [^>]*name="([^"]+)"[^]*?<\/Vm>/g)].map((m) => ({
      name: m[1]!, ip: /<NetworkConnection [^>]*>.*?<IpAddress>([^<]+)</.exec(m[0])?.[1], status: /<Vm [^>]*status="(-?\d+)"/.exec(m[0])![1],
    }));
  };

  test('each declared vApp is there, in its state, its VMs\' addresses from the pool, owned by the org\'s first user', async () => {
    const records = await vapps();
    assert.deepEqual(records.map((r) => attr(r, 'name')), ['alone', 'ftp', 'pair'], 'HelloUser, the first user, owns them');
    const [alone, ftp, pair] = records as [string, string, string];
    assert.equal(attr(ftp, 'status'), 'POWERED_ON');
    assert.equal(attr(ftp, 'isDeployed'), 'true');
    assert.equal(attr(pair, 'status'), 'POWERED_OFF');
    assert.equal(attr(pair, 'isDeployed'), 'false');
    const ftpVms = await vmsOf(ftp);
    assert.deepEqual(ftpVms.map((v) => [v.name, v.status]), [['web', '4']]);
    const pairVms = await vmsOf(pair);
    assert.deepEqual(pairVms.map((v) => v.name), ['a', 'b']);
    const ips = [...ftpVms, ...pairVms].map((v) => v.ip);
    assert.deepEqual([...ips].sort(), ['192.168.10.10', '192.168.10.11', '192.168.10.12'], 'the lowest free addresses of the pool, one each');
    assert.deepEqual((await vmsOf(alone)).map((v) => v.ip), [undefined], 'no network, no address');
    const vdc = (await w.hello.call('GET', pathOf(attr(ftp, 'vdc')!))).text;
    const network = pathOf(/<Network [^>]*href="([^"]+)"[^>]*name="routed-net"/.exec(vdc)![1]!);
    const allocated = (await w.hello.call('GET', `${network}/allocatedAddresses`)).text;
    assert.match(allocated, new RegExp(`isDeployed="true"><Link rel="down" [^>]*name="web"/><IpAddress>${ftpVms[0]!.ip!.replace(/\./g, '\\.')}<`));
  });

  test('a restart applies the file again and changes nothing', async () => {
    const before = await vapps();
    await w.t.stop();
    w.t = await w.t.restart();
    w.hello = await w.as('HelloUser', 'ExampleOrg');
    const again = await vapps();
    assert.deepEqual(again.map((r) => pathOf(attr(r, 'href')!)), before.map((r) => pathOf(attr(r, 'href')!)), 'the same vApps, no more');
    assert.equal((await w.t.cell.services.store.db.selectFrom('ip_allocations').select('ip').execute()).length, 3);
  });
});

describe('the seed file: vApps', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'vcdkit-seed-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const org = SEED.orgs!.find((o) => o.name === 'ExampleOrg')!;
  const problems = async (vapps: unknown[]) => {
    const file = join(dir, 'seed.json');
    // the org with its vApps, and the provider's backing its VDCs draw on
    const { virtualCenters, nsxTManagers, networkPools, providerVdcs } = SEED;
    await writeFile(file, JSON.stringify({ virtualCenters, nsxTManagers, networkPools, providerVdcs, orgs: [{ ...org, vapps }] }));
    try {
      await readSeed(file, []);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };
  const ftp = { name: 'ftp', vdc: 'ExampleVdc01', catalog: 'ExampleCatalog', template: 'Ubuntu Template with vsftpd' };

  test('a valid declaration passes', async () => {
    assert.equal(await problems(org.vapps!), '');
  });

  test('each problem is named with its path, and the choices where there are some', async () => {
    const at = 'orgs[0].vapps[0]';
    const cases: Array<[unknown[], string]> = [
      [[{ ...ftp, vdc: 'nope' }], `${at}.vdc: unknown VDC "nope" in org ExampleOrg (valid VDCs: "ExampleVdc01")`],
      [[{ ...ftp, catalog: 'Other' }], `${at}.catalog: unknown catalog "Other" in org ExampleOrg (valid catalogs: "ExampleCatalog")`],
      [[{ ...ftp, template: 'Debian' }], `${at}.template: unknown template "Debian" in catalog ExampleCatalog (valid templates: "Ubuntu Template with vsftpd", "Big")`],
      [[{ name: 'x', vdc: 'ExampleVdc01', catalog: 'ExampleCatalog' }], `${at}.template: missing`],
      [[{ name: 'x', vdc: 'ExampleVdc01' }], `${at}.catalog: missing`],
      [[{ ...ftp, vms: [{ name: 'v' }] }], `${at}: a vApp comes from a template (catalog, template) or declares its vms, not both`],
      [[{ ...ftp, network: 'lan' }], `${at}.network: unknown network "lan" in VDC ExampleVdc01 (valid networks: "routed-net")`],
      [[{ name: 'x', vdc: 'ExampleVdc01', vms: [{ name: 'v', network: 'lan' }] }], `${at}.vms[0].network: unknown network "lan"`],
      [[ftp, { ...ftp, name: 'FTP' }], 'orgs[0].vapps[1].name: vApp "FTP" is declared twice in VDC ExampleVdc01 (first at orgs[0].vapps[0])'],
      [[{ ...ftp, powerOn: 'yes' }], `${at}.powerOn: must be boolean`],
      [[{ ...ftp, state: 'on' }], `${at}.state: unknown key (valid keys: name, description, vdc, catalog, template, vms, deploy, powerOn, network)`],
      [[{ ...ftp, vms: [] }], `${at}.vms: must NOT have fewer than 1 items`],
      [[{ name: 'big', vdc: 'ExampleVdc01', catalog: 'ExampleCatalog', template: 'Big', powerOn: true }, { name: 'big2', vdc: 'ExampleVdc01', catalog: 'ExampleCatalog', template: 'Big', deploy: true }],
        'orgs[0].vapps: the running vApps of VDC ExampleVdc01 need 120000 MB of memory, over its limit of 65536 MB'],
      [[{ name: 'many', vdc: 'ExampleVdc01', network: 'routed-net', vms: Array.from({ length: 128 }, (_, i) => ({ name: `v${i}` })) },
        { name: 'more', vdc: 'ExampleVdc01', network: 'routed-net', vms: Array.from({ length: 64 }, (_, i) => ({ name: `v${i}` })) }],
        'orgs[0].vapps: the VMs need 192 addresses of network routed-net, whose static IP pool holds 191'],
    ];
    for (const [vapps, expected] of cases) {
      const message = await problems(vapps);
      assert.ok(message.includes(expected), `expected …${expected}… in:\n${message}`);
      assert.match(message, /is invalid, nothing was written/);
    }
  });
});
