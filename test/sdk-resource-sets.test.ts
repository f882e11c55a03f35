// The SDK in one style: every entity type a resource set on the client (get, list as an async iterator over
// pages, getByName, and the type's own operations), the legacy ones over the query service and the CloudAPI ones
// over CloudAPI pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { collect } from './helpers/collect.ts';
import { EntityNotFoundError, NotFoundError, VcdClient, passwordAuth } from '../src/sdk/index.ts';

const SETS = [
  'orgs', 'vdcs', 'networks', 'edgeGateways', 'catalogs', 'catalogItems', 'templates', 'media', 'vapps', 'vms', 'tasks',
  'users', 'roles', 'rights', 'rightsBundles', 'tokens', 'serviceAccounts',
] as const;

describe('SDK resource sets', () => {
  let t: TestCell;
  let provider: VcdClient;
  let orgAdmin: VcdClient;
  before(async () => {
    t = await startCell();
    provider = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }) });
    orgAdmin = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'OrgAdmin', org: 'ExampleOrg', password: PASSWORD }) });
  });
  after(async () => {
    await provider?.close();
    await orgAdmin?.close();
    await t?.close();
  });

  test('the client carries one set per entity type, each with get, list and getByName', () => {
    for (const name of SETS) {
      for (const method of ['get', 'list', 'getByName'] as const) assert.equal(typeof provider[name][method], 'function', `${name}.${method}`);
    }
    assert.equal(provider.actAs('urn:vcloud:org:00000000-0000-0000-0000-000000000001').users === provider.users, false, 'a client acting for an org has its own sets');
  });

  test('orgs: the org list, the query, by name and id; the provider creates one, gives it a VDC (its task followed) and deletes it', async () => {
    assert.deepEqual((await provider.orgs.references()).map((o) => o.name).sort(), ['ExampleOrg', 'OtherOrg', 'System']);
    assert.deepEqual((await collect(provider.orgs.list({ pageSize: 1, sortAsc: 'name' }))).map((r) => r.name), ['ExampleOrg', 'OtherOrg', 'System']);
    const example = await orgAdmin.orgs.getByName('ExampleOrg');
    assert.equal(example.fullName, 'Example Organization');
    assert.deepEqual(await orgAdmin.orgs.get(example.id), example, 'by urn as by name');
    await assert.rejects(orgAdmin.orgs.getByName('OtherOrg'), EntityNotFoundError, 'a tenant sees its own org only');

    const org = await provider.orgs.create({ name: 'SetOrg', fullName: 'Set Org' });
    const creation = await provider.vdcs.create(org, {
      name: 'SetVdc', allocationModel: 'AllocationVApp', cpuLimitMhz: 0, memoryLimitMb: 0, storageProfile: 'Bronze', storageLimitMb: 0,
    });
    assert.equal(creation.entity.name, 'SetVdc');
    assert.match(creation.href, /\/api\/task\/[0-9a-f-]{36}$/);
    assert.equal((await creation.wait()).status, 'success');
    assert.equal((await provider.vdcs.get(creation.entity.id)).name, 'SetVdc');

    const deletion = await provider.orgs.delete(org, { force: true, recursive: true });
    assert.equal((await deletion.wait()).status, 'success');
    await assert.rejects(provider.orgs.getByName('SetOrg'), EntityNotFoundError);
  });

  test('roles, rights, rights bundles and users: CloudAPI sets, by id and by name; users created and changed', async () => {
    const role = await orgAdmin.roles.getByName('vApp Author');
    assert.deepEqual(await orgAdmin.roles.get(role.id), role);
    const granted = await collect(orgAdmin.roles.rights(role.id, { pageSize: 2 }));
    assert.ok(granted.length > 2, 'every page of the role\'s rights');
    assert.equal((await orgAdmin.rights.getByName(granted[0]!.name)).id, granted[0]!.id);

    const [bundle] = await collect(provider.rightsBundles.list());
    assert.equal((await provider.rightsBundles.getByName(bundle!.name)).id, bundle!.id);
    assert.ok((await collect(provider.rightsBundles.rights(bundle!.id))).length > 0);
    assert.ok(Array.isArray(await collect(provider.rightsBundles.tenants(bundle!.id))));

    const user = await orgAdmin.users.create({ username: 'set-user', password: 'S3cret-pass!', roleId: role.id });
    assert.equal((await orgAdmin.users.getByName('set-user')).id, user.id, 'getByName compares the username');
    assert.equal((await orgAdmin.users.update(user.id, { enabled: false })).enabled, false);
    assert.equal((await orgAdmin.users.get(user.id)).enabled, false);
    await assert.rejects(orgAdmin.users.getByName('nobody'), EntityNotFoundError);
  });

  test('tokens and service accounts: created, found by id and name, revoked or deleted', async () => {
    const created = await orgAdmin.tokens.create('set-token');
    assert.equal((await orgAdmin.tokens.get(created.id)).name, 'set-token');
    assert.equal((await orgAdmin.tokens.getByName('set-token')).id, created.id);
    await orgAdmin.tokens.delete(created.id);
    await assert.rejects(orgAdmin.tokens.get(created.id), EntityNotFoundError);

    const account = await orgAdmin.serviceAccounts.create({ name: 'set-robot', softwareId: 'vcdkit-test', role: 'vApp User' });
    assert.equal((await orgAdmin.serviceAccounts.get(account.id)).name, 'set-robot');
    assert.equal((await orgAdmin.serviceAccounts.getByName('set-robot')).id, account.id);
    await orgAdmin.serviceAccounts.delete(account.id);
    await assert.rejects(orgAdmin.serviceAccounts.get(account.id), NotFoundError);
  });

  test('sessions: the current one, in the CloudAPI and the legacy view', async () => {
    const current = await orgAdmin.sessions.current();
    assert.deepEqual([current.user.name, current.org.name], ['OrgAdmin', 'ExampleOrg']);
    const legacy = await orgAdmin.sessions.legacy();
    assert.deepEqual([legacy.user, legacy.org], ['OrgAdmin', 'ExampleOrg']);
  });
});
