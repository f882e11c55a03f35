// recomposeVApp over HTTP, on both stores, in the shapes go-vcloud-director sends: AddNewVM (a template's VM,
// named by Source, with its NetworkConnectionSection and StorageProfile), AddRawVM from another vApp's VM,
// AddEmptyVm (CreateItem with a VmSpecSection), RemoveVM (DeleteItem alone, no name); the VDC's VM quota and
// a running VM's refusal, as VCD gives them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { caller, orgId, taskPathOf, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, pathOf, VAPP_SEED } from './helpers/vapps.ts';
import { assertSchemaValid } from './helpers/xsd.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const RECOMPOSE = 'application/vnd.vmware.vcloud.recomposeVAppParams+xml';
const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"';
/** the seed's VDC holds four VMs at most */
const SEED: SeedFile = { ...VAPP_SEED, orgs: VAPP_SEED.orgs!.map((o) => ({ ...o, vdcs: o.vdcs?.map((v) => ({ ...v, vmQuota: 4 })) })) };

const recompose = (body: string, name?: string) =>
  `<RecomposeVAppParams ${NS}${name ? ` name="${name}"` : ''} deploy="false" powerOn="false">${body}<AllEULAsAccepted>true</AllEULAsAccepted></RecomposeVAppParams>`;
const nic = (network: string) => `<InstantiationParams><NetworkConnectionSection><ovf:Info>Network config for sourced item</ovf:Info>
  <PrimaryNetworkConnectionIndex>0</PrimaryNetworkConnectionIndex><NetworkConnection network="${network}"><NetworkConnectionIndex>0</NetworkConnectionIndex>
  <IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection></InstantiationParams>`;

