// The portal's lists that can grow without bound (an org's users and roles, the provider's orgs and rights bundles,
// the orgs a bundle is published to) are paged with Previous and Next links, never cut off at a largest page; a role's or bundle's rights are
// shown whole, which holds while the rights catalogue is smaller than a page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { csrfOf, signedIn, type PortalClient } from './helpers/portal.ts';
import { statementsDuring } from './helpers/statements.ts';
import { newId } from '../src/server/ids.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../src/server/services/listing.ts';
import { RIGHTS_CATALOGUE } from '../src/server/inventory/rights-catalogue.ts';

/** More than VCD's largest page, so that a list cut at it shows. */
const MANY = MAX_PAGE_SIZE + 5;
const numbered = (prefix: string) => Array.from({ length: MANY }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

/** Follows the Next links from `path`, collecting the names its rows link to; checks each page's size and links. */
async function walk(browser: PortalClient, path: string): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined = path;
  for (let page = 1; next !== undefined; page++) {
    const res = await browser.get(next);
    assert.equal(res.status, 200, next);
    const text = await res.text();
    const rows = [...text.matchAll(/<tr>\s*<td><a href="[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]!);
    next = /<a [^>]*rel="next" href="([^"]+)"/.exec(text)?.[1];
    assert.ok(rows.length <= DEFAULT_PAGE_SIZE, `page ${page} of ${path} holds ${rows.length} rows`);
    if (next !== undefined) assert.equal(rows.length, DEFAULT_PAGE_SIZE, `page ${page} of ${path} is full`);
    assert.equal(/rel="prev"/.test(text), page > 1, `page ${page} of ${path}: a Previous link after the first`);
    names.push(...rows);
  }
  return names;
}

for (const engine of engines()) {
  describe(`the portal's paged lists on ${engine}`, () => {
    let t: TestCell;
    let orgId: string;
    before(async () => {
      t = await startCell({ engine });
      const { identity, store } = t.cell.services;
      orgId = (await identity.findOrgByName('ExampleOrg'))!.id;
      const roleId = await identity.roleIdByName(orgId, 'vApp User');
      // Rows straight into the store: what is paged is the reading, and hashing a password each would be slow.
      await store.db.insertInto('users').values(numbered('user').map((name) => ({
        id: newId(), org_id: orgId, name, name_key: name, full_name: '', email: '', password_hash: 'x', role_id: roleId,
        is_enabled: 1, failed_logins: 0, failed_codes: 0, locked_until: null, created_at: t.clock.now(),
      }))).execute();
      await store.db.insertInto('roles').values(numbered('role').map((name) => ({ id: newId(), org_id: orgId, name, description: '', read_only: 0 }))).execute();
      await store.db.insertInto('orgs').values(numbered('org').map((name) => ({
        id: newId(), name, name_key: name, full_name: name, description: '', is_enabled: 1, created_at: t.clock.now(),
      }))).execute();
      await store.db.insertInto('rights_bundles').values(numbered('bundle').map((name) => ({ id: newId(), name, name_key: name, description: '', publish_all: 0 }))).execute();
    });
    after(async () => { await t?.close(); });

    test('an org\'s users and roles, page by page, every one once', async () => {
      const admin = await signedIn(t.url, 'OrgAdmin', 'ExampleOrg');
      const users = await walk(admin, '/tenant/ExampleOrg/administration/users');
      assert.deepEqual(users.filter((n) => n.startsWith('user-')).sort(), numbered('user'));
      assert.equal(new Set(users).size, users.length);
      const roles = await walk(admin, '/tenant/ExampleOrg/administration/roles');
      assert.deepEqual(roles.filter((n) => n.startsWith('role-')).sort(), numbered('role'));
      assert.equal(new Set(roles).size, roles.length);
    });

    test('the provider\'s orgs and rights bundles, page by page', async () => {
      const provider = await signedIn(t.url, 'administrator', 'System');
      const orgs = await walk(provider, '/provider/organizations');
      assert.deepEqual(orgs.filter((n) => n.startsWith('org-')).sort(), numbered('org'));
      assert.deepEqual(orgs.filter((n) => !n.startsWith('org-')), ['ExampleOrg', 'OtherOrg'], 'the tenants, System aside');
      // a page's orgs and their login policies cost a few statements, not one per org
      const statements = await statementsDuring(t.cell.store.db, () => provider.get('/provider/organizations?page=2'));
      assert.ok(statements.length <= 8, `${statements.length} statements:\n${statements.join('\n')}`);
      const bundles = await walk(provider, '/provider/rights-bundles');
      assert.deepEqual(bundles.filter((n) => n.startsWith('bundle-')).sort(), numbered('bundle'));
      assert.equal(new Set(bundles).size, bundles.length);
    });

    test('a rights bundle offers the orgs a page at a time: publishing on one page keeps the others\' publication', async () => {
      const provider = await signedIn(t.url, 'administrator', 'System');
      const bundle = (await t.cell.store.db.selectFrom('rights_bundles').select('id').where('name', '=', 'bundle-000').executeTakeFirstOrThrow()).id;
      const path = `/provider/rights-bundles/${bundle}`;
      const boxes = (text: string) => [...text.matchAll(/<input type="checkbox" id="publish-[^"]+" name="org" value="([^"]+)" class="clr-checkbox"( checked)?><label [^>]*>([^<]+)</g)]
        .map((m) => ({ id: m[1]!, checked: m[2] !== undefined, name: m[3]! }));
      const pages: Array<Array<{ id: string; checked: boolean; name: string }>> = [];
      for (let next: string | undefined = path; next !== undefined;) {
        const text = await (await provider.get(next)).text();
        pages.push(boxes(text));
        next = /<a [^>]*rel="next" href="([^"]+)"/.exec(text)?.[1];
      }
      assert.ok(pages.every((p) => p.length <= DEFAULT_PAGE_SIZE), pages.map((p) => p.length).join(' '));
      assert.deepEqual(pages.flat().map((o) => o.name).filter((n) => n.startsWith('org-')).sort(), numbered('org'), 'every tenant org, once');
      const publishOn = async (page: number, checked: string[]) => {
        const form = await provider.get(`${path}?page=${page}`);
        const res = await provider.post(`${path}/publish`, { org: checked, shown: pages[page - 1]!.map((o) => o.id), page: String(page) }, await csrfOf(form));
        assert.equal(res.status, 303);
      };
      const last = pages.length;
      const [first, late] = [pages[0]![0]!, pages[last - 1]!.at(-1)!];
      await publishOn(1, [first.id]);
      await publishOn(last, [late.id]);
      const checkedOn = async (page: number) => boxes(await (await provider.get(`${path}?page=${page}`)).text()).filter((o) => o.checked).map((o) => o.name);
      assert.deepEqual(await checkedOn(1), [first.name], 'publishing on the last page kept the first page\'s');
      assert.deepEqual(await checkedOn(last), [late.name], 'an org past the first 128 shows as published');
      await publishOn(1, []);
      assert.deepEqual([await checkedOn(1), await checkedOn(last)], [[], [late.name]], 'unpublishing the first page\'s org leaves the last page\'s');
    });

    test('a role\'s or bundle\'s rights fit one page: the catalogue is smaller than the largest page', () => {
      assert.ok(RIGHTS_CATALOGUE.length <= MAX_PAGE_SIZE, `${RIGHTS_CATALOGUE.length} rights`);
    });
  });
}
