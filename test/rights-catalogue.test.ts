import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, login } from './helpers/http.ts';
import { cloudClient, type Cloud } from './helpers/cloudapi.ts';
import { ALL_RIGHTS, TENANT_RIGHTS } from '../src/server/inventory/rights-catalogue.ts';

for (const engine of engines()) {
  describe(`rights catalogue on ${engine}`, () => {
    let t: TestCell;
    let provider: Cloud;
    let tenant: Cloud;
    before(async () => {
      t = await startCell({ engine });
      provider = cloudClient(t.url, await login(t.url, 'administrator', 'System', PASSWORD));
      tenant = cloudClient(t.url, await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD));
    });
    after(async () => { await t.close(); });

    test('the provider pages through every right, with VCD page links', async () => {
      const first = await provider('GET', '/rights?pageSize=10');
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.resultTotal, ALL_RIGHTS.length);
      assert.equal(first.json.pageCount, Math.ceil(ALL_RIGHTS.length / 10));
      assert.equal(first.json.values.length, 10);
      assert.match(first.headers.get('link')!, /page=2[^>]*>;rel="nextPage"/);
      const second = await provider('GET', '/rights?pageSize=10&page=2');
      assert.equal(second.json.page, 2);
      const names = [...first.json.values, ...second.json.values].map((r: { name: string }) => r.name);
      assert.equal(new Set(names).size, 20, 'pages do not overlap');
    });

    test('a filter by name finds one right, whose URN id reads it back', async () => {
      const res = await provider('GET', `/rights?filter=${encodeURIComponent('name==Organization: View')}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.resultTotal, 1);
      const right = res.json.values[0];
      assert.equal(right.name, 'Organization: View');
      assert.equal(right.rightType, 'VIEW');
      assert.match(right.id, /^urn:vcloud:right:[0-9a-f-]{36}$/);
      assert.match(right.category, /^urn:vcloud:rightsCategory:/);
      const got = await provider('GET', `/rights/${right.id}`);
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.json, right);

      const wildcard = await provider('GET', `/rights?pageSize=128&filter=${encodeURIComponent('name==vapp*')}`);
      assert.equal(wildcard.json.resultTotal, ALL_RIGHTS.filter((n) => n.toLowerCase().startsWith('vapp')).length);
      assert.equal((await provider('GET', '/rights?filter=colour==red')).status, 400);
    });

    test('a tenant sees only the rights published to its org', async () => {
      const res = await tenant('GET', '/rights?pageSize=128');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.resultTotal, TENANT_RIGHTS.length);
      assert.ok(!res.json.values.some((r: { name: string }) => r.name === 'Provider vDC: View'));
      const providerOnly = await provider('GET', `/rights?filter=${encodeURIComponent('name==Provider vDC: View')}`);
      const id = providerOnly.json.values[0].id;
      assert.equal((await tenant('GET', `/rights/${id}`)).status, 403);
      assert.equal((await call(t.url, 'GET', '/cloudapi/1.0.0/rights', { accept: 'application/json;version=37.0' })).status, 401);
    });
  });
}
