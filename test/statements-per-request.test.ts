// What a request costs does not grow with what it lists (issue 16, "bounded everywhere"): two cells of the same
// shape, one with 3 of everything and one with 60 (orgs, users, roles, rights bundles, tokens, service accounts,
// VDCs, catalogs, a catalog's items, a VDC's vApps and networks, a vApp's VMs, a network's allocated addresses in
// both APIs, an edge gateway's networks, an org's metadata), answer every CloudAPI list and every type's children with the same number of store
// statements, on both stores: no statement per row.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { engines } from './helpers/engines.ts';
import { caller, METADATA_XML, metadataDoc, type Caller } from './helpers/legacy.ts';
import { createApiToken } from './helpers/oauth.ts';
import { statementsDuring } from './helpers/statements.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const SMALL = 3;
const LARGE = 60;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const profiles = [{ name: 'Gold', limitMb: 1048576, default: true }];

/** The same world with n of each child. */
function seed(n: number): SeedFile {
  return {
    system: { users: [{ name: 'administrator', password: PASSWORD }] },
    orgs: [
      {
        name: 'ExampleOrg',
        roles: range(n).map((i) => ({ name: `role-${i}` })),
        users: [
          { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' },
          ...range(n).map((i) => ({ name: `user-${i}`, role: 'vApp User' })),
        ],
        vdcs: [
          {
            name: 'Wide', allocationModel: 'AllocationVApp', storageProfiles: profiles,
            edgeGateways: [{ name: 'edge' }],
            networks: [
              { name: 'pool', fenceMode: 'isolated', gateway: '10.0.0.1', prefixLength: 24, ipRanges: [{ start: '10.0.0.10', end: '10.0.0.250' }] },
              ...range(n).map((i) => ({ name: `net-${i}`, fenceMode: 'natRouted' as const, edgeGateway: 'edge', gateway: `10.1.${i}.1`, prefixLength: 24 })),
            ],
          },
          ...range(n).map((i) => ({ name: `vdc-${i}`, allocationModel: 'AllocationVApp' as const, storageProfiles: profiles })),
        ],
        catalogs: [
          { name: 'Shelf', media: range(n).map((i) => ({ name: `iso-${i}`, sizeMb: 1 })) },
          ...range(n).map((i) => ({ name: `cat-${i}` })),
        ],
        vapps: [
          { name: 'Crowd', vdc: 'Wide', vms: range(n).map((i) => ({ name: `vm-${i}` })), network: 'pool' },
          ...range(n).map((i) => ({ name: `vapp-${i}`, vdc: 'Wide', vms: [{ name: 'only' }] })),
        ],
      },
      ...range(n).map((i) => ({ name: `org-${i}` })),
    ],
    rightsBundles: range(n).map((i) => ({ name: `bundle-${i}`, publishTo: 'all' as const })),
  };
}

interface Sized {
  t: TestCell;
  provider: Caller;
  orgAdmin: Caller;
  /** the requests, by a name both cells share */
  requests: Map<string, { who: Caller; path: string }>;
}

const pathOf = (href: string) => new URL(href).pathname;

async function sized(engine: ReturnType<typeof engines>[number], n: number): Promise<Sized> {
  const t = await startCell({ engine, seed: seed(n) });
  const provider = await caller(t, 'administrator', 'System');
  const orgAdmin = await caller(t, 'OrgAdmin', 'ExampleOrg');
  const org = (await t.cell.services.identity.findOrgByName('ExampleOrg'))!.id;
  const ctx = { 'x-vmware-vcloud-tenant-context': org };
  for (const i of range(n)) {
    await createApiToken(t.url, 'ExampleOrg', orgAdmin.token, `token-${i}`);
    const account = await provider.cloud('POST', '/serviceAccounts', { name: `sa-${i}`, softwareId: `id-${i}`, role: { name: 'vApp User' } }, ctx);
    assert.equal(account.status, 201, account.text);
  }
  const metadata = await orgAdmin.call('POST', `/api/admin/org/${org}/metadata`,
    metadataDoc(range(n).map((i) => ({ key: `key-${i}`, type: 'MetadataStringValue', value: `${i}` }))), METADATA_XML);
  assert.equal(metadata.status, 202, metadata.text);
  await t.clock.advance(60_000);
  assert.equal((await orgAdmin.call('GET', `/api/org/${org}/metadata`)).text.match(/<MetadataEntry/g)?.length, n, 'the entries were written');
  const one = async (collection: string, name: string) => {
    const res = await provider.cloud('GET', `/${collection}?filter=${encodeURIComponent(`name==${name}`)}`);
    assert.equal(res.json?.values?.length, 1, `${collection} ${name}: ${res.text}`);
    return res.json.values[0].id as string;
  };
  const record = async (type: string, name: string) => {
    const res = await orgAdmin.call('GET', `/api/query?type=${type}&format=references&filter=${encodeURIComponent(`name==${name}`)}`);
    const href = /href="([^"]+)"[^>]*name="/.exec(res.text.replace(/<QueryResultReferences[^>]*>/, ''))?.[1];
    assert.ok(href, `${type} ${name}: ${res.text}`);
    return pathOf(href);
  };
  const uuid = (urn: string) => urn.split(':').pop()!;
  const wide = uuid(await one('vdcs', 'Wide'));
  const pool = uuid(await one('orgVdcNetworks', 'pool'));
  const edge = uuid(await one('edgeGateways', 'edge'));
  const role = (await provider.cloud('GET', '/roles?filter=name==role-0', undefined, ctx)).json.values[0].id;
  const bundle = (await provider.cloud('GET', '/rightsBundles?filter=name==bundle-0')).json.values[0].id;
  const shelf = await record('catalog', 'Shelf');
  const crowd = await record('vApp', 'Crowd');

  const requests = new Map<string, { who: Caller; path: string }>();
  const cloudList = (name: string, who: Caller, path: string, sort = 'name') => {
    requests.set(`${name} page 2`, { who, path: `/cloudapi/1.0.0${path}?pageSize=2&page=2` });
    requests.set(`${name} sorted`, { who, path: `/cloudapi/1.0.0${path}?pageSize=5&sortDesc=${sort}` });
  };
  for (const collection of ['orgs', 'vdcs', 'orgVdcNetworks', 'edgeGateways', 'rightsBundles', 'rights']) cloudList(collection, provider, `/${collection}`);
  cloudList('users', orgAdmin, '/users', 'username');
  cloudList('roles', orgAdmin, '/roles');
  cloudList('role rights', provider, `/roles/${role}/rights`);
  cloudList('bundle rights', provider, `/rightsBundles/${bundle}/rights`);
  cloudList('bundle tenants', provider, `/rightsBundles/${bundle}/tenants`);
  cloudList('tokens', orgAdmin, '/tokens');
  cloudList('service accounts', orgAdmin, '/serviceAccounts');
  cloudList('allocated IP addresses', orgAdmin, `/orgVdcNetworks/urn:vcloud:network:${pool}/allocatedIpAddresses`, 'ipAddress');
  requests.set('audit trail', { who: provider, path: '/cloudapi/1.0.0/auditTrail?pageSize=5&page=2' });
  const legacy = (name: string, who: Caller, path: string) => requests.set(name, { who, path });
  legacy('org list', provider, '/api/org');
  legacy('cloud (admin)', provider, '/api/admin');
  legacy('org', orgAdmin, `/api/org/${org}`);
  legacy('admin org', orgAdmin, `/api/admin/org/${org}`);
  legacy('vdc', orgAdmin, `/api/vdc/${wide}`);
  legacy('admin vdc', provider, `/api/admin/vdc/${wide}`);
  legacy('vdc networks', orgAdmin, `/api/admin/vdc/${wide}/networks`);
  legacy('vdc edge gateways', orgAdmin, `/api/admin/vdc/${wide}/edgeGateways`);
  legacy('catalog', orgAdmin, shelf);
  legacy('admin catalog', orgAdmin, shelf.replace('/api/catalog/', '/api/admin/catalog/'));
  legacy('vapp', orgAdmin, crowd);
  legacy('vapp access', orgAdmin, `${crowd}/controlAccess`);
  legacy('allocated addresses', orgAdmin, `/api/network/${pool}/allocatedAddresses`);
  legacy('edge gateway', provider, `/api/admin/edgeGateway/${edge}`);
  legacy('tasks list', orgAdmin, `/api/tasksList/${org}`);
  legacy('org metadata', orgAdmin, `/api/org/${org}/metadata`);
  return { t, provider, orgAdmin, requests };
}

