// GET /cloudapi/1.0.0/orgVdcNetworks/{urn}/allocatedIpAddresses, on both stores: the addresses a network's pool gave
// out, a page at a time (VCD's paged counterpart of the legacy allocatedAddresses, whose schema has no paging), in
// address order, filtered and sorted by ipAddress (the one field the spec lets them name), each with the VM and vApp
// holding it; the legacy document lists the same addresses; another org's network answers the one 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PASSWORD } from './helpers/cell.ts';
import { eachEngine } from './helpers/world.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const VMS = 7;
const SEED: SeedFile = {
  system: { users: [{ name: 'administrator', password: PASSWORD }] },
  orgs: [
    {
      name: 'ExampleOrg',
      users: [{ name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' }],
      vdcs: [{
        name: 'Vdc', allocationModel: 'AllocationVApp', storageProfiles: [{ name: 'Gold', limitMb: 1048576, default: true }],
        networks: [{ name: 'pool', fenceMode: 'isolated', gateway: '10.0.0.1', prefixLength: 24, ipRanges: [{ start: '10.0.0.8', end: '10.0.0.30' }] }],
      }],
      vapps: [{ name: 'Seven', vdc: 'Vdc', vms: Array.from({ length: VMS }, (_, i) => ({ name: `vm-${i}` })), network: 'pool' }],
    },
    { name: 'OtherOrg', users: [{ name: 'Other', password: PASSWORD, role: 'Organization Administrator' }] },
  ],
};
const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

eachEngine('CloudAPI allocated IP addresses', { seed: SEED }, (w) => {
  const network = async () => (await w.orgAdmin.cloud('GET', '/orgVdcNetworks?filter=name==pool')).json.values[0] as { id: string; orgRef: { id: string } };
  const list = async (urn: string, query: string, who = w.orgAdmin) => who.cloud('GET', `/orgVdcNetworks/${urn}/allocatedIpAddresses?${query}`);

  test('a page of the addresses, in address order, each with its VM and vApp; the legacy document has the same', async () => {
    const net = await network();
    const addresses = Array.from({ length: VMS }, (_, i) => `10.0.0.${8 + i}`);
    const second = await list(net.id, 'pageSize=3&page=2');
    assert.equal(second.status, 200, second.text);
    assert.deepEqual({ ...second.json, values: undefined }, { resultTotal: VMS, pageCount: 3, page: 2, pageSize: 3, associations: [], values: undefined });
    assert.deepEqual(second.json.values.map((v: any) => v.ipAddress), addresses.slice(3, 6));
    const one = second.json.values[0];
    assert.match(one.entityId, /^urn:vcloud:vm:[0-9a-f-]{36}$/);
    assert.deepEqual({ ...one, id: undefined, entityId: undefined, entityName: undefined }, {
      id: undefined, entityId: undefined, entityName: undefined, vAppName: 'Seven', ipAddress: '10.0.0.11', deployed: false, allocationType: 'VM_ALLOCATED',
      networkRef: { name: 'pool', id: net.id }, orgRef: net.orgRef,
    });
    assert.match(second.headers.get('link') ?? '', /page=3>;rel="nextPage"/);
    const names = new Set((await list(net.id, 'pageSize=128')).json.values.map((v: any) => v.entityName));
    assert.deepEqual([...names].sort(), Array.from({ length: VMS }, (_, i) => `vm-${i}`));

    const legacy = await w.orgAdmin.call('GET', `/api/network/${net.id.split(':').pop()}/allocatedAddresses`);
    assert.deepEqual([...legacy.text.matchAll(/<IpAddress>([^<]+)<\/IpAddress>/g)].map((m) => m[1]), addresses);
  });

  test('filtered and sorted by ipAddress, in SQL; other fields, pages too large, and other orgs refused', async () => {
    const net = await network();
    const all = (await list(net.id, 'pageSize=128')).json.values.map((v: any) => v.ipAddress as string);
    assert.deepEqual((await list(net.id, 'filter=ipAddress==10.0.0.12')).json.values.map((v: any) => v.ipAddress), ['10.0.0.12']);
    assert.deepEqual((await list(net.id, `filter=${encodeURIComponent('ipAddress==10.0.0.1*')}`)).json.values.map((v: any) => v.ipAddress), all.filter((a: string) => a.startsWith('10.0.0.1')));
    assert.deepEqual((await list(net.id, 'sortDesc=ipAddress&pageSize=128')).json.values.map((v: any) => v.ipAddress), [...all].sort(byte).reverse());
    for (const query of ['filter=entityName==vm-1', 'sortAsc=vAppName', 'pageSize=129']) {
      const bad = await list(net.id, query);
      assert.equal(bad.status, 400, `${query}: ${bad.text}`);
    }
    const other = await list(net.id, '', w.other);
    const absent = await list(`urn:vcloud:network:${randomUUID()}`, '');
    assert.equal(other.status, 403, other.text);
    assert.deepEqual(other.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    assert.equal(absent.status, 403);
    assert.equal(other.json.message.replace(net.id, 'X'), absent.json.message.replace(/urn:vcloud:network:[0-9a-f-]+/, 'X'), 'another org\'s network answers as an absent one');
  });
});
