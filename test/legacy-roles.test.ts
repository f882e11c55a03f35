// Roles as the legacy API shows them, on both stores: the role query type (vcd-cli's `role list`), the
// AdminOrg's RoleReferences (go-vcloud-director's AdminOrg.CreateUserSimple finds a new user's role there)
// and the Role each points to, valid against the XSDs; another org's role is absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { attr, caller, orgId, type Caller } from './helpers/legacy.ts';
import { pathOf } from './helpers/vapps.ts';
import { assertSchemaValid as assertValid } from './helpers/xsd.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => (o.name === 'ExampleOrg' ? { ...o, roles: [{ name: 'Example Operator', description: 'operates' }] } : o)),
};

const names = (xml: string, element: string) =>
  [...xml.matchAll(new RegExp(`<${element} [^>]*>`, 'g'))].map((m) => attr(m[0], 'name')!).sort();

for (const engine of engines()) {
  describe(`roles in the legacy API on ${engine}`, () => {
    let t: TestCell;
    let hello: Caller;
    let orgAdmin: Caller;
    let other: Caller;
    let provider: Caller;
    before(async () => {
      t = await startCell({ engine, seed: SEED });
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      orgAdmin = await caller(t, 'OrgAdmin', 'ExampleOrg');
      other = await caller(t, 'Other', 'OtherOrg');
      provider = await caller(t, 'administrator', 'System');
    });
    after(async () => { await t.close(); });

    test('type=role: the predefined roles the org sees and its own, filtered and sorted as the query service does', async () => {
      const res = await hello.call('GET', '/api/query?type=role&format=records&pageSize=100');
      assert.equal(res.status, 200, res.text);
      await assertValid(res.text);
      const roles = names(res.text, 'RoleRecord');
      assert.ok(roles.includes('vApp Author') && roles.includes('Example Operator'), roles.join());
      assert.ok(!roles.includes('System Administrator'), 'the provider\'s role is the provider\'s');
      const own = /<RoleRecord [^>]*name="Example Operator"[^>]*>/.exec(res.text)![0];
      assert.equal(attr(own, 'description'), 'operates');
      assert.equal(attr(own, 'isReadOnly'), 'false');
      assert.equal(attr(/<RoleRecord [^>]*name="vApp Author"[^>]*>/.exec(res.text)![0], 'isReadOnly'), 'true');
      assert.deepEqual(names((await other.call('GET', '/api/query?type=role&format=records&pageSize=100')).text, 'RoleRecord').filter((n) => n === 'Example Operator'), []);
      assert.ok(names((await provider.call('GET', '/api/query?type=role&format=records&pageSize=100')).text, 'RoleRecord').includes('System Administrator'));

      const filtered = await hello.call('GET', '/api/query?type=role&format=records&filter=isReadOnly==false');
      assert.deepEqual(names(filtered.text, 'RoleRecord'), ['Example Operator']);
      const refs = await hello.call('GET', '/api/query?type=role&format=references&filter=name==vApp*');
      assert.equal(refs.status, 200, refs.text);
      await assertValid(refs.text);
      assert.match(refs.text, /<RoleReferences /);
      assert.deepEqual(names(refs.text, 'Reference'), ['vApp Author', 'vApp User']);
      const sorted = await hello.call('GET', '/api/query?type=role&format=records&sortDesc=name&pageSize=2');
      assert.equal(attr(/<RoleRecord [^>]*>/.exec(sorted.text)![0], 'name'), 'vApp User');
      assert.equal((await hello.call('GET', '/api/query?type=role&filter=rights==x')).status, 400);
    });

    test('the AdminOrg lists the org\'s roles by name (RoleReferences); each leads to its Role; another org\'s role is absent', async () => {
      const org = await orgId(t, 'ExampleOrg');
      for (const who of [orgAdmin, provider]) {
        const adminOrg = await who.call('GET', `/api/admin/org/${org}`);
        assert.equal(adminOrg.status, 200, adminOrg.text);
        await assertValid(adminOrg.text);
        const section = /<RoleReferences>[\s\S]*<\/RoleReferences>/.exec(adminOrg.text)?.[0] ?? '';
        const listed = names(section, 'RoleReference');
        assert.ok(listed.includes('Example Operator') && listed.includes('vApp Author') && !listed.includes('System Administrator'), listed.join());
        const ref = /<RoleReference [^>]*name="Example Operator"[^>]*>/.exec(section)![0];
        assert.equal(attr(ref, 'type'), 'application/vnd.vmware.admin.role+xml');
        const role = await who.call('GET', pathOf(attr(ref, 'href')!));
        assert.equal(role.status, 200, role.text);
        await assertValid(role.text);
        assert.match(role.text, /<Role [^>]*name="Example Operator"/);
        assert.match(role.text, /<Description>operates<\/Description>/);
      }
      const ownRole = (await t.cell.services.store.db.selectFrom('roles').select('id').where('name', '=', 'Example Operator').executeTakeFirstOrThrow()).id;
      const absent = await other.call('GET', `/api/admin/role/${ownRole}`);
      assert.equal(absent.status, 403, absent.text);
      assert.equal((await hello.call('GET', '/api/admin/role/not-a-role')).status, 400);
    });
  });
}
