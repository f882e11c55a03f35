// The CloudAPI collections the entity types declare (/cloudapi/1.0.0/orgs, /vdcs, /orgVdcNetworks, /edgeGateways), on
// both stores: the page envelope and its Link headers, FIQL filters and sorts in SQL, VMware's models, who sees what
// (a tenant its own org's, the provider everything), the one 403 for another org's entity and an absent one alike,
// the API-token guide's example, one model across the legacy API, the query service and the CloudAPI, and only
// paged statements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { randomUUID } from 'node:crypto';
import { TEST_SEED } from './helpers/cell.ts';
import { cloudClient, type Cloud } from './helpers/cloudapi.ts';
import { attr } from './helpers/legacy.ts';
import { createApiToken, exchange } from './helpers/oauth.ts';
import { eachEngine } from './helpers/world.ts';
import { ENTITY_TYPES } from '../src/server/inventory/registry.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';
import type { StatementEvent } from '../src/server/store/db.ts';

const EXTRA_ORGS = ['alpha', 'Beta', 'gamma_1', 'gamma.2', 'gammaX3'];
const profiles = [{ name: 'Gold', limitMb: 1024, default: true }];
const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: [
    {
      ...TEST_SEED.orgs![0]!,
      vdcs: [
        {
          ...TEST_SEED.orgs![0]!.vdcs![0]!,
          edgeGateways: [{ name: 'edge-01', description: 'the first' }, { name: 'edge-02' }],
          networks: [
            ...TEST_SEED.orgs![0]!.vdcs![0]!.networks!,
            { name: 'Iso-A', fenceMode: 'isolated', gateway: '10.0.0.1', prefixLength: 24, dns1: '10.0.0.53', dnsSuffix: 'example.test',
              ipRanges: [{ start: '10.0.0.10', end: '10.0.0.19' }, { start: '10.0.0.30', end: '10.0.0.30' }] },
            { name: 'net-b', fenceMode: 'natRouted', edgeGateway: 'edge-02', gateway: '10.1.0.1', prefixLength: 16, shared: true },
          ],
        },
        { name: 'vdc-b', allocationModel: 'AllocationVApp', storageProfiles: profiles },
        { name: 'VDC_c', allocationModel: 'ReservationPool', storageProfiles: profiles },
      ],
    },
    {
      ...TEST_SEED.orgs![1]!,
      vdcs: [{
        name: 'OtherVdc', allocationModel: 'Flex', storageProfiles: profiles, edgeGateways: [{ name: 'other-edge' }],
        networks: [{ name: 'other-net', fenceMode: 'natRouted', edgeGateway: 'other-edge', gateway: '172.16.0.1', prefixLength: 24 }],
      }],
    },
    ...EXTRA_ORGS.map((name) => ({ name, fullName: `${name} full` })),
  ],
};
const ALL_ORGS = ['System', 'ExampleOrg', 'OtherOrg', ...EXTRA_ORGS];

type Item = Record<string, any>;
const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const names = (items: Item[]) => items.map((i) => i.name as string);

