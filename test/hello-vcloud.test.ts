// Hello vCloud end to end, as VMware's guide walks it, on both stores: log in, find the org, its VDC and
// catalog, the template by following links, instantiate it, wait for the task, power on, read the vApp and
// its VM, refuse delete while on, power off, undeploy, delete, gone. Once with tasks that end at once
// (the default) and once with a task delay on the manual clock, so "wait for the task" really waits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { attr, caller, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, linkOf, pathOf, UNDEPLOY, undeployParams, VAPP_SEED } from './helpers/vapps.ts';

for (const engine of engines()) {
  for (const delayMs of [0, 4000]) {
    describe(`Hello vCloud on ${engine}, task delay ${delayMs} ms`, () => {
      let t: TestCell;
      let hello: Caller;
      before(async () => {
        t = await startCell({ engine, seed: VAPP_SEED, config: { taskDelayMs: delayMs } });
        hello = await caller(t, 'HelloUser', 'ExampleOrg');
      });
      after(async () => { await t.close(); });

      const get = async (path: string) => {
        const res = await hello.call('GET', path);
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        return res.text;
      };
      /** Polls the task as clients do; with a delay, the manual clock moves it on between polls. */
      const waitFor = async (taskHref: string) => {
        for (let i = 0; i < 10; i++) {
          const task = await get(pathOf(taskHref));
          const status = attr(task, 'status');
          if (status !== 'running') return task;
          await t.clock.advance(delayMs / 4);
        }
        assert.fail('the task never ended');
      };
      const taskOf = async (res: { status: number; text: string; headers: Headers }) => {
        assert.equal(res.status, 202, res.text);
        assert.equal(res.headers.get('location'), attr(res.text, 'href'));
        const done = await waitFor(attr(res.text, 'href')!);
        assert.equal(attr(done, 'status'), 'success', done);
      };

      test('the whole walk', async () => {
        const session = await get('/api/session');
        const orgHref = [...session.matchAll(/<Link [^>]*>/g)].map((m) => m[0]).find((l) => /type="application\/vnd\.vmware\.vcloud\.org\+xml"/.test(l) && /name="ExampleOrg"/.test(l));
        const orgList = orgHref ? undefined : await get('/api/org');
        const orgPath = pathOf(orgHref ? attr(orgHref, 'href')! : /href="([^"]+)"[^>]*name="ExampleOrg"/.exec(orgList!)![1]!);
        const org = await get(orgPath);
        const vdcPath = pathOf(linkOf(org, 'down', 'application/vnd.vmware.vcloud.vdc+xml')!);
        const catalogPath = pathOf(linkOf(org, 'down', 'application/vnd.vmware.vcloud.catalog+xml')!);
        const catalog = await get(catalogPath);
        const itemPath = pathOf(/<CatalogItem [^>]*href="([^"]+)"[^>]*name="Ubuntu Template with vsftpd"/.exec(catalog)?.[1]
          ?? /<CatalogItem [^>]*name="Ubuntu Template with vsftpd"[^>]*href="([^"]+)"/.exec(catalog)![1]!);
        const item = await get(itemPath);
        const templateHref = /<Entity [^>]*href="([^"]+)"/.exec(item)![1]!;
        const template = await get(pathOf(templateHref));
        assert.equal(attr(template, 'status'), '8');
        const templateVm = /<Vm [^>]*href="([^"]+)"/.exec(template)![1]!;
        const vdc = await get(vdcPath);
        const instantiate = linkOf(vdc, 'add', INSTANTIATE)!;
        // the network, as pyvcloud finds it: by name among the VDC's AvailableNetworks
        const networkHref = /<AvailableNetworks>.*?<Network [^>]*href="([^"]+)"[^>]*name="routed-net"/s.exec(vdc)?.[1]
          ?? /<AvailableNetworks>.*?<Network [^>]*name="routed-net"[^>]*href="([^"]+)"/s.exec(vdc)![1]!;

        const created = await hello.call('POST', pathOf(instantiate), instantiateParams({
          name: 'Linux FTP server', template: templateHref, vm: { href: templateVm }, network: { name: 'routed-net', href: networkHref },
        }), INSTANTIATE);
        assert.equal(created.status, 201, created.text);
        assert.match(created.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.vApp\+xml/);
        assert.match(created.text, /<Tasks><Task [^>]*operationName="vdcInstantiateVapp"/);
        const vappHref = /<VApp [^>]*href="([^"]+)"/.exec(created.text)![1]!;
        const vappPath = pathOf(vappHref);
        assert.match(vappPath, /^\/api\/vApp\/vapp-[0-9a-f-]{36}$/);
        if (delayMs) {
          assert.equal(/<VApp [^>]*status="(\d+)"/.exec(created.text)![1], '0', 'unresolved while it is being created');
          assert.match(created.text, /<Task [^>]*status="running"/);
          // a second operation on it is refused while its creation runs
          const busy = await hello.call('POST', `${vappPath}/power/action/powerOn`);
          assert.equal(busy.status, 400);
          assert.match(busy.text, /minorErrorCode="BUSY_ENTITY"/);
        }
        const creationTask = /<Task [^>]*href="([^"]+)"/.exec(created.text)![1]!;
        assert.equal(attr(await waitFor(creationTask), 'status'), 'success');

        let vapp = await get(vappPath);
        assert.equal(/<VApp [^>]*status="(\d+)"/.exec(vapp)![1], '8');
        assert.match(vapp, /<VApp [^>]*deployed="false"/);
        assert.doesNotMatch(vapp, /<Tasks>/, 'no Tasks once created');
        assert.ok(linkOf(vapp, 'power:powerOn'));
        assert.ok(linkOf(vapp, 'remove'));
        assert.equal(linkOf(vapp, 'power:powerOff'), undefined);
        // the VDC lists it
        assert.match(await get(vdcPath), new RegExp(`<ResourceEntity [^>]*href="${vappHref}"`));

        const powerOn = await hello.call('POST', pathOf(linkOf(vapp, 'power:powerOn')!));
        if (delayMs) {
          // while the vApp powers on, its VM is busy with it too
          const vmBusy = await hello.call('POST', `${pathOf(/<Vm [^>]*href="([^"]+)"/.exec(vapp)![1]!)}/power/action/powerOff`);
          assert.equal(vmBusy.status, 400, vmBusy.text);
          assert.match(vmBusy.text, /minorErrorCode="BUSY_ENTITY"[^>]*|is busy completing an operation VAPP_POWER_ON/);
        }
        await taskOf(powerOn);
        vapp = await get(vappPath);
        assert.match(vapp, /<VApp [^>]*deployed="true"[^>]*status="4"/);
        for (const rel of ['power:powerOff', 'power:reboot', 'power:reset', 'power:shutdown', 'power:suspend', 'undeploy']) assert.ok(linkOf(vapp, rel), rel);
        assert.equal(linkOf(vapp, 'remove'), undefined);
        const vmPath = pathOf(/<Vm [^>]*href="([^"]+)"/.exec(vapp)![1]!);
        const vm = await get(vmPath);
        assert.match(vm, /<Vm [^>]*deployed="true"[^>]*status="4"/);
        assert.match(vm, /<MACAddress>00:50:56:[0-9a-f:]{8}<\/MACAddress>/);
        // its address comes from the network's pool (192.168.10.10–.200)
        const ip = /<NetworkConnection network="routed-net"[^>]*><NetworkConnectionIndex>0<\/NetworkConnectionIndex><IpAddress>([\d.]+)<\/IpAddress>/.exec(vm)?.[1];
        assert.ok(ip, vm);
        const last = Number(ip.split('.')[3]);
        assert.ok(ip.startsWith('192.168.10.') && last >= 10 && last <= 200, ip);
        assert.match(vm, /<IpAddressAllocationMode>POOL<\/IpAddressAllocationMode>/);
        assert.match(vapp, /<NetworkConfig networkName="routed-net"><Link rel="repair" [^>]*\/><Description\/><Configuration><ParentNetwork /);
        assert.match(vm, /<NumCpus>2<\/NumCpus>/);
        assert.match(vm, /<rasd:VirtualQuantity>2048<\/rasd:VirtualQuantity>/);

        const refused = await hello.call('DELETE', `${vappPath}?force=False&recursive=False`);
        assert.equal(refused.status, 400);
        assert.match(refused.text, /The requested operation could not be executed on vApp &quot;Linux FTP server&quot;\. Stop the vApp and try again\./);

        await taskOf(await hello.call('POST', pathOf(linkOf(vapp, 'power:powerOff')!)));
        vapp = await get(vappPath);
        assert.match(vapp, /<VApp [^>]*deployed="true"/, 'powered off, still deployed');
        await taskOf(await hello.call('POST', pathOf(linkOf(vapp, 'undeploy')!), undeployParams('default'), UNDEPLOY));
        vapp = await get(vappPath);
        assert.match(vapp, /<VApp [^>]*deployed="false"[^>]*status="8"/);
        const again = await hello.call('POST', `${vappPath}/action/undeploy`, undeployParams(), UNDEPLOY);
        assert.equal(again.status, 400);
        assert.match(again.text, /since vApp &quot;Linux FTP server&quot; is not running\./);

        await taskOf(await hello.call('DELETE', pathOf(linkOf(vapp, 'remove')!)));
        const gone = await hello.call('GET', vappPath);
        assert.equal(gone.status, 403);
        assert.match(gone.text, /ACCESS_TO_RESOURCE_IS_FORBIDDEN/);
        assert.equal((await hello.call('GET', vmPath)).status, 403);
        assert.doesNotMatch(await get(vdcPath), /<ResourceEntity /);
      });
    });
  }
}
