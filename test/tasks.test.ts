// Tasks as objects over HTTP, on both stores, with realistic timing (taskDelayMs) on the ManualClock:
// running, progress, BUSY_ENTITY under concurrent writes, success, cancel, a failing work, the org's
// task list, visibility, and a restart that finds a task running (or a thousand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { attr, metadataValue, taskPathOf, VALUE_XML, type Caller } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';
import { errors } from '../src/server/errors.ts';
import { urn } from '../src/server/ids.ts';

const DELAY = 1000;

eachEngine('tasks', { config: { taskDelayMs: DELAY } }, (w) => {
  const put = (who: Caller, key: string, value: string) =>
    who.call('PUT', `/api/admin/org/${w.org}/metadata/${key}`, metadataValue('MetadataStringValue', value), VALUE_XML);
  const valueOf = async (key: string) => {
    const res = await w.orgAdmin.call('GET', `/api/org/${w.org}/metadata/${key}`);
    return res.status === 200 ? /<Value>([^<]*)<\/Value>/.exec(res.text)![1] : res.status;
  };
  const get = async (who: Caller, path: string) => {
    const res = await who.call('GET', path);
    assert.equal(res.status, 200, res.text);
    return res.text;
  };

  test('a delayed task is answered running, holds its entity against concurrent writes, progresses and succeeds', async () => {
    // Concurrent writes to one org: exactly one starts a task, the others are refused BUSY_ENTITY.
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((v) => put(w.orgAdmin, 'busy', v)));
    const started = answers.filter((r) => r.status === 202);
    assert.equal(started.length, 1, answers.map((r) => `${r.status} ${r.text}`).join('\n'));
    const refused = answers.filter((r) => r.status === 400);
    assert.equal(refused.length, 3);
    const task = started[0]!.text;
    const path = taskPathOf(task);
    for (const r of refused) {
      assert.match(r.text, /minorErrorCode="BUSY_ENTITY"/);
      assert.match(r.text, new RegExp(`message="The entity Ref: com.vmware.vcloud.entity.org:${w.org} is busy completing an operation METADATA_UPDATE. METADATA_UPDATE\\(com.vmware.vcloud.entity.task:${path.split('/').pop()}\\)"`));
    }
    assert.equal(attr(task, 'status'), 'running');
    assert.equal(attr(task, 'endTime'), undefined);
    assert.equal(attr(task, 'expiryTime'), new Date(w.t.clock.now() + 90 * 86_400_000).toISOString());
    assert.match(task, /<Link rel="task:cancel" href="[^"]*\/action\/cancel"\/>/);
    assert.match(task, /<Progress>0<\/Progress>/);
    assert.equal(await valueOf('busy'), 404, 'not applied while running');
    assert.equal((await put(w.orgAdmin, 'other-key', 'x')).status, 400, 'the entity is busy, whatever the key');

    await w.t.clock.advance(DELAY / 2);
    const halfway = await get(w.orgAdmin, path);
    assert.equal(attr(halfway, 'status'), 'running');
    assert.match(halfway, /<Progress>50<\/Progress>/);

    await w.t.clock.advance(DELAY / 2);
    const done = await get(w.orgAdmin, path);
    assert.equal(attr(done, 'status'), 'success');
    assert.equal(attr(done, 'endTime'), new Date(w.t.clock.now()).toISOString());
    assert.match(done, /<Progress>100<\/Progress>/);
    assert.doesNotMatch(done, /task:cancel/, 'an ended task cannot be cancelled');
    assert.ok(['a', 'b', 'c', 'd'].includes(await valueOf('busy') as string), 'the one started write is applied');
    assert.equal((await put(w.orgAdmin, 'after', 'free')).status, 202, 'the entity is free again');
    await w.t.clock.advance(DELAY);
  });

  test('cancel ends a running task in error with cancelRequested, and nothing of it is applied', async () => {
    const started = await put(w.orgAdmin, 'cancelled', 'never');
    assert.equal(started.status, 202, started.text);
    const path = taskPathOf(started.text);
    const cancel = await w.orgAdmin.call('POST', `${path}/action/cancel`);
    assert.equal(cancel.status, 204, cancel.text);
    const ended = await get(w.orgAdmin, path);
    assert.equal(attr(ended, 'status'), 'error');
    assert.equal(attr(ended, 'cancelRequested'), 'true');
    assert.ok(attr(ended, 'endTime'));
    assert.match(ended, /<Error minorErrorCode="BAD_REQUEST" message="The task was canceled by a user request." majorErrorCode="400"\/>/);
    await w.t.clock.advance(DELAY * 2);
    assert.equal(attr(await get(w.orgAdmin, path), 'status'), 'error', 'its timer did not run on');
    assert.equal(await valueOf('cancelled'), 404);
    const again = await w.orgAdmin.call('POST', `${path}/action/cancel`);
    assert.equal(again.status, 400);
    assert.match(again.text, /has already ended/);
    assert.equal((await put(w.orgAdmin, 'cancelled', 'later')).status, 202, 'the entity is free again');
    await w.t.clock.advance(DELAY);
    assert.equal(await valueOf('cancelled'), 'later');
  });

  test('a work that fails ends its task in error with an Error inside, and its writes are undone', async () => {
    const session = await w.orgAdmin.session();
    const task = await w.t.cell.services.tasks.run({
      session, owner: { urn: urn('org', w.org), name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${w.org}` },
      operationName: 'metadataUpdate', operation: 'Failing on purpose',
      work: async (trx) => {
        await trx.insertInto('metadata').values({
          entity_urn: urn('org', w.org), domain: 'GENERAL', key: 'half-done', visibility: 'READWRITE', value_type: 'MetadataStringValue', value: 'x',
        }).execute();
        throw errors.badRequest('The requested operation could not be executed.');
      },
    });
    await w.t.clock.advance(DELAY);
    const failed = await get(w.orgAdmin, `/api/task/${task.id}`);
    assert.equal(attr(failed, 'status'), 'error');
    assert.equal(attr(failed, 'cancelRequested'), 'false');
    assert.match(failed, /<Owner [^>]*\/><Error minorErrorCode="BAD_REQUEST" message="The requested operation could not be executed." majorErrorCode="400"\/><User /);
    assert.equal(await valueOf('half-done'), 404, 'the work\'s write was rolled back');

    const crash = await w.t.cell.services.tasks.run({
      session, owner: { urn: urn('org', w.org), name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${w.org}` },
      operationName: 'metadataUpdate', operation: 'Crashing', work: async () => { throw new Error('secret internals'); },
    });
    await w.t.clock.advance(DELAY);
    const crashed = await get(w.orgAdmin, `/api/task/${crash.id}`);
    assert.match(crashed, /<Error minorErrorCode="INTERNAL_SERVER_ERROR" message="An internal error occurred." majorErrorCode="500"\/>/);
    assert.doesNotMatch(crashed, /secret internals/);
  });

  test('tasksList: the org\'s tasks, newest first; a user sees their own, an administrator and the provider all; another org nothing', async () => {
    const session = await w.hello.session();
    const own = await w.t.cell.services.tasks.run({
      session, owner: { urn: urn('org', w.org), name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${w.org}` },
      operationName: 'metadataUpdate', operation: 'HelloUser\'s own', work: async () => {},
    });
    const adminList = await get(w.orgAdmin, `/api/tasksList/${w.org}`);
    const ids = [...adminList.matchAll(/<Task href="[^"]*\/api\/task\/([0-9a-f-]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 6, adminList);
    assert.equal(ids[0], own.id, 'newest first');
    assert.match(adminList, /<TasksList xmlns="[^"]+" href="[^"]*\/api\/tasksList\/[^"]+" type="application\/vnd.vmware.vcloud.tasksList\+xml" name="ExampleOrg"><Task /);
    assert.match(adminList, new RegExp(`<Task href="[^"]*/api/task/${own.id}"[^>]*status="running"[^>]*><Link rel="task:cancel"`));
    assert.deepEqual([...(await get(w.provider, `/api/tasksList/${w.org}`)).matchAll(/<Task href="[^"]*\/api\/task\/([0-9a-f-]+)"/g)].map((m) => m[1]), ids);

    const helloList = await get(w.hello, `/api/tasksList/${w.org}`);
    assert.deepEqual([...helloList.matchAll(/<Task href="[^"]*\/api\/task\/([0-9a-f-]+)"/g)].map((m) => m[1]), [own.id]);
    assert.equal((await w.hello.call('GET', `/api/task/${ids[1]}`)).status, 403, 'an org administrator\'s task is not a vApp Author\'s');
    assert.equal((await w.hello.call('POST', `/api/task/${ids[1]}/action/cancel`)).status, 403);

    for (const path of [`/api/task/${own.id}`, `/api/tasksList/${w.org}`]) {
      const res = await w.other.call('GET', path);
      assert.equal(res.status, 403, path);
      assert.match(res.text, /minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN"/);
    }
    assert.equal((await w.other.call('POST', `/api/task/${own.id}/action/cancel`)).status, 403);
    const unknown = await w.orgAdmin.call('GET', '/api/task/00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 403, 'an unknown task answers as another org\'s');
    assert.equal((await w.orgAdmin.call('GET', '/api/task/nope')).status, 400);
    assert.equal((await w.other.call('GET', `/api/tasksList/${await w.orgId('OtherOrg')}`)).text.includes('<Task '), false);
    await w.t.clock.advance(DELAY);
  });

  test('a restart finds a task that was running: it ends aborted, and its entity is free', async () => {
    const started = await put(w.orgAdmin, 'restart', 'lost');
    assert.equal(started.status, 202, started.text);
    const path = taskPathOf(started.text);
    await w.t.stop();
    w.t = await w.t.restart();
    w.orgAdmin = await w.as('OrgAdmin', 'ExampleOrg');
    const after = await get(w.orgAdmin, path);
    assert.equal(attr(after, 'status'), 'aborted');
    assert.ok(attr(after, 'endTime'));
    assert.match(after, /<Error minorErrorCode="INTERNAL_SERVER_ERROR" message="The task was aborted: the cell stopped before it completed."/);
    await w.t.clock.advance(DELAY);
    assert.equal(await valueOf('restart'), 404);
    assert.equal((await put(w.orgAdmin, 'restart', 'kept')).status, 202);
    await w.t.clock.advance(DELAY);
    assert.equal(await valueOf('restart'), 'kept');
  });

  test('a restart ends every task left running, however many: the sweep reads them a batch at a time', async () => {
    const db = w.t.cell.store.db;
    const model = await db.selectFrom('tasks').selectAll().where('status', '!=', 'running').limit(1).executeTakeFirstOrThrow();
    const left = 1001; // two whole batches of the sweep and one more
    for (let i = 0; i < left; i += 100) {
      await db.insertInto('tasks').values(Array.from({ length: Math.min(100, left - i) }, () => ({
        ...model, id: randomUUID(), status: 'running', end_time: null, busy_owner: null, error_status: null, error_code: null, error_message: null,
      }))).execute();
    }
    const running = async () => Number((await w.t.cell.store.db.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'running').executeTakeFirstOrThrow()).n);
    assert.equal(await running(), left);
    await w.t.stop();
    w.t = await w.t.restart();
    w.orgAdmin = await w.as('OrgAdmin', 'ExampleOrg');
    assert.equal(await running(), 0);
  });
});
