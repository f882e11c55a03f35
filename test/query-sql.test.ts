// The legacy query service compiled to SQL, on both stores: the FIQL grammar (wildcards, case, literal
// % and _, and/or/parentheses, boolean and number fields), paging and sorting done by the store, filters
// naming an entity by href, URN or id, who sees which tasks (task, adminTask), and proof that no query
// loads every row: each statement a query runs is paged (LIMIT) or a COUNT.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { type Caller } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';
import type { StatementEvent } from '../src/server/store/db.ts';
import { urn } from '../src/server/ids.ts';

const EXTRA_ORGS = ['alpha', 'Beta', 'gamma_1', 'gamma%2', 'gammaX3'];
const SEED = {
  ...TEST_SEED,
  orgs: [...TEST_SEED.orgs!, ...EXTRA_ORGS.map((name) => ({ name, fullName: `${name} full`, users: [{ name: `u-${name}`, password: PASSWORD }] }))],
};

const records = (text: string, element: string) => [...text.matchAll(new RegExp(`<${element} [^>]*/>`, 'g'))].map((m) => m[0]);
const attrOf = (record: string, name: string) => new RegExp(` ${name}="([^"]*)"`).exec(record)?.[1];
const names = (text: string, element: string) => records(text, element).map((r) => attrOf(r, 'name')!);
const caseless = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0);

