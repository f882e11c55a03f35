// Two cells on one store (one PostgreSQL database, or one SQLite file): an org created, renamed, disabled or
// deleted through one cell is seen at once by the other, which keeps no copy of the orgs table of its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applySeed } from '../src/server/bootstrap.ts';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { basic, call, login, XML } from './helpers/http.ts';

const ORG_XML = 'application/vnd.vmware.admin.organization+xml';
const orgBody = (name: string, enabled = true) =>
  `<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"><FullName>${name} full</FullName>` +
  `<IsEnabled>${enabled}</IsEnabled><Settings/></AdminOrg>`;

for (const engine of engines()) {
  describe(`orgs on a store two cells share on ${engine}`, () => {
    let a: TestCell;
    let b: TestCell;
    let atA: string;
    let atB: string;
    before(async () => {
      a = await startCell({ engine });
      // The second cell opens the first one's store (its database URL, or its SQLite file) and seeds nothing.
      b = await startCell({ seed: {}, config: { databaseUrl: a.config.databaseUrl, dataDir: a.config.dataDir } });
      atA = await login(a.url, 'administrator', 'System', PASSWORD);
      atB = await login(b.url, 'administrator', 'System', PASSWORD);
    });
    after(async () => { await b?.close(); await a?.close(); });

    const as = (token: string, contentType?: string) =>
      ({ accept: XML('37.0'), authorization: `Bearer ${token}`, ...(contentType && { 'content-type': `${contentType};version=37.0` }) });
    const getB = (path: string) => call(b.url, 'GET', path, as(atB));
    const tenantLoginAtB = (org: string) =>
      call(b.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: 'application/json;version=37.0', authorization: basic('alice', org, PASSWORD) });

    test('creation, rename, disabling and deletion at one cell show at the other at once', async () => {
      const created = await call(a.url, 'POST', '/api/admin/orgs', as(atA, ORG_XML), orgBody('Shared'));
      assert.equal(created.status, 201, created.text);
      const id = /id="urn:vcloud:org:([0-9a-f-]+)"/.exec(created.text)![1]!;

      assert.equal((await getB(`/api/org/${id}`)).status, 200, 'the new org is found by id at B');
      assert.match((await getB('/api/org')).text, /name="Shared"/, 'and listed at B');
      // Users are added at B by the org's name (the seed looks the org up), and log in at B.
      await applySeed(b.cell.services, { orgs: [{ name: 'Shared', users: [{ name: 'alice', password: PASSWORD, role: 'vApp Author' }] }] });
      assert.equal((await tenantLoginAtB('Shared')).status, 200);

      const renamed = await call(a.url, 'PUT', `/api/admin/org/${id}`, as(atA, ORG_XML), orgBody('SharedRenamed'));
      assert.equal(renamed.status, 200, renamed.text);
      assert.match((await getB(`/api/admin/org/${id}`)).text, /<AdminOrg [^>]*name="SharedRenamed"/, 'B answers the new name');
      assert.equal((await tenantLoginAtB('SharedRenamed')).status, 200);

      assert.equal((await call(a.url, 'POST', `/api/admin/org/${id}/action/disable`, as(atA))).status, 204);
      assert.match((await getB(`/api/admin/org/${id}`)).text, /<IsEnabled>false<\/IsEnabled>/, 'B sees it disabled');
      assert.equal((await tenantLoginAtB('SharedRenamed')).status, 401, 'and refuses its users');

      const deleted = await call(a.url, 'DELETE', `/api/admin/org/${id}`, as(atA));
      assert.equal(deleted.status, 202, deleted.text);
      assert.match(deleted.text, /status="success"/);
      assert.equal((await getB(`/api/org/${id}`)).status, 403, 'the deleted org is gone at B');
      assert.doesNotMatch((await getB('/api/org')).text, /name="SharedRenamed"/);
    });

    test('a name another cell has taken is a duplicate at this one', async () => {
      assert.equal((await call(a.url, 'POST', '/api/admin/orgs', as(atA, ORG_XML), orgBody('TakenAtA'))).status, 201);
      const clash = await call(b.url, 'POST', '/api/admin/orgs', as(atB, ORG_XML), orgBody('takenata'));
      assert.equal(clash.status, 400, clash.text);
      assert.match(clash.text, /DUPLICATE_NAME/);
    });
  });
}
