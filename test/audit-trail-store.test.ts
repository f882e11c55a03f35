// The audit trail in the store (issue: memory anyone can grow): pages, filters and sorts come from SQL
// and agree with the in-memory filter on both stores; no request reads every row; stored texts are
// capped; history is kept so many days and so many events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { basic, call, JSON_, login } from './helpers/http.ts';
import { auditTrailEvent } from '../src/server/representation/audit-event.ts';
import { AUDIT, AUDIT_TEXT_LIMITS, type AuditRecord } from '../src/server/services/audit.ts';
import { parseFilter } from '../src/server/services/filter.ts';
import { matches } from './helpers/filter-oracle.ts';
import type { StatementEvent } from '../src/server/store/db.ts';

type Event = ReturnType<typeof auditTrailEvent>;
const HOUR = 3_600_000;

async function trail(t: TestCell, token: string, query: string) {
  const res = await call(t.url, 'GET', `/cloudapi/1.0.0/auditTrail?${query}`, { accept: JSON_(), authorization: `Bearer ${token}` });
  assert.equal(res.status, 200, `${query}: ${res.text}`);
  return JSON.parse(res.text) as { resultTotal: number; pageCount: number; page: number; values: Event[] };
}

const failedLogin = (t: TestCell, user: string, org = 'ExampleOrg') =>
  call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic(user, org, 'Wrong-Passw0rd!') });

