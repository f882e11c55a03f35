// Reading request documents (representation/read.ts): XML and VCD JSON become the same Element tree,
// namespaces resolved and schema order kept; hostile bodies are refused with 400 and an Error document
// over HTTP, and the cell goes on serving.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminOrgDocument, readAdminOrg } from '../src/server/representation/admin.ts';
import { readDocument, readXml } from '../src/server/representation/read.ts';
import { toJson, toXml } from '../src/server/representation/serialize.ts';
import type { Org } from '../src/server/services/identity.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, login, XML } from './helpers/http.ts';

describe('request documents read into the neutral tree', () => {
  const org: Org = { id: '6b0c4ef5-1b7b-4a55-9f5d-3f1f3c1f1e10', name: 'Round', name_key: 'round', full_name: 'Round <&> "trip"', description: 'said twice', is_enabled: 0, created_at: 0 };
  const doc = adminOrgDocument({ baseUrl: 'https://vcd.example', format: 'xml', version: '37.0' }, org, true, { users: [], catalogs: [], vdcs: [], roles: [] });

  test('what serialize.ts writes, as XML or JSON, reads back into the same AdminOrg', () => {
    const expected = { name: 'Round', fullName: 'Round <&> "trip"', description: 'said twice', enabled: false };
    assert.deepEqual(readAdminOrg(readDocument(toXml(doc), 'xml', 'AdminOrg')), expected);
    assert.deepEqual(readAdminOrg(readDocument(toJson(doc), 'json', 'AdminOrg')), expected);
  });

  test('the vCloud namespace reads alike as default or prefixed; other namespaces get their usual prefix; order is kept', () => {
    const e = readXml(`<v:InstantiateVAppTemplateParams xmlns:v="http://www.vmware.com/vcloud/v1.5" xmlns:o="http://schemas.dmtf.org/ovf/envelope/1" name="x">
      <v:Description>d</v:Description><v:InstantiationParams><o:Info o:required="false">i</o:Info></v:InstantiationParams>
      <v:Source href="h"/><v:AllEULAsAccepted>true</v:AllEULAsAccepted></v:InstantiateVAppTemplateParams>`);
    assert.equal(e.name, 'InstantiateVAppTemplateParams');
    assert.deepEqual(e.attrs, { name: 'x' });
    const names = (e.children as Array<{ name: string }>).map((c) => c.name);
    assert.deepEqual(names, ['Description', 'InstantiationParams', 'Source', 'AllEULAsAccepted']);
    const info = (e.children as Array<{ children?: unknown[] }>)[1]!.children![0];
    assert.deepEqual(info, { name: 'ovf:Info', attrs: { 'ovf:required': 'false' }, text: 'i' });
  });
});

describe('hostile request documents over HTTP', () => {
  let t: TestCell;
  let provider: string;
  before(async () => {
    t = await startCell();
    provider = await login(t.url, 'administrator', 'System', PASSWORD);
  });
  after(async () => { await t.close(); });
  afterEach(async () => {
    assert.equal((await call(t.url, 'GET', '/api/admin', { accept: XML('37.0'), authorization: `Bearer ${provider}` })).status, 200, 'the cell still serves');
  });

  const post = (body: string, format: 'xml' | 'json' = 'xml') => call(t.url, 'POST', '/api/admin/orgs', {
    accept: XML('37.0'), authorization: `Bearer ${provider}`, 'content-type': `application/vnd.vmware.admin.organization+${format}`,
  }, body);
  const assertRefused = async (body: string, why: RegExp, format: 'xml' | 'json' = 'xml') => {
    const res = await post(body, format);
    assert.equal(res.status, 400, res.text);
    assert.match(res.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.error\+xml/);
    assert.match(res.text, /minorErrorCode="BAD_REQUEST"/);
    assert.match(res.text, why);
  };
  const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';

  test('an entity bomb is refused (no DOCTYPE at all)', async () => {
    const lol = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('');
    await assertRefused(`<?xml version="1.0"?><!DOCTYPE AdminOrg [${lol}]><AdminOrg ${NS} name="Bomb"><FullName>&lol9;</FullName></AdminOrg>`, /DOCTYPE/);
  });

  test('an external entity is refused', async () => {
    await assertRefused(`<!DOCTYPE AdminOrg [<!ENTITY x SYSTEM "file:///etc/passwd">]><AdminOrg ${NS} name="Xxe"><FullName>&x;</FullName></AdminOrg>`, /DOCTYPE/);
  });

  test('6,000 nested elements, and 6,000 nested JSON objects, are refused', async () => {
    await assertRefused(`<AdminOrg ${NS} name="Deep"><FullName>x</FullName>${'<Settings>'.repeat(6000)}${'</Settings>'.repeat(6000)}</AdminOrg>`, /deeper than 64/);
    await assertRefused(`{"name":"Deep","fullName":"x","settings":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}`, /deeper than 64/, 'json');
  });

  test('a huge attribute is refused', async () => {
    await assertRefused(`<AdminOrg ${NS} name="${'x'.repeat(900_000)}"><FullName>x</FullName></AdminOrg>`, /longer than 16384/);
  });

  test('malformed XML and JSON are refused', async () => {
    await assertRefused(`<AdminOrg ${NS} name="Broken"><FullName>x</FullName>`, /not a valid document/);
    await assertRefused(`<AdminOrg ${NS} name="Broken"><FullName>x</Fullname></AdminOrg>`, /not a valid document/);
    await assertRefused(`<AdminOrg ${NS} name="A"/><AdminOrg ${NS} name="B"/>`, /not a valid document/);
    await assertRefused('<x:AdminOrg name="U"><FullName>x</FullName></x:AdminOrg>', /not a valid document|prefix/);
    await assertRefused('{"name": "Broken",', /not well-formed JSON/, 'json');
    await assertRefused('"just a string"', /must be an object/, 'json');
  });
});
