// Cells sharing a store carry their own tasks: one cell's sweep for tasks whose end it could not write
// (endAbandoned, on its clock) never ends a task another cell is still running.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, login, XML } from './helpers/http.ts';

const ORG_XML = 'application/vnd.vmware.admin.organization+xml';

for (const engine of engines()) {
  describe(`tasks on a store two cells share on ${engine}`, () => {
    let a: TestCell;
    let b: TestCell;
    before(async () => {
      // A's tasks take time, on a clock the test never moves: they run until the test ends.
      a = await startCell({ engine, config: { taskDelayMs: 4000 } });
      b = await startCell({ seed: {}, config: { databaseUrl: a.config.databaseUrl, dataDir: a.config.dataDir } });
    });
    after(async () => { await b?.close(); await a?.close(); });

    test("one cell's sweep leaves the other's running task running", async () => {
      const token = await login(a.url, 'administrator', 'System', PASSWORD);
      const as = (contentType?: string) =>
        ({ accept: XML('37.0'), authorization: `Bearer ${token}`, ...(contentType && { 'content-type': `${contentType};version=37.0` }) });
      const created = await call(a.url, 'POST', '/api/admin/orgs', as(ORG_XML),
        '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="Doomed"><FullName>Doomed</FullName><IsEnabled>false</IsEnabled><Settings/></AdminOrg>');
      assert.equal(created.status, 201, created.text);
      const id = /id="urn:vcloud:org:([0-9a-f-]+)"/.exec(created.text)![1]!;
      const deleting = await call(a.url, 'DELETE', `/api/admin/org/${id}`, as());
      assert.equal(deleting.status, 202, deleting.text);
      const task = /<Task [^>]*href="[^"]*(\/api\/task\/[0-9a-f-]+)"/.exec(deleting.text)![1]!;
      assert.match(deleting.text, /status="running"/);

      await b.cell.services.tasks.endAbandoned();

      const after = await call(a.url, 'GET', task, as());
      assert.equal(after.status, 200, after.text);
      assert.match(after.text, /<Task [^>]*status="running"/, "B's sweep did not end A's task");
    });
  });
}
