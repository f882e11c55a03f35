// Paged reads through the SDK against the cell: the legacy query service (following rel="nextPage",
// filters escaped by the builder, each format), the entity resolver, and CloudAPI lists of rights and roles.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { VcdClient, passwordAuth, eq, ne, or, and, ForbiddenError, BadRequestError, QUERY_TYPES, type DebugEvent, type Link, type Org } from '../src/sdk/index.ts';
import { collect } from './helpers/collect.ts';

const TRICKY = 'Tricky (Org); a,b\\c';

for (const engine of engines()) {
  describe(`SDK queries on ${engine}`, () => {
    let t: TestCell;
    let admin: VcdClient;
    const events: DebugEvent[] = [];
    before(async () => {
      t = await startCell({ engine });
      await t.cell.services.identity.ensureOrg({ name: TRICKY });
      admin = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }), debug: (e) => events.push(e) });
    });
    after(async () => {
      await admin.close();
      await t.close();
    });

    test("QUERY_TYPES (the CLI's list) are the QueryList's types", async () => {
      const list = await admin.get<{ link: Link[] }>('/api/query');
      assert.deepEqual([...QUERY_TYPES].sort(), [...new Set(list.link.map((l) => l.name))].sort());
    });

    test('a legacy query is iterated page by page along rel="nextPage"', async () => {
      events.length = 0;
      const records = await collect(admin.query('organization', { pageSize: 2, sortAsc: 'name' }));
      assert.deepEqual(records.map((r) => r.name), ['ExampleOrg', 'OtherOrg', 'System', TRICKY]);
      const gets = events.filter((e) => e.type === 'request').map((e) => new URL(e.url).searchParams.get('page'));
      assert.deepEqual(gets, ['1', '2'], 'two pages of two');
      assert.match(String(records[0]!.href), /\/api\/org\/[0-9a-f-]{36}$/);
    });

    test('filters built with the builder match names with ( ) ; , and \\ literally', async () => {
      const exact = await collect(admin.query('organization', { filter: eq('name', TRICKY) }));
      assert.deepEqual(exact.map((r) => r.name), [TRICKY]);
      const either = await collect(admin.query('organization', { filter: or(eq('name', 'ExampleOrg'), eq('name', TRICKY)), sortAsc: 'name' }));
      assert.deepEqual(either.map((r) => r.name), ['ExampleOrg', TRICKY]);
      const none = await collect(admin.query('organization', { filter: and(ne('name', 'System'), eq('name', 'Tricky (Org)')) }));
      assert.deepEqual(none, [], 'a prefix does not match');
      await assert.rejects(collect(admin.query('organization', { filter: eq('noSuchField', 'x') })), BadRequestError);
    });

    test('references and idrecords formats, and selected fields', async () => {
      const refs = await collect(admin.query('organization', { format: 'references', filter: eq('name', 'ExampleOrg') }));
      assert.equal(refs.length, 1);
      assert.equal(refs[0]!.name, 'ExampleOrg');
      assert.match(String(refs[0]!.href), /\/api\/org\//);
      const ids = await collect(admin.query('organization', { format: 'idrecords', filter: eq('name', 'ExampleOrg') }));
      assert.match(String(ids[0]!.id), /^urn:vcloud:org:/);
      const slim = await collect(admin.query('organization', { fields: ['name'], filter: eq('name', 'OtherOrg') }));
      assert.equal(slim[0]!.name, 'OtherOrg');
      assert.equal(slim[0]!.isEnabled, undefined);
    });

    test('the entity resolver leads to the object by its alternate link', async () => {
      const [ref] = await collect(admin.query('organization', { format: 'idrecords', filter: eq('name', 'OtherOrg') }));
      const entity = await admin.entity(String(ref!.id));
      assert.equal(entity.id, ref!.id);
      const org = await admin.follow<Org>(entity, 'alternate', 'application/vnd.vmware.vcloud.org+xml');
      assert.equal(org.fullName, 'Other Organization');
      await assert.rejects(admin.entity('urn:vcloud:org:00000000-0000-0000-0000-000000000000'), ForbiddenError, 'unknown and invisible entities look alike');
    });

    test('CloudAPI lists (rights, roles) are iterated across pages', async () => {
      events.length = 0;
      const rights = await collect(admin.rights.list({ pageSize: 10 }));
      assert.ok(rights.length > 10, `only ${rights.length} rights`);
      assert.equal(new Set(rights.map((r) => r.id)).size, rights.length, 'no right twice');
      assert.ok(rights.some((r) => r.name === "Manage user's own API token"));
      assert.ok(events.filter((e) => e.type === 'request').length >= 2, 'more than one page was read');
      const tenant = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'OrgAdmin', org: 'ExampleOrg', password: PASSWORD }) });
      const roles = await collect(tenant.roles.list({ filter: eq('name', 'vApp Author') }));
      assert.deepEqual(roles.map((r) => r.name), ['vApp Author']);
      await tenant.close();
    });
  });
}
