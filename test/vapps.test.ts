// vApps and VMs over HTTP, on both stores: the refusals (a vApp User cannot create, another org's vApp is
// absent, capacity, invalid transitions with VCD's wording), the VM's CPU, memory, network
// connections and guest customization through their sections, sharing through controlAccess, the vApp and
// vm queries (href filters, visibility), the VDC's usage and counts, and the documents valid against the XSDs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { ACCEPT_JSON, attr, caller, orgId, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, linkOf, pathOf, UNDEPLOY, undeployParams, VAPP_SEED } from './helpers/vapps.ts';
import { schemasProblem, validate } from './helpers/xsd.ts';

const RASD_XML = 'application/vnd.vmware.vcloud.rasdItem+xml';
const VM_XML = 'application/vnd.vmware.vcloud.vm+xml';
const NCS_XML = 'application/vnd.vmware.vcloud.networkConnectionSection+xml';
const ACCESS_XML = 'application/vnd.vmware.vcloud.controlAccess+xml';
const schemas = schemasProblem();

async function assertValid(xml: string) {
  if (schemas) return;
  const result = await validate(xml);
  const problems = result.errors.filter((e) => e.loc?.fileName === 'document.xml').map((e) => e.message);
  assert.ok(result.valid, `schema errors:\n${problems.join('\n')}\n--- document:\n${xml}`);
}