eachEngine('the query service in SQL', { seed: SEED }, (w) => {
  const query = async (who: Caller, q: string, status = 200) => {
    const res = await who.call('GET', `/api/query?${q}`);
    assert.equal(res.status, status, `${q}: ${res.text}`);
    return res.text;
  };

  before(async () => {
    // one task each, a minute apart, all on ExampleOrg
    for (const [who, operation] of [[w.hello, 'hello'], [w.orgAdmin, 'orgAdmin'], [w.other, 'other'], [w.provider, 'provider']] as const) {
      await w.t.cell.services.tasks.run({
        session: await who.session(), owner: { urn: urn('org', w.org), name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${w.org}` },
        operationName: 'metadataUpdate', operation, work: async () => {},
      });
      await w.t.clock.advance(60_000);
    }
  });

  test('organization: the store pages and sorts (caseless, then bytewise), and counts the total', async () => {
    const all = ['System', 'ExampleOrg', 'OtherOrg', ...EXTRA_ORGS].sort(caseless);
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const text = await query(w.provider, `type=organization&sortAsc=name&pageSize=3&page=${page}`);
      assert.match(text, new RegExp(`total="${all.length}"`));
      seen.push(...names(text, 'OrgRecord'));
    }
    assert.deepEqual(seen, all);
    assert.deepEqual(names(await query(w.provider, 'type=organization&sortDesc=name&pageSize=128'), 'OrgRecord'), [...all].reverse());
    // a page past the end is empty, not an error
    assert.deepEqual(names(await query(w.provider, 'type=organization&page=9&pageSize=3'), 'OrgRecord'), []);
  });

  test('the grammar: case-insensitive wildcards, literal % and _, and/or/parentheses, booleans and numbers', async () => {
    const orgs = async (filter: string) => names(await query(w.provider, `type=organization&sortAsc=name&pageSize=128&filter=${encodeURIComponent(filter)}`), 'OrgRecord');
    assert.deepEqual(await orgs('name==GAMMA*'), ['gamma%2', 'gamma_1', 'gammaX3']);
    assert.deepEqual(await orgs('name==gamma_*'), ['gamma_1'], '_ is a literal');
    assert.deepEqual(await orgs('name==gamma%*'), ['gamma%2'], '% is a literal');
    assert.deepEqual(await orgs('name==beta'), [], 'without a wildcard, exact and case-sensitive');
    assert.deepEqual(await orgs('name==Beta'), ['Beta']);
    assert.deepEqual(await orgs('(name==alpha,name==Beta);displayName==*full'), ['alpha', 'Beta']);
    assert.deepEqual(await orgs('name!=*A*'), ['OtherOrg', 'System']);
    assert.deepEqual(await orgs('name=ge=gamma;name=lt=gammaz'), ['gamma%2', 'gamma_1', 'gammaX3']);
    assert.equal((await orgs('isEnabled==true')).length, 8);
    assert.deepEqual(await orgs('isEnabled==false'), []);
    assert.equal((await orgs('numberOfVdcs==0;canPublishCatalogs==false')).length, 7);
    assert.deepEqual(await orgs('numberOfVdcs=gt=0'), ['ExampleOrg'], 'the org\'s VDCs, counted in the store');
    for (const filter of ['isEnabled==maybe', 'numberOfVdcs==many', 'numberOfVdcs==', 'bogus==1']) {
      assert.match(await query(w.provider, `type=organization&filter=${encodeURIComponent(filter)}`, 400), /minorErrorCode="BAD_REQUEST"/);
    }
    // a tenant's select is narrowed to its own org before the filter applies
    assert.deepEqual(names(await query(w.hello, 'type=organization&filter=name==*'), 'OrgRecord'), ['ExampleOrg']);
  });

  test('task: the caller\'s own org, its own tasks (an administrator the org\'s); adminTask: every org for the provider', async () => {
    const ops = async (who: Caller, type: string, element: string) =>
      records(await query(who, `type=${type}&sortAsc=startDate&pageSize=128`), element).map((r) => attrOf(r, 'operationFull'));
    assert.deepEqual(await ops(w.hello, 'task', 'TaskRecord'), ['hello']);
    assert.deepEqual(await ops(w.orgAdmin, 'task', 'TaskRecord'), ['hello', 'orgAdmin']);
    assert.deepEqual(await ops(w.other, 'task', 'TaskRecord'), ['other']);
    assert.deepEqual(await ops(w.provider, 'task', 'TaskRecord'), ['provider']);
    assert.deepEqual(await ops(w.provider, 'adminTask', 'AdminTaskRecord'), ['hello', 'orgAdmin', 'other', 'provider']);
    assert.deepEqual(await ops(w.hello, 'adminTask', 'AdminTaskRecord'), ['hello']);
    assert.deepEqual(await ops(w.orgAdmin, 'adminTask', 'AdminTaskRecord'), ['hello', 'orgAdmin']);

    const text = await query(w.orgAdmin, 'type=task&filter=operationFull==hello');
    const [record] = records(text, 'TaskRecord');
    assert.equal(attrOf(record!, 'org'), `${w.t.url}/api/org/${w.org}`);
    assert.equal(attrOf(record!, 'orgName'), 'ExampleOrg');
    assert.equal(attrOf(record!, 'object'), `${w.t.url}/api/org/${w.org}`);
    assert.equal(attrOf(record!, 'objectType'), 'org');
    assert.equal(attrOf(record!, 'objectName'), 'ExampleOrg');
    assert.equal(attrOf(record!, 'ownerName'), 'HelloUser');
    assert.equal(attrOf(record!, 'status'), 'success');
    assert.equal(attrOf(record!, 'progress'), '100');
    assert.match(attrOf(record!, 'href')!, /\/api\/task\/[0-9a-f-]{36}$/);

    const newestFirst = records(await query(w.provider, 'type=adminTask&sortDesc=startDate&filter=progress=ge=100'), 'AdminTaskRecord');
    assert.deepEqual(newestFirst.map((r) => attrOf(r, 'operationFull')), ['provider', 'other', 'orgAdmin', 'hello']);
    const since = new Date(w.t.clock.now() - 150_000).toISOString();
    assert.deepEqual(records(await query(w.provider, `type=adminTask&sortAsc=startDate&filter=startDate=gt=${since}`), 'AdminTaskRecord')
      .map((r) => attrOf(r, 'operationFull')), ['other', 'provider']);
  });

  test('a reference field compares by id, whether the filter names an href, a URN or a bare id', async () => {
    const system = await w.orgId('System');
    for (const value of [`${w.t.url}/api/org/${system}`, urn('org', system), system, system.toUpperCase()]) {
      const text = await query(w.provider, `type=adminTask&filter=${encodeURIComponent(`org==${value}`)}`);
      assert.deepEqual(records(text, 'AdminTaskRecord').map((r) => attrOf(r, 'operationFull')), ['provider'], value);
    }
    const byObject = await query(w.provider, `type=adminTask&filter=${encodeURIComponent(`object==${w.t.url}/api/org/${w.org}`)}`);
    assert.equal(records(byObject, 'AdminTaskRecord').length, 4);
    const idrecords = await query(w.provider, `type=adminTask&format=idrecords&filter=${encodeURIComponent(`org==${urn('org', system)}`)}`);
    assert.equal(attrOf(records(idrecords, 'AdminTaskRecord')[0]!, 'org'), urn('org', system));
    assert.equal(records(await query(w.provider, 'type=adminUser&filter=org==not-an-id'), 'AdminUserRecord').length, 0);
  });

  test('no query loads every row: each statement is paged with LIMIT or is a COUNT, a few per query, filtered or not', async () => {
    const seen: string[] = [];
    const db = w.t.cell.services.store.db;
    const listener = (message: unknown) => {
      const event = message as StatementEvent;
      if (event.db === db) seen.push(event.sql);
    };
    // the request's read of the cache versions (one row by its key, services/sessions.ts) is not the query's
    const reads = () => seen.filter((s) => /^\s*select\b/i.test(s) && !/ from "cache_versions" /.test(s));
    let total = 0;
    for (const type of w.t.cell.services.query.types()) {
      const named = Object.hasOwn(type.fields, 'name');
      for (const params of [`pageSize=2${named ? '&sortAsc=name' : ''}`, ...(named ? [`pageSize=2&sortDesc=name&filter=${encodeURIComponent('name==*a*')}`] : [])]) {
        for (const who of [w.provider, w.hello]) {
          seen.length = 0;
          subscribe('vcdkit:store:statement', listener);
          try {
            await query(who, `type=${type.name}&${params}`);
          } finally {
            unsubscribe('vcdkit:store:statement', listener);
          }
          for (const s of reads()) assert.match(s, /\blimit\b|count\(\*\)/i, `${type.name} ${params}: unpaged: ${s}`);
          // a COUNT and a page, and the odd lookup: never a statement per row
          assert.ok(reads().length <= 4, `${type.name} ${params}: ${reads().length} statements\n${reads().join('\n')}`);
          total += reads().length;
        }
      }
    }
    // every query type with a table reads it (the placeholders read nothing)
    assert.ok(total >= 20, `the query types read the store (${total} statements)`);
  });
});