for (const engine of engines()) {
  describe(`statements per request, ${SMALL} or ${LARGE} of each child, on ${engine}`, () => {
    let small: Sized;
    let large: Sized;
    before(async () => {
      small = await sized(engine, SMALL);
      large = await sized(engine, LARGE);
    });
    after(async () => {
      await small?.t.close();
      await large?.t.close();
    });

    test('every CloudAPI list and every type\'s children cost the same statements with 60 children as with 3', async () => {
      const cost = async (world: Sized, name: string) => {
        const { who, path } = world.requests.get(name)!;
        let status = 0;
        let text = '';
        const statements = await statementsDuring(world.t.cell.store.db, async () => {
          ({ status, text } = path.startsWith('/cloudapi/1.0.0') ? await who.cloud('GET', path.slice('/cloudapi/1.0.0'.length)) : await who.call('GET', path));
        });
        assert.equal(status, 200, `${name} ${path}: ${text}`);
        return statements;
      };
      const grew: string[] = [];
      for (const name of small.requests.keys()) {
        const few = await cost(small, name);
        const many = await cost(large, name);
        if (many.length > few.length) grew.push(`${name}: ${few.length} statements with ${SMALL}, ${many.length} with ${LARGE}\n  ${many.join('\n  ')}`);
      }
      assert.deepEqual(grew, []);
    });
  });
}
