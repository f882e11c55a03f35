import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { call, login } from './helpers/http.ts';
import { cloudClient, refs, type Cloud } from './helpers/cloudapi.ts';
import { oauthBase } from './helpers/oauth.ts';
import { applySeed, type SeedFile } from '../src/server/bootstrap.ts';
import { TENANT_RIGHTS } from '../src/server/inventory/rights-catalogue.ts';

const OWN_TOKEN = "Manage user's own API token";
const names = (res: { json: { values: Array<{ name: string }> } }) => res.json.values.map((v) => v.name);

for (const engine of engines()) {
  describe(`rights bundles on ${engine}`, () => {
    let t: TestCell;
    let providerToken: string;
    let provider: Cloud;
    let tenantAdmin: Cloud;
    before(async () => {
      t = await startCell({ engine });
      providerToken = await login(t.url, 'administrator', 'System', PASSWORD);
      provider = cloudClient(t.url, providerToken);
      tenantAdmin = cloudClient(t.url, await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD));
    });
    after(async () => { await t.close(); });

    const defaultBundle = async () => {
      const res = await provider('GET', `/rightsBundles?filter=${encodeURIComponent('name==Default Rights Bundle')}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.resultTotal, 1);
      return res.json.values[0] as { id: string; name: string; publishAll: boolean };
    };

    test('every tenant org gets the Default Rights Bundle with the tenant rights', async () => {
      const bundle = await defaultBundle();
      assert.match(bundle.id, /^urn:vcloud:rightsBundle:[0-9a-f-]{36}$/);
      const tenants = await provider('GET', `/rightsBundles/${bundle.id}/tenants`);
      assert.deepEqual(names(tenants).sort(), ['ExampleOrg', 'OtherOrg']);
      assert.match(tenants.json.values[0].id, /^urn:vcloud:org:/);
      const rights = await provider('GET', `/rightsBundles/${bundle.id}/rights?pageSize=128`);
      assert.deepEqual(names(rights).sort(), [...TENANT_RIGHTS].sort());
    });

    test('only the provider manages bundles', async () => {
      const bundle = await defaultBundle();
      assert.equal((await tenantAdmin('GET', '/rightsBundles')).status, 403);
      assert.equal((await tenantAdmin('GET', `/rightsBundles/${bundle.id}`)).status, 403);
      assert.equal((await tenantAdmin('POST', '/rightsBundles', { name: 'Mine' })).status, 403);
      assert.equal((await tenantAdmin('PUT', `/rightsBundles/${bundle.id}/rights`, refs('Provider vDC: View'))).status, 403);
      assert.equal((await tenantAdmin('POST', `/rightsBundles/${bundle.id}/tenants/publish`, refs('ExampleOrg'))).status, 403);
      assert.equal((await tenantAdmin('DELETE', `/rightsBundles/${bundle.id}`)).status, 403);
    });

    test('the provider creates, fills, publishes, renames and deletes a bundle', async () => {
      const created = await provider('POST', '/rightsBundles', { name: 'Extra', description: 'More' });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.publishAll, false);
      const id = created.json.id as string;
      assert.equal((await provider('POST', '/rightsBundles', { name: 'extra' })).status, 400);

      const rights = await provider('PUT', `/rightsBundles/${id}/rights`, refs('Provider vDC: View', 'Organization: View'));
      assert.equal(rights.status, 200, rights.text);
      assert.deepEqual(names(rights), ['Organization: View', 'Provider vDC: View']);

      assert.deepEqual(names(await provider('PUT', `/rightsBundles/${id}/tenants`, refs('OtherOrg'))), ['OtherOrg']);
      assert.deepEqual(names(await provider('POST', `/rightsBundles/${id}/tenants/publish`, refs('ExampleOrg'))), ['ExampleOrg', 'OtherOrg']);
      assert.deepEqual(names(await provider('POST', `/rightsBundles/${id}/tenants/unpublish`, refs('OtherOrg'))), ['ExampleOrg']);
      assert.equal((await provider('POST', `/rightsBundles/${id}/tenants/publish`, refs('NoSuchOrg'))).status, 400);
      // By URN id too, beside a name; the System org is no tenant by either.
      const other = (await t.cell.services.identity.findOrgByName('OtherOrg'))!.id;
      const byId = await provider('PUT', `/rightsBundles/${id}/tenants`, { values: [{ id: `urn:vcloud:org:${other.toUpperCase()}` }, { name: 'exampleorg' }] });
      assert.deepEqual(names(byId), ['ExampleOrg', 'OtherOrg'], byId.text);
      assert.equal((await provider('POST', `/rightsBundles/${id}/tenants/publish`, refs('System'))).status, 400);
      assert.deepEqual(names(await provider('PUT', `/rightsBundles/${id}/tenants`, refs('ExampleOrg'))), ['ExampleOrg']);
      // A right the bundle brings becomes visible to the tenant.
      const tenantRights = await tenantAdmin('GET', `/rights?filter=${encodeURIComponent('name==Provider vDC: View')}`);
      assert.equal(tenantRights.json.resultTotal, 1);

      // go-vcloud-director sends these actions with a JSON content type and no body.
      const all = await call(t.url, 'POST', `/cloudapi/1.0.0/rightsBundles/${id}/tenants/publishAll`,
        { accept: 'application/json;version=37.0', 'content-type': 'application/json', authorization: `Bearer ${providerToken}` });
      assert.equal(all.status, 200, all.text);
      assert.equal((await provider('GET', `/rightsBundles/${id}`)).json.publishAll, true);

      const renamed = await provider('PUT', `/rightsBundles/${id}`, { name: 'Extra rights' });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.json.description, 'More');
      assert.equal((await provider('DELETE', `/rightsBundles/${id}`)).status, 204);
      assert.equal((await provider('GET', `/rightsBundles/${id}`)).status, 403);
      assert.equal((await tenantAdmin('GET', `/rights?filter=${encodeURIComponent('name==Provider vDC: View')}`)).json.resultTotal, 0);
    });

    test('taking a right out of the published bundle takes it from live sessions', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      let n = 0;
      const register = () => call(t.url, 'POST', `${oauthBase('ExampleOrg')}/register`,
        { 'content-type': 'application/json', accept: 'application/json;version=', authorization: `Bearer ${session}` },
        JSON.stringify({ client_name: `cli-${++n}` }));
      assert.equal((await register()).status, 200);

      const bundle = await defaultBundle();
      const without = TENANT_RIGHTS.filter((r) => r !== OWN_TOKEN);
      assert.equal((await provider('PUT', `/rightsBundles/${bundle.id}/rights`, refs(...without))).status, 200);
      assert.equal((await register()).status, 403, 'no new login needed');

      // Another bundle published to the org brings the right back; unpublishing it takes it away again.
      const tokens = await provider('POST', '/rightsBundles', { name: 'Tokens' });
      await provider('PUT', `/rightsBundles/${tokens.json.id}/rights`, refs(OWN_TOKEN));
      await provider('POST', `/rightsBundles/${tokens.json.id}/tenants/publish`, refs('ExampleOrg'));
      assert.equal((await register()).status, 200);
      await provider('POST', `/rightsBundles/${tokens.json.id}/tenants/unpublish`, refs('ExampleOrg'));
      assert.equal((await register()).status, 403);

      // The System org answers to no bundle.
      const res = await call(t.url, 'POST', `${oauthBase('System')}/register`,
        { 'content-type': 'application/json', accept: 'application/json;version=', authorization: `Bearer ${providerToken}` }, JSON.stringify({ client_name: 'p' }));
      assert.equal(res.status, 200, res.text);
      await provider('PUT', `/rightsBundles/${bundle.id}/rights`, refs(...TENANT_RIGHTS));
    });
  });

  describe(`seeded roles and bundles on ${engine}`, () => {
    const SEED: SeedFile = {
      ...TEST_SEED,
      orgs: [
        { name: 'ExampleOrg', roles: [{ name: 'Auditor', description: 'Audit only', rights: ['Organization: View', 'Audit: Manage'] }],
          users: [{ name: 'Aud', password: PASSWORD, role: 'Auditor' }, { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' }] },
        { name: 'OtherOrg', roles: [{ name: 'Auditor', rights: ['Organization: View', 'Audit: Manage'] }],
          users: [{ name: 'Aud', password: PASSWORD, role: 'Auditor' }] },
      ],
      rightsBundles: [
        { name: 'Default Rights Bundle', rights: TENANT_RIGHTS.filter((r) => r !== 'Audit: Manage'), publishTo: ['ExampleOrg', 'OtherOrg'] },
        { name: 'Audit', rights: ['Audit: Manage'], publishTo: ['ExampleOrg'] },
      ],
    };
    let t: TestCell;
    before(async () => { t = await startCell({ engine, seed: SEED }); });
    after(async () => { await t.close(); });

    test('custom roles hold their rights where a bundle publishes them, and the seed is idempotent', async () => {
      const audit = async (org: string) => call(t.url, 'GET', '/cloudapi/1.0.0/auditTrail',
        { accept: 'application/json;version=37.0', authorization: `Bearer ${await login(t.url, 'Aud', org, PASSWORD)}` });
      assert.equal((await audit('ExampleOrg')).status, 200);
      assert.equal((await audit('OtherOrg')).status, 403, 'OtherOrg has no bundle with the audit right');

      await applySeed(t.cell.services, SEED);
      const provider = cloudClient(t.url, await login(t.url, 'administrator', 'System', PASSWORD));
      const bundles = await provider('GET', '/rightsBundles');
      assert.deepEqual(names(bundles), ['Audit', 'Default Rights Bundle'], 'no second bundle');
      const auditBundle = bundles.json.values[0];
      assert.deepEqual(names(await provider('GET', `/rightsBundles/${auditBundle.id}/tenants`)), ['ExampleOrg']);
      const admin = cloudClient(t.url, await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD));
      const roles = await admin('GET', `/roles?filter=${encodeURIComponent('name==Auditor')}`);
      assert.equal(roles.json.resultTotal, 1, 'no second Auditor');
      assert.equal(roles.json.values[0].description, 'Audit only');
      assert.deepEqual(names(await admin('GET', `/roles/${roles.json.values[0].id}/rights`)), ['Audit: Manage', 'Organization: View']);
      assert.equal((await audit('ExampleOrg')).status, 200);
    });
  });
}

