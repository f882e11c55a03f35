// Org metadata over HTTP, on both stores: typed entries read and written (XML and JSON), every write a
// Task (202, Location); who may read and write; bad bodies refused with 400, never a 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCEPT_JSON, attr, metadataDoc, metadataValue, METADATA_XML, taskPathOf, VALUE_XML } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';

eachEngine('org metadata', {}, (w) => {
  test('POST merges entries: 202 with a Task already succeeded, whose Location and href GET as success', async () => {
    const res = await w.orgAdmin.call('POST', `/api/admin/org/${w.org}/metadata`,
      metadataDoc([{ key: 'tier', type: 'MetadataStringValue', value: 'gold &amp; silver' }, { key: 'rank', type: 'MetadataNumberValue', value: '7' }]), METADATA_XML);
    assert.equal(res.status, 202, res.text);
    assert.match(res.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.task\+xml;version=37\.0/);
    assert.equal(attr(res.text, 'status'), 'success');
    assert.equal(attr(res.text, 'operationName'), 'metadataUpdate');
    assert.equal(attr(res.text, 'operation'), `Updating metadata for Organization (${w.org})`);
    const path = taskPathOf(res.text);
    assert.equal(new URL(res.headers.get('location')!).pathname, path);
    assert.equal(path.split('/').pop(), attr(res.text, 'id')!.split(':').pop(), "the URN's last segment is the path's");
    const task = await w.orgAdmin.call('GET', path);
    assert.equal(task.status, 200, task.text);
    assert.equal(attr(task.text, 'status'), 'success');
    assert.match(task.text, new RegExp(`<Owner href="[^"]*/api/org/${w.org}" id="urn:vcloud:org:${w.org}" type="application/vnd.vmware.vcloud.org\\+xml" name="ExampleOrg"/>`));
    assert.match(task.text, /<Progress>100<\/Progress>/);

    const list = await w.hello.call('GET', `/api/org/${w.org}/metadata`);
    assert.equal(list.status, 200, list.text);
    assert.match(list.text, /<Domain visibility="READWRITE">GENERAL<\/Domain><Key>tier<\/Key><TypedValue xsi:type="MetadataStringValue"><Value>gold &amp; silver<\/Value>/);
    assert.match(list.text, /<Key>rank<\/Key><TypedValue xsi:type="MetadataNumberValue"><Value>7<\/Value>/);
    assert.doesNotMatch(list.text, /rel="add"/, 'a vApp Author may not write');
    assert.doesNotMatch((await w.orgAdmin.call('GET', `/api/org/${w.org}/metadata`)).text, /rel="add"/, 'the tenant view is read-only');
    assert.match((await w.orgAdmin.call('GET', `/api/admin/org/${w.org}/metadata`)).text, /rel="add"/);
  });

  test('PUT sets one key and DELETE removes it, each through a Task, under the admin view; the tenant view only reads', async () => {
    for (const [method, path] of [['POST', `/api/org/${w.org}/metadata`], ['PUT', `/api/org/${w.org}/metadata/flag`], ['DELETE', `/api/org/${w.org}/metadata/flag`]] as const) {
      const refused = await w.orgAdmin.call(method, path, method === 'DELETE' ? undefined : metadataValue('MetadataBooleanValue', '1'), VALUE_XML);
      assert.equal(refused.status, 405, `${method} ${path}`);
      assert.equal(refused.headers.get('allow'), 'GET, HEAD');
    }
    const put = await w.orgAdmin.call('PUT', `/api/admin/org/${w.org}/metadata/flag`, metadataValue('MetadataBooleanValue', '1'), VALUE_XML);
    assert.equal(put.status, 202, put.text);
    const value = await w.hello.call('GET', `/api/org/${w.org}/metadata/flag`);
    assert.equal(value.status, 200, value.text);
    assert.match(value.text, /^<\?xml[^>]*>\n<MetadataValue /);
    assert.match(value.text, /<TypedValue xsi:type="MetadataBooleanValue"><Value>true<\/Value><\/TypedValue>/);
    const del = await w.orgAdmin.call('DELETE', `/api/admin/org/${w.org}/metadata/flag`);
    assert.equal(del.status, 202, del.text);
    assert.equal(attr(del.text, 'operationName'), 'metadataDelete');
    assert.equal((await w.hello.call('GET', `/api/org/${w.org}/metadata/flag`)).status, 404);
    assert.equal((await w.orgAdmin.call('DELETE', `/api/admin/org/${w.org}/metadata/flag`)).status, 404, 'nothing left to delete');
  });

  test('VCD JSON bodies and documents: typedValue with _type', async () => {
    const put = await w.orgAdmin.call('PUT', `/api/admin/org/${w.org}/metadata/when`,
      JSON.stringify({ typedValue: { _type: 'MetadataDateTimeValue', value: '2026-01-02T03:04:05.000Z' } }),
      'application/vnd.vmware.vcloud.metadata.value+json', ACCEPT_JSON);
    assert.equal(put.status, 202, put.text);
    assert.equal(JSON.parse(put.text).status, 'success');
    const got = await w.orgAdmin.call('GET', `/api/org/${w.org}/metadata/when`, undefined, undefined, ACCEPT_JSON);
    assert.equal(got.status, 200, got.text);
    const doc = JSON.parse(got.text);
    assert.deepEqual(doc.typedValue, { _type: 'MetadataDateTimeValue', value: '2026-01-02T03:04:05.000Z' });
    assert.deepEqual(doc.domain, { visibility: 'READWRITE', value: 'GENERAL' });
    assert.equal(doc['xmlns:xsi'], undefined, 'no XML plumbing in JSON');
  });

  test('who may write: a vApp Author and another org are refused; another org does not even see it', async () => {
    const body = metadataValue('MetadataStringValue', 'x');
    assert.equal((await w.hello.call('PUT', `/api/admin/org/${w.org}/metadata/k`, body, VALUE_XML)).status, 403);
    assert.equal((await w.hello.call('GET', `/api/admin/org/${w.org}/metadata`)).status, 403, 'no admin view for a vApp Author');
    for (const path of [`/api/org/${w.org}/metadata`, `/api/org/${w.org}/metadata/tier`, `/api/admin/org/${w.org}/metadata`]) {
      const res = await w.other.call('GET', path);
      assert.equal(res.status, 403, path);
      assert.match(res.text, /minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN"/);
    }
    assert.equal((await w.other.call('PUT', `/api/admin/org/${w.org}/metadata/k`, body, VALUE_XML)).status, 403);
    assert.equal((await w.hello.call('GET', `/api/org/${w.org}/metadata/k`)).status, 404, 'nothing was written');
  });

  test('the SYSTEM domain: only the provider writes it; tenants see READONLY entries, never PRIVATE ones', async () => {
    const readonly = metadataValue('MetadataStringValue', 'seen', '<Domain visibility="READONLY">SYSTEM</Domain>');
    assert.equal((await w.orgAdmin.call('PUT', `/api/admin/org/${w.org}/metadata/SYSTEM/ro`, readonly, VALUE_XML)).status, 403);
    assert.equal((await w.provider.call('PUT', `/api/admin/org/${w.org}/metadata/SYSTEM/ro`, readonly, VALUE_XML)).status, 202);
    const hidden = metadataValue('MetadataStringValue', 'hidden', '<Domain visibility="PRIVATE">SYSTEM</Domain>');
    assert.equal((await w.provider.call('PUT', `/api/admin/org/${w.org}/metadata/SYSTEM/secret`, hidden, VALUE_XML)).status, 202);
    const tenantView = (await w.orgAdmin.call('GET', `/api/org/${w.org}/metadata`)).text;
    assert.match(tenantView, /<Domain visibility="READONLY">SYSTEM<\/Domain><Key>ro<\/Key>/);
    assert.doesNotMatch(tenantView, /secret/);
    assert.equal((await w.orgAdmin.call('GET', `/api/org/${w.org}/metadata/SYSTEM/secret`)).status, 404);
    assert.match((await w.provider.call('GET', `/api/org/${w.org}/metadata/SYSTEM/secret`)).text, /<Value>hidden<\/Value>/);
    assert.equal((await w.orgAdmin.call('DELETE', `/api/admin/org/${w.org}/metadata/SYSTEM/ro`)).status, 403);
  });

  test('bad keys, values and documents are refused with 400 and an Error document, never a 500', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['PUT', `/api/admin/org/${w.org}/metadata/a;b`, metadataValue('MetadataStringValue', 'x'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/${'k'.repeat(257)}`, metadataValue('MetadataStringValue', 'x'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/n`, metadataValue('MetadataNumberValue', 'seven'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/n`, metadataValue('MetadataNumberValue', '99999999999999999999'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/b`, metadataValue('MetadataBooleanValue', 'maybe'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/d`, metadataValue('MetadataDateTimeValue', 'yesterday'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/t`, metadataValue('MetadataBogusValue', 'x'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/v`, metadataValue('MetadataStringValue', 'x', '<Domain visibility="READONLY">GENERAL</Domain>'), VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/x`, '<MetadataValue><TypedValue', VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/x`, '<Metadata/>', VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/x`, '', VALUE_XML],
      ['PUT', `/api/admin/org/${w.org}/metadata/x`, '{"typedValue": 5}', 'application/vnd.vmware.vcloud.metadata.value+json'],
      ['PUT', `/api/admin/org/${w.org}/metadata/x`, '{nope', 'application/vnd.vmware.vcloud.metadata.value+json'],
      ['PUT', `/api/admin/org/${w.org}/metadata/x`, '<!DOCTYPE x [<!ENTITY e "boom">]><MetadataValue><Value>&e;</Value></MetadataValue>', VALUE_XML],
      ['POST', `/api/admin/org/${w.org}/metadata`, '<Metadata><MetadataEntry><TypedValue/></MetadataEntry></Metadata>', METADATA_XML],
      ['GET', `/api/org/${w.org}/metadata/OTHER/x`, '', ''],
      ['GET', '/api/org/not-a-uuid/metadata', '', ''],
    ];
    for (const [method, path, body, type] of cases) {
      const res = await w.orgAdmin.call(method, path, body || undefined, type || undefined);
      assert.ok(res.status === 400 || res.status === 404, `${method} ${path.slice(0, 80)} ${body.slice(0, 60)}: ${res.status} ${res.text}`);
      assert.match(res.text, /<Error [^>]*minorErrorCode="(BAD_REQUEST|RESOURCE_NOT_FOUND)"/);
    }
    assert.equal((await w.orgAdmin.call('GET', `/api/org/${w.org}/metadata/x`)).status, 404, 'nothing was written');
  });
});
