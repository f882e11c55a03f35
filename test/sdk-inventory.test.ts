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
  VAPP_STATUS, VcdClient, eq, passwordAuth,
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
  before(async () => {
    author = await connect(w.t.url, 'HelloUser', 'ExampleOrg');
    admin = await connect(w.t.url, 'OrgAdmin', 'ExampleOrg');
  });
  after(async () => {
    // the world's cell has stopped by now: only the connections are closed
    await author?.close({ logout: false });
    await admin?.close({ logout: false });
  });

  test('a VDC by name, href, uuid and urn; lists with filters and pages; lookups that fail are typed', async () => {
    const vdc = await author.vdcs.getByName('ExampleVdc01');
    assert.equal(vdc.allocationModel, 'AllocationPool');
    assert.equal(vdc.computeCapacity.cpu.limit, 20000);
    const uuid = vdc.id.split(':').pop()!;
    for (const ref of [vdc.href, uuid, vdc.id, vdc]) assert.equal((await author.vdcs.get(ref)).id, vdc.id);
    assert.deepEqual(author.vdcs.storageProfiles(vdc).map((p) => p.name), ['Gold', 'Silver']);
    const [record] = await collect(author.vdcs.records());
    assert.equal(record?.name, 'ExampleVdc01');
    assert.equal(record?.orgName, 'ExampleOrg');

    // two templates are named Big (one per catalog): one page of one record at a time, and the name alone is ambiguous
    const bigs = await collect(author.templates.list({ filter: eq('name', 'Big'), pageSize: 1, sortAsc: 'catalogName' }));
    assert.deepEqual(bigs.map((b: { catalogName: string }) => b.catalogName), ['ExampleCatalog', 'Second']);
    await assert.rejects(author.templates.getByName('Big'), (e: unknown) => e instanceof AmbiguousNameError && e.hrefs.length === 2);
    assert.equal((await author.templates.getByName('Big', { filter: eq('catalogName', 'Second') })).href, bigs[1]!.href);
    await assert.rejects(author.vdcs.getByName('NoSuchVdc'), EntityNotFoundError);
    await assert.rejects(author.vdcs.get('00000000-0000-4000-8000-000000000000'), ForbiddenError);
  });

  test('catalogs, items, templates and media; catalog create, edit, delete; item edit and delete', async () => {
    const catalog = await author.catalogs.getByName('ExampleCatalog');
    assert.deepEqual(author.catalogs.items(catalog).map((i) => i.name).sort(), ['Big', 'Ubuntu Template with vsftpd', 'ubuntu.iso']);
    const media = await author.media.getByName('ubuntu.iso');
    assert.equal(media.imageType, 'iso');
    assert.equal(media.size, 700 * 1024 * 1024);
    const [mediaRecord] = await collect(author.media.list());
    assert.equal(mediaRecord?.storageB, 700 * 1024 * 1024);
    const item = await author.catalogItems.getByName('Ubuntu Template with vsftpd');
    const template = await author.templates.get(item.entity);
    assert.deepEqual(author.templates.vms(template).map((v) => v.name), ['web']);

    const org = (await admin.orgs.references())[0]!;
    const created = await admin.catalogs.create(org, { name: 'Made', description: 'by the SDK' });
    assert.equal(created.entity.name, 'Made');
    assert.equal((await created.wait()).status, 'success');
    await assert.rejects(admin.catalogs.create(org, { name: 'made' }), DuplicateNameError);
    const edited = await admin.catalogs.edit(created.entity, { name: 'Made again' });
    assert.equal(edited.name, 'Made again');
    assert.equal(edited.description, 'by the SDK', 'the description stays when only the name changes');
    await (await admin.catalogs.delete(edited)).wait();
    assert.equal(await admin.catalogs.find('Made again'), undefined);

    const renamed = await admin.catalogItems.edit(item, { name: 'Ubuntu FTP', description: 'renamed' });
    assert.equal(renamed.name, 'Ubuntu FTP');
    await admin.catalogItems.edit(item, { name: 'Ubuntu Template with vsftpd' });
    const second = await admin.catalogItems.getByName('Big', { filter: eq('catalogName', 'Second') });
    await admin.catalogItems.delete(second);
    assert.equal(await admin.catalogItems.find('Big', { filter: eq('catalogName', 'Second') }), undefined);
  });

  test('metadata read and written on a catalog, a template and (through its admin view) a VDC', async () => {
    const catalog = await author.catalogs.getByName('ExampleCatalog');
    await (await admin.catalogs.setMetadata(catalog, 'tier', 'gold')).wait();
    await (await admin.catalogs.setMetadata(catalog, 'size', 42)).wait();
    const entries = await author.catalogs.metadata(catalog);
    assert.deepEqual(entries.map((e) => [e.key, e.value, e.type, e.domain]).sort(),
      [['size', 42, 'MetadataNumberValue', 'GENERAL'], ['tier', 'gold', 'MetadataStringValue', 'GENERAL']]);
    await (await admin.catalogs.deleteMetadata(catalog, 'size')).wait();
    assert.deepEqual((await author.catalogs.metadata(catalog)).map((e) => e.key), ['tier']);

    const template = await author.templates.getByName('Ubuntu Template with vsftpd');
    await (await admin.templates.setMetadata(template, 'ready', true)).wait();
    assert.deepEqual((await author.templates.metadata(template)).map((e) => [e.key, e.value]), [['ready', true]]);

    const vdc = await author.vdcs.getByName('ExampleVdc01');
    await (await admin.vdcs.setMetadata(vdc, 'owner', 'team a')).wait();
    assert.deepEqual((await author.vdcs.metadata(vdc)).map((e) => [e.key, e.value]), [['owner', 'team a']]);
    await assert.rejects(author.vdcs.setMetadata(vdc, 'x', 'y'), ForbiddenError, 'a vApp Author does not write a VDC\'s metadata');
  });

  test('a network and its Edge gateway: NAT and firewall rules replaced and read back', async () => {
    const network = await author.networks.getByName('routed-net');
    assert.equal(network.configuration.fenceMode, 'natRouted');
    assert.equal(author.networks.ipScopes(network)[0]?.gateway, '192.168.10.1');
    assert.deepEqual(await author.networks.allocatedAddresses(network), []);
    const [gatewayRecord] = await collect(admin.edgeGateways.records());
    assert.equal(gatewayRecord?.name, 'edge-01');
    const gateway = await admin.edgeGateways.get(network.edgeGateway!);
    assert.deepEqual(admin.edgeGateways.interfaces(gateway).map((i) => i.name), ['routed-net']);
    const iface = admin.edgeGateways.interfaces(gateway)[0]!;

    await (await admin.edgeGateways.replaceNat(gateway, [
      { ruleType: 'DNAT', interface: iface, originalIp: '10.0.0.5', originalPort: '80', translatedIp: '192.168.10.20', translatedPort: '8080', protocol: 'tcp' },
      { ruleType: 'SNAT', originalIp: '192.168.10.0/24', translatedIp: '10.0.0.5', description: 'out' },
    ])).wait();
    await (await admin.edgeGateways.replaceFirewall(gateway, [
      { description: 'web in', destinationIp: '10.0.0.5', destinationPortRange: '80', sourceIp: 'any', protocols: { tcp: true } },
    ], { defaultAction: 'drop' })).wait();
    const after = await admin.edgeGateways.get(gateway);
    const nat = admin.edgeGateways.nat(after);
    assert.equal(nat.enabled, true);
    assert.deepEqual(nat.rules.map((r) => [r.ruleType, r.originalIp, r.originalPort, r.translatedIp, r.translatedPort, r.protocol, r.interface?.name]), [
      ['DNAT', '10.0.0.5', '80', '192.168.10.20', '8080', 'tcp', 'routed-net'],
      ['SNAT', '192.168.10.0/24', 'any', '10.0.0.5', 'any', 'any', undefined],
    ]);
    const firewall = admin.edgeGateways.firewall(after);
    assert.equal(firewall.defaultAction, 'drop');
    assert.deepEqual(firewall.rules.map((r) => [r.description, r.destinationIp, r.destinationPortRange, r.policy, r.protocols?.tcp]),
      [['web in', '10.0.0.5', '80', 'allow', true]]);
    // replacing the firewall left NAT alone
    assert.equal(nat.rules.length, 2);

    await assert.rejects(author.networks.setMetadata(network, 'x', 'y'), ForbiddenError, 'a vApp Author writes no network metadata');
    await (await admin.networks.setMetadata(network, 'purpose', 'web')).wait();
    assert.deepEqual((await author.networks.metadata(network)).map((e) => [e.key, e.value]), [['purpose', 'web']]);
  });

  test('compose, rename, VM CPU and memory, deploy, the vApp\'s and VM\'s metadata; refusals typed', async () => {
    const vdc = await author.vdcs.getByName('ExampleVdc01');
    const template = await author.templates.getByName('Ubuntu Template with vsftpd');
    const [source] = author.templates.vms(template);
    const network = await author.networks.getByName('routed-net');
    const op = await author.vapps.compose(vdc, { name: 'composed', deploy: false, powerOn: false, network, vms: [{ source: source!, name: 'web-1' }] });
    await op.wait();
    await assert.rejects(author.vapps.compose(vdc, { name: 'composed', vms: [{ source: source! }] }), DuplicateNameError);
    const media = await author.media.getByName('ubuntu.iso');
    await assert.rejects(author.vapps.instantiate(vdc, { name: 'x', template: media.href }), InvalidReferenceError, 'a media is no template');

    await (await author.vapps.edit(op.entity, { name: 'composed-2', description: 'renamed' })).wait();
    let vapp = await author.vapps.getByName('composed-2');
    assert.equal(vapp.description, 'renamed');
    const vmRef = author.vapps.vms(vapp)[0]!;
    assert.equal(vmRef.name, 'web-1');

    await (await author.vms.setCpus(vmRef, 4, { coresPerSocket: 2 })).wait();
    await (await author.vms.setMemory(vmRef, 4096)).wait();
    await (await author.vms.edit(vmRef, { name: 'web-2' })).wait();
    let vm = await author.vms.get(vmRef);
    assert.deepEqual([vm.name, author.vms.cpus(vm), author.vms.memoryMb(vm)], ['web-2', 4, 4096]);
    const [vmRecord] = await collect(author.vms.list({ filter: eq('name', 'web-2') }));
    assert.deepEqual([vmRecord?.numberOfCpus, vmRecord?.memoryMB], [4, 4096]);

    await (await author.vapps.setMetadata(vapp, 'app', 'ftp')).wait();
    await (await author.vms.setMetadata(vm, 'role', 'web')).wait();
    assert.deepEqual((await author.vapps.metadata(vapp)).map((e) => e.key), ['app']);
    assert.deepEqual((await author.vms.metadata(vm)).map((e) => e.key), ['role']);

    await (await author.vapps.deploy(vapp, { powerOn: false })).wait();
    vapp = await author.vapps.get(vapp);
    assert.equal(vapp.deployed, true);
    await (await author.vms.powerOn(vm)).wait();
    vm = await author.vms.get(vm);
    assert.equal(vm.status, VAPP_STATUS.POWERED_ON);
    // reset and reboot leave it running; shutdown (through the guest) powers it off, still deployed; then on again
    for (const op of [author.vms.reset, author.vms.reboot]) {
      await (await op.call(author.vms, vm)).wait();
      assert.equal((await author.vms.get(vm)).status, VAPP_STATUS.POWERED_ON);
    }
    await (await author.vms.shutdown(vm)).wait();
    assert.equal((await author.vms.get(vm)).status, VAPP_STATUS.PARTIALLY_POWERED_OFF);
    await (await author.vms.powerOn(vm)).wait();
    await (await author.vms.suspend(vm)).wait();
    assert.equal((await author.vms.get(vm)).status, VAPP_STATUS.SUSPENDED);
    await (await author.vapps.delete(vapp, { force: true })).wait();
    assert.equal(await author.vapps.find('composed-2'), undefined);
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
    const vdc = await author.vdcs.getByName('ExampleVdc01');
    const template = await author.templates.getByName('Ubuntu Template with vsftpd');
    const creation = await author.vapps.instantiate(vdc, { name: 'short-lived', template, deploy: false, powerOn: false });
    const [record] = await collect(author.tasks.list({ filter: eq('objectName', 'short-lived') }));
    assert.equal(record?.name, 'vdcInstantiateVapp');
    assert.equal(record?.status, 'running');
    assert.equal((await author.tasks.wait(record, { intervalMs: 1000 })).status, 'success');
    assert.equal((await author.tasks.get(creation.task)).status, 'success');

    const vapp = await author.vapps.getByName('short-lived');
    const running = await author.vapps.powerOn(vapp);
    await assert.rejects(author.vapps.powerOff(vapp), BusyEntityError);
    await running.cancel();
    await assert.rejects(running.wait(), (e: unknown) => e instanceof TaskFailedError && /canceled/.test(e.message));
    assert.equal((await author.vapps.get(vapp)).status, VAPP_STATUS.POWERED_OFF, 'the cancelled power-on changed nothing');
  });
});