eachEngine('CloudAPI entity collections', { seed: SEED }, (w) => {
  /** A CloudAPI write Cloud Director runs as a task: 202, Location: its /api/task, which the provider reads as a success. */
  async function done(res: { status: number; text: string; headers: Headers }): Promise<string> {
    assert.equal(res.status, 202, res.text);
    const location = res.headers.get('location') ?? '';
    assert.match(location, /\/api\/task\/[0-9a-f-]{36}$/);
    const task = await w.provider.call('GET', location.slice(location.indexOf('/api/')));
    assert.equal(attr(task.text, 'status'), 'success', task.text);
    return task.text;
  }

  /** Every item of a collection, 128 a page. */
  async function everything(cloud: Cloud, collection: string, query = ''): Promise<Item[]> {
    const items: Item[] = [];
    for (let page = 1; ; page++) {
      const res = await cloud('GET', `/${collection}?pageSize=128&page=${page}${query && `&${query}`}`);
      assert.equal(res.status, 200, `${collection}?${query}: ${res.text}`);
      items.push(...res.json.values);
      if (page >= res.json.pageCount) return items;
    }
  }
  const filtered = (cloud: Cloud, collection: string, filter: string, sort = 'sortAsc=name') =>
    everything(cloud, collection, `${sort}&filter=${encodeURIComponent(filter)}`).then(names);

  test('orgs page as Cloud Director answers: the envelope, page 2 of several with its Link headers, pageSize bounds', async () => {
    const all = await everything(w.provider.cloud, 'orgs');
    assert.deepEqual(names(all), [...ALL_ORGS].sort(byte), 'by name, byte by byte, when no sort is asked');
    const second = await w.provider.cloud('GET', '/orgs?pageSize=2&page=2');
    assert.equal(second.status, 200, second.text);
    assert.deepEqual({ ...second.json, values: undefined },
      { resultTotal: ALL_ORGS.length, pageCount: Math.ceil(ALL_ORGS.length / 2), page: 2, pageSize: 2, associations: [], values: undefined });
    assert.deepEqual(second.json.values, all.slice(2, 4));
    const links = second.headers.get('link') ?? '';
    for (const [rel, page] of [['firstPage', 1], ['previousPage', 1], ['nextPage', 3], ['lastPage', 4]] as const) {
      assert.match(links, new RegExp(`/cloudapi/1\\.0\\.0/orgs\\?pageSize=2&page=${page}>;rel="${rel}";type="application/json"`), `${rel} in ${links}`);
    }
    assert.equal((await w.provider.cloud('GET', '/orgs?pageSize=128')).headers.get('link'), null, 'one page: no links');
    assert.deepEqual((await w.provider.cloud('GET', '/orgs?page=9')).json.values, [], 'a page past the end is empty');
    for (const query of ['pageSize=129', 'pageSize=0', 'page=0', 'pageSize=x', 'sortAsc=name&sortDesc=name']) {
      const bad = await w.provider.cloud('GET', `/orgs?${query}`);
      assert.equal(bad.status, 400, `${query}: ${bad.text}`);
      assert.equal(bad.json.minorErrorCode, 'BAD_REQUEST');
    }
  });

  test('orgs: FIQL filters and sorts in SQL (wildcards, and/or/parentheses, comparisons, counts), unknown fields 400', async () => {
    const orgs = (filter: string) => filtered(w.provider.cloud, 'orgs', filter);
    assert.deepEqual(await orgs('name==GAMMA*'), ['gamma.2', 'gammaX3', 'gamma_1']);
    assert.deepEqual(await orgs('name==beta'), [], 'without a wildcard, exact and case-sensitive');
    assert.deepEqual(await orgs('(name==alpha,name==Beta);displayName==*full'), ['Beta', 'alpha']);
    assert.deepEqual(await orgs('name!=*A*'), ['OtherOrg', 'System']);
    assert.deepEqual(await orgs('name=ge=gamma;name=lt=gammaz'), ['gamma.2', 'gammaX3', 'gamma_1']);
    assert.deepEqual(await orgs('name=gt=S,name=le=Beta'), ['Beta', 'ExampleOrg', 'OtherOrg', 'System', 'alpha', 'gamma.2', 'gammaX3', 'gamma_1'].filter((n) => n > 'S' || n <= 'Beta'));
    assert.deepEqual(await orgs('orgVdcCount=gt=0'), ['ExampleOrg', 'OtherOrg']);
    assert.deepEqual(await orgs('orgVdcCount==3;userCount==2'), ['ExampleOrg']);
    assert.deepEqual(await orgs('canManageOrgs==true'), ['System']);
    assert.deepEqual(await orgs('isEnabled==false'), []);
    assert.deepEqual(await orgs(`id==urn:vcloud:org:${w.org}`), ['ExampleOrg']);
    assert.deepEqual(names(await everything(w.provider.cloud, 'orgs', 'sortDesc=name')), [...ALL_ORGS].sort(byte).reverse());
    assert.deepEqual(names(await everything(w.provider.cloud, 'orgs', 'sortDesc=orgVdcCount')).slice(0, 2), ['ExampleOrg', 'OtherOrg']);
    for (const [parameter, value] of [['filter', 'noSuchField==1'], ['sortAsc', 'noSuchField'], ['filter', 'name==x,colour==red'],
      ['filter', 'isEnabled==maybe'], ['filter', 'orgVdcCount==many'], ['filter', '(name==x']]) {
      const query = `${parameter}=${encodeURIComponent(value!)}`;
      const bad = await w.provider.cloud('GET', `/orgs?${query}`);
      assert.equal(bad.status, 400, `${query}: ${bad.text}`);
      assert.equal(bad.json.minorErrorCode, 'BAD_REQUEST');
    }
  });

  test('VMware\'s models: Org, OrgVdc, VdcNetwork (its subnet, pool, VDC, org and gateway), EdgeGateway', async () => {
    const [org] = (await w.hello.cloud('GET', '/orgs')).json.values;
    assert.deepEqual(org, {
      id: `urn:vcloud:org:${w.org}`, name: 'ExampleOrg', displayName: 'Example Organization', description: '', isEnabled: true,
      orgVdcCount: 3, catalogCount: 0, vappCount: 0, runningVMCount: 0, userCount: 2, diskCount: 0, canManageOrgs: false,
    });
    const vdcs = await everything(w.provider.cloud, 'vdcs', 'sortAsc=name');
    const vdc = vdcs.find((v) => v.name === 'ExampleVdc01')!;
    assert.match(vdc.id, /^urn:vcloud:vdc:[0-9a-f-]{36}$/);
    assert.deepEqual(vdc, { id: vdc.id, name: 'ExampleVdc01', description: '', allocationType: 'ALLOCATION_POOL', org: { name: 'ExampleOrg', id: `urn:vcloud:org:${w.org}` } });
    assert.deepEqual(vdcs.map((v) => [v.name, v.allocationType]),
      [['ExampleVdc01', 'ALLOCATION_POOL'], ['OtherVdc', 'FLEX'], ['VDC_c', 'RESERVATION_POOL'], ['vdc-b', 'ALLOCATION_VAPP']]);

    const gateways = await everything(w.orgAdmin.cloud, 'edgeGateways', 'sortAsc=name');
    const edge = gateways[0]!;
    assert.match(edge.id, /^urn:vcloud:gateway:[0-9a-f-]{36}$/);
    const vdcRef = { name: 'ExampleVdc01', id: vdc.id };
    assert.deepEqual(edge, {
      id: edge.id, name: 'edge-01', description: 'the first', status: 'REALIZED', edgeGatewayUplinks: [], distributedRoutingEnabled: false,
      orgVdcNetworkCount: 1, gatewayBacking: { gatewayType: 'NSXV_BACKED' }, orgVdc: vdcRef, ownerRef: vdcRef, orgRef: { name: 'ExampleOrg', id: `urn:vcloud:org:${w.org}` },
    });

    const iso = (await w.hello.cloud('GET', `/orgVdcNetworks?filter=${encodeURIComponent('name==Iso-A')}`)).json.values[0];
    assert.deepEqual(iso, {
      id: iso.id, name: 'Iso-A', description: '',
      subnets: { values: [{
        gateway: '10.0.0.1', prefixLength: 24, dnsSuffix: 'example.test', dnsServer1: '10.0.0.53',
        ipRanges: { values: [{ startAddress: '10.0.0.10', endAddress: '10.0.0.19' }, { startAddress: '10.0.0.30', endAddress: '10.0.0.30' }] },
        enabled: true, totalIpCount: 11, usedIpCount: 0,
      }] },
      networkType: 'ISOLATED', orgVdc: vdcRef, ownerRef: vdcRef, orgRef: { name: 'ExampleOrg', id: `urn:vcloud:org:${w.org}` }, connection: null,
      isDefaultNetwork: false, shared: false, enableDualSubnetNetwork: false, status: 'REALIZED', guestVlanTaggingAllowed: false,
      totalIpCount: 11, usedIpCount: 0,
    });
    const routed = (await w.hello.cloud('GET', `/orgVdcNetworks/${(await w.hello.cloud('GET', '/orgVdcNetworks?filter=name==routed-net')).json.values[0].id}`)).json;
    assert.equal(routed.networkType, 'NAT_ROUTED');
    assert.deepEqual(routed.connection, { routerRef: { name: 'edge-01', id: edge.id }, connectionType: 'INTERNAL', connected: true });
    assert.deepEqual(routed.subnets.values[0].ipRanges.values, [{ startAddress: '192.168.10.10', endAddress: '192.168.10.200' }]);
    assert.equal(routed.totalIpCount, 191);
  });

  test('filters on references name them by URN (or name); sorts on any field in byte order', async () => {
    const vdc = (await w.provider.cloud('GET', '/vdcs?filter=name==ExampleVdc01')).json.values[0];
    assert.deepEqual(await filtered(w.provider.cloud, 'orgVdcNetworks', `ownerRef.id==${vdc.id}`), ['Iso-A', 'net-b', 'routed-net']);
    assert.deepEqual(await filtered(w.provider.cloud, 'orgVdcNetworks', `orgVdc.id==${vdc.id};shared==true`), ['net-b']);
    assert.deepEqual(await filtered(w.provider.cloud, 'orgVdcNetworks', `orgRef.id!=urn:vcloud:org:${w.org}`), ['other-net']);
    assert.deepEqual(await filtered(w.provider.cloud, 'orgVdcNetworks', 'connection.routerRef.name==edge-0*'), ['net-b', 'routed-net']);
    assert.deepEqual(await filtered(w.provider.cloud, 'orgVdcNetworks', 'name==*NET*', 'sortDesc=name'), ['routed-net', 'other-net', 'net-b']);
    assert.deepEqual(await filtered(w.provider.cloud, 'edgeGateways', 'orgVdc.name==ExampleVdc01', 'sortDesc=name'), ['edge-02', 'edge-01']);
    assert.deepEqual(await filtered(w.provider.cloud, 'edgeGateways', `ownerRef.id!=${vdc.id}`), ['other-edge']);
    assert.deepEqual(await filtered(w.provider.cloud, 'vdcs', 'allocationType==ALLOCATION_*'), ['ExampleVdc01', 'vdc-b']);
    assert.deepEqual(await filtered(w.provider.cloud, 'vdcs', 'name=lt=a', 'sortDesc=name'), ['VDC_c', 'OtherVdc', 'ExampleVdc01']);
    const bad = await w.provider.cloud('GET', '/vdcs?filter=description==x');
    assert.equal(bad.status, 400, 'the spec makes description NonSearchable');
  });

  test('a tenant sees its own org\'s (with the rights each needs), the provider everything', async () => {
    assert.deepEqual(names(await everything(w.hello.cloud, 'orgs')), ['ExampleOrg']);
    assert.deepEqual(names(await everything(w.other.cloud, 'orgs')), ['OtherOrg']);
    assert.deepEqual(names(await everything(w.hello.cloud, 'vdcs', 'sortAsc=name')), ['ExampleVdc01', 'VDC_c', 'vdc-b']);
    assert.deepEqual(names(await everything(w.provider.cloud, 'orgVdcNetworks', 'sortAsc=name')), ['Iso-A', 'net-b', 'other-net', 'routed-net']);
    assert.deepEqual(names(await everything(w.hello.cloud, 'orgVdcNetworks', 'sortAsc=name')), ['Iso-A', 'net-b', 'routed-net']);
    assert.deepEqual(names(await everything(w.orgAdmin.cloud, 'edgeGateways', 'sortAsc=name')), ['edge-01', 'edge-02']);
    assert.deepEqual(names(await everything(w.provider.cloud, 'edgeGateways', 'sortAsc=name')), ['edge-01', 'edge-02', 'other-edge']);
    // "Organization vDC Gateway: View" is an Org Administrator's, not a vApp Author's
    assert.deepEqual(await everything(w.hello.cloud, 'edgeGateways'), []);
    // a tenant's filter cannot reach past its org
    assert.deepEqual(await filtered(w.other.cloud, 'vdcs', 'name==*'), ['OtherVdc']);
    assert.equal((await w.hello.cloud('GET', '/orgVdcNetworks?filter=name==other-net')).json.resultTotal, 0);
  });

  test('GET by URN: 200 with the model; another org\'s, an absent one, another type\'s: the same 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN', async () => {
    const otherOrg = `urn:vcloud:org:${await w.orgId('OtherOrg')}`;
    const provider = async (collection: string, name: string) =>
      (await w.provider.cloud('GET', `/${collection}?filter=${encodeURIComponent(`name==${name}`)}`)).json.values[0] as Item;
    const cases: Array<[string, Item, Item]> = [
      ['orgs', await provider('orgs', 'ExampleOrg'), await provider('orgs', 'OtherOrg')],
      ['vdcs', await provider('vdcs', 'ExampleVdc01'), await provider('vdcs', 'OtherVdc')],
      ['orgVdcNetworks', await provider('orgVdcNetworks', 'routed-net'), await provider('orgVdcNetworks', 'other-net')],
      ['edgeGateways', await provider('edgeGateways', 'edge-01'), await provider('edgeGateways', 'other-edge')],
    ];
    assert.equal(cases[0]![2].id, otherOrg);
    const forbidden = async (collection: string, id: string) => {
      const res = await w.orgAdmin.cloud('GET', `/${collection}/${id}`);
      assert.equal(res.status, 403, `${collection}/${id}: ${res.text}`);
      assert.equal(res.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
      return res.text.replace(id, '<id>');
    };
    for (const [collection, mine, theirs] of cases) {
      const seen = await w.orgAdmin.cloud('GET', `/${collection}/${mine.id}`);
      assert.equal(seen.status, 200, seen.text);
      assert.deepEqual(seen.json, mine, `${collection}: the item is the list's`);
      assert.deepEqual((await w.provider.cloud('GET', `/${collection}/${theirs.id}`)).json, theirs);
      const type = mine.id.split(':')[2];
      const absent = `urn:vcloud:${type}:${randomUUID()}`;
      const body = await forbidden(collection, theirs.id);
      assert.equal(await forbidden(collection, absent), body, `${collection}: another org's and an absent one answer alike`);
      assert.equal(await forbidden(collection, `urn:vcloud:user:${mine.id.split(':')[3]}`), body, `${collection}: a URN of another type`);
      assert.equal((await w.provider.cloud('GET', `/${collection}/${absent}`)).status, 403, 'absent for the provider too');
      assert.equal((await w.provider.cloud('GET', `/${collection}/not-a-urn`)).status, 400);
    }
  });

  test('the API-token guide: exchange an API token at /oauth/tenant/{org}/token, then GET /cloudapi/1.0.0/orgs', async () => {
    const { refreshToken } = await createApiToken(w.t.url, 'ExampleOrg', w.hello.token, 'guide');
    const exchanged = await exchange(w.t.url, 'ExampleOrg', refreshToken);
    assert.equal(exchanged.status, 200, exchanged.text);
    const res = await cloudClient(w.t.url, exchanged.json.access_token as string)('GET', '/orgs');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.values.map((o: Item) => [o.name, o.id]), [['ExampleOrg', `urn:vcloud:org:${w.org}`]]);
  });

  test('one model: what the legacy API creates and changes is the same object in the CloudAPI and the query service', async () => {
    const created = await w.provider.call('POST', '/api/admin/orgs',
      '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="MadeByApi"><Description>legacy</Description><FullName>Made by /api</FullName><IsEnabled>true</IsEnabled><Settings/></AdminOrg>',
      'application/vnd.vmware.admin.organization+xml');
    assert.equal(created.status, 201, created.text);
    const orgUrn = attr(created.text, 'id')!;
    const orgPath = `/orgs/${orgUrn}`;
    assert.deepEqual((await w.provider.cloud('GET', orgPath)).json,
      { id: orgUrn, name: 'MadeByApi', displayName: 'Made by /api', description: 'legacy', isEnabled: true,
        orgVdcCount: 0, catalogCount: 0, vappCount: 0, runningVMCount: 0, userCount: 0, diskCount: 0, canManageOrgs: false });
    const disabled = await w.provider.call('POST', `/api/admin/org/${orgUrn.split(':')[3]}/action/disable`);
    assert.equal(disabled.status, 204, disabled.text);
    assert.equal((await w.provider.cloud('GET', orgPath)).json.isEnabled, false);

    const vdc = await w.provider.call('POST', `/api/admin/org/${orgUrn.split(':')[3]}/vdcsparams`,
      `<CreateVdcParams xmlns="http://www.vmware.com/vcloud/v1.5" name="ApiVdc"><AllocationModel>AllocationVApp</AllocationModel>
        <ComputeCapacity><Cpu><Units>MHz</Units><Limit>0</Limit></Cpu><Memory><Units>MB</Units><Limit>0</Limit></Memory></ComputeCapacity>
        <VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1024</Limit><Default>true</Default><ProviderVdcStorageProfile href="https://x/api/admin/pvdcStorageProfile/1" name="Bronze"/></VdcStorageProfile>
      </CreateVdcParams>`, 'application/vnd.vmware.admin.createVdcParams+xml');
    assert.equal(vdc.status, 201, vdc.text);
    const vdcUrn = attr(vdc.text, 'id')!;
    assert.deepEqual((await w.provider.cloud('GET', `/vdcs/${vdcUrn}`)).json,
      { id: vdcUrn, name: 'ApiVdc', description: '', allocationType: 'ALLOCATION_VAPP', org: { name: 'MadeByApi', id: orgUrn } });
    assert.equal((await w.provider.cloud('GET', orgPath)).json.orgVdcCount, 1);
    const orgRecord = await w.provider.call('GET', '/api/query?type=organization&filter=name==MadeByApi');
    assert.match(orgRecord.text, / numberOfVdcs="1"/, 'the query service counts the same VDCs');

    // the query service's idrecords name the seed's network by the URN the CloudAPI gives it
    const records = await w.hello.call('GET', '/api/query?type=orgVdcNetwork&format=idrecords&filter=name==routed-net');
    const cloud = (await w.hello.cloud('GET', '/orgVdcNetworks?filter=name==routed-net')).json.values[0];
    assert.equal(attr(records.text.slice(records.text.indexOf('<OrgVdcNetworkRecord')), 'id'), cloud.id);
    assert.equal((await w.hello.call('GET', `/api/network/${cloud.id.split(':')[3]}`)).status, 200);
  });

  test('POST /orgs: the provider\'s org is the one /api/admin/org shows; a tenant 403 before its body; a body the spec refuses 400 naming the field', async () => {
    const created = await w.provider.cloud('POST', '/orgs', { name: 'CloudMade', displayName: 'Made by the CloudAPI', description: 'd', isEnabled: true });
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.id, /^urn:vcloud:org:[0-9a-f-]{36}$/);
    assert.deepEqual(created.json, (await w.provider.cloud('GET', `/orgs/${created.json.id}`)).json);
    assert.deepEqual([created.json.name, created.json.displayName, created.json.description, created.json.isEnabled], ['CloudMade', 'Made by the CloudAPI', 'd', true]);
    const legacy = await w.provider.call('GET', `/api/admin/org/${created.json.id.split(':')[3]}`);
    assert.equal(legacy.status, 200, legacy.text);
    assert.equal(attr(legacy.text, 'name'), 'CloudMade');
    assert.match(legacy.text, /<IsEnabled>true<\/IsEnabled>/);
    // the spec's default: disabled
    const quiet = await w.provider.cloud('POST', '/orgs', { name: 'CloudQuiet', displayName: 'Quiet' });
    assert.equal(quiet.status, 201, quiet.text);
    assert.deepEqual([quiet.json.isEnabled, quiet.json.description], [false, '']);
    const again = await w.provider.cloud('POST', '/orgs', { name: 'cloudmade', displayName: 'Again' });
    assert.equal(again.status, 400, `a name is taken once, whatever its case: ${again.text}`);

    for (const body of [{ name: 'TenantMade', displayName: 'x' }, { displayName: 42 }]) {
      const refused = await w.orgAdmin.cloud('POST', '/orgs', body);
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    }
    const bad: Array<[unknown, RegExp]> = [
      [{ displayName: 'x' }, /name/], [{ name: 'x' }, /displayName/], [{ name: 'two words', displayName: 'x' }, /body\/name/],
      [{ name: 'n'.repeat(129), displayName: 'x' }, /body\/name/], [{ name: 'ok', displayName: 'a\nb' }, /body\/displayName/],
      [{ name: 'ok', displayName: '   ' }, /body\/displayName/], [{ name: 'ok', displayName: 'x', isEnabled: 'yes' }, /body\/isEnabled/],
      [{ name: 'ok', displayName: 'x', description: 'd'.repeat(257) }, /body\/description/], [[], /body/],
    ];
    for (const [body, field] of bad) {
      const res = await w.provider.cloud('POST', '/orgs', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.json.minorErrorCode, 'BAD_REQUEST');
      assert.match(res.json.message, field, JSON.stringify(body));
    }
    assert.equal((await w.provider.cloud('GET', '/orgs?filter=name==ok')).json.resultTotal, 0, 'nothing was made');
  });

  test('PUT and DELETE /orgs/{urn}: the provider renames an org (the same one on /api/admin/org and in the query service) and deletes it through a task (202, Location: its /api/task); a tenant 403; a body the spec refuses 400 naming the field', async () => {
    const made = await w.provider.cloud('POST', '/orgs', { name: 'CloudPut', displayName: 'To change', isEnabled: true });
    assert.equal(made.status, 201, made.text);
    const at = `/orgs/${made.json.id}`;
    const changed = await w.provider.cloud('PUT', at, { ...made.json, name: 'CloudPutDone', displayName: 'Changed', description: 'new' });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual([changed.json.id, changed.json.name, changed.json.displayName, changed.json.description, changed.json.isEnabled],
      [made.json.id, 'CloudPutDone', 'Changed', 'new', true]);
    assert.deepEqual(changed.json, (await w.provider.cloud('GET', at)).json);
    const uuid = made.json.id.split(':')[3];
    assert.equal(attr((await w.provider.call('GET', `/api/admin/org/${uuid}`)).text, 'name'), 'CloudPutDone');
    assert.match((await w.provider.call('GET', '/api/query?type=organization&filter=name==CloudPutDone')).text, /<OrgRecord [^>]*displayName="Changed"/);

    const bad = await w.provider.cloud('PUT', at, { name: 'two words', displayName: 'x' });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.json.message, /body\/name/);
    for (const [method, body] of [['PUT', { name: 'TenantPut', displayName: 'x' }], ['DELETE', undefined]] as const) {
      const refused = await w.orgAdmin.cloud(method, at, body);
      assert.equal(refused.status, 403, refused.text);
    }
    const nothing = await w.provider.cloud('PUT', `/orgs/urn:vcloud:org:${randomUUID()}`, { name: 'x', displayName: 'x' });
    assert.equal(nothing.status, 403, nothing.text);
    assert.equal(nothing.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');

    const enabled = await w.provider.cloud('DELETE', at);
    assert.equal(enabled.status, 400, `an enabled org is deleted only with force and recursive: ${enabled.text}`);
    assert.equal(attr(await done(await w.provider.cloud('DELETE', `${at}?force=true&recursive=true`)), 'operationName'), 'orgDeleteOrg');
    assert.equal((await w.provider.cloud('GET', at)).status, 403, 'the org is gone');
  });

  test('POST, PUT and DELETE /orgVdcNetworks: tasks (202, Location: its /api/task), the network the same in the CloudAPI, /api/network and the query service; bodies the spec or the model refuse 400 naming the field; another org\'s VDC or network 403; no right 403', async () => {
    const one = async (cloud: Cloud, collection: string, name: string) =>
      (await cloud('GET', `/${collection}?filter=${encodeURIComponent(`name==${name}`)}`)).json.values[0];
    const vdc = await one(w.orgAdmin.cloud, 'vdcs', TEST_SEED.orgs![0]!.vdcs![0]!.name);
    const edge = await one(w.orgAdmin.cloud, 'edgeGateways', 'edge-01');
    const body = (name: string, extra: Item = {}) => ({
      name, description: 'made here', networkType: 'ISOLATED', ownerRef: { id: vdc.id },
      subnets: { values: [{ gateway: '10.9.0.1', prefixLength: 24, dnsServer1: '10.9.0.53', ipRanges: { values: [{ startAddress: '10.9.0.10', endAddress: '10.9.0.20' }] } }] },
      ...extra,
    });

    await done(await w.orgAdmin.cloud('POST', '/orgVdcNetworks', body('cloud-net')));
    const made = await one(w.orgAdmin.cloud, 'orgVdcNetworks', 'cloud-net');
    assert.deepEqual([made.networkType, made.ownerRef.id, made.description, made.subnets.values[0].gateway, made.subnets.values[0].dnsServer1, made.subnets.values[0].ipRanges.values, made.totalIpCount],
      ['ISOLATED', vdc.id, 'made here', '10.9.0.1', '10.9.0.53', [{ startAddress: '10.9.0.10', endAddress: '10.9.0.20' }], 11]);
    const uuid = made.id.split(':')[3];
    const legacy = await w.orgAdmin.call('GET', `/api/network/${uuid}`);
    assert.equal(legacy.status, 200, legacy.text);
    assert.equal(attr(legacy.text, 'name'), 'cloud-net');
    assert.match((await w.orgAdmin.call('GET', '/api/query?type=orgVdcNetwork&filter=name==cloud-net')).text, /<OrgVdcNetworkRecord [^>]*name="cloud-net"/);

    await done(await w.orgAdmin.cloud('POST', '/orgVdcNetworks', body('cloud-routed', {
      networkType: 'NAT_ROUTED', connection: { routerRef: { id: edge.id }, connectionType: 'INTERNAL' },
      subnets: { values: [{ gateway: '10.8.0.1', prefixLength: 24 }] },
    })));
    assert.equal((await one(w.orgAdmin.cloud, 'orgVdcNetworks', 'cloud-routed')).connection.routerRef.name, 'edge-01');

    const bad: Array<[Item, RegExp]> = [
      [body('x', { networkType: 'FOO' }), /body\/networkType/], [body('x', { subnets: { values: [{ gateway: '10.9.0.1', prefixLength: 'x' }] } }), /body\/subnets\/values\/0\/prefixLength/],
      [body('x', { name: { first: 'x' } }), /body\/name/], [body('', {}), /body\/name/], [body('x', { ownerRef: null }), /ownerRef/],
      [body('x', { subnets: { values: [{ gateway: '10.9.0.1', prefixLength: 24, ipRanges: { values: [{ startAddress: '10.7.0.1', endAddress: '10.7.0.2' }] } }] } }), /ipRanges\[0\]\.start/],
      [body('x', { networkType: 'NAT_ROUTED' }), /edgeGateway/], [body('CLOUD-NET'), /already exists/],
    ];
    for (const [b, field] of bad) {
      const res = await w.orgAdmin.cloud('POST', '/orgVdcNetworks', b);
      assert.equal(res.status, 400, `${JSON.stringify(b)}: ${res.text}`);
      assert.match(res.json.message, field, JSON.stringify(b));
    }
    const otherVdc = await one(w.other.cloud, 'vdcs', 'OtherVdc');
    for (const [who, b] of [[w.orgAdmin, body('x', { ownerRef: { id: otherVdc.id } })], [w.hello, body('x')]] as const) {
      const res = await who.cloud('POST', '/orgVdcNetworks', b);
      assert.equal(res.status, 403, res.text);
    }
    assert.equal(await one(w.provider.cloud, 'orgVdcNetworks', 'x'), undefined, 'nothing was made');

    const at = `/orgVdcNetworks/${made.id}`;
    await done(await w.orgAdmin.cloud('PUT', at, { ...made, name: 'cloud-net-2', description: 'changed',
      subnets: { values: [{ ...made.subnets.values[0], ipRanges: { values: [{ startAddress: '10.9.0.10', endAddress: '10.9.0.40' }] } }] } }));
    const changed = (await w.orgAdmin.cloud('GET', at)).json;
    assert.deepEqual([changed.name, changed.description, changed.totalIpCount], ['cloud-net-2', 'changed', 31]);
    assert.equal(attr((await w.orgAdmin.call('GET', `/api/network/${uuid}`)).text, 'name'), 'cloud-net-2');
    const moved = await w.orgAdmin.cloud('PUT', at, { ...changed, subnets: { values: [{ ...changed.subnets.values[0], gateway: '10.9.0.2' }] } });
    assert.equal(moved.status, 400, moved.text);
    assert.match(moved.json.message, /gateway cannot change/);
    for (const method of ['PUT', 'DELETE']) {
      const res = await w.other.cloud(method, at, method === 'PUT' ? changed : undefined);
      assert.equal(res.status, 403, res.text);
      assert.equal(res.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    }

    await done(await w.orgAdmin.cloud('DELETE', at));
    assert.equal((await w.orgAdmin.cloud('GET', at)).status, 403);
    assert.equal((await w.orgAdmin.call('GET', `/api/network/${uuid}`)).status, 403);
  });

  test('POST, PUT and DELETE /edgeGateways: the provider\'s tasks (202, Location: its /api/task), the gateway the same in the CloudAPI, /api/admin/edgeGateway and the query service; a tenant 403; a body the spec refuses 400 naming the field; one routing a network is kept', async () => {
    const vdc = (await w.provider.cloud('GET', `/vdcs?filter=${encodeURIComponent(`name==${TEST_SEED.orgs![0]!.vdcs![0]!.name}`)}`)).json.values[0];
    const body = { name: 'edge-cloud', description: 'made here', edgeGatewayUplinks: [], orgVdc: { id: vdc.id } };
    const refused = await w.orgAdmin.cloud('POST', '/edgeGateways', body);
    assert.equal(refused.status, 403, refused.text);
    await done(await w.provider.cloud('POST', '/edgeGateways', body));
    const made = (await w.orgAdmin.cloud('GET', `/edgeGateways?filter=${encodeURIComponent('name==edge-cloud')}`)).json.values[0];
    assert.deepEqual([made.description, made.ownerRef.id, made.orgVdcNetworkCount], ['made here', vdc.id, 0]);
    const uuid = made.id.split(':')[3];
    assert.equal(attr((await w.orgAdmin.call('GET', `/api/admin/edgeGateway/${uuid}`)).text, 'name'), 'edge-cloud');
    assert.match((await w.orgAdmin.call('GET', '/api/query?type=edgeGateway&filter=name==edge-cloud')).text, /<EdgeGatewayRecord [^>]*name="edge-cloud"/);
    const again = await w.provider.cloud('POST', '/edgeGateways', { ...body, name: 'EDGE-CLOUD' });
    assert.equal(again.status, 400, again.text);
    for (const [b, field] of [[{ ...body, orgVdc: undefined }, /orgVdc/], [{ ...body, edgeGatewayUplinks: 'x' }, /body\/edgeGatewayUplinks/], [{ ...body, name: '  ' }, /body\/name/]] as const) {
      const res = await w.provider.cloud('POST', '/edgeGateways', b);
      assert.equal(res.status, 400, res.text);
      assert.match(res.json.message, field);
    }

    const at = `/edgeGateways/${made.id}`;
    await done(await w.provider.cloud('PUT', at, { ...made, name: 'edge-cloud-2', description: 'changed' }));
    assert.deepEqual([(await w.provider.cloud('GET', at)).json.name, (await w.provider.cloud('GET', at)).json.description], ['edge-cloud-2', 'changed']);
    for (const method of ['PUT', 'DELETE']) assert.equal((await w.orgAdmin.cloud(method, at, method === 'PUT' ? made : undefined)).status, 403);

    const routed = (await w.provider.cloud('GET', `/edgeGateways?filter=${encodeURIComponent('name==edge-02')}`)).json.values[0];
    const kept = await w.provider.cloud('DELETE', `/edgeGateways/${routed.id}`);
    assert.equal(kept.status, 400, `edge-02 routes net-b: ${kept.text}`);
    await done(await w.provider.cloud('DELETE', at));
    assert.equal((await w.provider.cloud('GET', at)).status, 403);
    assert.equal((await w.provider.call('GET', `/api/admin/edgeGateway/${uuid}`)).status, 403);
  });

  test('no collection loads every row: each statement a list or a get runs is paged or a COUNT, at most 4', async () => {
    const db = w.t.cell.services.store.db;
    const seen: string[] = [];
    const listener = (message: unknown) => {
      const event = message as StatementEvent;
      if (event.db === db) seen.push(event.sql);
    };
    const views = ENTITY_TYPES.flatMap((t) => (t.cloudApi ? [t.cloudApi] : []));
    assert.deepEqual(views.map((v) => v.collection), ['orgs', 'vdcs', 'orgVdcNetworks', 'edgeGateways', 'firewallGroups', 'applicationPortProfiles', 'virtualCenters', 'networkPools', 'providerVdcs', 'externalNetworks']);
    // a firewall group, so that every collection has an item to get
    const edge = (await w.provider.cloud('GET', `/edgeGateways?filter=${encodeURIComponent('name==edge-01')}`)).json.values[0].id;
    await done(await w.orgAdmin.cloud('POST', '/firewallGroups', { name: 'paged', ipAddresses: ['10.0.0.1'], ownerRef: { id: edge } }));
    for (const view of views) {
      const one = (await w.provider.cloud('GET', `/${view.collection}?pageSize=1`)).json.values[0];
      // (a vCenter's URN is its vcId)
      for (const path of [`/${view.collection}?pageSize=2&page=2`, `/${view.collection}?pageSize=2&sortDesc=name&filter=${encodeURIComponent('name==*e*')}`, `/${view.collection}/${one.id ?? one.vcId}`]) {
        for (const who of [w.provider, w.orgAdmin]) {
          seen.length = 0;
          subscribe('vcdkit:store:statement', listener);
          try {
            const res = await who.cloud('GET', path);
            assert.ok(res.status === 200 || res.status === 403, `${path}: ${res.text}`);
          } finally {
            unsubscribe('vcdkit:store:statement', listener);
          }
          // the request's read of the cache versions (one row by its key, services/sessions.ts) is not the list's
          const reads = seen.filter((s) => /^\s*select\b/i.test(s) && !/ from "cache_versions" /.test(s));
          // (the provider's own collections are refused a tenant before the store is asked)
          assert.ok(reads.length >= (who === w.provider ? 1 : 0) && reads.length <= 4, `${path}: ${reads.length} statements\n${reads.join('\n')}`);
          for (const s of reads) assert.match(s, /\blimit\b|count\(\*\)/i, `${path}: unpaged: ${s}`);
        }
      }
    }
  });
});
