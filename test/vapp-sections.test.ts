// The rows of a VM and a vApp real clients read and change (issue 18), over HTTP on both stores, as Cloud
// Director answers them: the VM's StorageProfile by name (Terraform's vcd_vapp_vm), the vApp's lease with its
// href and edit link (GetLease, vcd vapp show-lease), the VM's sections vcd-cli's `vm list-*` commands read
// (productSections/, operatingSystemSection/, runtimeInfoSection, vmCapabilities/, bootOptions/,
// virtualHardwareSection/disks) and the PUTs VCD takes of them (a Task), and the task status filter vcd-cli
// sends in upper case (VCD: 400 "Value 'RUNNING' not found."), and the templates' VMs in the vm query
// (go-vcloud-director's QueryVappVmTemplate). Every document is checked against the XSDs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { ACCEPT_JSON, attr, caller, orgId, taskPathOf, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, linkOf, pathOf, VAPP_SEED } from './helpers/vapps.ts';
import { assertSchemaValid as assertValid } from './helpers/xsd.ts';

const type = (family: string) => `application/vnd.vmware.vcloud.${family}+xml`;
const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"';

const text = (xml: string, element: string) => new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];

for (const engine of engines()) {
  describe(`a vApp's and a VM's sections on ${engine}`, () => {
    let t: TestCell;
    let hello: Caller;
    let vappUser: Caller;
    let other: Caller;
    let provider: Caller;
    let vappPath: string;
    let vmPath: string;
    before(async () => {
      t = await startCell({ engine, seed: VAPP_SEED });
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      vappUser = await caller(t, 'VAppUser', 'ExampleOrg');
      other = await caller(t, 'Other', 'OtherOrg');
      provider = await caller(t, 'administrator', 'System');
      const db = t.cell.services.store.db;
      const org = await orgId(t, 'ExampleOrg');
      const vdc = (await db.selectFrom('vdcs').select('id').where('org_id', '=', org).executeTakeFirstOrThrow()).id;
      const template = (await db.selectFrom('vapp_templates').select('id').where('name', '=', 'Ubuntu Template with vsftpd').executeTakeFirstOrThrow()).id;
      const res = await hello.call('POST', `/api/vdc/${vdc}/action/instantiateVAppTemplate`,
        instantiateParams({ name: 'sections', template: `${t.url}/api/vAppTemplate/vappTemplate-${template}` }), INSTANTIATE);
      assert.equal(res.status, 201, res.text);
      vappPath = pathOf(/<VApp [^>]*href="([^"]+)"/.exec(res.text)![1]!);
      vmPath = pathOf(/<Vm [^>]*href="([^"]+)"/.exec((await hello.call('GET', vappPath)).text)![1]!);
    });
    after(async () => { await t.close(); });

    /** A 202 Task, followed to its end: it succeeded. */
    const succeeds = async (res: { status: number; text: string }) => {
      assert.equal(res.status, 202, res.text);
      let task = res.text;
      for (let i = 0; i < 100 && /status="(running|queued|preRunning)"/.test(/<Task [^>]*>/.exec(task)![0]); i++) {
        task = (await hello.call('GET', taskPathOf(task))).text;
      }
      assert.match(/<Task [^>]*>/.exec(task)![0], /status="success"/, task);
    };

    test('a VM names its storage profile (name, href, id), as the VDC names it', async () => {
      const vm = (await hello.call('GET', vmPath)).text;
      const profile = /<StorageProfile [^>]*\/>/.exec(vm)![0];
      const name = attr(profile, 'name');
      const db = t.cell.services.store.db;
      const id = /vdcStorageProfile\/([0-9a-f-]+)"/.exec(profile)![1]!;
      const row = await db.selectFrom('vdc_storage_profiles').select('name').where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(name, profile);
      assert.equal(name, row.name);
      assert.match(profile, /type="application\/vnd\.vmware\.vcloud\.vdcStorageProfile\+xml"/);
      await assertValid(vm);
    });

    test('the lease: its href and edit link in the vApp; GET and PUT (a Task) of leaseSettingsSection/; no edit link for a vApp User', async () => {
      const vapp = (await hello.call('GET', vappPath)).text;
      const section = /<LeaseSettingsSection [^>]*>[\s\S]*?<\/LeaseSettingsSection>/.exec(vapp)![0];
      const self = attr(/<LeaseSettingsSection [^>]*>/.exec(section)![0], 'href')!;
      assert.equal(pathOf(self), `${vappPath}/leaseSettingsSection/`);
      assert.equal(linkOf(section, 'edit', type('leaseSettingsSection')), self);
      const got = await hello.call('GET', pathOf(self));
      assert.equal(got.status, 200, got.text);
      assert.match(got.headers.get('content-type')!, /leaseSettingsSection\+xml/);
      assert.equal(text(got.text, 'DeploymentLeaseInSeconds'), '0');
      await assertValid(got.text);
      // go-vcloud-director's RenewLease: the section back with new seconds
      const renewed = got.text.replace(/<DeploymentLeaseInSeconds>0</, '<DeploymentLeaseInSeconds>86400<')
        .replace(/<StorageLeaseInSeconds>0</, '<StorageLeaseInSeconds>172800<');
      await succeeds(await hello.call('PUT', pathOf(self), renewed, type('leaseSettingsSection')));
      const after = (await hello.call('GET', pathOf(self))).text;
      assert.equal(text(after, 'DeploymentLeaseInSeconds'), '86400');
      assert.equal(text(after, 'StorageLeaseInSeconds'), '172800');
      const bad = await hello.call('PUT', pathOf(self), renewed.replace('>86400<', '>soon<'), type('leaseSettingsSection'));
      assert.equal(bad.status, 400, bad.text);
      // the vApp User sees the vApp only once it is shared; a read-only share offers no edit link and refuses the PUT
      const shared = await hello.call('POST', `${vappPath}/action/controlAccess`,
        `<ControlAccessParams ${NS}><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>ReadOnly</EveryoneAccessLevel></ControlAccessParams>`,
        type('controlAccess'));
      assert.equal(shared.status, 200, shared.text);
      const readOnly = (await vappUser.call('GET', pathOf(self))).text;
      assert.equal(linkOf(readOnly, 'edit'), undefined);
      assert.equal((await vappUser.call('PUT', pathOf(self), renewed, type('leaseSettingsSection'))).status, 403);
      assert.equal((await hello.call('GET', `${vmPath}/leaseSettingsSection/`)).status, 404, 'a VM has no lease of its own');
    });

    test('the VM links down to each section; each answers as vcd-cli\'s vm list-* commands read it, and validates', async () => {
      const vm = (await hello.call('GET', vmPath)).text;
      const sections: Array<[string, string]> = [
        ['productSections/', 'productSections'], ['operatingSystemSection/', 'operatingSystemSection'], ['runtimeInfoSection', 'runtimeInfoSection'],
        ['vmCapabilities/', 'vmCapabilitiesSection'], ['bootOptions/', 'bootOptionsSection'], ['virtualHardwareSection/disks', 'rasdItemsList'],
      ];
      for (const [path, family] of sections) {
        assert.equal(linkOf(vm, 'down', type(family)) && pathOf(linkOf(vm, 'down', type(family))!), `${vmPath}/${path}`, `${family} link`);
        const res = await hello.call('GET', `${vmPath}/${path}`);
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        assert.equal(res.headers.get('content-type')!.split(';')[0], type(family));
        await assertValid(res.text);
        const json = await hello.call('GET', `${vmPath}/${path}`, undefined, undefined, ACCEPT_JSON);
        assert.equal(json.status, 200, `${path} as JSON: ${json.text}`);
        assert.equal(typeof JSON.parse(json.text), 'object');
      }
      const os = (await hello.call('GET', `${vmPath}/operatingSystemSection/`)).text;
      assert.match(os, /vmw:osType="ubuntu64Guest"/);
      assert.ok(text(os, 'ovf:Info') && text(os, 'ovf:Description'), os);
      assert.match((await hello.call('GET', `${vmPath}/runtimeInfoSection`)).text, /<VMWareTools version="\d+"\/>/);
      const capabilities = (await hello.call('GET', `${vmPath}/vmCapabilities/`)).text;
      assert.equal(text(capabilities, 'MemoryHotAddEnabled'), 'false');
      assert.equal(text(capabilities, 'CpuHotAddEnabled'), 'false');
      const boot = (await hello.call('GET', `${vmPath}/bootOptions/`)).text;
      assert.equal(text(boot, 'BootDelay'), '0');
      assert.equal(text(boot, 'EnterBIOSSetup'), 'false');
      // pyvcloud's list_virtual_hardware_section(is_disk=True) reads the items described as 'Hard disk'
      const disks = (await hello.call('GET', `${vmPath}/virtualHardwareSection/disks`)).text;
      const hardDisks = [...disks.matchAll(/<Item>([\s\S]*?)<\/Item>/g)].filter((m) => m[1]!.includes('<rasd:Description>Hard disk<'));
      assert.equal(hardDisks.length, 1, disks);
      assert.equal(text(hardDisks[0]![1]!, 'rasd:VirtualQuantity'), String(10240 * 1024 * 1024));
      assert.match(disks, /<rasd:ResourceType>6</, 'the controller the disks sit on');
      assert.doesNotMatch(disks, /<rasd:ResourceType>(3|4|10)</, 'no CPU, memory or NIC');
      assert.equal((await hello.call('GET', `${vappPath}/vmCapabilities/`)).status, 404, 'a vApp has no VM sections');
    });

    test('PUT of vmCapabilities/ and operatingSystemSection/, POST of action/bootOptions: a Task, and the VM shows the change', async () => {
      const capabilities = (await hello.call('GET', `${vmPath}/vmCapabilities/`)).text;
      assert.equal(pathOf(linkOf(capabilities, 'edit', type('vmCapabilitiesSection'))!), `${vmPath}/vmCapabilities/`);
      await succeeds(await hello.call('PUT', `${vmPath}/vmCapabilities/`,
        capabilities.replace('<MemoryHotAddEnabled>false<', '<MemoryHotAddEnabled>true<'), type('vmCapabilitiesSection')));
      const changed = (await hello.call('GET', `${vmPath}/vmCapabilities/`)).text;
      assert.equal(text(changed, 'MemoryHotAddEnabled'), 'true');
      assert.equal(text(changed, 'CpuHotAddEnabled'), 'false', 'what the body did not change stays');

      // pyvcloud's update_boot_options POSTs to the section's edit link, action/bootOptions
      const bootLink = linkOf((await hello.call('GET', `${vmPath}/bootOptions/`)).text, 'edit', type('bootOptionsSection'))!;
      assert.equal(pathOf(bootLink), `${vmPath}/action/bootOptions`);
      await succeeds(await hello.call('POST', pathOf(bootLink),
        `<BootOptions ${NS}><BootDelay>5000</BootDelay><EnterBIOSSetup>true</EnterBIOSSetup></BootOptions>`, type('bootOptionsSection')));
      const boot = (await hello.call('GET', `${vmPath}/bootOptions/`)).text;
      assert.equal(text(boot, 'BootDelay'), '5000');
      assert.equal(text(boot, 'EnterBIOSSetup'), 'true');
      const vm = (await hello.call('GET', vmPath)).text;
      assert.match(vm, /<VmCapabilities><MemoryHotAddEnabled>true<\/MemoryHotAddEnabled>/);
      assert.match(vm, /<BootOptions><BootDelay>5000<\/BootDelay><EnterBIOSSetup>true</);
      await assertValid(vm);

      const os = (await hello.call('GET', `${vmPath}/operatingSystemSection/`)).text;
      await succeeds(await hello.call('PUT', `${vmPath}/operatingSystemSection/`, os.replace('vmw:osType="ubuntu64Guest"', 'vmw:osType="debian10_64Guest"'),
        type('operatingSystemSection')));
      assert.match((await hello.call('GET', `${vmPath}/operatingSystemSection/`)).text, /vmw:osType="debian10_64Guest"/);

      for (const [method, path, family, body] of [
        ['POST', 'action/bootOptions', 'bootOptionsSection', `<BootOptions ${NS}><BootDelay>-1</BootDelay></BootOptions>`],
        ['PUT', 'vmCapabilities/', 'vmCapabilitiesSection', `<VmCapabilities ${NS}><CpuHotAddEnabled>maybe</CpuHotAddEnabled></VmCapabilities>`],
        ['PUT', 'operatingSystemSection/', 'operatingSystemSection', os.replace('vmw:osType="ubuntu64Guest"', 'vmw:osType="no such &amp; thing"')],
      ] as const) {
        const bad = await hello.call(method, `${vmPath}/${path}`, body, type(family));
        assert.equal(bad.status, 400, `${path}: ${bad.text}`);
      }
      assert.equal((await hello.call('POST', `${vmPath}/action/bootOptions`, '<BootOptions/>', type('vmCapabilitiesSection'))).status, 415);
      // sections are the VM's, never the vApp's
      assert.equal((await hello.call('POST', `${vappPath}/action/bootOptions`, `<BootOptions ${NS}/>`, type('bootOptionsSection'))).status, 404);
    });

    test('template VMs in the vm query: go-vcloud-director\'s QueryVappVmTemplate finds one by catalog, template and name', async () => {
      const filter = (f: string) => `/api/query?type=vm&format=records&filter=${encodeURIComponent(f)}`;
      const templates = await hello.call('GET', filter('isVAppTemplate==true;catalogName==ExampleCatalog'));
      assert.equal(templates.status, 200, templates.text);
      await assertValid(templates.text);
      const records = [...templates.text.matchAll(/<VMRecord [^>]*>/g)].map((m) => m[0]);
      assert.deepEqual(records.map((r) => attr(r, 'name')).sort(), ['huge', 'web']);
      for (const r of records) {
        assert.equal(attr(r, 'isVAppTemplate'), 'true');
        assert.equal(attr(r, 'catalogName'), 'ExampleCatalog');
        assert.match(attr(r, 'href')!, /\/api\/vAppTemplate\/vm-[0-9a-f-]{36}$/);
        assert.match(attr(r, 'container')!, /\/api\/vAppTemplate\/vappTemplate-[0-9a-f-]{36}$/);
        assert.equal((await hello.call('GET', pathOf(attr(r, 'href')!))).status, 200);
      }
      // as go-vcloud-director sends it: not encoded, filterEncoded=true, its links=true riding along
      const govcd = 'catalogName==ExampleCatalog;containerName==Ubuntu Template with vsftpd;name==web;isVAppTemplate==true;'
        + 'status!=FAILED_CREATION;status!=UNKNOWN;status!=UNRECOGNIZED;status!=UNRESOLVED';
      for (const [who, type, element] of [[hello, 'vm', 'VMRecord'], [provider, 'adminVM', 'AdminVMRecord']] as const) {
        const one = await who.call('GET', `/api/query?type=${type}&filter=${govcd.replaceAll(' ', '%20')}&links=true;&filterEncoded=true`);
        assert.equal(one.status, 200, one.text);
        assert.equal(attr(one.text, 'total'), '1', one.text);
        assert.match(one.text, new RegExp(`<${element} [^>]*name="web"`));
        await assertValid(one.text);
      }
      const vappVms = await hello.call('GET', filter('isVAppTemplate==false'));
      assert.deepEqual([...vappVms.text.matchAll(/<VMRecord [^>]*>/g)].map((m) => attr(m[0], 'containerName')), ['sections']);
      assert.equal(attr((await hello.call('GET', filter('catalogName==ExampleCatalog'))).text, 'total'), '2', 'only template VMs name a catalog');
      assert.equal(attr((await other.call('GET', filter('isVAppTemplate==true'))).text, 'total'), '0', 'another org\'s unpublished catalog is out of sight');
    });

    test('task status filters: known statuses as VCD names them; anything else (vcd-cli\'s RUNNING) a 400', async () => {
      const all = await hello.call('GET', '/api/query?type=task&format=records');
      const total = Number(attr(all.text, 'total'));
      assert.ok(total > 0, all.text);
      const success = await hello.call('GET', '/api/query?type=task&format=records&filter=status==success');
      assert.equal(success.status, 200, success.text);
      assert.equal(Number(attr(success.text, 'total')), total, 'every task of this suite succeeded');
      const some = await hello.call('GET', '/api/query?type=task&format=records&filter=status==queued,status==preRunning,status==running');
      assert.equal(some.status, 200, some.text);
      assert.equal(attr(some.text, 'total'), '0');
      for (const status of ['RUNNING', 'Success', 'done', 'run*']) {
        const res = await hello.call('GET', `/api/query?type=task&format=records&filter=status==${status}`);
        assert.equal(res.status, 400, `${status}: ${res.text}`);
        assert.ok(res.text.replaceAll('&apos;', "'").includes(`Value '${status}' not found.`), res.text);
      }
    });
  });
}
