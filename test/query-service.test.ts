import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { call, login, XML } from './helpers/http.ts';

const MANY = 30;
const seed = {
  ...TEST_SEED,
  orgs: [...TEST_SEED.orgs!, ...Array.from({ length: MANY }, (_, i) => ({ name: `Org${String(i).padStart(2, '0')}`, fullName: `Bulk ${i}` }))],
};

for (const engine of engines()) {
  describe(`legacy query service and entity resolver on ${engine}`, () => {
    let t: TestCell;
    let provider: Record<string, string>;
    let tenant: Record<string, string>;
    before(async () => {
      t = await startCell({ engine, seed });
      provider = { accept: XML(), authorization: `Bearer ${await login(t.url, 'administrator', 'System', PASSWORD)}` };
      tenant = { accept: XML(), authorization: `Bearer ${await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD)}` };
    });
    after(async () => { await t.close(); });

    test('the QueryList links each type in each format, with hrefs clients can append to', async () => {
      const res = await call(t.url, 'GET', '/api/query', tenant);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.query\.queryList\+xml;version=36\.0$/);
      for (const format of ['records', 'references', 'idrecords']) {
        assert.match(res.text, new RegExp(`<Link rel="down" href="[^"]+/api/query\\?type=organization&amp;format=${format}" type="application/vnd\\.vmware\\.vcloud\\.query\\.${format}\\+xml" name="organization"/>`));
      }
    });

    test('organization records page through every org for the provider, with page links', async () => {
      const names = new Set<string>();
      let path: string | undefined = '/api/query?type=organization&pageSize=7&sortAsc=name';
      let pages = 0;
      while (path) {
        const res = await call(t.url, 'GET', path, provider);
        assert.equal(res.status, 200);
        assert.match(res.text, /<QueryResultRecords [^>]*name="organization" page="\d+" pageSize="7" total="33"/);
        for (const m of res.text.matchAll(/<OrgRecord [^>]*name="([^"]+)"/g)) names.add(m[1]!);
        const next = /<Link rel="nextPage" href="([^"]+)"/.exec(res.text)?.[1]?.replaceAll('&amp;', '&');
        path = next ? new URL(next).pathname + new URL(next).search : undefined;
        pages++;
      }
      assert.equal(pages, 5);
      assert.equal(names.size, MANY + 3);
      assert.ok(names.has('System') && names.has('Org29'));
    });

    test('a tenant sees only its own org; filters, sorting, fields and formats apply', async () => {
      const own = await call(t.url, 'GET', '/api/query?type=organization', tenant);
      assert.equal([...own.text.matchAll(/<OrgRecord /g)].length, 1);
      assert.match(own.text, /name="ExampleOrg"/);

      const filtered = await call(t.url, 'GET', '/api/query?type=organization&filter=name==org1*&sortDesc=name&fields=name,displayName', provider);
      const names = [...filtered.text.matchAll(/<OrgRecord [^>]*name="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(names, ['Org19', 'Org18', 'Org17', 'Org16', 'Org15', 'Org14', 'Org13', 'Org12', 'Org11', 'Org10']);
      assert.doesNotMatch(filtered.text, /numberOfVdcs/, 'fields= selects attributes');

      const refs = await call(t.url, 'GET', '/api/query?type=organization&format=references&filter=name==ExampleOrg', provider);
      assert.match(refs.headers.get('content-type')!, /query\.references\+xml/);
      assert.match(refs.text, /<OrgReferences [^>]*total="1"[^>]*><Reference href="[^"]+\/api\/org\/[0-9a-f-]{36}" id="urn:vcloud:org:[0-9a-f-]{36}" type="application\/vnd\.vmware\.vcloud\.org\+xml" name="ExampleOrg"\/>/);

      const ids = await call(t.url, 'GET', '/api/query?type=organization&format=idrecords&filter=name==ExampleOrg', provider);
      assert.match(ids.text, /<OrgRecord id="urn:vcloud:org:[0-9a-f-]{36}" name="ExampleOrg"/);

      const json = await call(t.url, 'GET', '/api/query?type=organization&filter=name==ExampleOrg', { ...provider, accept: 'application/*+json;version=36.0' });
      const body = JSON.parse(json.text);
      assert.equal(body.total, 1);
      assert.equal(body.record[0].name, 'ExampleOrg');
      assert.equal(body.record[0]._type, 'QueryResultOrgRecordType');
    });

    test('the VDC query the Org document links to answers with the org\'s VDC', async () => {
      const org = (await t.cell.services.identity.findOrgByName('ExampleOrg'));
      const doc = await call(t.url, 'GET', `/api/org/${org!.id}`, tenant);
      const link = /<Link rel="down" href="([^"]+)" type="application\/vnd\.vmware\.vcloud\.query\.records\+xml"/.exec(doc.text)![1]!.replaceAll('&amp;', '&');
      const res = await call(t.url, 'GET', new URL(link).pathname + new URL(link).search + '&page=1&pageSize=25', tenant);
      assert.equal(res.status, 200);
      assert.match(res.text, /<QueryResultRecords [^>]*name="orgVdc"[^>]*total="1"/);
      assert.match(res.text, /<OrgVdcRecord [^>]*name="ExampleVdc01"/);
    });

    test('bad queries are 400s', async () => {
      for (const q of ['type=nosuch', 'type=organization&format=tables', 'type=organization&pageSize=129', 'type=organization&page=0',
        'type=organization&filter=name', 'type=organization&filter=bogus==1', 'type=organization&fields=bogus']) {
        const res = await call(t.url, 'GET', `/api/query?${q}`, provider);
        assert.equal(res.status, 400, q);
        assert.match(res.text, /<Error [^>]*minorErrorCode="BAD_REQUEST"/, q);
      }
    });

    test('admin root for the provider only; AdminOrg for the provider and the org\'s own administrators', async () => {
      const orgAdmin = { accept: XML(), authorization: `Bearer ${await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD)}` };
      const session = (await call(t.url, 'GET', '/api/session', provider)).text;
      const rootHref = new URL(/<Link rel="down" href="([^"]+)" type="application\/vnd\.vmware\.admin\.vcloud\+xml"/.exec(session)![1]!);
      const root = await call(t.url, 'GET', rootHref.pathname, provider);
      assert.equal(root.status, 200);
      assert.match(root.headers.get('content-type')!, /^application\/vnd\.vmware\.admin\.vcloud\+xml;version=36\.0$/);
      assert.equal([...root.text.matchAll(/<OrganizationReference /g)].length, MANY + 3);
      assert.equal((await call(t.url, 'GET', '/api/admin/', orgAdmin)).status, 403);
      const example = (await t.cell.services.identity.findOrgByName('ExampleOrg'));
      const other = (await t.cell.services.identity.findOrgByName('OtherOrg'));
      for (const who of [provider, orgAdmin]) {
        const doc = await call(t.url, 'GET', `/api/admin/org/${example!.id}`, who);
        assert.equal(doc.status, 200);
        assert.match(doc.text, /<AdminOrg [^>]*name="ExampleOrg"/);
        assert.match(doc.text, /<FullName>Example Organization<\/FullName>/);
      }
      assert.equal((await call(t.url, 'GET', `/api/admin/org/${example!.id}`, tenant)).status, 403, 'a vApp Author gets no admin view');
      assert.equal((await call(t.url, 'GET', `/api/admin/org/${other!.id}`, orgAdmin)).status, 403);
      assert.equal((await call(t.url, 'GET', '/api/admin/org/00000000-0000-4000-8000-000000000000', provider)).status, 403);
      assert.equal((await call(t.url, 'GET', '/api/admin/org/nope', provider)).status, 400);
      const entity = await call(t.url, 'GET', `/api/entity/urn:vcloud:org:${example!.id}`, orgAdmin);
      assert.match(entity.text, /rel="alternate" href="[^"]+\/api\/admin\/org\/[^"]+" type="application\/vnd\.vmware\.admin\.organization\+xml"/);
    });

    test('the entity resolver finds what the caller may see, and nothing else', async () => {
      const example = (await t.cell.services.identity.findOrgByName('ExampleOrg'));
      const other = (await t.cell.services.identity.findOrgByName('OtherOrg'));
      const res = await call(t.url, 'GET', `/api/entity/urn:vcloud:org:${example!.id}`, tenant);
      assert.equal(res.status, 200);
      assert.match(res.text, new RegExp(`<Entity [^>]*id="urn:vcloud:org:${example!.id}"`));
      assert.match(res.text, new RegExp(`<Link rel="alternate" href="[^"]+/api/org/${example!.id}" type="application/vnd\\.vmware\\.vcloud\\.org\\+xml"/>`));
      assert.equal((await call(t.url, 'GET', `/api/entity/urn:vcloud:org:${other!.id}`, tenant)).status, 403);
      assert.equal((await call(t.url, 'GET', `/api/entity/urn:vcloud:org:${other!.id}`, provider)).status, 200);
      assert.equal((await call(t.url, 'GET', '/api/entity/urn:vcloud:vapp:00000000-0000-0000-0000-000000000000', provider)).status, 403);
      assert.equal((await call(t.url, 'GET', '/api/entity/not-a-urn', provider)).status, 400);
    });
  });
}
