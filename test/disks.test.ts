// Independent disks over HTTP, on both stores: createDisk (201, the Disk with its Task inside), GET, PUT and
// DELETE as tasks, the storage a disk takes on its profile and VDC (and the refusal of one that does not fit),
// attaching and detaching under VCD's state rules (a disk attached once, not in another VDC, IDE only on a
// powered-off VM, no suspended VM), the refusal to delete an attached disk, attachedVms, the disk and
// adminDisk queries with filters, who sees and changes a disk, and the documents valid against VMware's XSDs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { ACCEPT_JSON, attr, type Caller } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';
import { schemasProblem, validate } from './helpers/xsd.ts';
import { loggedInHome } from './helpers/cli.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';
import { VcdClient, passwordAuth } from '../src/sdk/index.ts';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
const CREATE_XML = 'application/vnd.vmware.vcloud.diskCreateParams+xml';
const CREATE_JSON = 'application/vnd.vmware.vcloud.diskCreateParams+json';
const DISK_XML = 'application/vnd.vmware.vcloud.disk+xml';
const ATTACH_XML = 'application/vnd.vmware.vcloud.diskAttachOrDetachParams+xml';
const schemas = schemasProblem();
/** An answer's text with XML's quotes read back, for matching messages. */
const said = (res: { text: string }) => res.text.replace(/&quot;/g, '"');

async function assertValid(xml: string) {
  if (schemas) return;
  const result = await validate(xml);
  const problems = result.errors.filter((e) => e.loc?.fileName === 'document.xml').map((e) => e.message);
  assert.ok(result.valid, `schema errors:\n${problems.join('\n')}\n--- document:\n${xml}`);
}

const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => o.name === 'ExampleOrg'
    ? {
      ...o,
      users: [...o.users!, { name: 'VAppUser', password: PASSWORD, role: 'vApp User' }],
      vdcs: [
        { name: 'DiskVdc', allocationModel: 'AllocationPool', cpuLimitMhz: 20000, memoryLimitMb: 65536,
          storageProfiles: [{ name: 'Gold', limitMb: 1048576, default: true }, { name: 'Tiny', limitMb: 100 }] },
        { name: 'ElsewhereVdc', allocationModel: 'AllocationVApp', storageProfiles: [{ name: 'Gold', limitMb: 0 }] },
      ],
      vapps: [{ name: 'DiskVApp', vdc: 'DiskVdc', vms: [{ name: 'first', memoryMb: 512 }, { name: 'second', memoryMb: 512 }, { name: 'third', memoryMb: 512 }] }],
    }
    : o),
};

const diskParams = (o: { name: string; sizeMb?: number; bytes?: number; busType?: string; busSubType?: string; profile?: string; description?: string }) =>
  `<DiskCreateParams ${NS}><Disk name="${o.name}"${o.sizeMb === undefined ? '' : ` sizeMb="${o.sizeMb}"`}${o.bytes === undefined ? '' : ` size="${o.bytes}"`}`
  + `${o.busType ? ` busType="${o.busType}"` : ''}${o.busSubType ? ` busSubType="${o.busSubType}"` : ''}>`
  + `<Description>${o.description ?? 'made by a test'}</Description>${o.profile ? `<StorageProfile href="${o.profile}"/>` : ''}</Disk></DiskCreateParams>`;
const attachParams = (diskHref: string, bus?: number) =>
  `<DiskAttachOrDetachParams ${NS}><Disk href="${diskHref}" type="${DISK_XML}"/>${bus === undefined ? '' : `<BusNumber>${bus}</BusNumber><UnitNumber>3</UnitNumber>`}</DiskAttachOrDetachParams>`;

