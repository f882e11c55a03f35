// CloudAPI /users as an administrator changes them: POST creates a local user with one of the org's roles,
// PUT {locked: false} unlocks an account that wrong passwords locked; who may is the services' (policy.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { canLogIn, login } from './helpers/http.ts';
import { cloudClient, type Cloud } from './helpers/cloudapi.ts';


for (const engine of engines()) {
  describe(`CloudAPI users on ${engine}`, () => {
    let t: TestCell;
    let admin: Cloud;
    before(async () => {
      t = await startCell({ engine });
      admin = cloudClient(t.url, await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD));
    });
    after(async () => { await t.close(); });

    test('POST /users creates a user who logs in; a taken name is DUPLICATE_NAME; a vApp User may not', async () => {
      const created = await admin('POST', '/users', { username: 'api-made', password: 'Api-Passw0rd', roleEntityRefs: [{ name: 'vApp User' }], fullName: 'Made by API' });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.username, 'api-made');
      assert.equal(created.json.roleEntityRefs[0].name, 'vApp User');
      assert.equal(created.json.orgEntityRef.name, 'ExampleOrg');
      assert.equal(created.json.password, null);
      assert.ok(await canLogIn(t.url, 'api-made', 'ExampleOrg', 'Api-Passw0rd'));

      const again = await admin('POST', '/users', { username: 'API-MADE', password: 'x', roleEntityRefs: [{ name: 'vApp User' }] });
      assert.equal(again.status, 400);
      assert.equal(again.json.minorErrorCode, 'DUPLICATE_NAME');
      const providerRole = await admin('POST', '/users', { username: 'climber', password: 'x', roleEntityRefs: [{ name: 'System Administrator' }] });
      assert.equal(providerRole.status, 400, 'a tenant cannot give a provider role');
      const badName = await admin('POST', '/users', { username: '#service-account:x', password: 'x', roleEntityRefs: [{ name: 'vApp User' }] });
      assert.equal(badName.status, 400);
      const noPassword = await admin('POST', '/users', { username: 'nopass', roleEntityRefs: [{ name: 'vApp User' }] });
      assert.equal(noPassword.status, 400);

      const vAppUser = cloudClient(t.url, await login(t.url, 'Other', 'OtherOrg', PASSWORD));
      const refused = await vAppUser('POST', '/users', { username: 'self-made', password: 'x', roleEntityRefs: [{ name: 'vApp User' }] });
      assert.equal(refused.status, 403);
    });

    test('PUT /users/{id} with locked false unlocks an account that wrong passwords locked', async () => {
      const user = (await admin('POST', '/users', { username: 'forgetful', password: 'Right-Passw0rd', roleEntityRefs: [{ name: 'vApp User' }] })).json;
      for (let i = 0; i < 5; i++) assert.equal(await canLogIn(t.url, 'forgetful', 'ExampleOrg', 'wrong'), false);
      assert.equal(await canLogIn(t.url, 'forgetful', 'ExampleOrg', 'Right-Passw0rd'), false);
      const locked = await admin('GET', `/users/${user.id}`);
      assert.equal(locked.json.locked, true);
      // a client sending the object back as it read it changes nothing
      assert.equal((await admin('PUT', `/users/${user.id}`, locked.json)).json.locked, true);
      const unlocked = await admin('PUT', `/users/${user.id}`, { ...locked.json, locked: false });
      assert.equal(unlocked.status, 200, unlocked.text);
      assert.equal(unlocked.json.locked, false);
      assert.ok(await canLogIn(t.url, 'forgetful', 'ExampleOrg', 'Right-Passw0rd'));
    });
  });
}