const count = async (t: TestCell) => Number((await t.cell.store.db.selectFrom('audit_events')
  .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

for (const engine of engines()) {
  describe(`audit trail in the store, on ${engine}`, () => {
    let t: TestCell;
    let provider: string;
    let orgId: string;

    before(async () => {
      t = await startCell({ engine });
      provider = await login(t.url, 'administrator', 'System', PASSWORD);
      orgId = (await t.cell.services.identity.findOrgByName('ExampleOrg'))!.id;
      const other = (await t.cell.services.identity.findOrgByName('OtherOrg'))!;
      // Names with LIKE's own wildcards and escape, mixed case, empty ones; some events share a time.
      const users = ['alice', 'Alice_2', 'bob%', 'carol\\x', 'dave', '', 'ALICEx'];
      const types = [AUDIT.login, AUDIT.tokenRefused, AUDIT.tokenUse];
      for (let i = 0; i < 42; i++) {
        const record: AuditRecord = {
          type: types[i % 3]!, success: i % 4 !== 0, description: `event ${i}`, clientAddress: '127.0.0.1',
          actor: i % 5 === 0 ? { userName: users[i % 7]! } : {
            userId: `00000000-0000-4000-8000-${String(i % 7).padStart(12, '0')}`, userName: users[i % 7]!,
            orgId: i % 2 ? orgId : other.id, orgName: i % 2 ? 'ExampleOrg' : 'OtherOrg',
          },
          entity: i % 3 ? { id: `urn:vcloud:token:${i}`, name: `token ${i}` } : undefined,
        };
        await t.cell.services.audit.record(record);
        if (i % 3 === 0) await t.clock.advance(HOUR / 60);
      }
    });
    after(async () => { await t.close(); });

    const readPath = (record: unknown, path: string): unknown => path.split('.')
      .reduce<unknown>((v, part) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined), record);

    /** What the in-memory filter answers over every stored event, in the order the store gives them. */
    async function expected(filter: string | undefined, sort?: { field: string; desc: boolean }) {
      const rows = await t.cell.store.db.selectFrom('audit_events').selectAll().execute();
      const get = (e: Event, field: string) => readPath(e, field === 'type' ? 'eventType' : field);
      const parsed = filter ? parseFilter(filter) : undefined;
      const canonical = (f: ReturnType<typeof parseFilter>): ReturnType<typeof parseFilter> => f.kind !== 'cmp'
        ? { ...f, items: f.items.map(canonical) } : f.field === 'timestamp' ? { ...f, value: new Date(f.value).toISOString() } : f;
      const events = rows.map(auditTrailEvent).filter((e) => !parsed || matches(canonical(parsed), (f) => get(e, f)));
      const byte = (a: unknown, b: unknown) => { const x = String(a ?? ''), y = String(b ?? ''); return x < y ? -1 : x > y ? 1 : 0; };
      const dir = sort?.desc ? -1 : 1;
      return events.sort((a, b) => dir * ((sort ? byte(get(a, sort.field), get(b, sort.field)) : 0)
        || byte(a.timestamp, b.timestamp) || byte(a.eventId, b.eventId)));
    }

    test('every filter selects what the in-memory filter does, case-insensitive wildcards and literal % _ \\ included', async () => {
      const some = (await expected(undefined))[20]!.timestamp;
      for (const filter of [
        'user.name==alice*', 'user.name==*_*', 'user.name==*%', 'user.name==carol\\\\*', 'user.name==bob%', 'user.name==*LICE*',
        'user.name!=dave', 'user.name!=*e', 'user.name==', 'eventStatus==FAILURE;(type==*login,type==*refused)',
        `timestamp==${some}`, `timestamp=gt=${some};timestamp=le=${new Date(Date.parse(some) + HOUR / 30).toISOString()}`,
        `operatingOrg.id==urn:vcloud:org:${orgId}`, 'user.id==urn:vcloud:user:*', 'user.id==', 'operatingOrg.name=gt=M',
        'eventEntity.id==urn:vcloud:token:1*', 'eventEntity.name==TOKEN 4*', 'eventId==urn:vcloud:audit:*',
      ]) {
        const want = (await expected(filter)).map((e) => e.eventId);
        const got = await trail(t, provider, `pageSize=128&filter=${encodeURIComponent(filter)}`);
        assert.deepEqual(got.values.map((e) => e.eventId), want, filter);
        assert.equal(got.resultTotal, want.length, filter);
      }
    });

    test('pages and sorts: the same events in the same order, page by page, with the total', async () => {
      for (const [query, sort] of [
        ['', undefined], ['sortAsc=user.name', { field: 'user.name', desc: false }], ['sortDesc=timestamp', { field: 'timestamp', desc: true }],
        ['sortDesc=eventType&filter=eventStatus==SUCCESS', { field: 'eventType', desc: true }],
      ] as const) {
        const want = (await expected(query.includes('filter=') ? query.split('filter=')[1] : undefined, sort)).map((e) => e.eventId);
        const pages: string[] = [];
        for (let page = 1; page <= Math.ceil(want.length / 7); page++) {
          const got = await trail(t, provider, `pageSize=7&page=${page}&${query}`);
          assert.equal(got.resultTotal, want.length);
          assert.equal(got.pageCount, Math.ceil(want.length / 7));
          pages.push(...got.values.map((e) => e.eventId));
        }
        assert.deepEqual(pages, want, query);
      }
      const beyond = await trail(t, provider, 'pageSize=128&page=1e20');
      assert.deepEqual([beyond.values.length, beyond.resultTotal > 0], [0, true], 'a page past any offset the store takes is empty');
    });

    test('a tenant administrator pages through their org only; unknown fields and bad times are 400s', async () => {
      const admin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      const want = (await expected(`operatingOrg.id==urn:vcloud:org:${orgId};user.name==*a*`)).map((e) => e.eventId);
      const got = await trail(t, admin, `pageSize=128&filter=${encodeURIComponent('user.name==*a*')}`);
      assert.deepEqual(got.values.map((e) => e.eventId), want);
      for (const query of ['filter=password==x', 'sortAsc=description', `filter=${encodeURIComponent('timestamp=gt=soon')}`]) {
        const res = await call(t.url, 'GET', `/cloudapi/1.0.0/auditTrail?${query}`, { accept: JSON_(), authorization: `Bearer ${provider}` });
        assert.equal(res.status, 400, query);
        assert.equal(JSON.parse(res.text).minorErrorCode, 'BAD_REQUEST');
      }
    });

    test('a page reads only its rows: every statement on the trail is a count or has a LIMIT', async () => {
      const statements: string[] = [];
      const listen = (message: unknown) => {
        const { db, sql } = message as StatementEvent;
        if (db === t.cell.store.db && /from "audit_events"/.test(sql)) statements.push(sql);
      };
      subscribe('vcdkit:store:statement', listen);
      try {
        await trail(t, provider, `pageSize=1&page=3&sortDesc=timestamp&filter=${encodeURIComponent('user.name==*a*')}`);
      } finally {
        unsubscribe('vcdkit:store:statement', listen);
      }
      assert.ok(statements.length > 0);
      for (const s of statements) assert.match(s, /count\(\*\)|\blimit\b/i, s);
    });

    test('texts anyone can send are stored cut short, ending in "…"', async () => {
      const user = 'u'.repeat(11_500); // as long as a Basic header may carry
      const org = 'o'.repeat(200);
      assert.equal((await failedLogin(t, user, org)).status, 401);
      const row = await t.cell.store.db.selectFrom('audit_events').selectAll().orderBy('timestamp', 'desc')
        .where('status', '=', 'FAILURE').where('description', 'like', 'Failed login for uuu%').executeTakeFirstOrThrow();
      assert.equal(row.user_name, `${'u'.repeat(AUDIT_TEXT_LIMITS.name - 1)}…`);
      assert.equal(row.org_name, `${'o'.repeat(AUDIT_TEXT_LIMITS.name - 1)}…`);
      assert.equal(row.description.length, AUDIT_TEXT_LIMITS.description);
      assert.ok(row.description.endsWith('…'));
    });
  });

  describe(`audit retention on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, config: { audit: { retentionDays: 1, maxEvents: 10 } } }); });
    after(async () => { await t.close(); });

    test('at most maxEvents are kept, the newest, even under a concurrent flood', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, i) => failedLogin(t, `flood${i}`)));
      assert.equal(await count(t), 10);
      for (let i = 0; i < 5; i++) {
        await t.clock.advance(1000); // "oldest" is by time (then id)
        await failedLogin(t, `late${i}`);
      }
      const users = (await t.cell.store.db.selectFrom('audit_events').select('user_name').execute()).map((r) => r.user_name);
      assert.equal(users.length, 10);
      for (let i = 0; i < 5; i++) assert.ok(users.includes(`late${i}`), `late${i} kept`);
    });

    test('events older than the retention days are purged on the hour; a restart purges at once', async () => {
      await t.clock.advance(13 * HOUR);
      await failedLogin(t, 'recent');
      await t.clock.advance(12 * HOUR);
      const users = (await t.cell.store.db.selectFrom('audit_events').select('user_name').execute()).map((r) => r.user_name);
      assert.deepEqual(users, ['recent'], 'the events of 25 hours ago are gone, those of 12 hours ago kept');

      await t.stop();
      t.config.audit = { retentionDays: 0, maxEvents: 0 };
      t = await t.restart();
      for (let i = 0; i < 3; i++) await failedLogin(t, `kept${i}`);
      await t.clock.advance(48 * HOUR);
      assert.equal(await count(t), 4, '0 keeps every event');
      await t.stop();
      t.config.audit = { retentionDays: 1, maxEvents: 2 };
      t = await t.restart();
      assert.equal(await count(t), 0, 'a start purges what the new settings no longer keep');
    });
  });
}
