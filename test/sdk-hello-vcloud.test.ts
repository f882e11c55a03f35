// Hello vCloud from the SDK, on both stores: log in, find the VDC, catalog, template and network by name,
// instantiate, wait, power on, read the VM's address, refuse delete while on, power off, undeploy, delete,
// gone. Once with tasks that end at once and once with a task delay, where the client's clock is the cell's
// manual clock, so waiting really polls a running task and reports its progress.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { PASSWORD, startCell, type TestCell } from './helpers/cell.ts';
import { VAPP_SEED } from './helpers/vapps.ts';
import { BusyEntityError, eq, InvalidStateError, passwordAuth, VAPP_STATUS, VcdClient, type Task } from '../src/sdk/index.ts';
import { collect } from './helpers/collect.ts';

for (const engine of engines()) {
  for (const delayMs of [0, 4000]) {
    describe(`Hello vCloud from the SDK on ${engine}, task delay ${delayMs} ms`, () => {
      let t: TestCell;
      let client: VcdClient;
      before(async () => {
        t = await startCell({ engine, seed: VAPP_SEED, config: { taskDelayMs: delayMs } });
        // Waiting sleeps on the cell's manual clock, which moves the running tasks on.
        const clock = { now: () => t.clock.now(), sleep: (ms: number) => t.clock.advance(ms) };
        client = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }), clock });
      });
      after(async () => {
        await client?.close();
        await t?.close();
      });

      test('the whole walk', async () => {
        const { vdcs, catalogs, templates, networks, vapps, vms } = client;
        const vdc = await vdcs.getByName('ExampleVdc01');
        const catalog = await catalogs.getByName('ExampleCatalog');
        assert.ok(catalogs.items(catalog).some((i) => i.name === 'Ubuntu Template with vsftpd'));
        const template = await templates.getByName('Ubuntu Template with vsftpd', { filter: eq('catalogName', catalog.name) });
        assert.equal(template.status, 8);
        const network = await networks.getByName('routed-net', { filter: eq('vdc', vdc.href) });
        assert.deepEqual(vdcs.networks(vdc).map((n) => n.name), ['routed-net']);

        const op = await vapps.instantiate(vdc, { name: 'Linux FTP server', template, network, deploy: false, powerOn: false });
        assert.equal(op.entity.name, 'Linux FTP server');
        if (delayMs) {
          assert.equal(op.entity.status, VAPP_STATUS.UNRESOLVED);
          await assert.rejects(vapps.powerOn(op.entity), BusyEntityError, 'a second operation waits for the creation');
        }
        const seen: Task[] = [];
        const done = await op.wait({ intervalMs: 1000, onProgress: (task) => seen.push(task) });
        assert.equal(done.status, 'success');
        assert.equal(seen.at(-1)?.status, 'success');
        if (delayMs) assert.ok(seen.some((s) => s.status === 'running'), 'progress was reported while it ran');

        let vapp = await vapps.get(op.entity);
        assert.equal(vapp.status, VAPP_STATUS.POWERED_OFF);
        assert.equal(vapp.deployed, false);
        assert.deepEqual(vdcs.vapps(await vdcs.get(vdc)).map((r) => r.href), [vapp.href]);

        await (await vapps.powerOn(vapp)).wait({ intervalMs: 1000 });
        vapp = await vapps.get(vapp);
        assert.equal(vapp.status, VAPP_STATUS.POWERED_ON);
        assert.equal(vapp.deployed, true);
        const [vmRef] = vapps.vms(vapp);
        const vm = await vms.get(vmRef!);
        assert.equal(vm.status, VAPP_STATUS.POWERED_ON);
        const [ip] = vms.ipAddresses(vm);
        assert.ok(ip, 'the VM has an address');
        const last = Number(ip.split('.')[3]);
        assert.ok(ip.startsWith('192.168.10.') && last >= 10 && last <= 200, `${ip} is from the pool`);
        assert.equal(vms.nics(vm)[0]?.network, 'routed-net');
        assert.equal(vms.cpus(vm), 2);
        assert.equal(vms.memoryMb(vm), 2048);
        const [record] = await collect(vms.list({ filter: eq('container', vapp.href) }));
        assert.equal(record?.ipAddress, ip);

        await assert.rejects(vapps.delete(vapp), (e: unknown) => e instanceof InvalidStateError && /Stop the vApp and try again/.test(e.message));

        await (await vapps.powerOff(vapp)).wait({ intervalMs: 1000 });
        assert.equal((await vapps.get(vapp)).deployed, true, 'powered off, still deployed');
        await (await vapps.undeploy(vapp, 'default')).wait({ intervalMs: 1000 });
        vapp = await vapps.get(vapp);
        assert.equal(vapp.deployed, false);
        assert.equal(vapp.status, VAPP_STATUS.POWERED_OFF);
        await assert.rejects(vapps.undeploy(vapp), (e: unknown) => e instanceof InvalidStateError && /is not running/.test(e.message));

        await (await vapps.delete(vapp)).wait({ intervalMs: 1000 });
        assert.equal(await vapps.find('Linux FTP server'), undefined);
        await assert.rejects(vapps.get(vapp), { name: 'ForbiddenError', status: 403 });
      });
    });
  }
}
