// Every CloudAPI list pages in SQL (issue 9: "nothing lists by loading every row"): for each list, page 2 of
// several with its Link headers, sortAsc/sortDesc in byte order, a case-insensitive wildcard filter (and the
// list's boolean or time fields), a 400 Error for an unknown field, no SELECT over the list's table without a
// LIMIT, the total counted in the page's own statement (a COUNT only for a page past the end, which keeps the
// total), on both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cloudClient, type Cloud } from './helpers/cloudapi.ts';
import { login } from './helpers/http.ts';
import { createApiToken } from './helpers/oauth.ts';
import { globMatches } from './helpers/filter-oracle.ts';
import { TENANT_RIGHTS } from '../src/server/inventory/rights-catalogue.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';
import type { StatementEvent } from '../src/server/store/db.ts';

const TENANTS = ['ExampleOrg', 'OtherOrg', 'ThirdOrg'];
const SEED: SeedFile = {
  system: { users: [{ name: 'administrator', password: PASSWORD }] },
  orgs: [
    {
      name: 'ExampleOrg',
      roles: [{ name: 'Ops Alpha' }, { name: 'ops beta' }, { name: 'OPS_gamma' }],
      users: [
        { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' },
        ...['alice', 'Bob', 'carol_x', 'Dave'].map((name) => ({ name, password: PASSWORD, role: 'vApp User' })),
      ],
    },
    { name: 'OtherOrg', users: [{ name: 'Other', password: PASSWORD, role: 'vApp User' }] },
    { name: 'ThirdOrg' },
  ],
  rightsBundles: [
    { name: 'Bundle A', rights: [...TENANT_RIGHTS], publishTo: TENANTS },
    { name: 'bundle b', publishTo: 'all' },
    { name: 'Bundle_C' },
  ],
};

type Item = Record<string, any>;

interface ListCase {
  path: string;
  /** the table the list reads; every SELECT from it must be paged or a count */
  table: string;
  pageSize: number;
  /** a field with distinct values, to sort on */
  sort: string;
  wildcard: string;
  /** more filters and what they select, by the in-memory reading of the same field */
  filters?: Array<[string, (item: Item) => boolean]>;
  /** more fields to sort on, with ties (their order among ties is not checked) */
  sorts?: string[];
  headers?: Record<string, string>;
}

const read = (item: Item, path: string): unknown => path.split('.').reduce<any>((v, k) => v?.[k], item);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const byte = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

for (const engine of engines()) {
  describe(`CloudAPI lists in SQL, on ${engine}`, () => {
    let t: TestCell;
    let provider: Cloud;
    let orgAdminRole: string;
    let bundleA: string;
    let exampleOrg: string;

    before(async () => {
      t = await startCell({ engine, seed: SEED });
      const token = await login(t.url, 'administrator', 'System', PASSWORD);
      provider = cloudClient(t.url, token);
      exampleOrg = (await t.cell.services.identity.findOrgByName('ExampleOrg'))!.id;
      const ctx = { 'x-vmware-vcloud-tenant-context': exampleOrg };
      orgAdminRole = (await provider('GET', '/roles?filter=name==Organization Administrator', undefined, ctx)).json.values[0].id;
      bundleA = (await provider('GET', '/rightsBundles?filter=name==Bundle A')).json.values[0].id;
      for (const [i, name] of ['tok-1', 'Tok-2', 'TOK_3', 'other-4', 'tok%5'].entries()) {
        await createApiToken(t.url, 'System', token, name, i % 2 ? { expires_in: 3600 * (i + 1) } : {});
        await t.clock.advance(1000);
      }
      for (const name of ['sa-one', 'SA-two', 'Sa_three', 'robot']) {
        const created = await provider('POST', '/serviceAccounts', { name, softwareId: `id-${name}`, role: { name: 'vApp User' } }, ctx);
        assert.equal(created.status, 201, created.text);
      }
    });
    after(async () => { await t?.close(); });

    const cases = (): Record<string, ListCase> => {
      const ctx = { 'x-vmware-vcloud-tenant-context': exampleOrg };
      // between the two expiring tokens' expiries (the clock starts at a fixed time, and they expire in 2 and 4 hours)
      const expiryCut = new Date(t.clock.now() + 3 * 3600_000).toISOString();
      return {
        rights: { path: '/rights', table: 'rights', pageSize: 10, sort: 'name', wildcard: 'name==*VAPP: *' },
        roles: {
          path: '/roles', table: 'roles', pageSize: 3, sort: 'name', wildcard: 'name==ops*', headers: ctx,
          filters: [['readOnly==true', (r) => r.readOnly === true], ['readOnly==f*', (r) => r.readOnly === false]],
        },
        'role rights': { path: `/roles/${orgAdminRole}/rights`, table: 'role_rights', pageSize: 5, sort: 'name', wildcard: 'name==*CATALOG*' },
        'rights bundles': {
          path: '/rightsBundles', table: 'rights_bundles', pageSize: 1, sort: 'name', wildcard: 'name==BUNDLE*',
          filters: [['publishAll==true', (b) => b.publishAll === true]],
        },
        'bundle rights': { path: `/rightsBundles/${bundleA}/rights`, table: 'rights_bundle_rights', pageSize: 5, sort: 'name', wildcard: 'name==*view*' },
        'bundle tenants': { path: `/rightsBundles/${bundleA}/tenants`, table: 'rights_bundle_tenants', pageSize: 1, sort: 'name', wildcard: 'name==*tHIRD*' },
        users: {
          path: '/users', table: 'users', pageSize: 2, sort: 'username', wildcard: 'username==*A*', headers: ctx,
          filters: [['enabled==true;locked==false', (u) => u.enabled && !u.locked], [`orgEntityRef.id==urn:vcloud:org:${exampleOrg}`, () => true]],
        },
        tokens: {
          path: '/tokens', table: 'oauth_clients', pageSize: 2, sort: 'name', wildcard: 'name==TOK*',
          filters: [
            ['expirationTimeUtc==', (k) => k.expirationTimeUtc === null],
            ['expirationTimeUtc!=', (k) => k.expirationTimeUtc !== null],
            [`expirationTimeUtc=lt=${expiryCut}`, (k) => k.expirationTimeUtc === null || k.expirationTimeUtc < expiryCut],
            [`expirationTimeUtc=gt=${expiryCut}`, (k) => k.expirationTimeUtc !== null && k.expirationTimeUtc > expiryCut],
            ['lastUsedTimeUtc=gt=2000-01-01T00:00:00Z', (k) => k.lastUsedTimeUtc !== null],
          ],
          sorts: ['expirationTimeUtc', 'createdTimeUtc'],
        },
        'service accounts': {
          path: '/serviceAccounts', table: 'oauth_clients', pageSize: 1, sort: 'name', wildcard: 'name==*sa*',
          filters: [['role.name==vApp User;status==CREATED', () => true]],
        },
      };
    };

    const get = (c: ListCase, query: string) => provider('GET', `${c.path}${c.path.includes('?') ? '&' : '?'}${query}`, undefined, c.headers);

    /** Every item, a page of 128 at a time. */
    async function everything(c: ListCase, query = ''): Promise<Item[]> {
      const items: Item[] = [];
      for (let page = 1; ; page++) {
        const res = await get(c, `pageSize=128&page=${page}${query && `&${query}`}`);
        assert.equal(res.status, 200, res.text);
        items.push(...res.json.values);
        if (page >= res.json.pageCount) return items;
      }
    }

    for (const name of ['rights', 'roles', 'role rights', 'rights bundles', 'bundle rights', 'bundle tenants', 'users', 'tokens', 'service accounts']) {
      test(`${name}: page 2 with its links, sorts, filters, unknown fields, and only paged statements`, async () => {
        const c = cases()[name]!;
        const all = await everything(c);
        assert.ok(all.length > c.pageSize, `${name} needs more than one page (${all.length})`);

        const pageCount = Math.ceil(all.length / c.pageSize);
        const second = await get(c, `pageSize=${c.pageSize}&page=2`);
        assert.equal(second.status, 200, second.text);
        assert.deepEqual(
          { total: second.json.resultTotal, pageCount: second.json.pageCount, page: second.json.page, pageSize: second.json.pageSize },
          { total: all.length, pageCount, page: 2, pageSize: c.pageSize },
        );
        assert.deepEqual(second.json.values, all.slice(c.pageSize, 2 * c.pageSize));
        const links = second.headers.get('link') ?? '';
        assert.ok(pageCount > 2, `${name} needs a page after page 2`);
        for (const [rel, page] of [['firstPage', 1], ['previousPage', 1], ['nextPage', 3], ['lastPage', pageCount]] as const) {
          assert.match(links, new RegExp(`[?&]page=${page}>;rel="${rel}"`), `${name}: ${rel} in ${links}`);
        }

        const sorted = all.map((i) => text(read(i, c.sort))).sort(byte);
        assert.deepEqual((await everything(c, `sortAsc=${c.sort}`)).map((i) => text(read(i, c.sort))), sorted);
        assert.deepEqual((await everything(c, `sortDesc=${c.sort}`)).map((i) => text(read(i, c.sort))), [...sorted].reverse());
        for (const field of c.sorts ?? []) {
          const values = all.map((i) => text(read(i, field))).sort(byte);
          assert.deepEqual((await everything(c, `sortAsc=${field}`)).map((i) => text(read(i, field))), values, `sortAsc=${field}`);
          assert.deepEqual((await everything(c, `sortDesc=${field}`)).map((i) => text(read(i, field))), [...values].reverse(), `sortDesc=${field}`);
        }

        const [field, pattern] = c.wildcard.split('==') as [string, string];
        const wild = all.filter((i) => globMatches(pattern, text(read(i, field))));
        assert.ok(wild.length > 0 && wild.length < all.length, `${c.wildcard} should select some of ${name}`);
        assert.deepEqual(await everything(c, `filter=${encodeURIComponent(c.wildcard)}`), wild);
        for (const [filter, selects] of c.filters ?? []) {
          assert.deepEqual(await everything(c, `filter=${encodeURIComponent(filter)}`), all.filter(selects), filter);
        }

        for (const query of ['filter=noSuchField==1', 'sortAsc=noSuchField', `filter=${encodeURIComponent(`${c.sort}==x,colour==red`)}`]) {
          const bad = await get(c, query);
          assert.equal(bad.status, 400, `${name} ${query}: ${bad.text}`);
          assert.equal(bad.json.minorErrorCode, 'BAD_REQUEST');
          assert.match(bad.json.message, /Unknown property/);
        }

        const statements: string[] = [];
        const listen = (message: unknown) => {
          const event = message as StatementEvent;
          if (event.db === t.cell.store.db) statements.push(event.sql);
        };
        subscribe('vcdkit:store:statement', listen);
        try {
          assert.equal((await get(c, `pageSize=${c.pageSize}&page=2`)).status, 200);
          assert.equal((await get(c, `pageSize=${c.pageSize}&sortDesc=${c.sort}&filter=${encodeURIComponent(c.wildcard)}`)).status, 200);
        } finally {
          unsubscribe('vcdkit:store:statement', listen);
        }
        const overTable = statements.filter((s) => /^\s*select\b/i.test(s) && new RegExp(`\\bfrom "${c.table}"`, 'i').test(s));
        assert.ok(overTable.length >= 2, `${name}: statements over ${c.table} seen: ${statements.join('\n')}`);
        for (const s of overTable) assert.match(s, /\blimit\b|count\(\*\)/i, `${name} reads every row: ${s}`);
        // a page with rows carries its total beside them (a COUNT subquery in the same statement): no COUNT statement apart
        for (const s of overTable) assert.match(s, /\blimit\b/i, `${name} counts apart from its page: ${s}`);

        const past = await get(c, `pageSize=${c.pageSize}&page=${pageCount + 3}`);
        assert.equal(past.status, 200, past.text);
        assert.deepEqual(
          { total: past.json.resultTotal, pageCount: past.json.pageCount, page: past.json.page, values: past.json.values },
          { total: all.length, pageCount, page: pageCount + 3, values: [] }, `${name}: a page past the end is empty and keeps the total`,
        );
      });
    }

    test('a tenant lists what it may see, in SQL: its org\'s roles and users, the rights published to it', async () => {
      const admin = cloudClient(t.url, await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD));
      const roles = (await admin('GET', '/roles?pageSize=128')).json.values.map((r: Item) => r.name);
      assert.ok(roles.includes('Ops Alpha') && !roles.includes('System Administrator'), roles.join());
      const users = (await admin('GET', '/users?pageSize=128&filter=orgEntityRef.name!=ExampleOrg')).json;
      assert.equal(users.resultTotal, 0);
      const rights = (await admin('GET', '/rights?pageSize=1')).json;
      assert.equal(rights.resultTotal, new Set(TENANT_RIGHTS).size);
      // A provider's context names the org whose roles it lists.
      const other = (await t.cell.services.identity.findOrgByName('OtherOrg'))!.id;
      const seen = await provider('GET', '/roles?pageSize=128&filter=name==ops*', undefined, { 'x-vmware-vcloud-tenant-context': other });
      assert.equal(seen.json.resultTotal, 0);
    });
  });
}
