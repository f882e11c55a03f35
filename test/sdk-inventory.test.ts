// The inventory from the SDK, on both stores: every resource type got by href, id, urn and name and listed
// through the query service (filters, pages), and the operations the cell offers — edits, deletes, metadata,
// NAT and firewall rules replaced and read back, compose, VM CPU and memory, deploy, task cancel — with VCD's
// refusals as typed errors.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { eachEngine } from './helpers/world.ts';
import { PASSWORD } from './helpers/cell.ts';
import { VAPP_SEED } from './helpers/vapps.ts';
import {
  AmbiguousNameError, BusyEntityError, DuplicateNameError, EntityNotFoundError, ForbiddenError, InvalidReferenceError, TaskFailedError,
  VAPP_STATUS, VcdClient, eq, passwordAuth, type Inventory,
} from '../src/sdk/index.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';
import { collect } from './helpers/collect.ts';

const SEED: SeedFile = {
  ...VAPP_SEED,
  orgs: VAPP_SEED.orgs!.map((o) => (o.name === 'ExampleOrg'
    ? { ...o, catalogs: [{ ...o.catalogs![0]!, media: [{ name: 'ubuntu.iso', sizeMb: 700 }] }, { name: 'Second', templates: [{ name: 'Big' }] }] }
    : o)),
};

const connect = (url: string, user: string, org: string) => VcdClient.connect(url, { auth: passwordAuth({ user, org, password: PASSWORD }) });

