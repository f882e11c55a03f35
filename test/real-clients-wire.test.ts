// The wire contract pyvcloud, vcd-cli and go-vcloud-director (Terraform) rely on, step by step as they
// log in (scripts/try-real-clients.sh runs the Python clients themselves; Go ones cannot run here).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { basic, call, XML } from './helpers/http.ts';
import { INSTANTIATE, instantiateParams } from './helpers/vapps.ts';

interface Link { rel: string; href: string; type?: string; name?: string }

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false,
  isArray: (name) => name === 'Link' || name === 'VersionInfo',
});
const parse = (xml: string) => parser.parse(xml) as Record<string, Record<string, unknown>>;
const linksOf = (root: Record<string, unknown>) => (root.Link ?? []) as Link[];

/** pyvcloud's allow-list (API_CURRENT_VERSIONS); it picks the highest the server lists. */
const PYVCLOUD_VERSIONS = ['29.0', '30.0', '31.0', '32.0', '33.0', '34.0', '35.0', '36.0'];

for (const engine of engines()) {
  describe(`real-client wire contract on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    test('GET /api/versions with a bare application/*+xml lists versions pyvcloud knows', async () => {
      const res = await call(t.url, 'GET', '/api/versions', { accept: 'application/*+xml' });
      assert.equal(res.status, 200);
      const infos = parse(res.text).SupportedVersions!.VersionInfo as Array<{ Version: string; LoginUrl: string }>;
      const listed = infos.map((i) => i.Version);
      assert.ok(PYVCLOUD_VERSIONS.some((v) => listed.includes(v)), listed.join());
      const v36 = infos.find((i) => i.Version === '36.0');
      assert.equal(v36?.LoginUrl, `${t.url}/cloudapi/1.0.0/sessions`);
    });

    test('CloudAPI login as pyvcloud sends it: exactly 200 and X-VMWARE-VCLOUD-ACCESS-TOKEN; System goes to /provider', async () => {
      for (const [path, user, org] of [['/cloudapi/1.0.0/sessions', 'OrgAdmin', 'ExampleOrg'], ['/cloudapi/1.0.0/sessions/provider', 'administrator', 'system']] as const) {
        const res = await call(t.url, 'POST', path, { accept: 'application/json;version=36.0', authorization: basic(user, org, PASSWORD) });
        assert.equal(res.status, 200, `${path}: ${res.text}`);
        assert.ok(res.headers.get('x-vmware-vcloud-access-token'), 'pyvcloud reads this header or fails with a KeyError');
      }
    });

    test('a failed CloudAPI login is a 401 JSON error with minorErrorCode and message', async () => {
      const res = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: 'application/json;version=36.0', authorization: basic('OrgAdmin', 'ExampleOrg', 'wrong') });
      assert.equal(res.status, 401);
      const body = JSON.parse(res.text);
      assert.equal(body.minorErrorCode, 'UNAUTHORIZED');
      assert.equal(typeof body.message, 'string');
    });

    test('GET /api/session: each well-known (rel, type) link once, every href absolute', async () => {
      for (const [user, org, path] of [['OrgAdmin', 'ExampleOrg', '/cloudapi/1.0.0/sessions'], ['administrator', 'System', '/cloudapi/1.0.0/sessions/provider']] as const) {
        const login = await call(t.url, 'POST', path, { accept: 'application/json;version=36.0', authorization: basic(user, org, PASSWORD) });
        const token = login.headers.get('x-vmware-vcloud-access-token')!;
        const res = await call(t.url, 'GET', '/api/session', { accept: XML('36.0'), authorization: `Bearer ${token}` });
        assert.equal(res.status, 200);
        const session = parse(res.text).Session!;
        assert.equal(session.org, org);
        const links = linksOf(session);
        const pairs = links.map((l) => `${l.rel} ${l.type}`);
        assert.equal(new Set(pairs).size, pairs.length, `find_link raises MultipleLinksException on duplicates: ${pairs.join(', ')}`);
        for (const l of links) assert.ok(l.href.startsWith(`${t.url}/`), l.href);
        assert.ok(pairs.includes('down application/vnd.vmware.vcloud.orgList+xml'), 'get_org_list follows it');
        assert.ok(pairs.includes('down application/vnd.vmware.vcloud.org+xml'), 'get_org follows it');
      }
    });

    test('legacy login below 33.0: the token in x-vcloud-authorization works in that header, logout is 204', async () => {
      const login = await call(t.url, 'POST', '/api/sessions', { accept: XML('32.0'), authorization: basic('OrgAdmin', 'ExampleOrg', PASSWORD) });
      assert.equal(login.status, 200);
      const token = login.headers.get('x-vcloud-authorization')!;
      const headers = { accept: XML('32.0'), 'x-vcloud-authorization': token };
      const orgList = await call(t.url, 'GET', '/api/org/', headers);
      assert.equal(orgList.status, 200);
      assert.equal((await call(t.url, 'DELETE', '/api/session', headers)).status, 204);
      assert.equal((await call(t.url, 'GET', '/api/org/', headers)).status, 401);
    });

    test('the Org has exactly one query.records link whose href contains "vdc" (vcd-cli login follows it)', async () => {
      const login = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: 'application/json;version=36.0', authorization: basic('OrgAdmin', 'ExampleOrg', PASSWORD) });
      const auth = { accept: XML('36.0'), authorization: `Bearer ${login.headers.get('x-vmware-vcloud-access-token')}` };
      const list = parse((await call(t.url, 'GET', '/api/org/', auth)).text).OrgList!;
      const orgHref = (list.Org as { href: string }).href;
      const org = parse((await call(t.url, 'GET', new URL(orgHref).pathname, auth)).text).Org!;
      const records = linksOf(org).filter((l) => l.rel === 'down' && l.type === 'application/vnd.vmware.vcloud.query.records+xml');
      const vdc = records.filter((l) => l.href.toLowerCase().includes('vdc'));
      assert.equal(vdc.length, 1, records.map((l) => l.href).join(', '));
      const orgId = orgHref.split('/').pop();
      const target = new URL(decodeURIComponent(vdc[0]!.href));
      assert.equal(target.origin, t.url);
      assert.equal(target.pathname, '/api/query');
      assert.equal(target.searchParams.get('type'), 'orgVdc');
      assert.equal(target.searchParams.get('filter'), `org==${orgId}`);
    });

    test('go-vcloud-director: versions without Accept, login at LoginUrl with application/*, both token headers', async () => {
      const versions = await call(t.url, 'GET', '/api/versions');
      assert.equal(versions.status, 200, 'its first request carries no Accept header');
      const infos = parse(versions.text).SupportedVersions!.VersionInfo as Array<{ Version: string; LoginUrl: string }>;
      const v37 = infos.find((i) => i.Version === '37.0');
      assert.equal(v37?.LoginUrl, `${t.url}/cloudapi/1.0.0/sessions`, 'its default 37.0 must be listed exactly, with a LoginUrl');
      // It appends /provider when the org is "system", in whatever case the user wrote it.
      const login = await call(t.url, 'POST', `${new URL(v37!.LoginUrl).pathname}/provider`, { accept: 'application/*;version=37.0', authorization: basic('administrator', 'system', PASSWORD) });
      assert.equal(login.status, 200, login.text);
      const token = login.headers.get('x-vmware-vcloud-access-token')!;
      const orgs = await call(t.url, 'GET', '/api/org', {
        accept: 'application/*+xml;version=37.0', 'x-vmware-vcloud-access-token': token,
        authorization: `bearer ${token}`, 'x-vmware-vcloud-token-type': 'Bearer',
      });
      assert.equal(orgs.status, 200);
      assert.match(orgs.text, /<OrgList /);
    });
  });
}

/** Logs in as pyvcloud does (CloudAPI, API 36.0) and returns the headers of its later requests. */
async function pyvcloudSession(base: string, user: string, org: string): Promise<Record<string, string>> {
  const path = org.toLowerCase() === 'system' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const login = await call(base, 'POST', path, { accept: 'application/json;version=36.0', authorization: basic(user, org, PASSWORD) });
  assert.equal(login.status, 200, login.text);
  return { accept: XML('36.0'), authorization: `Bearer ${login.headers.get('x-vmware-vcloud-access-token')}` };
}

/** The id of the caller's org, from the OrgList. */
async function orgId(base: string, auth: Record<string, string>): Promise<string> {
  const list = parse((await call(base, 'GET', '/api/org/', auth)).text).OrgList!;
  return (list.Org as { href: string }).href.split('/').pop()!;
}

/** The href of the link with this rel (and type, when given), as pyvcloud's find_link looks it up: exactly one. */
function findLink(root: Record<string, unknown>, rel: string, type?: string): string {
  const found = linksOf(root).filter((l) => l.rel === rel && (type === undefined || l.type === type));
  assert.equal(found.length, 1, `${rel} ${type ?? ''}: ${linksOf(root).map((l) => `${l.rel} ${l.type ?? ''}`).join(', ')}`);
  return found[0]!.href;
}

for (const engine of engines()) {
  describe(`pyvcloud beyond login on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    test('vcd catalog info: the org\'s catalog query leads to the AdminCatalog, whose controlAccess link answers', async () => {
      const auth = await pyvcloudSession(t.url, 'OrgAdmin', 'ExampleOrg');
      const created = await call(t.url, 'POST', '/api/admin/org/' + await orgId(t.url, auth) + '/catalogs', { ...auth, 'content-type': 'application/vnd.vmware.admin.catalog+xml' },
        '<AdminCatalog xmlns="http://www.vmware.com/vcloud/v1.5" name="Shelf"><Description/></AdminCatalog>');
      assert.equal(created.status, 201, created.text);
      // Org.get_catalog at API >= 33: the org's query.records link whose href names "catalog", then the record's href
      const org = parse((await call(t.url, 'GET', `/api/org/${await orgId(t.url, auth)}`, auth)).text).Org!;
      // (get_resource_link_from_query_object: the first such link, its href lower-cased for the test, then unquoted)
      const query = linksOf(org).find((l) => l.type === 'application/vnd.vmware.vcloud.query.records+xml' && l.href.toLowerCase().includes('catalog'))!;
      const target = new URL(decodeURIComponent(query.href));
      const records = parse((await call(t.url, 'GET', target.pathname + target.search, auth)).text).QueryResultRecords!;
      const record = ([] as Array<{ name: string; href: string }>).concat(records.AdminCatalogRecord as never).find((r) => r.name === 'Shelf')!;
      const catalog = parse((await call(t.url, 'GET', new URL(record.href).pathname, auth)).text);
      const root = (catalog.AdminCatalog ?? catalog.Catalog)!;
      // Org.get_catalog_access_settings → Acl.get_resource: the down link of type controlAccess
      const acl = await call(t.url, 'GET', new URL(findLink(root, 'down', 'application/vnd.vmware.vcloud.controlAccess+xml')).pathname, auth);
      assert.equal(acl.status, 200, acl.text);
      assert.match(acl.text, /<ControlAccessParams /);
    });

    test('VDC.enable_vdc: the AdminVdc links rel="disable" or rel="enable" (no type), POSTed without a body', async () => {
      const auth = await pyvcloudSession(t.url, 'administrator', 'System');
      const org = parse((await call(t.url, 'GET', '/api/org/', auth)).text).OrgList!;
      const example = (org.Org as Array<{ name: string; href: string }>).find((o) => o.name === 'ExampleOrg')!;
      const vdcHref = findLink(parse((await call(t.url, 'GET', new URL(example.href).pathname, auth)).text).Org!, 'down', 'application/vnd.vmware.vcloud.vdc+xml');
      // VDC.href_admin: the VDC's href with /api/ turned into /api/admin/
      const adminPath = new URL(vdcHref).pathname.replace('/api/', '/api/admin/');
      for (const [rel, enabled] of [['disable', 'false'], ['enable', 'true']] as const) {
        const admin = parse((await call(t.url, 'GET', adminPath, auth)).text).AdminVdc!;
        const action = await call(t.url, 'POST', new URL(findLink(admin, rel)).pathname, auth);
        assert.equal(action.status, 204, action.text);
        const after = parse((await call(t.url, 'GET', adminPath, auth)).text).AdminVdc!;
        assert.equal(after.IsEnabled, enabled);
      }
    });
  });
}

