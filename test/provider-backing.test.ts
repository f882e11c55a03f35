// The provider's backing, modelled as data (TEST_SEED's vCenters, NSX-T manager, network pools and provider VDCs),
// on both stores: the CloudAPI lists and items (paging, filters), the extension's legacy views and the admin root's
// ProviderVdcReferences, the query types, a provider VDC's capacity and storage profiles from its org VDCs, the org
// VDC's admin view naming its provider VDC, attaching a vCenter answered as attached already, and none of it a
// tenant's: lists refused, items the one 403.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { attr } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';
import { TEST_SEED } from './helpers/cell.ts';
import { applySeed } from '../src/server/bootstrap.ts';

const EXT = 'http://www.vmware.com/vcloud/extension/v1.5';
const REGISTER = 'application/vnd.vmware.admin.registerVimServerParams+xml';
const register = (name: string, url: string) => `<vmext:RegisterVimServerParams xmlns:vmext="${EXT}" xmlns:vcloud="http://www.vmware.com/vcloud/v1.5">`
  + `<vmext:VimServer name="${name}"><vmext:Username>u</vmext:Username><vmext:Password>p</vmext:Password><vmext:Url>${url}</vmext:Url>`
  + '<vmext:IsEnabled>true</vmext:IsEnabled></vmext:VimServer></vmext:RegisterVimServerParams>';

/** The hrefs' paths of the elements named `element` in a document, by their name attribute. */
const refs = (xml: string, element: string) => Object.fromEntries([...xml.matchAll(new RegExp(`<(?:vcloud:)?${element} ([^>]*)>`, 'g'))]
  .map(([, a]) => [attr(a!, 'name')!, new URL(attr(a!, 'href')!).pathname]));
const text = (xml: string, element: string) => new RegExp(`<(?:vcloud:)?${element}>([^<]*)</`).exec(xml)?.[1];

