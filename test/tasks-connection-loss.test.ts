// Tasks running on the cell's clock when PostgreSQL ends the cell's connections: every statement of theirs
// is made to wait on a row lock the test holds, and the cell's connections are ended each time one waits,
// until nothing of the cell waits any more. Whatever was cut off (a progress step, the work, the writing of
// the task's end), each task ends in error once the store is back, releases its object, and leaves it as it
// was: a vApp whose power-on failed is still off and takes a new power-on; one whose creation failed is
// FAILED_CREATION and deletable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines, testClient } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { attr, caller, orgId, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, pathOf, VAPP_SEED } from './helpers/vapps.ts';

const DELAY = 1000;
// In the select list, so that it runs only on the rows the filter keeps (see store-connection-loss.test.ts).
const TERMINATE = 'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and pid <> all($2)';
const WAITING = 'select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = \'Lock\'';

describe('tasks whose connections are ended while they run', { timeout: 60_000, skip: !engines().includes('postgres') && 'no PostgreSQL' }, () => {
  let t: TestCell;
  let hello: Caller;
  let vdcPath: string;
  let templateHref: string;
  before(async () => {
    t = await startCell({ engine: 'postgres', seed: VAPP_SEED, config: { taskDelayMs: DELAY } });
    hello = await caller(t, 'HelloUser', 'ExampleOrg');
    const db = t.cell.services.store.db;
    const org = await orgId(t, 'ExampleOrg');
    vdcPath = `/api/vdc/${(await db.selectFrom('vdcs').select('id').where('org_id', '=', org).executeTakeFirstOrThrow()).id}`;
    const template = await db.selectFrom('vapp_templates').select('id').where('org_id', '=', org).where('name', '=', 'Ubuntu Template with vsftpd').executeTakeFirstOrThrow();
    templateHref = `${t.url}/api/vAppTemplate/vappTemplate-${template.id}`;
  });
  after(async () => { await t?.close(); });

  const instantiate = (name: string, powerOn: boolean) =>
    hello.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({ name, template: templateHref, powerOn }), INSTANTIATE);
  const vappOf = (xml: string) => pathOf(/<VApp [^>]*href="([^"]+)"/.exec(xml)![1]!);
  const taskOf = (xml: string) => pathOf(/<Task [^>]*href="([^"]+)"/.exec(xml)![1]!);
  const get = async (path: string) => {
    const res = await hello.call('GET', path);
    assert.equal(res.status, 200, res.text);
    return res.text;
  };

  /**
   * Holds these tasks' rows locked while `run` goes on, and ends every other connection to the cell's
   * database each time one of its statements waits on the lock, until `run` has settled; then lets go.
   * Answers how many times. (The watcher is a connection of its own: inside a transaction, PostgreSQL
   * answers pg_stat_activity from a snapshot.)
   */
  async function endConnectionsWhileBlocked(taskIds: string[], run: () => Promise<unknown>): Promise<number> {
    const database = new URL(t.config.databaseUrl!).pathname.slice(1);
    const [holder, watcher] = [testClient({ connectionString: t.config.databaseUrl! }), testClient({ connectionString: t.config.databaseUrl! })];
    await Promise.all([holder.connect(), watcher.connect()]);
    let endings = 0;
    try {
      await holder.query('begin');
      await holder.query('select id from tasks where id = any($1) for update', [taskIds]);
      const spared = [(await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid];
      let settled = false;
      const running = run().finally(() => { settled = true; });
      while (!settled) {
        if ((await watcher.query<{ n: number }>(WAITING, [database])).rows[0]!.n > 0) {
          await watcher.query(TERMINATE, [database, spared]);
          endings++;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 5)); // polls a condition; no outcome depends on how long
        }
      }
      await running;
    } finally {
      await holder.query('rollback').catch(() => {});
      await Promise.all([holder.end(), watcher.end()]);
    }
    return endings;
  }

  test('each task ends in error; its vApp is released, left as it was, and takes a new operation', async () => {
    const made = await instantiate('kept', false);
    assert.equal(made.status, 201, made.text);
    await t.clock.advance(DELAY);
    const kept = vappOf(made.text);

    const power = await hello.call('POST', `${kept}/power/action/powerOn`);
    assert.equal(power.status, 202, power.text);
    const creation = await instantiate('lost', true);
    assert.equal(creation.status, 201, creation.text);
    const tasks = [taskOf(power.text), taskOf(creation.text)];
    const endings = await endConnectionsWhileBlocked(tasks.map((p) => p.split('/').pop()!), () => t.clock.advance(DELAY));
    assert.ok(endings > 0, 'the tasks\' statements were cut off');

    // the store is back: at most one sweep later, nothing is left running
    await t.clock.advance(60_000);
    for (const task of tasks) {
      const ended = await get(task);
      assert.equal(attr(ended, 'status'), 'error', ended);
      assert.match(ended, /<Error minorErrorCode="INTERNAL_SERVER_ERROR"/);
    }
    const off = await get(kept);
    assert.match(off, /<VApp [^>]*deployed="false"[^>]*status="8"/, 'nothing of the power-on was applied');
    assert.doesNotMatch(off, /<Task /, 'no task holds it');
    const again = await hello.call('POST', `${kept}/power/action/powerOn`);
    assert.equal(again.status, 202, again.text);
    await t.clock.advance(DELAY);
    assert.equal(attr(await get(taskOf(again.text)), 'status'), 'success');
    assert.match(await get(kept), /<VApp [^>]*status="4"/);

    const lost = vappOf(creation.text);
    const failed = await get(lost);
    assert.match(failed, /<VApp [^>]*status="-1"/, 'FAILED_CREATION');
    assert.doesNotMatch(failed, /<Vm /);
    const removal = await hello.call('DELETE', lost);
    assert.equal(removal.status, 202, removal.text);
    await t.clock.advance(DELAY);
    assert.equal((await hello.call('GET', lost)).status, 403, 'deleted');
  });
});
