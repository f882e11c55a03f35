import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { call, login } from './helpers/http.ts';
import { cloudClient, refs, type Cloud } from './helpers/cloudapi.ts';
import { oauthBase } from './helpers/oauth.ts';
import { eachEngine } from './helpers/world.ts';

const SEED = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => (o.name === 'OtherOrg'
    ? { ...o, users: [...(o.users ?? []), { name: 'OtherAdmin', password: PASSWORD, role: 'Organization Administrator' }] }
    : o)),
};

eachEngine('roles and users', { seed: SEED, login: ['orgAdmin', 'hello'] }, (w) => {
  let other: Cloud;
  before(async () => { other = (await w.as('OtherAdmin', 'OtherOrg')).cloud; });

  const roleNames = async (client: Cloud) => {
    const res = await client('GET', '/roles?pageSize=128');
    assert.equal(res.status, 200, res.text);
    return res.json.values.map((r: { name: string }) => r.name) as string[];
  };

  test('an org administrator sees the predefined roles, read-only, but not the provider\'s', async () => {
    const res = await w.orgAdmin.cloud('GET', `/roles?filter=${encodeURIComponent('name==vApp Author')}`);
    assert.equal(res.json.resultTotal, 1);
    assert.equal(res.json.values[0].readOnly, true);
    const names = await roleNames(w.orgAdmin.cloud);
    for (const predefined of ['Organization Administrator', 'Catalog Author', 'vApp Author', 'vApp User', 'Console Access Only', 'Defer to Identity Provider']) {
      assert.ok(names.includes(predefined), predefined);
    }
    assert.ok(!names.includes('System Administrator'));
    const provider = cloudClient(w.t.url, await login(w.t.url, 'administrator', 'System', PASSWORD));
    assert.ok((await roleNames(provider)).includes('System Administrator'), 'the System org has System Administrator');
    const edit = await w.orgAdmin.cloud('PUT', `/roles/${res.json.values[0].id}`, { name: 'Mine now' });
    assert.equal(edit.status, 400, 'predefined roles are read-only');
  });

  test('an org administrator creates, reads, renames, grants rights to and deletes a role', async () => {
    const created = await w.orgAdmin.cloud('POST', '/roles', { name: 'Auditor', description: 'Reads the audit trail' });
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.id, /^urn:vcloud:role:[0-9a-f-]{36}$/);
    assert.equal(created.json.readOnly, false);
    const id = created.json.id as string;
    assert.equal((await w.orgAdmin.cloud('POST', '/roles', { name: 'auditor' })).status, 400, 'names are unique in the org');

    const put = await w.orgAdmin.cloud('PUT', `/roles/${id}/rights`, refs('Organization: View', 'Audit: Manage'));
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.values.map((r: { name: string }) => r.name), ['Audit: Manage', 'Organization: View']);
    assert.match(put.json.values[0].id, /^urn:vcloud:right:/);
    const rights = await w.orgAdmin.cloud('GET', `/roles/${id}/rights`);
    assert.equal(rights.json.resultTotal, 2);
    assert.equal((await w.orgAdmin.cloud('PUT', `/roles/${id}/rights`, refs('Provider vDC: View'))).status, 400, 'not in the org\'s bundles');
    assert.equal((await w.orgAdmin.cloud('PUT', `/roles/${id}/rights`, refs('No Such Right'))).status, 400);

    const renamed = await w.orgAdmin.cloud('PUT', `/roles/${id}`, { name: 'Auditors', description: 'Read the trail' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal((await w.orgAdmin.cloud('GET', `/roles/${id}`)).json.name, 'Auditors');
    assert.ok((await roleNames(w.orgAdmin.cloud)).includes('Auditors'));

    assert.equal((await w.orgAdmin.cloud('DELETE', `/roles/${id}`)).status, 204);
    assert.equal((await w.orgAdmin.cloud('GET', `/roles/${id}`)).status, 403);
  });

  test('a tenant can neither see nor change another org\'s roles', async () => {
    const created = await w.orgAdmin.cloud('POST', '/roles', { name: 'Private' });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    assert.ok(!(await roleNames(other)).includes('Private'));
    assert.equal((await other('GET', `/roles/${id}`)).status, 403);
    assert.equal((await other('GET', `/roles/${id}/rights`)).status, 403);
    assert.equal((await other('PUT', `/roles/${id}`, { name: 'Taken' })).status, 403);
    assert.equal((await other('PUT', `/roles/${id}/rights`, refs('Organization: View'))).status, 403);
    assert.equal((await other('DELETE', `/roles/${id}`)).status, 403);
    assert.equal((await w.orgAdmin.cloud('GET', `/roles/${id}`)).json.name, 'Private', 'unchanged');
    // A user without the role rights is turned away as well.
    assert.equal((await w.hello.cloud('POST', '/roles', { name: 'Mine' })).status, 403);
    assert.equal((await w.hello.cloud('GET', '/roles')).status, 403);
  });

  test('users: an admin lists their org (no service-account principals) and changes a role, effective at once', async () => {
    const sa = await w.orgAdmin.cloud('POST', '/serviceAccounts', { name: 'robot', softwareId: '12345678-1234-1234-1234-1234567890ab', role: { name: 'vApp User' } });
    assert.equal(sa.status, 201, sa.text);
    const listed = await w.orgAdmin.cloud('GET', '/users');
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.values.map((u: { username: string }) => u.username).sort(), ['HelloUser', 'OrgAdmin']);
    const user = listed.json.values.find((u: { username: string }) => u.username === 'HelloUser');
    assert.deepEqual(user.roleEntityRefs.map((r: { name: string }) => r.name), ['vApp Author']);
    assert.equal(user.orgEntityRef.name, 'ExampleOrg');

    const register = () => call(w.t.url, 'POST', `${oauthBase('ExampleOrg')}/register`,
      { 'content-type': 'application/json', accept: 'application/json;version=', authorization: `Bearer ${w.hello.token}` },
      JSON.stringify({ client_name: 'cli' }));
    assert.equal((await register()).status, 200, 'a vApp Author may create API tokens');

    assert.equal((await w.orgAdmin.cloud('PUT', `/users/${user.id}`, { ...user, roleEntityRefs: [{ name: 'System Administrator' }] })).status, 400);
    assert.equal((await other('GET', `/users/${user.id}`)).status, 403);
    assert.equal((await other('PUT', `/users/${user.id}`, { ...user, roleEntityRefs: [{ name: 'vApp User' }] })).status, 403);
    assert.equal((await w.hello.cloud('PUT', `/users/${user.id}`, { ...user, roleEntityRefs: [{ name: 'Organization Administrator' }] })).status, 403);

    const changed = await w.orgAdmin.cloud('PUT', `/users/${user.id}`, { ...user, roleEntityRefs: [{ name: 'Console Access Only' }] });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.roleEntityRefs[0].name, 'Console Access Only');
    assert.equal((await register()).status, 403, 'the live session lost the token right');
  });

  test('a role in use cannot be deleted', async () => {
    const created = await w.orgAdmin.cloud('POST', '/roles', { name: 'Operators' });
    const helloUser = (await w.orgAdmin.cloud('GET', `/users?filter=${encodeURIComponent('username==HelloUser')}`)).json.values[0];
    // The provider assigns it, acting in the tenant org by its tenant-context header.
    const provider = cloudClient(w.t.url, await login(w.t.url, 'administrator', 'System', PASSWORD));
    const org = helloUser.orgEntityRef.id as string;
    const moved = await provider('PUT', `/users/${helloUser.id}`, { ...helloUser, roleEntityRefs: [{ id: created.json.id }] }, { 'x-vmware-vcloud-tenant-context': org });
    assert.equal(moved.status, 200, moved.text);
    assert.equal((await w.orgAdmin.cloud('DELETE', `/roles/${created.json.id}`)).status, 400);
  });
});
