// An org's TasksList has no paging (VCD's TasksListType): it holds the newest 128 tasks, and when there are
// more it says so with a link to the query that pages every one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eachEngine } from './helpers/world.ts';
import { urn } from '../src/server/ids.ts';
import { MAX_PAGE_SIZE } from '../src/server/services/listing.ts';

const TASKS = MAX_PAGE_SIZE + 3;
const taskIds = (text: string, element: string) =>
  [...text.matchAll(new RegExp(`<${element} [^>]*href="[^"]*/api/task/([0-9a-f-]+)"`, 'g'))].map((m) => m[1]!);

eachEngine('an org\'s task list past its bound', {}, (w) => {
  test('the newest 128, then a link to the paged query that holds them all', async () => {
    const session = await w.orgAdmin.session();
    const owner = { urn: urn('org', w.org), name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${w.org}` };
    const run = () => w.t.cell.services.tasks.run({ session, owner, operationName: 'metadataUpdate', operation: 'one of many', work: async () => {} });
    assert.doesNotMatch((await w.orgAdmin.call('GET', `/api/tasksList/${w.org}`)).text, /<Link /, 'no link while the list is whole');
    for (let i = 0; i < TASKS; i++) {
      await run();
      await w.t.clock.advance(1); // one start time each, so newest first is one order
    }
    const list = (await w.orgAdmin.call('GET', `/api/tasksList/${w.org}`)).text;
    const listed = taskIds(list, 'Task');
    assert.equal(listed.length, MAX_PAGE_SIZE);
    const more = /<Link rel="down" href="([^"]+)" type="application\/vnd\.vmware\.vcloud\.query\.records\+xml"\/>/.exec(list)?.[1];
    assert.ok(more, `a link to the rest: ${list.slice(0, 400)}`);

    const query = more.replaceAll('&amp;', '&').replace(/^https?:\/\/[^/]+/, '');
    const everyTask: string[] = [];
    for (let page = 1; ; page++) {
      const res = await w.orgAdmin.call('GET', `${query}&pageSize=${MAX_PAGE_SIZE}&page=${page}`);
      assert.equal(res.status, 200, res.text);
      const ids = taskIds(res.text, 'AdminTaskRecord');
      everyTask.push(...ids);
      if (ids.length < MAX_PAGE_SIZE) break;
    }
    assert.ok(everyTask.length >= TASKS, `${everyTask.length} tasks through the query`);
    assert.deepEqual(everyTask.slice(0, MAX_PAGE_SIZE), listed, 'the list is the query\'s first page, newest first');
  });
});