for (const engine of engines()) {
  describe(`vApps and VMs on ${engine}`, () => {
    let t: TestCell;
    let hello: Caller;
    let vappUser: Caller;
    let orgAdmin: Caller;
    let other: Caller;
    let provider: Caller;
    let vdcPath: string;
    let template: { href: string; vm: string; big: string };
    before(async () => {
      t = await startCell({ engine, seed: VAPP_SEED });
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      vappUser = await caller(t, 'VAppUser', 'ExampleOrg');
      orgAdmin = await caller(t, 'OrgAdmin', 'ExampleOrg');
      other = await caller(t, 'Other', 'OtherOrg');
      provider = await caller(t, 'administrator', 'System');
      const db = t.cell.services.store.db;
      const org = await orgId(t, 'ExampleOrg');
      vdcPath = `/api/vdc/${(await db.selectFrom('vdcs').select('id').where('org_id', '=', org).executeTakeFirstOrThrow()).id}`;
      const templates = await db.selectFrom('vapp_templates').select(['id', 'name']).where('org_id', '=', org).execute();
      const id = (name: string) => templates.find((x) => x.name === name)!.id;
      const vm = await db.selectFrom('template_vms').select('id').where('template_id', '=', id('Ubuntu Template with vsftpd')).executeTakeFirstOrThrow();
      const base = t.url;
      template = {
        href: `${base}/api/vAppTemplate/vappTemplate-${id('Ubuntu Template with vsftpd')}`, vm: `${base}/api/vAppTemplate/vm-${vm.id}`,
        big: `${base}/api/vAppTemplate/vappTemplate-${id('Big')}`,
      };
    });
    after(async () => { await t.close(); });

    const create = async (who: Caller, name: string, extra: Partial<Parameters<typeof instantiateParams>[0]> = {}) =>
      who.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({ name, template: template.href, ...extra }), INSTANTIATE);
    const created = async (name: string, extra: Partial<Parameters<typeof instantiateParams>[0]> = {}) => {
      const res = await create(hello, name, extra);
      assert.equal(res.status, 201, res.text);
      return pathOf(/<VApp [^>]*href="([^"]+)"/.exec(res.text)![1]!);
    };
    const vmPathOf = async (vappPath: string) => pathOf(/<Vm [^>]*href="([^"]+)"/.exec((await hello.call('GET', vappPath)).text)![1]!);

    test('a vApp User may not create a vApp; another org does not see the VDC or the vApp; a name is unique in its VDC', async () => {
      const refused = await create(vappUser, 'not mine');
      assert.equal(refused.status, 403, refused.text);
      assert.match(refused.text, /ACCESS_TO_RESOURCE_IS_FORBIDDEN/);
      assert.equal((await create(other, 'theirs')).status, 403);
      const path = await created('unique');
      const twice = await create(hello, 'UNIQUE');
      assert.equal(twice.status, 400);
      assert.match(twice.text, /minorErrorCode="DUPLICATE_NAME"/);
      for (const c of [other, vappUser]) assert.equal((await c.call('GET', path)).status, 403, 'not shared: absent');
      assert.equal((await orgAdmin.call('GET', path)).status, 200, 'the org administrator sees every vApp of the org');
      assert.equal((await provider.call('GET', path)).status, 200);
    });

    test('invalid transitions are refused in VCD\'s words; links offer only what the state allows', async () => {
      const path = await created('off');
      const off = await hello.call('POST', `${path}/power/action/powerOff`);
      assert.equal(off.status, 400);
      assert.match(off.text, /The requested operation could not be executed since vApp &quot;off&quot; is not running\./);
      const vmPath = await vmPathOf(path);
      const vmOff = await hello.call('POST', `${vmPath}/power/action/powerOff`);
      assert.equal(vmOff.status, 400);
      assert.match(vmOff.text, /since VM &quot;web&quot; is not powered on\./);
      assert.equal((await hello.call('POST', `${path}/power/action/fly`)).status, 404);
      // a VM powered on alone deploys its vApp; the vApp then offers powerOff
      const on = await hello.call('POST', `${vmPath}/power/action/powerOn`);
      assert.equal(on.status, 202, on.text);
      const vapp = (await hello.call('GET', path)).text;
      assert.match(vapp, /<VApp [^>]*deployed="true"[^>]*status="4"/);
      assert.ok(linkOf(vapp, 'power:powerOff'));
      assert.equal(linkOf(vapp, 'power:powerOn'), undefined);
      const suspend = await hello.call('POST', `${path}/power/action/suspend`);
      assert.equal(suspend.status, 202);
      assert.match((await hello.call('GET', path)).text, /<VApp [^>]*status="3"/);
      assert.ok(linkOf((await hello.call('GET', path)).text, 'discardState'));
      const force = await hello.call('DELETE', `${path}?force=True`);
      assert.equal(force.status, 202, 'force deletes a suspended vApp');
    });

    test('capacity: what does not fit the VDC\'s memory is refused, at instantiation and at power-on', async () => {
      const first = await hello.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({ name: 'big one', template: template.big, powerOn: true }), INSTANTIATE);
      assert.equal(first.status, 201, first.text);
      const second = await hello.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({ name: 'big two', template: template.big, powerOn: true }), INSTANTIATE);
      assert.equal(second.status, 400);
      assert.match(second.text, /exceeds the memory limit of VDC/);
      const stopped = await hello.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({ name: 'big three', template: template.big }), INSTANTIATE);
      assert.equal(stopped.status, 201, 'powered off, it takes no memory');
      const start = await hello.call('POST', `${pathOf(/<VApp [^>]*href="([^"]+)"/.exec(stopped.text)![1]!)}/power/action/powerOn`);
      assert.equal(start.status, 400);
      assert.match(start.text, /exceeds the memory limit/);
      const vdc = (await hello.call('GET', vdcPath)).text;
      assert.match(vdc, /<Memory><Units>MB<\/Units><Allocated>65536<\/Allocated><Limit>65536<\/Limit><Reserved>0<\/Reserved><Used>60000<\/Used>/);
      const records = (await provider.call('GET', `/api/query?type=adminOrgVdc&filter=name==ExampleVdc01`)).text;
      assert.match(records, /memoryUsedMB="60000"/);
      assert.match(records, /numberOfRunningVMs="1"/);
      const storageUsed = /<StorageCapacity><Units>MB<\/Units><Limit>\d+<\/Limit><Used>(\d+)<\/Used>/.exec(vdc)![1]!;
      assert.notEqual(storageUsed, '0', 'the VMs\' disks');
      assert.match(records, new RegExp(`storageUsedMB="${storageUsed}"`), 'the record counts what the VDC document counts');
      let profilesUsed = 0;
      for (const [, href] of vdc.matchAll(/<VdcStorageProfile [^>]*href="([^"]+)"/g)) {
        profilesUsed += Number(/<StorageUsedMB>(\d+)<\/StorageUsedMB>/.exec((await hello.call('GET', pathOf(href!))).text)![1]);
      }
      assert.equal(profilesUsed, Number(storageUsed), 'the storage profiles count what the VDC counts');
      for (const p of [first, stopped]) {
        const path = pathOf(/<VApp [^>]*href="([^"]+)"/.exec(p.text)![1]!);
        await hello.call('DELETE', `${path}?force=true`);
      }
    });

    test('CPU, memory, network connections and guest customization of a VM', async () => {
      const path = await created('edit');
      const vmPath = await vmPathOf(path);
      const cpu = await hello.call('GET', `${vmPath}/virtualHardwareSection/cpu`);
      assert.equal(cpu.status, 200, cpu.text);
      assert.match(cpu.text, /<rasd:VirtualQuantity>2<\/rasd:VirtualQuantity>/);
      const more = cpu.text.replace('<rasd:VirtualQuantity>2<', '<rasd:VirtualQuantity>4<').replace(/<vmw:CoresPerSocket([^>]*)>1</, '<vmw:CoresPerSocket$1>2<');
      assert.equal((await hello.call('PUT', `${vmPath}/virtualHardwareSection/cpu`, more, RASD_XML)).status, 202);
      const memory = (await hello.call('GET', `${vmPath}/virtualHardwareSection/memory`)).text;
      assert.equal((await hello.call('PUT', `${vmPath}/virtualHardwareSection/memory`, memory.replace('>2048<', '>4096<'), RASD_XML)).status, 202);
      const vm = (await hello.call('GET', vmPath)).text;
      assert.match(vm, /<NumCpus>4<\/NumCpus><NumCoresPerSocket>2<\/NumCoresPerSocket>/);
      // in VCD JSON every RASD item of the section is there, as in XML: at the section's own path and in the Vm
      const vmJson = JSON.parse((await hello.call('GET', vmPath, undefined, undefined, ACCEPT_JSON)).text);
      const vmHardware = (vmJson.section as Array<{ _type: string }>).find((x) => x._type === 'VirtualHardwareSection_Type');
      for (const hardware of [JSON.parse((await hello.call('GET', `${vmPath}/virtualHardwareSection/`, undefined, undefined, ACCEPT_JSON)).text), vmHardware]) {
        const kinds = (hardware?.item as Array<{ resourceType: number }> | undefined)?.map((i) => i.resourceType);
        assert.deepEqual(kinds?.sort(), [10, 17, 3, 4, 6].sort(), JSON.stringify(hardware).slice(0, 600));
      }
      assert.match(vm, /<rasd:VirtualQuantity>4096<\/rasd:VirtualQuantity>/);
      const bad = await hello.call('PUT', `${vmPath}/virtualHardwareSection/memory`, memory.replace('>2048<', '>-1<'), RASD_XML);
      assert.equal(bad.status, 400);

      // the hard disk grows through reconfigureVm (in bytes, as served); it does not shrink
      const served = (await hello.call('GET', vmPath)).text;
      const grown = await hello.call('POST', `${vmPath}/action/reconfigureVm`, served.replace('>10737418240<', '>21474836480<'), VM_XML);
      assert.equal(grown.status, 202, grown.text);
      assert.match((await hello.call('GET', vmPath)).text, /<rasd:VirtualQuantity>21474836480<\/rasd:VirtualQuantity>/);
      const shrunk = await hello.call('POST', `${vmPath}/action/reconfigureVm`, served, VM_XML);
      assert.equal(shrunk.status, 400, shrunk.text);
      assert.match(shrunk.text, /cannot shrink/);

      const section = (await hello.call('GET', `${vmPath}/networkConnectionSection/`)).text;
      const mac = /<MACAddress>([^<]+)</.exec(section)![1]!;
      const manual = section.replace(/<IpAddressAllocationMode>[A-Z]+</, '<IpAddressAllocationMode>MANUAL<')
        .replace(/<IpAddress>[^<]*</, '<IpAddress>192.168.10.150<');
      const put = await hello.call('PUT', `${vmPath}/networkConnectionSection/`, manual, NCS_XML);
      assert.equal(put.status, 202, put.text);
      const after = (await hello.call('GET', `${vmPath}/networkConnectionSection/`)).text;
      assert.match(after, /<IpAddress>192\.168\.10\.150<\/IpAddress>/);
      assert.match(after, new RegExp(`<MACAddress>${mac}</MACAddress>`), 'the NIC keeps its MAC');
      const records = (await hello.call('GET', `/api/query?type=vm&filter=container==${encodeURIComponent(`${t.url}${path}`)}`)).text;
      assert.match(records, /ipAddress="192\.168\.10\.150"/);
      assert.match(records, /numberOfCpus="4"/);

      const guest = (await hello.call('GET', `${vmPath}/guestCustomizationSection/`)).text;
      const renamed = guest.replace(/<ComputerName>[^<]*</, '<ComputerName>ftp-01<');
      assert.equal((await hello.call('PUT', `${vmPath}/guestCustomizationSection/`, renamed, 'application/vnd.vmware.vcloud.guestCustomizationSection+xml')).status, 202);
      assert.match((await hello.call('GET', vmPath)).text, /<ComputerName>ftp-01<\/ComputerName>/);
      // a vApp User may not change the CPU, even of a vApp shared with it
      assert.equal((await vappUser.call('PUT', `${vmPath}/virtualHardwareSection/cpu`, more, RASD_XML)).status, 403);

      // in VCD JSON too: an item as served, changed and sent back
      const cpuJson = JSON.parse((await hello.call('GET', `${vmPath}/virtualHardwareSection/cpu`, undefined, undefined, ACCEPT_JSON)).text);
      const sixCpus = JSON.stringify({ ...cpuJson, virtualQuantity: 6, coresPerSocket: { ...cpuJson.coresPerSocket, value: 3 } });
      const putJson = await hello.call('PUT', `${vmPath}/virtualHardwareSection/cpu`, sixCpus, 'application/vnd.vmware.vcloud.rasdItem+json;version=37.0');
      assert.equal(putJson.status, 202, putJson.text);
      assert.match((await hello.call('GET', vmPath)).text, /<NumCpus>6<\/NumCpus><NumCoresPerSocket>3<\/NumCoresPerSocket>/);
      const vmAsJson = JSON.parse((await hello.call('GET', vmPath, undefined, undefined, ACCEPT_JSON)).text);
      const memoryItem = vmAsJson.section.find((x: { _type: string }) => x._type === 'VirtualHardwareSection_Type').item
        .find((i: { resourceType: number }) => i.resourceType === 4);
      memoryItem.virtualQuantity = 3072;
      const reconfigured = await hello.call('POST', `${vmPath}/action/reconfigureVm`, JSON.stringify(vmAsJson), 'application/vnd.vmware.vcloud.vm+json;version=37.0');
      assert.equal(reconfigured.status, 202, reconfigured.text);
      assert.match((await hello.call('GET', vmPath)).text, /<rasd:VirtualQuantity>3072<\/rasd:VirtualQuantity>/);
      // a VmSpecSection marked Modified overrides the items (go-vcloud-director's way); unmarked, it is ignored
      const specced = (await hello.call('GET', vmPath)).text.replace('<VmSpecSection Modified="false">', '<VmSpecSection Modified="true">')
        .replace(/<NumCpus>\d+<\/NumCpus><NumCoresPerSocket>\d+</, '<NumCpus>2</NumCpus><NumCoresPerSocket>1<');
      assert.equal((await hello.call('POST', `${vmPath}/action/reconfigureVm`, specced, VM_XML)).status, 202);
      assert.match((await hello.call('GET', vmPath)).text, /<NumCpus>2<\/NumCpus><NumCoresPerSocket>1<\/NumCoresPerSocket>/);
    });

    test('sharing: controlAccess opens a vApp to the org, and queries follow visibility', async () => {
      const path = await created('shared');
      assert.equal((await vappUser.call('GET', path)).status, 403);
      const share = `<ControlAccessParams xmlns="http://www.vmware.com/vcloud/v1.5"><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>Change</EveryoneAccessLevel></ControlAccessParams>`;
      const res = await hello.call('POST', `${path}/action/controlAccess`, share, ACCESS_XML);
      assert.equal(res.status, 200, res.text);
      await assertValid(res.text);
      assert.equal((await vappUser.call('GET', path)).status, 200);
      const vdcHref = encodeURIComponent(`${t.url}${vdcPath}`);
      const seen = (await vappUser.call('GET', `/api/query?type=vApp&filter=vdc==${vdcHref}`)).text;
      assert.match(seen, /<VAppRecord [^>]*name="shared"/);
      assert.doesNotMatch(seen, /name="edit"/, 'what is not shared stays out of its queries');
      assert.match((await other.call('GET', '/api/query?type=vApp')).text, /total="0"/);
      assert.equal((await vappUser.call('GET', '/api/query?type=adminVApp')).status === 200
        ? /total="0"/.test((await vappUser.call('GET', '/api/query?type=adminVApp')).text) : true, true);
      // Change access lets it power the vApp on; deleting needs the right it lacks
      assert.equal((await vappUser.call('POST', `${path}/power/action/powerOn`)).status, 202);
      assert.equal((await vappUser.call('DELETE', `${path}?force=true`)).status, 403);
    });

    test('the network\'s allocated addresses name and link the VM that holds each, and whether its vApp is deployed', async () => {
      const path = await created('holder', { powerOn: true });
      const vmPath = await vmPathOf(path);
      const vm = (await hello.call('GET', vmPath)).text;
      const ip = /<IpAddress>([^<]+)<\/IpAddress>/.exec(vm)![1]!;
      const networkPath = pathOf(/<Network [^>]*href="([^"]+)"[^>]*name="routed-net"/.exec((await hello.call('GET', vdcPath)).text)![1]!);
      const res = await hello.call('GET', `${networkPath}/allocatedAddresses`);
      assert.equal(res.status, 200, res.text);
      const entry = [...res.text.matchAll(/<IpAddress allocationType[^>]*>.*?<\/IpAddress><\/IpAddress>/g)].map((m) => m[0]).find((e) => e.includes(`<IpAddress>${ip}<`));
      assert.ok(entry, res.text);
      assert.match(entry, /^<IpAddress allocationType="vmAllocated" isDeployed="true">/);
      assert.match(entry, new RegExp(`<Link rel="down" href="${t.url}${vmPath}" type="application/vnd.vmware.vcloud.vm\\+xml" name="web"/>`));
      await assertValid(res.text);
      assert.equal((await hello.call('DELETE', `${path}?force=true`)).status, 202);
      assert.doesNotMatch((await hello.call('GET', `${networkPath}/allocatedAddresses`)).text, new RegExp(`<IpAddress>${ip.replace(/\./g, '\\.')}<`), 'released');
    });

    test('documents and records validate against the XSDs', { skip: schemas }, async () => {
      const path = await created('xsd', { powerOn: true });
      const vmPath = await vmPathOf(path);
      for (const p of [path, vmPath, `${vmPath}/networkConnectionSection/`, `${vmPath}/guestCustomizationSection/`, `${path}/controlAccess/`,
        `${vmPath}/virtualHardwareSection/`, vdcPath, '/api/query?type=vApp', '/api/query?type=vm', '/api/query?type=vm&format=references',
        '/api/query?type=vApp&format=idrecords', '/api/query?type=orgVdc']) {
        const res = await hello.call('GET', p);
        assert.equal(res.status, 200, `${p}: ${res.text}`);
        await assertValid(res.text);
      }
      for (const p of ['/api/query?type=adminVApp', '/api/query?type=adminVM']) await assertValid((await provider.call('GET', p)).text);
      const undeploy = await hello.call('POST', `${path}/action/undeploy`, undeployParams(), UNDEPLOY);
      assert.equal(undeploy.status, 202);
      await assertValid(undeploy.text);
      assert.equal(attr(undeploy.text, 'operationName'), 'vappUndeploy');
    });
  });
}