eachEngine('SDK inventory', { seed: SEED, login: [] }, (w) => {
  let author: VcdClient;
  let admin: VcdClient;
  let inv: Inventory;
  let adminInv: Inventory;
  before(async () => {
    author = await connect(w.t.url, 'HelloUser', 'ExampleOrg');
    admin = await connect(w.t.url, 'OrgAdmin', 'ExampleOrg');
    inv = author.inventory;
    adminInv = admin.inventory;
  });
  after(async () => {
    // the world's cell has stopped by now: only the connections are closed
    await author?.close({ logout: false });
    await admin?.close({ logout: false });
  });

  test('a VDC by name, href, uuid and urn; lists with filters and pages; lookups that fail are typed', async () => {
    const vdc = await inv.vdcs.getByName('ExampleVdc01');
    assert.equal(vdc.allocationModel, 'AllocationPool');
    assert.equal(vdc.computeCapacity.cpu.limit, 20000);
    const uuid = vdc.id.split(':').pop()!;
    for (const ref of [vdc.href, uuid, vdc.id, vdc]) assert.equal((await inv.vdcs.get(ref)).id, vdc.id);
    assert.deepEqual(inv.vdcs.storageProfiles(vdc).map((p) => p.name), ['Gold', 'Silver']);
    const [record] = await collect(inv.vdcs.list());
    assert.equal(record?.name, 'ExampleVdc01');
    assert.equal(record?.orgName, 'ExampleOrg');

    // two templates are named Big (one per catalog): one page of one record at a time, and the name alone is ambiguous
    const bigs = await collect(inv.templates.list({ filter: eq('name', 'Big'), pageSize: 1, sortAsc: 'catalogName' }));
    assert.deepEqual(bigs.map((b: { catalogName: string }) => b.catalogName), ['ExampleCatalog', 'Second']);
    await assert.rejects(inv.templates.getByName('Big'), (e: unknown) => e instanceof AmbiguousNameError && e.hrefs.length === 2);
    assert.equal((await inv.templates.getByName('Big', { filter: eq('catalogName', 'Second') })).href, bigs[1]!.href);
    await assert.rejects(inv.vdcs.getByName('NoSuchVdc'), EntityNotFoundError);
    await assert.rejects(inv.vdcs.get('00000000-0000-4000-8000-000000000000'), ForbiddenError);
  });

  test('catalogs, items, templates and media; catalog create, edit, delete; item edit and delete', async () => {
    const catalog = await inv.catalogs.getByName('ExampleCatalog');
    assert.deepEqual(inv.catalogs.items(catalog).map((i) => i.name).sort(), ['Big', 'Ubuntu Template with vsftpd', 'ubuntu.iso']);
    const media = await inv.media.getByName('ubuntu.iso');
    assert.equal(media.imageType, 'iso');
    assert.equal(media.size, 700 * 1024 * 1024);
    const [mediaRecord] = await collect(inv.media.list());
    assert.equal(mediaRecord?.storageB, 700 * 1024 * 1024);
    const item = await inv.catalogItems.getByName('Ubuntu Template with vsftpd');
    const template = await inv.templates.get(item.entity);
    assert.deepEqual(inv.templates.vms(template).map((v) => v.name), ['web']);

    const org = (await admin.orgs())[0]!;
    const created = await adminInv.catalogs.create(org, { name: 'Made', description: 'by the SDK' });
    assert.equal(created.entity.name, 'Made');
    assert.equal((await created.wait()).status, 'success');
    await assert.rejects(adminInv.catalogs.create(org, { name: 'made' }), DuplicateNameError);
    const edited = await adminInv.catalogs.edit(created.entity, { name: 'Made again' });
    assert.equal(edited.name, 'Made again');
    assert.equal(edited.description, 'by the SDK', 'the description stays when only the name changes');
    await (await adminInv.catalogs.delete(edited)).wait();
    assert.equal(await adminInv.catalogs.find('Made again'), undefined);

    const renamed = await adminInv.catalogItems.edit(item, { name: 'Ubuntu FTP', description: 'renamed' });
    assert.equal(renamed.name, 'Ubuntu FTP');
    await adminInv.catalogItems.edit(item, { name: 'Ubuntu Template with vsftpd' });
    const second = await adminInv.catalogItems.getByName('Big', { filter: eq('catalogName', 'Second') });
    await adminInv.catalogItems.delete(second);
    assert.equal(await adminInv.catalogItems.find('Big', { filter: eq('catalogName', 'Second') }), undefined);
  });

  test('metadata read and written on a catalog, a template and (through its admin view) a VDC', async () => {
    const catalog = await inv.catalogs.getByName('ExampleCatalog');
    await (await adminInv.catalogs.setMetadata(catalog, 'tier', 'gold')).wait();
    await (await adminInv.catalogs.setMetadata(catalog, 'size', 42)).wait();
    const entries = await inv.catalogs.metadata(catalog);
    assert.deepEqual(entries.map((e) => [e.key, e.value, e.type, e.domain]).sort(),
      [['size', 42, 'MetadataNumberValue', 'GENERAL'], ['tier', 'gold', 'MetadataStringValue', 'GENERAL']]);
    await (await adminInv.catalogs.deleteMetadata(catalog, 'size')).wait();
    assert.deepEqual((await inv.catalogs.metadata(catalog)).map((e) => e.key), ['tier']);

    const template = await inv.templates.getByName('Ubuntu Template with vsftpd');
    await (await adminInv.templates.setMetadata(template, 'ready', true)).wait();
    assert.deepEqual((await inv.templates.metadata(template)).map((e) => [e.key, e.value]), [['ready', true]]);

    const vdc = await inv.vdcs.getByName('ExampleVdc01');
    await (await adminInv.vdcs.setMetadata(vdc, 'owner', 'team a')).wait();
    assert.deepEqual((await inv.vdcs.metadata(vdc)).map((e) => [e.key, e.value]), [['owner', 'team a']]);
    await assert.rejects(inv.vdcs.setMetadata(vdc, 'x', 'y'), ForbiddenError, 'a vApp Author does not write a VDC\'s metadata');
  });

  test('a network and its Edge gateway: NAT and firewall rules replaced and read back', async () => {
    const network = await inv.networks.getByName('routed-net');
    assert.equal(network.configuration.fenceMode, 'natRouted');
    assert.equal(inv.networks.ipScopes(network)[0]?.gateway, '192.168.10.1');
    assert.deepEqual(await inv.networks.allocatedAddresses(network), []);
    const [gatewayRecord] = await collect(adminInv.edgeGateways.list());
    assert.equal(gatewayRecord?.name, 'edge-01');
    const gateway = await adminInv.edgeGateways.get(network.edgeGateway!);
    assert.deepEqual(adminInv.edgeGateways.interfaces(gateway).map((i) => i.name), ['routed-net']);
    const iface = adminInv.edgeGateways.interfaces(gateway)[0]!;

    await (await adminInv.edgeGateways.replaceNat(gateway, [
      { ruleType: 'DNAT', interface: iface, originalIp: '10.0.0.5', originalPort: '80', translatedIp: '192.168.10.20', translatedPort: '8080', protocol: 'tcp' },
      { ruleType: 'SNAT', originalIp: '192.168.10.0/24', translatedIp: '10.0.0.5', description: 'out' },
    ])).wait();
    await (await adminInv.edgeGateways.replaceFirewall(gateway, [
      { description: 'web in', destinationIp: '10.0.0.5', destinationPortRange: '80', sourceIp: 'any', protocols: { tcp: true } },
    ], { defaultAction: 'drop' })).wait();
    const after = await adminInv.edgeGateways.get(gateway);
    const nat = adminInv.edgeGateways.nat(after);
    assert.equal(nat.enabled, true);
    assert.deepEqual(nat.rules.map((r) => [r.ruleType, r.originalIp, r.originalPort, r.translatedIp, r.translatedPort, r.protocol, r.interface?.name]), [
      ['DNAT', '10.0.0.5', '80', '192.168.10.20', '8080', 'tcp', 'routed-net'],
      ['SNAT', '192.168.10.0/24', 'any', '10.0.0.5', 'any', 'any', undefined],
    ]);
    const firewall = adminInv.edgeGateways.firewall(after);
    assert.equal(firewall.defaultAction, 'drop');
    assert.deepEqual(firewall.rules.map((r) => [r.description, r.destinationIp, r.destinationPortRange, r.policy, r.protocols?.tcp]),
      [['web in', '10.0.0.5', '80', 'allow', true]]);
    // replacing the firewall left NAT alone
    assert.equal(nat.rules.length, 2);

    await assert.rejects(inv.networks.setMetadata(network, 'x', 'y'), ForbiddenError, 'a vApp Author writes no network metadata');
    await (await adminInv.networks.setMetadata(network, 'purpose', 'web')).wait();
    assert.deepEqual((await inv.networks.metadata(network)).map((e) => [e.key, e.value]), [['purpose', 'web']]);
  });

  test('compose, rename, VM CPU and memory, deploy, the vApp\'s and VM\'s metadata; refusals typed', async () => {
    const vdc = await inv.vdcs.getByName('ExampleVdc01');
    const template = await inv.templates.getByName('Ubuntu Template with vsftpd');
    const [source] = inv.templates.vms(template);
    const network = await inv.networks.getByName('routed-net');
    const op = await inv.vapps.compose(vdc, { name: 'composed', deploy: false, powerOn: false, network, vms: [{ source: source!, name: 'web-1' }] });
    await op.wait();
    await assert.rejects(inv.vapps.compose(vdc, { name: 'composed', vms: [{ source: source! }] }), DuplicateNameError);
    const media = await inv.media.getByName('ubuntu.iso');
    await assert.rejects(inv.vapps.instantiate(vdc, { name: 'x', template: media.href }), InvalidReferenceError, 'a media is no template');

    await (await inv.vapps.edit(op.entity, { name: 'composed-2', description: 'renamed' })).wait();
    let vapp = await inv.vapps.getByName('composed-2');
    assert.equal(vapp.description, 'renamed');
    const vmRef = inv.vapps.vms(vapp)[0]!;
    assert.equal(vmRef.name, 'web-1');

    await (await inv.vms.setCpus(vmRef, 4, { coresPerSocket: 2 })).wait();
    await (await inv.vms.setMemory(vmRef, 4096)).wait();
    await (await inv.vms.edit(vmRef, { name: 'web-2' })).wait();
    let vm = await inv.vms.get(vmRef);
    assert.deepEqual([vm.name, inv.vms.cpus(vm), inv.vms.memoryMb(vm)], ['web-2', 4, 4096]);
    const [vmRecord] = await collect(inv.vms.list({ filter: eq('name', 'web-2') }));
    assert.deepEqual([vmRecord?.numberOfCpus, vmRecord?.memoryMB], [4, 4096]);

    await (await inv.vapps.setMetadata(vapp, 'app', 'ftp')).wait();
    await (await inv.vms.setMetadata(vm, 'role', 'web')).wait();
    assert.deepEqual((await inv.vapps.metadata(vapp)).map((e) => e.key), ['app']);
    assert.deepEqual((await inv.vms.metadata(vm)).map((e) => e.key), ['role']);

    await (await inv.vapps.deploy(vapp, { powerOn: false })).wait();
    vapp = await inv.vapps.get(vapp);
    assert.equal(vapp.deployed, true);
    await (await inv.vms.powerOn(vm)).wait();
    vm = await inv.vms.get(vm);
    assert.equal(vm.status, VAPP_STATUS.POWERED_ON);
    // reset and reboot leave it running; shutdown (through the guest) powers it off, still deployed; then on again
    for (const op of [inv.vms.reset, inv.vms.reboot]) {
      await (await op.call(inv.vms, vm)).wait();
      assert.equal((await inv.vms.get(vm)).status, VAPP_STATUS.POWERED_ON);
    }
    await (await inv.vms.shutdown(vm)).wait();
    assert.equal((await inv.vms.get(vm)).status, VAPP_STATUS.PARTIALLY_POWERED_OFF);
    await (await inv.vms.powerOn(vm)).wait();
    await (await inv.vms.suspend(vm)).wait();
    assert.equal((await inv.vms.get(vm)).status, VAPP_STATUS.SUSPENDED);
    await (await inv.vapps.delete(vapp, { force: true })).wait();
    assert.equal(await inv.vapps.find('composed-2'), undefined);
  });
});

