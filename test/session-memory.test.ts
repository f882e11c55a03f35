// What sessions cost when nobody uses them: the cache holds a bounded number, and expired rows leave
// the store on the clock's schedule and at start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, JSON_, login } from './helpers/http.ts';
import { statementsDuring } from './helpers/statements.ts';

for (const engine of engines()) {
  describe(`session memory on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, config: { sessionCacheSize: 2 } }); });
    after(async () => { await t.close(); });

    const sessionRows = async () => (await t.cell.store.db.selectFrom('sessions').select('id').execute()).length;

    /**
     * The statements one authenticated read costs beyond the read of the store's cache versions (which every
     * request makes, to know what other cells changed): none when the cache answers.
     */
    const statementsOfRead = async (token: string) => (await statementsDuring(t.cell.store.db, async () => {
      const res = await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_('37.0'), authorization: `Bearer ${token}` });
      assert.equal(res.status, 200, res.text);
    })).filter((q) => !/ from "cache_versions" /.test(q));

    test('the session cache keeps the most recently used sessions, up to its size', async () => {
      const [a, b, c] = [
        await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD),
        await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD),
        await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD),
      ] as const;
      assert.deepEqual(await statementsOfRead(c), [], 'the newest session is answered from memory');
      assert.deepEqual(await statementsOfRead(b), [], 'and the one before it');
      assert.ok((await statementsOfRead(a)).length > 0, 'the oldest was evicted: its read goes to the store');
      assert.deepEqual(await statementsOfRead(a), [], 'and is cached again');
      // a and b are now the most recent; c was evicted.
      assert.deepEqual(await statementsOfRead(b), []);
      assert.ok((await statementsOfRead(c)).length > 0, 'the least recently used went');
    });

    test('expired sessions are purged from the store on schedule, live ones stay', async () => {
      const idle = t.config.idleMinutes;
      await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      assert.ok(await sessionRows() >= 2);
      await t.clock.advanceMinutes(idle - 5);
      const live = await login(t.url, 'Other', 'OtherOrg', PASSWORD);
      await t.clock.advanceMinutes(20);
      assert.equal(await sessionRows(), 1, 'only the session opened within the idle timeout is left');
      const res = await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_('37.0'), authorization: `Bearer ${live}` });
      assert.equal(res.status, 200);
    });

    test('a cell purges expired sessions when it starts', async () => {
      await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      assert.ok(await sessionRows() >= 1);
      await t.stop();
      // Time passes while the cell is down: its scheduled purge cannot run.
      const clock = t.clock;
      const stopped = t;
      await clock.advanceMinutes(t.config.idleMinutes + 5);
      t = await stopped.restart();
      assert.equal(await sessionRows(), 0);
    });
  });
}