for (const engine of engines()) {
  describe(`recomposeVApp on ${engine}`, () => {
    let t: TestCell;
    let hello: Caller;
    let vdcPath: string;
    let templateHref: string;
    let templateVmHref: string;
    let silverHref: string;
    before(async () => {
      t = await startCell({ engine, seed: SEED });
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      const db = t.cell.services.store.db;
      const vdc = (await db.selectFrom('vdcs').select('id').where('org_id', '=', await orgId(t, 'ExampleOrg')).executeTakeFirstOrThrow()).id;
      vdcPath = `/api/vdc/${vdc}`;
      const template = (await db.selectFrom('vapp_templates').select('id').where('name', '=', 'Ubuntu Template with vsftpd').executeTakeFirstOrThrow()).id;
      templateHref = `${t.url}/api/vAppTemplate/vappTemplate-${template}`;
      templateVmHref = `${t.url}/api/vAppTemplate/vm-${(await db.selectFrom('template_vms').select('id').where('template_id', '=', template).executeTakeFirstOrThrow()).id}`;
      silverHref = `${t.url}/api/vdcStorageProfile/${(await db.selectFrom('vdc_storage_profiles').select('id').where('vdc_id', '=', vdc).where('name', '=', 'Silver').executeTakeFirstOrThrow()).id}`;
    });
    after(async () => { await t.close(); });

    const created = async (name: string) => {
      const res = await hello.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({ name, template: templateHref }), INSTANTIATE);
      assert.equal(res.status, 201, res.text);
      return pathOf(/<VApp [^>]*href="([^"]+)"/.exec(res.text)![1]!);
    };
    /** posts a recomposition and answers the final task */
    const post = async (vappPath: string, body: string) => {
      const res = await hello.call('POST', `${vappPath}/action/recomposeVApp`, body, RECOMPOSE);
      return res.status === 202 ? { status: 202, task: (await hello.call('GET', taskPathOf(res.text))).text } : { status: res.status, task: res.text };
    };
    const vmsOf = async (vappPath: string) => [...(await hello.call('GET', vappPath)).text.matchAll(/<Vm [^>]*name="([^"]+)"[^>]*href="([^"]+)"/g)]
      .map((m) => ({ name: m[1]!, path: pathOf(m[2]!) }));

    test('VMs added from a template VM and from another vApp\'s VM, then one removed by a DeleteItem alone; the VM quota holds', async () => {
      const base = await created('base');
      const other = await created('other');
      // AddNewVM: the template's VM, named by its Source, on the org VDC network, on the Silver profile
      const added = await post(base, recompose(`<SourcedItem><Source href="${templateVmHref}" name="second"/>${nic('routed-net')}<StorageProfile href="${silverHref}"/></SourcedItem>`, 'base'));
      assert.equal(added.status, 202, added.task);
      assert.match(added.task, /status="success"/, added.task);
      const second = (await vmsOf(base)).find((v) => v.name === 'second');
      assert.ok(second, 'the VM is added');
      const secondVm = (await hello.call('GET', second.path)).text;
      assert.match(secondVm, /<IpAddress>192\.168\.10\.\d+<\/IpAddress>/);
      assert.ok(secondVm.includes(`href="${silverHref}"`), 'on the storage profile asked for');
      assert.match(secondVm, /<Vm [^>]*status="8"/, 'powered off');

      // AddRawVM: a VM of another vApp, named by VmGeneralParams
      const source = (await vmsOf(other))[0]!;
      const copied = await post(base, recompose(`<SourcedItem><Source href="${t.url}${source.path}"/><VmGeneralParams><Name>copy</Name></VmGeneralParams></SourcedItem>`));
      assert.match(copied.task, /status="success"/, copied.task);
      const copy = (await vmsOf(base)).find((v) => v.name === 'copy')!;
      assert.match((await hello.call('GET', copy.path)).text, /<NumCpus>2<\/NumCpus>/);
      assert.deepEqual((await vmsOf(base)).map((v) => v.name), ['web', 'second', 'copy']);

      // four VMs in the VDC: a fifth is refused
      const over = await post(base, recompose(`<SourcedItem><Source href="${templateVmHref}" name="fifth"/></SourcedItem>`));
      assert.equal(over.status, 400, over.task);
      assert.match(over.task, /VM quota/);
      assert.equal((await vmsOf(base)).length, 3);

      // RemoveVM: a DeleteItem alone, with no name
      const removed = await post(base, recompose(`<DeleteItem href="${t.url}${copy.path}"/>`));
      assert.equal(removed.status, 202, removed.task);
      assert.match(removed.task, /status="success"/);
      assert.deepEqual((await vmsOf(base)).map((v) => v.name), ['web', 'second']);
      assert.equal((await hello.call('GET', copy.path)).status, 403, 'gone: absent');
      await assertSchemaValid((await hello.call('GET', base)).text);

      // a running VM is not deleted; a name already in the vApp is not taken twice
      assert.equal((await hello.call('POST', `${second.path}/power/action/powerOn`)).status, 202);
      const running = await post(base, recompose(`<DeleteItem href="${t.url}${second.path}"/>`));
      assert.equal(running.status, 400, running.task);
      assert.match(running.task, /Stop the VM and try again/);
      const twice = await post(base, recompose(`<SourcedItem><Source href="${templateVmHref}" name="web"/></SourcedItem>`));
      assert.equal(twice.status, 400, twice.task);
      assert.match(twice.task, /DUPLICATE_NAME/);
      for (const path of [base, other]) assert.equal((await hello.call('DELETE', `${path}?force=true`)).status, 202);
    });

    test('AddEmptyVm: a CreateItem makes a VM of its VmSpecSection, with its disk and NIC', async () => {
      const vapp = await created('empty-holder');
      const body = recompose(`<CreateItem name="blank"><Description>no template</Description>
        <NetworkConnectionSection><ovf:Info/><PrimaryNetworkConnectionIndex>0</PrimaryNetworkConnectionIndex><NetworkConnection network="routed-net">
        <NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection>
        <VmSpecSection Modified="true"><ovf:Info>Virtual Machine specification</ovf:Info><OsType>debian10_64Guest</OsType><NumCpus>2</NumCpus><NumCoresPerSocket>1</NumCoresPerSocket>
        <MemoryResourceMb><Configured>1536</Configured></MemoryResourceMb><DiskSection><DiskSettings><SizeMb>2048</SizeMb><UnitNumber>0</UnitNumber><BusNumber>0</BusNumber>
        <AdapterType>5</AdapterType><ThinProvisioned>true</ThinProvisioned><overrideVmDefault>false</overrideVmDefault></DiskSettings></DiskSection>
        <HardwareVersion>vmx-19</HardwareVersion></VmSpecSection></CreateItem>`);
      const res = await post(vapp, body);
      assert.equal(res.status, 202, res.task);
      assert.match(res.task, /status="success"/, res.task);
      const blank = (await vmsOf(vapp)).find((v) => v.name === 'blank')!;
      const vm = (await hello.call('GET', blank.path)).text;
      assert.match(vm, /<OsType>debian10_64Guest<\/OsType><NumCpus>2<\/NumCpus>/);
      assert.match(vm, /<Configured>1536<\/Configured>/);
      assert.match(vm, /<SizeMb>2048<\/SizeMb>/);
      assert.match(vm, /<IpAddress>192\.168\.10\.\d+<\/IpAddress>/);
      const bad = await post(vapp, recompose('<CreateItem name="nothing"><VmSpecSection><ovf:Info/></VmSpecSection></CreateItem>'));
      assert.equal(bad.status, 400, bad.task);
      assert.match(bad.task, /needs a VmSpecSection with its OsType and MemoryResourceMb/);
    });
  });
}