eachEngine('SDK tasks with a task delay', { seed: SEED, login: [], config: { taskDelayMs: 5000 } }, (w) => {
  let author: VcdClient;
  before(async () => {
    const clock = { now: () => w.t.clock.now(), sleep: (ms: number) => w.t.clock.advance(ms) };
    author = await VcdClient.connect(w.t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }), clock });
  });
  after(async () => { await author?.close({ logout: false }); });

  test('tasks: listed through the query service, a running one cancelled, a busy entity refused', async () => {
    const inv = author.inventory;
    const vdc = await inv.vdcs.getByName('ExampleVdc01');
    const template = await inv.templates.getByName('Ubuntu Template with vsftpd');
    const creation = await inv.vapps.instantiate(vdc, { name: 'short-lived', template, deploy: false, powerOn: false });
    const [record] = await collect(inv.tasks.list({ filter: eq('objectName', 'short-lived') }));
    assert.equal(record?.name, 'vdcInstantiateVapp');
    assert.equal(record?.status, 'running');
    assert.equal((await inv.tasks.wait(record, { intervalMs: 1000 })).status, 'success');
    assert.equal((await inv.tasks.get(creation.task)).status, 'success');

    const vapp = await inv.vapps.getByName('short-lived');
    const running = await inv.vapps.powerOn(vapp);
    await assert.rejects(inv.vapps.powerOff(vapp), BusyEntityError);
    await running.cancel();
    await assert.rejects(running.wait(), (e: unknown) => e instanceof TaskFailedError && /canceled/.test(e.message));
    assert.equal((await inv.vapps.get(vapp)).status, VAPP_STATUS.POWERED_OFF, 'the cancelled power-on changed nothing');
  });
});