eachEngine('provider backing', {}, (w) => {
  let pvdcA: string;
  let pvdcB: string;

  before(async () => {
    const list = await w.provider.call('GET', '/api/admin/extension/providerVdcReferences');
    assert.equal(list.status, 200, list.text);
    const byName = refs(list.text, 'ProviderVdcReference');
    pvdcA = byName['pvdc-a']!.split('/').pop()!;
    pvdcB = byName['pvdc-b']!.split('/').pop()!;
  });

  test('the System administrator\'s session links to the extension, which links to its lists and to attaching a vCenter', async () => {
    const session = await w.provider.call('GET', '/api/session');
    assert.match(session.text, /<Link rel="down" href="[^"]*\/api\/admin\/extension" type="application\/vnd\.vmware\.admin\.vmwExtension\+xml"\/>/);
    const tenant = await w.orgAdmin.call('GET', '/api/session');
    assert.doesNotMatch(tenant.text, /\/api\/admin\/extension/);
    const ext = await w.provider.call('GET', '/api/admin/extension');
    assert.equal(ext.status, 200, ext.text);
    for (const [rel, path, type] of [['down', 'vimServerReferences', 'vmwVimServerReferences'], ['down', 'providerVdcReferences', 'vmwProviderVdcReferences'],
      ['down', 'externalNetworkReferences', 'vmwExternalNetworkReferences'], ['down', 'networkPoolReferences', 'vmwNetworkPoolReferences'],
      ['add', 'action/registervimserver', 'registerVimServerParams']]) {
      assert.match(ext.text, new RegExp(`<vcloud:Link rel="${rel}" href="[^"]*/api/admin/extension/${path}" type="application/vnd\\.vmware\\.admin\\.${type}\\+xml"/>`));
    }
  });

  test('the extension\'s lists name every vCenter, provider VDC, network pool and external network', async () => {
    // in creation order: the test clock stands still, so sorted here
    const names = async (list: string, entry: string) => Object.keys(refs((await w.provider.call('GET', `/api/admin/extension/${list}`)).text, entry)).sort();
    assert.deepEqual(await names('vimServerReferences', 'VimServerReference'), ['vc1', 'vc2']);
    assert.deepEqual(await names('providerVdcReferences', 'ProviderVdcReference'), ['pvdc-a', 'pvdc-b']);
    assert.deepEqual(await names('networkPoolReferences', 'NetworkPoolReference'), ['pool-a', 'pool-b']);
    assert.deepEqual(await names('externalNetworkReferences', 'ExternalNetworkReference'), ['ext-a']);
    const admin = await w.provider.call('GET', '/api/admin');
    assert.deepEqual(refs(admin.text, 'ProviderVdcReference'), { 'pvdc-a': `/api/admin/providervdc/${pvdcA}`, 'pvdc-b': `/api/admin/providervdc/${pvdcB}` });
  });

  test('a provider VDC: its capacity from its resource pool and org VDCs, its storage profiles, VDCs, network pool and backing', async () => {
    const admin = await w.provider.call('GET', `/api/admin/providervdc/${pvdcA}`);
    assert.equal(admin.status, 200, admin.text);
    const cpu = /<Cpu>(.*?)<\/Cpu>/.exec(admin.text)![1]!;
    // rp1's 100000 MHz; ExampleVdc01's allocation (its limit, 20000 MHz)
    assert.equal(text(cpu, 'Total'), '100000');
    assert.equal(text(cpu, 'Allocation'), '20000');
    assert.equal(text(/<StorageCapacity>(.*?)<\/StorageCapacity>/.exec(admin.text)![1]!, 'Total'), String(2097152 + 1048576));
    assert.deepEqual(Object.keys(refs(admin.text, 'ProviderVdcStorageProfile')), ['Gold', 'Silver']);
    assert.deepEqual(Object.keys(refs(admin.text, 'Vdc')), ['ExampleVdc01']);
    assert.deepEqual(Object.keys(refs(admin.text, 'NetworkPoolReference')), ['pool-a']);

    const ext = await w.provider.call('GET', `/api/admin/extension/providervdc/${pvdcA}`);
    assert.equal(ext.status, 200, ext.text);
    assert.match(ext.text, /^<\?xml[^>]*>\n<VMWProviderVdc xmlns="http:\/\/www\.vmware\.com\/vcloud\/extension\/v1\.5"/);
    assert.match(ext.text, /<ResourcePoolRefs><VimObjectRef><VimServerRef [^>]*name="vc1"\/><MoRef>resgroup-\d+<\/MoRef><VimObjectType>RESOURCE_POOL<\/VimObjectType>/);
    assert.deepEqual(Object.keys(refs(ext.text, 'VimServer')), ['vc1']);
    assert.deepEqual(Object.keys(refs(ext.text, 'NsxTManagerReference')), ['nsxt1']);
    const other = await w.provider.call('GET', `/api/admin/extension/providervdc/${pvdcB}`);
    assert.doesNotMatch(other.text, /NsxTManagerReference/, 'pvdc-b has no NSX-T manager');

    const gold = refs(admin.text, 'ProviderVdcStorageProfile').Gold!;
    const profile = await w.provider.call('GET', gold);
    assert.equal(profile.status, 200, profile.text);
    assert.equal(text(profile.text, 'CapacityTotal'), '2097152');
    assert.equal(attr(profile.text, 'name'), 'Gold');
  });

  test('a vCenter, a network pool and the NSX-T manager, each as the provider reads it', async () => {
    const vc = refs((await w.provider.call('GET', '/api/admin/extension/vimServerReferences')).text, 'VimServerReference').vc2!;
    const doc = await w.provider.call('GET', vc);
    assert.equal(doc.status, 200, doc.text);
    assert.equal(text(doc.text, 'Url'), 'https://vc2.example.test');
    assert.equal(text(doc.text, 'totalCpuMhz'), '40000');
    const pool = refs((await w.provider.call('GET', '/api/admin/extension/networkPoolReferences')).text, 'NetworkPoolReference')['pool-b']!;
    const poolDoc = await w.provider.call('GET', pool);
    assert.equal(poolDoc.status, 200, poolDoc.text);
    assert.equal(text(poolDoc.text, 'Description'), 'second');
    const managers = await w.provider.call('GET', '/api/query?type=nsxTManager&format=references');
    const manager = refs(managers.text, 'Reference').nsxt1!;
    const managerDoc = await w.provider.call('GET', manager);
    assert.equal(managerDoc.status, 200, managerDoc.text);
    assert.equal(text(managerDoc.text, 'DeploymentType'), 'NSXT');
  });

  test('the org VDC\'s admin view names its provider VDC and network pool, for the provider only', async () => {
    const vdc = (await w.t.cell.services.store.db.selectFrom('vdcs').select('id').where('name', '=', 'ExampleVdc01').executeTakeFirstOrThrow()).id;
    const asProvider = await w.provider.call('GET', `/api/admin/vdc/${vdc}`);
    assert.deepEqual(refs(asProvider.text, 'ProviderVdcReference'), { 'pvdc-a': `/api/admin/providervdc/${pvdcA}` });
    assert.deepEqual(Object.keys(refs(asProvider.text, 'NetworkPoolReference')), ['pool-a']);
    const asOrgAdmin = await w.orgAdmin.call('GET', `/api/admin/vdc/${vdc}`);
    assert.equal(asOrgAdmin.status, 200);
    assert.doesNotMatch(asOrgAdmin.text, /ProviderVdcReference|NetworkPoolReference/);
  });

  test('the query types: providerVdc, providerVdcStorageProfile, virtualCenter, networkPool, nsxTManager, filtered in SQL', async () => {
    const records = async (type: string, filter = '') => {
      const [condition, sort = 'sortAsc=name'] = filter.split('&');
      const res = await w.provider.call('GET', `/api/query?type=${type}&format=records&${sort}${condition && `&filter=${encodeURIComponent(condition)}`}`);
      assert.equal(res.status, 200, res.text);
      return [...res.text.matchAll(/<[A-Za-z]+Record ([^>]*)\/>/g)].map(([, a]) => a!);
    };
    const pvdcs = await records('providerVdc', 'name==pvdc-*');
    assert.deepEqual(pvdcs.map((r) => attr(r, 'name')), ['pvdc-a', 'pvdc-b']);
    assert.deepEqual(pvdcs.map((r) => [attr(r, 'vcName'), attr(r, 'cpuLimitMhz'), attr(r, 'numberOfVdcs'), attr(r, 'numberOfStorageProfiles')]),
      [['vc1', '100000', '1', '2'], ['vc2', '40000', '0', '1']]);
    assert.deepEqual((await records('providerVdc', 'vcName==vc2')).map((r) => attr(r, 'name')), ['pvdc-b']);
    const profiles = await records('providerVdcStorageProfile', `providerVdc==${pvdcA}`);
    assert.deepEqual(profiles.map((r) => attr(r, 'name')), ['Gold', 'Silver']);
    assert.ok(profiles.every((r) => new URL(attr(r, 'providerVdc')!).pathname === `/api/admin/providervdc/${pvdcA}`));
    assert.deepEqual((await records('virtualCenter', 'isEnabled==true;url==*example.test')).map((r) => attr(r, 'name')), ['vc2']);
    assert.deepEqual((await records('networkPool')).map((r) => attr(r, 'name')), ['pool-a', 'pool-b']);
    assert.deepEqual((await records('networkPool', 'description==second')).map((r) => attr(r, 'name')), ['pool-b']);
    assert.deepEqual((await records('nsxTManager')).map((r) => attr(r, 'name')), ['nsxt1']);
  });

  test('the CloudAPI lists page and filter; an item by URN is the list\'s entry', async () => {
    const one = await w.provider.cloud('GET', '/providerVdcs?pageSize=1&page=2&sortAsc=name');
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.resultTotal, 2);
    assert.equal(one.json.pageCount, 2);
    assert.deepEqual(one.json.values.map((v: any) => v.name), ['pvdc-b']);
    const [b] = one.json.values;
    assert.deepEqual(b, { id: `urn:vcloud:providervdc:${pvdcB}`, name: 'pvdc-b', description: 'no NSX-T', isEnabled: true, maxSupportedHwVersion: 'vmx-19',
      nsxTManager: null, vimServer: { name: 'vc2', id: b.vimServer.id } });
    const item = await w.provider.cloud('GET', `/providerVdcs/urn:vcloud:providervdc:${pvdcB}`);
    assert.deepEqual(item.json, b);

    const vcs = await w.provider.cloud('GET', `/virtualCenters?filter=${encodeURIComponent('name==vc2')}`);
    assert.deepEqual(vcs.json.values.map((v: any) => [v.name, v.url, v.isConnected, v.listenerState]), [['vc2', 'https://vc2.example.test', true, 'CONNECTED']]);
    assert.equal(vcs.json.values[0].vcId, b.vimServer.id, 'the provider VDC names its vCenter by the vCenter\'s URN');
    const vcItem = await w.provider.cloud('GET', `/virtualCenters/${b.vimServer.id}`);
    assert.equal(vcItem.json.name, 'vc2');

    const pools = await w.provider.cloud('GET', `/networkPools?filter=${encodeURIComponent('poolType==GENEVE')}&sortDesc=name`);
    assert.deepEqual(pools.json.values.map((p: any) => [p.name, p.poolType, p.backing.transportZoneRef.name, p.managingOwnerRef.name]),
      [['pool-b', 'GENEVE', 'overlay-tz-2', 'nsxt1'], ['pool-a', 'GENEVE', 'overlay-tz', 'nsxt1']]);
    const summaries = await w.provider.cloud('GET', `/networkPools/networkPoolSummaries?filter=${encodeURIComponent('name==pool-b')}`);
    assert.deepEqual(summaries.json.values, [{ ...pools.json.values[0], backing: undefined }].map(({ backing: _, ...summary }) => summary));
    assert.equal((await w.orgAdmin.cloud('GET', '/networkPools/networkPoolSummaries')).status, 403);
    const bad = await w.provider.cloud('GET', `/networkPools?filter=${encodeURIComponent('nope==1')}`);
    assert.equal(bad.status, 400, bad.text);
  });

  test('what the NSX-T manager offers to import: Tier-0 routers, transport zones, edge clusters, by its URN in _context', async () => {
    const manager = (await w.t.cell.services.store.db.selectFrom('nsxt_managers').select('id').executeTakeFirstOrThrow()).id;
    const context = encodeURIComponent(`_context==urn:vcloud:nsxtmanager:${manager}`);
    const routers = await w.provider.cloud('GET', `/nsxTResources/importableTier0Routers?filter=${context}`);
    assert.equal(routers.status, 200, routers.text);
    assert.deepEqual(routers.json.values.map((r: any) => r.displayName), ['tier0-a', 'tier0-b']);
    const paged = await w.provider.cloud('GET', `/nsxTResources/importableTier0Routers?filter=${context}&pageSize=1&page=2`);
    assert.deepEqual([paged.json.resultTotal, paged.json.values.map((r: any) => r.displayName)], [2, ['tier0-b']]);
    const none = await w.provider.cloud('GET', `/nsxTResources/importableTier0Routers?filter=${encodeURIComponent(`_context==urn:vcloud:nsxtmanager:${randomUUID()}`)}`);
    assert.deepEqual(none.json.values, []);
    const zones = await w.provider.cloud('GET', `/nsxTResources/importableTransportZones?filter=${context}`);
    assert.deepEqual(zones.json.values.map((z: any) => [z.name, z.type]), [['overlay-tz', 'GENEVE'], ['overlay-tz-2', 'GENEVE']]);
    const clusters = await w.provider.cloud('GET', `/nsxTResources/edgeClusters?filter=${context}`);
    assert.deepEqual(clusters.json.values.map((c: any) => c.name), ['edge-cluster-1']);
    for (const list of ['importableTier0Routers', 'importableTransportZones', 'edgeClusters']) {
      const tenant = await w.orgAdmin.cloud('GET', `/nsxTResources/${list}`);
      assert.equal(tenant.status, 403, list);
    }
  });

  test('attaching a vCenter is answered with the one attached already; another is refused, naming those attached', async () => {
    const again = await w.provider.call('POST', '/api/admin/extension/action/registervimserver', register('VC1', 'https://elsewhere:443'), REGISTER);
    assert.equal(again.status, 200, again.text);
    assert.match(again.text, /<RegisterVimServerParams [^>]*><VimServer [^>]*name="vc1"/);
    const byUrl = await w.provider.call('POST', '/api/admin/extension/action/registervimserver', register('renamed', 'https://vc2.example.test'), REGISTER);
    assert.match(byUrl.text, /<VimServer [^>]*name="vc2"/);
    const unknown = await w.provider.call('POST', '/api/admin/extension/action/registervimserver', register('vc9', 'https://vc9:443'), REGISTER);
    assert.equal(unknown.status, 400, unknown.text);
    assert.match(attr(unknown.text, 'message')!.replace(/&quot;/g, '"'), /"vc9" cannot be attached.*attached: "vc[12]", "vc[12]"/);
    assert.deepEqual(Object.keys(refs((await w.provider.call('GET', '/api/admin/extension/vimServerReferences')).text, 'VimServerReference')).sort(), ['vc1', 'vc2']);
    const tenant = await w.orgAdmin.call('POST', '/api/admin/extension/action/registervimserver', register('vc1', 'https://vc1'), REGISTER);
    assert.equal(tenant.status, 403);
  });

  test('none of it is a tenant\'s: the extension and the CloudAPI lists are refused, an item is the one 403, queries find nothing', async () => {
    for (const path of ['/api/admin/extension', '/api/admin/extension/vimServerReferences', '/api/admin/extension/providerVdcReferences',
      '/api/admin/extension/networkPoolReferences', '/api/admin/extension/externalNetworkReferences']) {
      assert.equal((await w.orgAdmin.call('GET', path)).status, 403, path);
    }
    for (const collection of ['virtualCenters', 'networkPools', 'providerVdcs']) {
      const res = await w.orgAdmin.cloud('GET', `/${collection}`);
      assert.equal(res.status, 403, `${collection}: ${res.text}`);
      assert.equal(res.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    }
    const theirs = await w.orgAdmin.call('GET', `/api/admin/providervdc/${pvdcA}`);
    const none = await w.orgAdmin.call('GET', `/api/admin/providervdc/${randomUUID()}`);
    assert.equal(theirs.status, 403);
    assert.equal(attr(theirs.text, 'message')!.replace(pvdcA, '{id}'), attr(none.text, 'message')!.replace(/[0-9a-f-]{36}/, '{id}'));
    for (const type of ['providerVdc', 'providerVdcStorageProfile', 'virtualCenter', 'networkPool', 'nsxTManager']) {
      const res = await w.orgAdmin.call('GET', `/api/query?type=${type}`);
      assert.equal(attr(res.text, 'total'), '0', type);
    }
  });

  // last: it adds to the backing
  test('a seed applied again adds what a vCenter or NSX-T manager lacks, by name whatever its case, and nothing twice', async () => {
    const { services } = w.t.cell;
    const db = services.store.db;
    const count = async (table: 'virtual_centers' | 'vc_resource_pools' | 'vc_storage_profiles' | 'nsxt_resources' | 'network_pools' | 'provider_vdcs') =>
      (await db.selectFrom(table).select('name').execute()).length;
    const before = await Promise.all((['virtual_centers', 'vc_resource_pools', 'vc_storage_profiles', 'nsxt_resources', 'network_pools', 'provider_vdcs'] as const).map(count));
    await applySeed(services, TEST_SEED);
    assert.deepEqual(await Promise.all((['virtual_centers', 'vc_resource_pools', 'vc_storage_profiles', 'nsxt_resources', 'network_pools', 'provider_vdcs'] as const).map(count)), before);
    await applySeed(services, {
      virtualCenters: [{ name: 'VC1', resourcePools: [{ name: 'RP1', cpuMhz: 1, memoryMb: 1 }, { name: 'rp3', cpuMhz: 30000, memoryMb: 4096 }], storageProfiles: [{ name: 'GOLD', totalMb: 1 }] }],
      nsxTManagers: [{ name: 'NSXT1', transportZones: ['overlay-tz-3'] }],
      networkPools: [{ name: 'pool-c', nsxTManager: 'nsxt1', transportZone: 'OVERLAY-TZ-3' }],
      providerVdcs: [{ name: 'pvdc-c', virtualCenter: 'vc1', resourcePool: 'RP3', storageProfiles: ['gold'], networkPool: 'pool-c' }],
    });
    const vc1 = (await db.selectFrom('virtual_centers').select('id').where('name', '=', 'vc1').executeTakeFirstOrThrow()).id;
    const pools = await db.selectFrom('vc_resource_pools').select(['name', 'moref']).where('vc_id', '=', vc1).orderBy('position').execute();
    assert.deepEqual(pools.map((p) => p.name), ['rp1', 'rp2', 'rp3']);
    assert.equal(new Set(pools.map((p) => p.moref)).size, 3, 'each pool its own moref');
    assert.equal(await count('virtual_centers'), 2);
    assert.equal(await count('vc_storage_profiles'), 3);
    const records = await w.provider.call('GET', '/api/query?type=providerVdc&format=records&filter=name==pvdc-c');
    assert.match(records.text, /<VMWProviderVdcRecord [^>]*name="pvdc-c"[^>]*vcName="vc1"[^>]*cpuLimitMhz="30000"/);
    const pool = await w.provider.cloud('GET', `/networkPools?filter=${encodeURIComponent('name==pool-c')}`);
    assert.equal(pool.json.values[0].backing.transportZoneRef.name, 'overlay-tz-3');
  });
});
