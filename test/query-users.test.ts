import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, JSON_, login, XML } from './helpers/http.ts';

const records = (text: string, element: string) => [...text.matchAll(new RegExp(`<${element} [^>]*/>`, 'g'))].map((m) => m[0]);
const names = (text: string, element: string) => records(text, element).map((r) => / name="([^"]*)"/.exec(r)![1]);

for (const engine of engines()) {
  describe(`user and adminUser queries on ${engine}`, () => {
    let t: TestCell;
    let provider: Record<string, string>;
    let tenant: Record<string, string>;
    const get = (auth: Record<string, string>, path: string) => call(t.url, 'GET', path, auth);
    before(async () => {
      t = await startCell({ engine });
      provider = { accept: XML(), authorization: `Bearer ${await login(t.url, 'administrator', 'System', PASSWORD)}` };
      tenant = { accept: XML(), authorization: `Bearer ${await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD)}` };
    });
    after(async () => { await t.close(); });

    test('the QueryList names both', async () => {
      const res = await get(tenant, '/api/query');
      for (const type of ['user', 'adminUser']) assert.match(res.text, new RegExp(`type=${type}&amp;format=idrecords" type="[^"]+" name="${type}"`));
    });

    test('type=user: the caller\'s own org, with role names and lock state', async () => {
      const res = await get(tenant, '/api/query?type=user&sortAsc=name');
      assert.equal(res.status, 200);
      assert.deepEqual(names(res.text, 'UserRecord'), ['HelloUser', 'OrgAdmin']);
      const [hello] = records(res.text, 'UserRecord');
      assert.match(hello!, /href="http:\/\/[^"]+\/api\/admin\/user\/[0-9a-f-]{36}"/);
      assert.match(hello!, /roleNames="vApp Author"/);
      assert.match(hello!, /isLocked="false"/);
      assert.deepEqual(names((await get(provider, '/api/query?type=user')).text, 'UserRecord'), ['administrator']);
    });

    test('type=adminUser: every org for the provider, the own org for a tenant; org is an href or a urn', async () => {
      const all = await get(provider, '/api/query?type=adminUser&sortAsc=name&pageSize=128');
      assert.deepEqual(names(all.text, 'AdminUserRecord'), ['administrator', 'HelloUser', 'OrgAdmin', 'Other']);
      assert.deepEqual(names((await get(tenant, '/api/query?type=adminUser&sortAsc=name')).text, 'AdminUserRecord'), ['HelloUser', 'OrgAdmin']);
      const org = (await t.cell.services.identity.findOrgByName('OtherOrg'))!;
      const byOrg = await get(provider, `/api/query?type=adminUser&filter=org==urn:vcloud:org:${org.id}`);
      const [other] = records(byOrg.text, 'AdminUserRecord');
      assert.equal(records(byOrg.text, 'AdminUserRecord').length, 1);
      assert.match(other!, new RegExp(`org="${t.url}/api/org/${org.id}"`));
      // pyvcloud's Org.list_users as the provider: org==<percent-encoded org href>
      const byHref = await get(provider, `/api/query?type=adminUser&filter=org==${encodeURIComponent(`${t.url}/api/org/${org.id}`)}`);
      assert.deepEqual(names(byHref.text, 'AdminUserRecord'), ['Other']);
      assert.deepEqual(names((await get(provider, `/api/query?type=adminUser&filter=org==${org.id}`)).text, 'AdminUserRecord'), ['Other']);
      assert.equal(records((await get(provider, '/api/query?type=adminUser&filter=org==Other-00000000-0000-4000-8000-00000000000')).text, 'AdminUserRecord').length, 0);
      const ids = await get(provider, `/api/query?type=adminUser&format=idrecords&filter=name==Other`);
      assert.match(ids.text, new RegExp(`<AdminUserRecord id="urn:vcloud:user:[0-9a-f-]{36}" [^>]*org="urn:vcloud:org:${org.id}"`));
      const picked = await get(provider, '/api/query?type=adminUser&fields=name,org&filter=name==Other');
      assert.match(picked.text, new RegExp(`<AdminUserRecord href="[^"]+" name="Other" org="${t.url}/api/org/${org.id}"/>`));
    });

    test('references and JSON', async () => {
      const refs = await get(tenant, '/api/query?type=user&format=references&filter=name==HelloUser');
      assert.match(refs.text, /<UserReferences [^>]*total="1"/);
      assert.match(refs.text, /<Reference href="[^"]+\/api\/admin\/user\/[0-9a-f-]{36}" id="urn:vcloud:user:[0-9a-f-]{36}" type="application\/vnd\.vmware\.admin\.user\+xml" name="HelloUser"\/>/);
      const json = JSON.parse((await get({ ...tenant, accept: JSON_() }, '/api/query?type=user&filter=name==OrgAdmin')).text);
      assert.equal(json.record.length, 1);
      assert.equal(json.record[0].name, 'OrgAdmin');
      assert.equal(json.record[0].roleNames, 'Organization Administrator');
    });

    test('service-account principals are not users', async () => {
      const res = await get(provider, '/api/query?type=adminUser&pageSize=128');
      assert.doesNotMatch(res.text, /service-account/i);
    });

    test('unknown fields are 400', async () => {
      for (const path of ['/api/query?type=user&filter=password==x', '/api/query?type=adminUser&sortAsc=roleNames', '/api/query?type=user&fields=org']) {
        assert.equal((await get(tenant, path)).status, 400, path);
      }
    });
  });
}