eachEngine('independent disks', { seed: SEED }, (w) => {
  let vdc: string;
  let elsewhere: string;
  let profiles: { gold: string; tiny: string };
  let vms: { first: string; second: string; third: string };
  let vappUser: Caller;

  before(async () => {
    const db = w.t.cell.services.store.db;
    const vdcId = async (name: string) => (await db.selectFrom('vdcs').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    vdc = await vdcId('DiskVdc');
    elsewhere = await vdcId('ElsewhereVdc');
    const profile = async (name: string) => (await db.selectFrom('vdc_storage_profiles').select('id').where('vdc_id', '=', vdc).where('name', '=', name).executeTakeFirstOrThrow()).id;
    profiles = { gold: `${w.t.url}/api/vdcStorageProfile/${await profile('Gold')}`, tiny: `${w.t.url}/api/vdcStorageProfile/${await profile('Tiny')}` };
    const vm = async (name: string) => (await db.selectFrom('vms').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    vms = { first: await vm('first'), second: await vm('second'), third: await vm('third') };
    vappUser = await w.as('VAppUser', 'ExampleOrg');
  });

  const create = (who: Caller, params: Parameters<typeof diskParams>[0], at = vdc) => who.call('POST', `/api/vdc/${at}/disk`, diskParams(params), CREATE_XML);
  const created = async (params: Parameters<typeof diskParams>[0], at = vdc) => {
    const res = await create(w.hello, params, at);
    assert.equal(res.status, 201, res.text);
    const href = attr(res.text, 'href')!;
    return { href, path: new URL(href).pathname, text: res.text };
  };
  /** Ends with the task's status: the tests' cells end tasks before answering. */
  const taskOf = (res: { status: number; text: string }) => {
    assert.equal(res.status, 202, res.text);
    return attr(res.text, 'status');
  };
  const storageUsed = async () => {
    const res = await w.orgAdmin.call('GET', `/api/query?type=adminOrgVdc&format=records&filter=name==DiskVdc`);
    return Number(attr(/<AdminVdcRecord [^>]*>/.exec(res.text)![0], 'storageUsedMB'));
  };
  const profileUsed = async (href: string) =>
    Number(/<StorageUsedMB>(\d+)<\/StorageUsedMB>/.exec((await w.orgAdmin.call('GET', new URL(href).pathname)).text)![1]);
  const vmAction = (vm: string, action: 'attach' | 'detach', diskHref: string, who = w.orgAdmin, bus?: number) =>
    who.call('POST', `/api/vApp/vm-${vm}/disk/action/${action}`, attachParams(diskHref, bus), ATTACH_XML);
  const power = async (vm: string, action: string) => {
    const res = await w.orgAdmin.call('POST', `/api/vApp/vm-${vm}/power/action/${action}`);
    assert.equal(taskOf(res), 'success');
  };

  test('createDisk answers 201 with the Disk and its creation Task; the disk counts against its storage profile and its VDC', async () => {
    const before = { vdc: await storageUsed(), gold: await profileUsed(profiles.gold) };
    const disk = await created({ name: 'data', sizeMb: 2048 });
    assert.match(disk.text, /^<\?xml[^>]*>\s*<Disk /);
    assert.match(disk.text, /<Tasks><Task [^>]*operationName="vdcCreateDisk"/);
    assert.equal(attr(disk.text, 'sizeMb'), '2048');
    const got = await w.hello.call('GET', disk.path);
    assert.equal(got.status, 200, got.text);
    assert.match(got.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.disk\+xml/);
    assert.equal(attr(got.text, 'status'), '1');
    assert.equal(attr(got.text, 'busType'), '6');
    assert.equal(attr(got.text, 'busSubType'), 'lsilogic');
    assert.match(got.text, /<StorageProfile [^>]*name="Gold"/);
    assert.match(got.text, /<Owner [^>]*><User [^>]*name="HelloUser"/);
    assert.match(got.text, new RegExp(`<Link rel="up" href="[^"]*/api/vdc/${vdc}"`));
    assert.equal(await storageUsed(), before.vdc + 2048);
    assert.equal(await profileUsed(profiles.gold), before.gold + 2048);
    // the VDC lists it among its resource entities, and offers createDisk
    const vdcDoc = await w.hello.call('GET', `/api/vdc/${vdc}`);
    assert.match(vdcDoc.text, new RegExp(`<ResourceEntity href="[^"]*${disk.path}" id="urn:vcloud:disk:[0-9a-f-]+" type="application/vnd.vmware.vcloud.disk\\+xml" name="data"/>`));
    assert.match(vdcDoc.text, new RegExp(`<Link rel="add" href="[^"]*/api/vdc/${vdc}/disk" type="application/vnd.vmware.vcloud.diskCreateParams\\+xml"/>`));
    for (const doc of [disk.text, got.text, vdcDoc.text, (await w.hello.call('GET', `${disk.path}/attachedVms`)).text, (await w.hello.call('GET', `${disk.path}/owner`)).text]) {
      await assertValid(doc);
    }
  });

  test('in JSON, and by size in bytes as before API 33.0; a bad bus type or size is a 400', async () => {
    const res = await w.hello.call('POST', `/api/vdc/${vdc}/disk`, JSON.stringify({ disk: { name: 'json-disk', sizeMb: 10, busType: '20', description: 'j' } }), CREATE_JSON, ACCEPT_JSON);
    assert.equal(res.status, 201, res.text);
    const body = JSON.parse(res.text);
    assert.equal(body.sizeMb, 10);
    assert.equal(body.busSubType, 'vmware.sata.ahci');
    const bytes = await created({ name: 'bytes', bytes: 3 * 1024 * 1024 + 1 });
    assert.equal(attr(bytes.text, 'sizeMb'), '4');
    for (const bad of [{ name: 'bus', sizeMb: 1, busType: '7' }, { name: 'sub', sizeMb: 1, busType: '20', busSubType: 'lsilogic' }, { name: 'zero', sizeMb: 0 }, { name: 'none' }]) {
      const refused = await create(w.hello, bad);
      assert.equal(refused.status, 400, refused.text);
    }
  });

  test('a disk that does not fit its storage profile is refused, and nothing of it is kept; edit grows it, never shrinks it, and keeps its bus', async () => {
    const tinyBefore = await profileUsed(profiles.tiny);
    const refused = await create(w.hello, { name: 'too-big', sizeMb: 101, profile: profiles.tiny });
    assert.equal(refused.status, 400, refused.text);
    assert.match(said(refused), /storage limit of storage profile "Tiny"/);
    const none = await w.hello.call('GET', '/api/query?type=disk&format=records&filter=name==too-big');
    assert.match(none.text, /total="0"/);
    const disk = await created({ name: 'small', sizeMb: 60, profile: profiles.tiny });
    assert.equal(await profileUsed(profiles.tiny), tinyBefore + 60);
    const edit = (o: { sizeMb: number; busType?: string; name?: string }) => w.hello.call('PUT', disk.path,
      `<Disk ${NS} name="${o.name ?? 'small'}" sizeMb="${o.sizeMb}" busType="${o.busType ?? '6'}" busSubType="lsilogic"><Description>edited</Description></Disk>`, DISK_XML);
    assert.equal((await edit({ sizeMb: 120 })).status, 400, 'growing past the profile limit');
    assert.equal((await edit({ sizeMb: 50 })).status, 400, 'shrinking');
    assert.equal((await edit({ sizeMb: 60, busType: '5' })).status, 400, 'another bus');
    assert.equal(taskOf(await edit({ sizeMb: 90, name: 'renamed' })), 'success');
    const got = await w.hello.call('GET', disk.path);
    assert.equal(attr(got.text, 'name'), 'renamed');
    assert.equal(attr(got.text, 'sizeMb'), '90');
    assert.match(got.text, /<Description>edited<\/Description>/);
    assert.equal(await profileUsed(profiles.tiny), tinyBefore + 90);
    // moved to Gold, it leaves Tiny
    const move = await w.hello.call('PUT', disk.path, `<Disk ${NS} name="renamed" sizeMb="90" busType="6" busSubType="lsilogic"><StorageProfile href="${profiles.gold}"/></Disk>`, DISK_XML);
    assert.equal(taskOf(move), 'success');
    assert.equal(await profileUsed(profiles.tiny), tinyBefore);
    assert.equal(taskOf(await w.hello.call('DELETE', disk.path)), 'success');
    assert.equal((await w.hello.call('GET', disk.path)).status, 403);
  });

  test('attach and detach: once, in the disk\'s VDC; an attached disk is not deleted; attachedVms and the query say where it is', async () => {
    const disk = await created({ name: 'shared-nothing', sizeMb: 16 });
    // go-vcloud-director finds the actions on the VM by rel and type
    const vmDoc = (await w.orgAdmin.call('GET', `/api/vApp/vm-${vms.first}`)).text;
    for (const action of ['attach', 'detach']) {
      assert.match(vmDoc, new RegExp(`<Link rel="disk:${action}" href="[^"]*/api/vApp/vm-${vms.first}/disk/action/${action}" type="application/vnd.vmware.vcloud.diskAttachOrDetachParams\\+xml"/>`));
    }
    assert.equal(taskOf(await vmAction(vms.first, 'attach', disk.href, w.orgAdmin, 1)), 'success');
    const attached = await w.hello.call('GET', `${disk.path}/attachedVms`);
    assert.equal(attached.status, 200, attached.text);
    assert.match(attached.text, new RegExp(`<VmReference href="[^"]*/api/vApp/vm-${vms.first}" id="urn:vcloud:vm:${vms.first}" type="application/vnd.vmware.vcloud.vm\\+xml" name="first"/>`));
    await assertValid(attached.text);
    const again = await vmAction(vms.first, 'attach', disk.href);
    assert.equal(again.status, 400, again.text);
    assert.match(said(again), /already attached to VM "first"/);
    assert.match(said(await vmAction(vms.second, 'attach', disk.href)), /already attached to another VM/);
    const deleting = await w.hello.call('DELETE', disk.path);
    assert.equal(deleting.status, 400, deleting.text);
    assert.match(said(deleting), /attached to a VM; detach it before deleting it/);
    assert.equal((await w.hello.call('GET', disk.path)).status, 200, 'still there');
    const records = await w.hello.call('GET', `/api/query?type=disk&format=records&filter=isAttached==true;name==shared-nothing`);
    assert.match(records.text, /<DiskRecord [^>]*attachedVmCount="1"/);
    assert.equal(taskOf(await vmAction(vms.first, 'detach', disk.href)), 'success');
    assert.match((await w.hello.call('GET', `${disk.path}/attachedVms`)).text, /<Vms [^>]*>\s*<Link [^>]*\/>\s*<\/Vms>|<Vms [^>]*><Link [^>]*\/><\/Vms>/);
    const notThere = await vmAction(vms.first, 'detach', disk.href);
    assert.equal(notThere.status, 400, notThere.text);
    assert.match(said(notThere), /is not attached to VM "first"/);
    // a disk of another VDC is moved first
    const far = await created({ name: 'far', sizeMb: 1 }, elsewhere);
    assert.match(said(await vmAction(vms.first, 'attach', far.href)), /not in the VDC of VM "first"/);
    assert.equal(taskOf(await w.hello.call('DELETE', disk.path)), 'success');
    // a disk the caller does not see is absent, as one that does not exist
    const ghost = await vmAction(vms.first, 'attach', `${w.t.url}/api/disk/${randomUUID()}`);
    assert.equal(ghost.status, 403, ghost.text);
    assert.match(ghost.text, /ACCESS_TO_RESOURCE_IS_FORBIDDEN/);
  });

  test('power states: a powered-on VM takes a SCSI disk but not an IDE one; a suspended VM takes none', async () => {
    const scsi = await created({ name: 'hot', sizeMb: 8 });
    const ide = await created({ name: 'cold', sizeMb: 8, busType: '5' });
    assert.equal(attr(ide.text, 'busSubType'), '');
    await power(vms.second, 'powerOn');
    const refused = await vmAction(vms.second, 'attach', ide.href);
    assert.equal(refused.status, 400, refused.text);
    assert.match(said(refused), /IDE disk "cold" cannot be attached to VM "second" while it is powered on/);
    assert.equal(taskOf(await vmAction(vms.second, 'attach', scsi.href)), 'success');
    await power(vms.second, 'powerOff');
    assert.equal(taskOf(await vmAction(vms.second, 'attach', ide.href)), 'success');
    await power(vms.second, 'powerOn');
    assert.equal((await vmAction(vms.second, 'detach', ide.href)).status, 400, 'IDE is not detached from a running VM');
    assert.equal(taskOf(await vmAction(vms.second, 'detach', scsi.href)), 'success');
    await power(vms.third, 'powerOn');
    await power(vms.third, 'suspend');
    const suspended = await vmAction(vms.third, 'attach', scsi.href);
    assert.equal(suspended.status, 400, suspended.text);
    assert.match(said(suspended), /VM "third" is suspended/);
  });

  test('who sees and changes a disk: a vApp User sees it but may not create, edit or delete; another org sees nothing', async () => {
    const disk = await created({ name: 'guarded', sizeMb: 4 });
    const seen = await vappUser.call('GET', disk.path);
    assert.equal(seen.status, 200, seen.text);
    assert.doesNotMatch(seen.text, /rel="edit"|rel="remove"/);
    assert.equal((await create(vappUser, { name: 'mine', sizeMb: 1 })).status, 403);
    assert.equal((await vappUser.call('DELETE', disk.path)).status, 403);
    assert.equal((await vappUser.call('PUT', disk.path, `<Disk ${NS} name="x" sizeMb="4" busType="6" busSubType="lsilogic"/>`, DISK_XML)).status, 403);
    const theirs = await w.other.call('GET', disk.path);
    const nothing = await w.other.call('GET', `/api/disk/${randomUUID()}`);
    assert.equal(theirs.status, 403);
    assert.equal(theirs.text.replace(/[0-9a-f-]{36}/g, '{id}'), nothing.text.replace(/[0-9a-f-]{36}/g, '{id}'));
    assert.match((await w.other.call('GET', '/api/query?type=disk&format=records&filter=name==guarded')).text, /total="0"/);
    assert.equal(taskOf(await w.hello.call('DELETE', disk.path)), 'success');
  });

  test('the disk and adminDisk queries: filters on the VDC, size, bus and attachment; records valid', async () => {
    await created({ name: 'q-small', sizeMb: 3 });
    await created({ name: 'q-large', sizeMb: 300, busType: '20' });
    const names = async (who: Caller, query: string) => [...(await who.call('GET', `/api/query?${query}`)).text.matchAll(/<(?:Admin)?DiskRecord [^>]*name="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(await names(w.hello, `type=disk&format=records&filter=name==q-*;sizeMb=gt=100`), ['q-large']);
    assert.deepEqual(await names(w.hello, `type=disk&format=records&filter=name==q-*;busTypeDesc==SATA`), ['q-large']);
    assert.deepEqual(await names(w.hello, `type=disk&format=records&filter=name==q-*;vdc==${w.t.url}/api/vdc/${vdc}&sortAsc=sizeMb`), ['q-large', 'q-small']);
    assert.deepEqual(await names(w.hello, `type=disk&format=records&filter=name==q-*;isAttached==false;storageProfileName==Gold`), ['q-large', 'q-small']);
    assert.deepEqual(await names(w.orgAdmin, `type=adminDisk&format=records&filter=name==q-*;org==${w.org}`), ['q-large', 'q-small']);
    assert.deepEqual(await names(w.hello, 'type=adminDisk&format=records'), [], 'adminDisk is an administrator\'s');
    for (const [who, type] of [[w.hello, 'disk'], [w.orgAdmin, 'adminDisk']] as const) {
      const res = await who.call('GET', `/api/query?type=${type}&format=records&filter=name==q-*`);
      assert.equal(res.status, 200, res.text);
      await assertValid(res.text);
      const refs = await who.call('GET', `/api/query?type=${type}&format=references&filter=name==q-*`);
      assert.match(refs.text, /<DiskReferences [^>]*>(<Link [^>]*\/>)*<Reference [^>]*type="application\/vnd.vmware.vcloud.disk\+xml"/);
      await assertValid(refs.text);
    }
  });

  test('through the SDK (client.disks) and the CLI (vcdkit disk create|get|list|attach|detach|delete)', async () => {
    const client = await VcdClient.connect(w.t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
    const home = await loggedInHome(w.t.url, 'ExampleOrg', 'HelloUser', PASSWORD);
    const admin = await loggedInHome(w.t.url, 'ExampleOrg', 'OrgAdmin', PASSWORD);
    try {
      const op = await client.disks.create(`${w.t.url}/api/vdc/${vdc}`, { name: 'sdk-disk', sizeMb: 5, description: 'from the SDK' });
      assert.equal((await op.wait()).status, 'success');
      const got = await client.disks.getByName('sdk-disk');
      assert.equal(got.href, op.entity.href);
      assert.equal(got.sizeMb, 5);
      const made = await home.run(['disk', 'create', 'cli-disk', '--vdc', 'DiskVdc', '--size', '7', '--bus', 'sata', '--json']);
      assert.equal(made.code, 0, made.stderr);
      assert.equal((JSON.parse(made.stdout) as { busType: string }).busType, '20');
      const records = [];
      for await (const r of client.disks.records({ filter: 'name==sdk-disk' })) records.push(r);
      assert.deepEqual(records.map((r) => [r.name, r.sizeMb, r.isAttached]), [['sdk-disk', 5, false]]);
      const listed = await home.run(['disk', 'list', '--filter', 'name==sdk-disk', '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual((JSON.parse(listed.stdout) as Array<{ name: string }>).map((r) => r.name), ['sdk-disk']);
      assert.equal((await home.run(['disk', 'get', 'sdk-disk'])).code, 0);
      // attached, the CLI's delete fails with the cell's refusal; detached, it waits for the task
      const attached = await admin.run(['disk', 'attach', 'sdk-disk', '--vm', 'first']);
      assert.equal(attached.code, 0, attached.stderr);
      assert.deepEqual((await client.disks.attachedVms(got)).map((vm) => vm.name), ['first']);
      const refused = await home.run(['disk', 'delete', 'sdk-disk']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /detach it before deleting it/);
      const detached = await admin.run(['disk', 'detach', 'sdk-disk', '--vm', 'first']);
      assert.equal(detached.code, 0, detached.stderr);
      assert.deepEqual(await client.disks.attachedVms(got), []);
      assert.equal((await (await client.disks.delete(await client.disks.getByName('cli-disk'))).wait()).status, 'success');
      const deleted = await home.run(['disk', 'delete', 'sdk-disk']);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.match(deleted.stderr, /Deleted disk sdk-disk/);
      assert.equal(await client.disks.find('sdk-disk'), undefined);
    } finally {
      await admin.close();
      await home.close();
      await client.close();
    }
  });
});
