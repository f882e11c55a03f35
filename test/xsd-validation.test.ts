// Every XML document the cell serves, fetched over HTTP from a real cell and validated with libxml2 against
// VMware's published XSDs (see helpers/xsd.ts). Skips, saying why, when the schemas are not checked out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { basic, call } from './helpers/http.ts';
import { MASTER_XSD, schemasProblem, validate, VERSIONS_XSD } from './helpers/xsd.ts';

const ACCEPT = 'application/*+xml;version=37.0';
const problem = schemasProblem();

async function assertValid(xml: string, root = MASTER_XSD) {
  const result = await validate(xml, root);
  const problems = result.errors.filter((e) => e.loc?.fileName === 'document.xml').map((e) => e.message);
  assert.ok(result.valid, `schema errors:\n${problems.join('\n')}\n--- document:\n${xml}`);
}

describe('XML documents validate against the VMware XSDs', { skip: problem }, () => {
  let t: TestCell;
  let tenant: string;
  let provider: string;
  const get = async (path: string, token: string, status = 200) => {
    const res = await call(t.url, 'GET', path, { accept: ACCEPT, authorization: `Bearer ${token}` });
    assert.equal(res.status, status, `${path}: ${res.text}`);
    return res.text;
  };
  const orgIdOf = (orgList: string, name: string) =>
    new RegExp(`href="[^"]*/api/org/([0-9a-f-]+)" name="${name}"`).exec(orgList)?.[1];

  const logins: string[] = [];

  before(async () => {
    t = await startCell();
    for (const [user, org] of [['HelloUser', 'ExampleOrg'], ['administrator', 'System']] as const) {
      const res = await call(t.url, 'POST', '/api/sessions', { accept: ACCEPT, authorization: basic(user, org, PASSWORD) });
      assert.equal(res.status, 200, res.text);
      logins.push(res.text);
      if (org === 'System') provider = res.headers.get('x-vmware-vcloud-access-token')!;
      else tenant = res.headers.get('x-vmware-vcloud-access-token')!;
    }
  });
  after(async () => { await t.close(); });

  test('a broken document is rejected, so these checks can fail', async () => {
    const result = await validate('<Session xmlns="http://www.vmware.com/vcloud/v1.5" bogus="1"><Nope/></Session>');
    assert.equal(result.valid, false);
    assert.ok(result.errors.some((e) => /attribute 'bogus'/.test(e.message)), result.rawOutput);
    assert.ok(result.errors.some((e) => /Nope.*not expected/.test(e.message)), result.rawOutput);
  });

  test('SupportedVersions', async () => {
    const res = await call(t.url, 'GET', '/api/versions');
    assert.equal(res.status, 200);
    await assertValid(res.text, VERSIONS_XSD);
  });

  test('SupportedVersions: every VersionInfo from 36.0 on names its ProviderLoginUrl', async () => {
    const { text } = await call(t.url, 'GET', '/api/versions');
    const infos = [...text.matchAll(/<VersionInfo[^>]*>(.*?)<\/VersionInfo>/g)].map((m) => m[1]!);
    assert.ok(infos.length > 5);
    for (const info of infos) {
      const version = /<Version>([\d.]+)<\/Version>/.exec(info)![1]!;
      const hasProviderLogin = /<ProviderLoginUrl>[^<]+<\/ProviderLoginUrl>/.test(info);
      assert.equal(hasProviderLogin, Number.parseFloat(version) >= 36, `VersionInfo ${version}`);
    }
  });

  test('a broken SupportedVersions is rejected', async () => {
    const result = await validate('<SupportedVersions xmlns="http://www.vmware.com/vcloud/versions"><VersionInfo><LoginUrl>x</LoginUrl></VersionInfo></SupportedVersions>', VERSIONS_XSD);
    assert.equal(result.valid, false);
  });

  test('Session of tenant and provider (POST /api/sessions, GET /api/session)', async () => {
    for (const login of logins) await assertValid(login);
    await assertValid(await get('/api/session', tenant));
    await assertValid(await get('/api/session', provider));
  });

  test('OrgList and Org', async () => {
    const tenantList = await get('/api/org', tenant);
    await assertValid(tenantList);
    const providerList = await get('/api/org', provider);
    await assertValid(providerList);
    const id = orgIdOf(providerList, 'ExampleOrg');
    assert.ok(id, providerList);
    await assertValid(await get(`/api/org/${id}`, tenant));
    await assertValid(await get(`/api/org/${id}`, provider));
  });

  test('QueryList and QueryResultRecords in every format', async () => {
    for (const token of [tenant, provider]) {
      await assertValid(await get('/api/query', token));
      for (const type of ['organization', 'orgVdc', 'user', 'adminUser']) {
        for (const format of ['', '&format=records', '&format=references', '&format=idrecords']) {
          await assertValid(await get(`/api/query?type=${type}${format}`, token));
        }
      }
    }
    await assertValid(await get('/api/query?type=adminOrgVdc', provider));
    await assertValid(await get('/api/query?type=organization&pageSize=1', provider));
  });

  test('Entity', async () => {
    const id = orgIdOf(await get('/api/org', provider), 'ExampleOrg');
    await assertValid(await get(`/api/entity/urn:vcloud:org:${id}`, tenant));
    await assertValid(await get(`/api/entity/urn:vcloud:org:${id}`, provider));
  });

  test('VCloud admin root and AdminOrg', async () => {
    const id = orgIdOf(await get('/api/org', provider), 'ExampleOrg');
    await assertValid(await get('/api/admin/', provider));
    await assertValid(await get(`/api/admin/org/${id}`, provider));
  });

  test('Error documents (400, 401, 403, 404, 405, 406)', async () => {
    const providerList = await get('/api/org', provider);
    const otherId = orgIdOf(providerList, 'OtherOrg')!;
    await assertValid(await get(`/api/org/${otherId}`, tenant, 403));
    await assertValid(await get('/api/no-such-thing', tenant, 404));
    await assertValid(await get('/api/org/%E0%A4%A', tenant, 400));
    await assertValid((await call(t.url, 'GET', '/api/session', { accept: ACCEPT })).text);
    await assertValid((await call(t.url, 'PUT', '/api/session', { accept: ACCEPT, authorization: `Bearer ${tenant}` })).text);
    const notAcceptable = await call(t.url, 'GET', '/api/session', { accept: 'application/*+xml;version=1.0', authorization: `Bearer ${tenant}` });
    assert.equal(notAcceptable.status, 406);
    await assertValid(notAcceptable.text);
  });
});
