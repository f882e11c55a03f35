// The SDK's generic resource set, built from the table of entity types (src/sdk/resources/entity-types.generated.ts):
// every declared type is a set on the client with get, list, records and delete; list reads the type's CloudAPI
// collection where it has one (typed items, URN ids), the query service otherwise; delete answers the task where the
// cell runs it as one, nothing where the entity is gone at once, and refuses a type the cell deletes through no path.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { collect } from './helpers/collect.ts';
import { VAPP_SEED } from './helpers/vapps.ts';
import { ENTITY_TYPES, EntityNotFoundError, EntitySet, VcdClient, VcdError, eq, passwordAuth, type CloudItemOf, type RecordOf } from '../src/sdk/index.ts';

describe('SDK generic resource sets', () => {
  let t: TestCell;
  let provider: VcdClient;
  let orgAdmin: VcdClient;
  before(async () => {
    t = await startCell({ seed: VAPP_SEED });
    provider = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }) });
    orgAdmin = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'OrgAdmin', org: 'ExampleOrg', password: PASSWORD }) });
  });
  after(async () => {
    await provider?.close();
    await orgAdmin?.close();
    await t?.close();
  });

  test('every declared type is a set on the client, named as the table says, with delete where the cell deletes it', () => {
    const sets = provider as unknown as Record<string, Record<string, unknown>>;
    for (const type of Object.values(ENTITY_TYPES)) {
      const methods = ['get', 'list', 'getByName', ...(type.deletePath ? ['delete'] : [])];
      for (const method of methods) assert.equal(typeof sets[type.set]?.[method], 'function', `${type.set}.${method}`);
    }
  });

  test('list reads the CloudAPI collection of a type that has one: typed items with URN ids, filter, sort and a first page', async () => {
    const vdcs = await collect(provider.vdcs.list({ filter: eq('name', 'ExampleVdc01') }));
    assert.deepEqual(vdcs.map((v) => v.name), ['ExampleVdc01']);
    const vdc: CloudItemOf<'vdc'> = vdcs[0]!;
    assert.match(vdc.id, /^urn:vcloud:vdc:[0-9a-f-]{36}$/);
    assert.equal(vdc.allocationType, 'ALLOCATION_POOL');
    assert.equal((await provider.vdcs.get(vdc.id)).name, 'ExampleVdc01', 'get takes the URN list gave');

    const orgs = (opts: { page?: number }) => collect(provider.orgs.list({ pageSize: 1, sortDesc: 'name', ...opts }));
    assert.deepEqual((await orgs({})).map((o) => o.name), ['System', 'OtherOrg', 'ExampleOrg']);
    assert.deepEqual((await orgs({ page: 2 })).map((o) => o.name), ['OtherOrg', 'ExampleOrg'], 'from the second page on');
    assert.deepEqual((await collect(orgAdmin.orgs.list())).map((o) => o.id), [(await orgAdmin.orgs.getByName('ExampleOrg')).id]);
  });

  test('a type without a collection lists its query\'s records; records() reads the query of any type', async () => {
    const [item] = await collect(orgAdmin.catalogItems.list({ filter: eq('name', 'Big') }));
    assert.equal(item?.catalogName, 'ExampleCatalog');
    const [record] = await collect(orgAdmin.vdcs.records({ filter: eq('name', 'ExampleVdc01') }));
    assert.equal(record?.orgName, 'ExampleOrg');
  });

  test('EntitySet serves a type from the table alone, its records typed by the query\'s fields', async () => {
    const items = new EntitySet(orgAdmin, 'catalogitem');
    const record: RecordOf<'catalogitem'> | undefined = await items.find('Big');
    assert.equal(record?.catalogName, 'ExampleCatalog');
    assert.equal((await items.getByName('Big')).name, 'Big');
    assert.equal((await items.get(record!)).name, 'Big');
    await assert.rejects(items.getByName('None such'), EntityNotFoundError);
  });

  test('delete: the task where the cell runs one (a catalog), nothing where the entity goes at once (a catalog item)', async () => {
    const org = await orgAdmin.orgs.getByName('ExampleOrg');
    const made = await orgAdmin.catalogs.create(org, { name: 'Doomed' });
    await made.wait();
    const deletion = await new EntitySet(orgAdmin, 'catalog').delete(made.entity.id);
    assert.ok(deletion, 'a task');
    assert.match(deletion.href, /\/api\/task\/[0-9a-f-]{36}$/);
    assert.equal((await deletion.wait()).status, 'success');
    assert.equal(await orgAdmin.catalogs.find('Doomed'), undefined);

    const big = await orgAdmin.catalogItems.getByName('Big');
    assert.equal(await orgAdmin.catalogItems.delete(big.id), undefined);
    assert.equal(await orgAdmin.catalogItems.find('Big'), undefined);
  });

  test('delete of a type deleted through the CloudAPI (a network): the task its answer\'s Location names', async () => {
    const deletion = await provider.networks.delete(await provider.networks.getByName('routed-net'));
    assert.match(deletion.href, /\/api\/task\/[0-9a-f-]{36}$/);
    assert.equal((await deletion.wait()).status, 'success');
    assert.equal(await provider.networks.find('routed-net'), undefined);
  });

  test('delete refuses a type the cell deletes through no path, before any request', async () => {
    const [task] = await collect(provider.tasks.records({ pageSize: 1 }));
    await assert.rejects(provider.tasks.delete(task!), (e: unknown) => e instanceof VcdError && /a task cannot be deleted/.test(e.message));
  });

  test('a type the cell serves through the CloudAPI alone (firewall groups, port profiles) is a set too: list, get, find, delete as a task', async () => {
    const system = await collect(orgAdmin.applicationPortProfiles.list({ filter: eq('name', 'HTTPS') }));
    assert.equal(system.length, 1);
    assert.equal((await orgAdmin.applicationPortProfiles.get(system[0]!.id)).name, 'HTTPS');

    const edge = (await collect(orgAdmin.edgeGateways.list({ filter: eq('name', 'edge-01') })))[0]!;
    const made = await orgAdmin.send('POST', '/cloudapi/1.0.0/firewallGroups', { json: { name: 'sdk-group', ipAddresses: ['10.0.0.1'], ownerRef: { id: edge.id } } });
    assert.equal(made.status, 202);
    const group = await orgAdmin.firewallGroups.getByName('sdk-group');
    assert.match(group.id, /^urn:vcloud:firewallGroup:/);
    const task = await orgAdmin.firewallGroups.delete(group.id);
    assert.equal((await task.wait()).status, 'success');
    assert.equal(await orgAdmin.firewallGroups.find('sdk-group'), undefined);
  });
});