for (const engine of engines()) {
  describe(`go-vcloud-director beyond login on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    test('AdminOrg lists its Users, Catalogs, Vdcs and Networks (govcd walks them: GetAdminVDCByName, Delete(force, recursive))', async () => {
      const auth = await pyvcloudSession(t.url, 'administrator', 'System');
      const list = parse((await call(t.url, 'GET', '/api/org/', auth)).text).OrgList!;
      const example = (list.Org as Array<{ name: string; href: string }>).find((o) => o.name === 'ExampleOrg')!;
      const id = example.href.split('/').pop()!;
      const catalog = await call(t.url, 'POST', `/api/admin/org/${id}/catalogs`, { ...auth, 'content-type': 'application/vnd.vmware.admin.catalog+xml' },
        '<AdminCatalog xmlns="http://www.vmware.com/vcloud/v1.5" name="Shelf"><Description/></AdminCatalog>');
      assert.equal(catalog.status, 201, catalog.text);
      const res = await call(t.url, 'GET', `/api/admin/org/${id}`, auth);
      assert.equal(res.status, 200, res.text);
      // the XSD's order: Settings, Users, Groups, Catalogs, Vdcs, Networks
      const order = [...res.text.matchAll(/<(Settings|Users|Groups|Catalogs|Vdcs|Networks)[ />]/g)].map((m) => m[1]);
      assert.deepEqual(order, ['Settings', 'Users', 'Groups', 'Catalogs', 'Vdcs', 'Networks']);
      const org = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['UserReference', 'CatalogReference', 'Vdc'].includes(n) })
        .parse(res.text).AdminOrg as Record<string, Record<string, Array<{ href: string; name: string; type: string }>>>;
      assert.deepEqual(org.Users!.UserReference!.map((u) => u.name).sort(), ['HelloUser', 'OrgAdmin']);
      for (const u of org.Users!.UserReference!) assert.match(u.href, /\/api\/admin\/user\/[0-9a-f-]{36}$/);
      const [shelf] = org.Catalogs!.CatalogReference!;
      assert.equal(shelf?.name, 'Shelf');
      assert.equal(shelf?.type, 'application/vnd.vmware.admin.catalog+xml');
      assert.equal((await call(t.url, 'GET', new URL(shelf!.href).pathname, auth)).status, 200);
      // govcd's getVdcByAdminHREF cuts the href at "/api/admin": the VDC's reference is its admin href
      const [vdc] = org.Vdcs!.Vdc!;
      assert.equal(vdc?.name, 'ExampleVdc01');
      assert.equal(vdc?.type, 'application/vnd.vmware.admin.vdc+xml');
      const adminVdc = await call(t.url, 'GET', new URL(vdc!.href).pathname, auth);
      assert.equal(adminVdc.status, 200);
      assert.match(adminVdc.text, /^<\?xml[^>]*>\s*<AdminVdc /);
    });
  });
}

/** The default world with a catalog holding a template, as the real-client script seeds it. */
const WITH_TEMPLATE = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => o.name !== 'ExampleOrg' ? o : {
    ...o, catalogs: [{ name: 'Shelf', templates: [{ name: 'Ubuntu', vms: [{ name: 'web', cpus: 1, memoryMb: 1024, diskMb: 10240, osType: 'ubuntu64Guest' }] }] }],
  }),
};

for (const engine of engines()) {
  describe(`real clients, vApps and queries, on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, seed: WITH_TEMPLATE }); });
    after(async () => { await t.close(); });

    test('govcd Vdc.QueryVappTemplateList filters vAppTemplate records by vdcName; records name the VDC they are stored in', async () => {
      const auth = await pyvcloudSession(t.url, 'OrgAdmin', 'ExampleOrg');
      for (const type of ['vAppTemplate', 'adminVAppTemplate']) {
        const res = await call(t.url, 'GET', `/api/query?&type=${type}&filter=vdcName==ExampleVdc01`, auth);
        assert.equal(res.status, 200, res.text);
        const records = parse(res.text).QueryResultRecords!;
        const record = (records.VAppTemplateRecord ?? records.AdminVAppTemplateRecord) as Record<string, string>;
        assert.equal(record.name, 'Ubuntu');
        assert.equal(record.vdcName, 'ExampleVdc01');
        assert.match(record.vdc!, /\/api\/vdc\/[0-9a-f-]{36}$/);
        const other = await call(t.url, 'GET', `/api/query?type=${type}&filter=vdcName==NoSuchVdc`, auth);
        assert.equal(parse(other.text).QueryResultRecords!.total, '0');
      }
    });

    test('vcd vm info: the VM\'s VmSpecSection has MemoryResourceMb, CpuResourceMhz and DiskSection (pyvcloud vm_to_dict reads them)', async () => {
      const auth = await pyvcloudSession(t.url, 'HelloUser', 'ExampleOrg');
      const ref = async (type: string) => /<Reference [^>]*href="([^"]+)"/.exec((await call(t.url, 'GET', `/api/query?type=${type}&format=references`, auth)).text)![1]!;
      const vdc = new URL(await ref('orgVdc')).pathname;
      const res = await call(t.url, 'POST', `${vdc}/action/instantiateVAppTemplate`, { ...auth, 'content-type': INSTANTIATE },
        instantiateParams({ name: 'spec', template: await ref('vAppTemplate') }));
      assert.equal(res.status, 201, res.text);
      const vmHref = /<Vm [^>]*href="([^"]+)"/.exec(res.text)![1]!;
      const spec = /<VmSpecSection[^]*<\/VmSpecSection>/.exec((await call(t.url, 'GET', new URL(vmHref).pathname, auth)).text)![0];
      assert.match(spec, /<CpuResourceMhz><Configured>\d+<\/Configured>/);
      assert.match(spec, /<MemoryResourceMb><Configured>1024<\/Configured>/);
      assert.match(spec, /<DiskSection><DiskSettings><DiskId>2000<\/DiskId><SizeMb>10240<\/SizeMb><UnitNumber>0<\/UnitNumber><BusNumber>0<\/BusNumber><AdapterType>5<\/AdapterType>/);
    });
  });
}
