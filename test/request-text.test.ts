// Texts no store holds: a NUL (PostgreSQL's text refuses it, a 500 had it reached SQL) or an unpaired UTF-16
// surrogate (no UTF-8 form: the drivers would store U+FFFD instead) anywhere in a request is a 400 Error document
// before it reaches SQL, on both stores: in a filter of every legacy query type and every CloudAPI list, in the
// names of JSON bodies and VCD JSON documents, in form bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call } from './helpers/http.ts';
import { oauthBase } from './helpers/oauth.ts';
import { eachEngine } from './helpers/world.ts';
import { queryTypes } from '../src/server/inventory/registry.ts';

const NUL = ['%00', 'a%00b'];

/** Every CloudAPI list, with a text field its filter may name ({role} and {bundle}: one of each). */
const CLOUD_LISTS: Array<[path: string, field: string]> = [
  ['/rights', 'name'], ['/roles', 'name'], ['/roles/{role}/rights', 'name'], ['/rightsBundles', 'name'], ['/rightsBundles/{bundle}/rights', 'name'],
  ['/rightsBundles/{bundle}/tenants', 'name'], ['/users', 'username'], ['/tokens', 'name'], ['/serviceAccounts', 'name'], ['/auditTrail', 'eventType'],
];

eachEngine('texts no store holds', { login: ['provider'] }, (w) => {
  const refused = (res: { status: number; text: string }, what: string) => {
    assert.equal(res.status, 400, `${what}: ${res.text.slice(0, 300)}`);
    assert.match(res.text, /minorErrorCode="BAD_REQUEST"|"minorErrorCode":"BAD_REQUEST"/, what);
    assert.match(res.text, /NUL character or an unpaired surrogate/, what);
  };

  test('a NUL in a filter is 400 on every query type; an undecodable escape is taken as it is written', async () => {
    for (const type of queryTypes()) {
      const field = Object.entries(type.fields).find(([, f]) => f.type === 'text')?.[0];
      assert.ok(field, `${type.name} has a text field`);
      for (const value of NUL) refused(await w.provider.call('GET', `/api/query?type=${type.name}&filter=${field}==${value}`), `${type.name} ${field}==${value}`);
      const literal = await w.provider.call('GET', `/api/query?type=${type.name}&filter=${field}==%ED%A0%80`);
      assert.equal(literal.status, 200, `${type.name}: ${literal.text.slice(0, 300)}`);
    }
  });

  test('a NUL in a filter, a sort or any parameter is 400 on every CloudAPI list', async () => {
    const role = (await w.provider.cloud('GET', '/roles?pageSize=1')).json.values[0].id as string;
    const bundle = (await w.provider.cloud('GET', '/rightsBundles?pageSize=1')).json.values[0].id as string;
    for (const [template, field] of CLOUD_LISTS) {
      const path = template.replace('{role}', role).replace('{bundle}', bundle);
      assert.equal((await w.provider.cloud('GET', `${path}?filter=${field}==x`)).status, 200, `${path} lists`);
      for (const query of [...NUL.map((v) => `filter=${field}==${v}`), 'sortAsc=%00', `page=1%00`, `filter=(${field}==a,${field}==%00)`]) {
        const res = await w.provider.cloud('GET', `${path}?${query}`);
        refused(res, `${path}?${query}`);
      }
    }
  });

  test('a NUL or an unpaired surrogate in a JSON body, a VCD JSON document or a form is 400, and nothing is written', async () => {
    for (const name of ['a\u0000b', 'a\ud800b', '\udc00', 'b\udfff\ud800']) {
      refused(await w.provider.cloud('POST', '/roles', { name, description: 'd' }), `role ${JSON.stringify(name)}`);
      refused(await w.provider.cloud('POST', '/roles', { name: 'fine', description: name }), `description ${JSON.stringify(name)}`);
      refused(await w.provider.cloud('PUT', '/roles/urn:vcloud:role:00000000-0000-4000-8000-000000000000/rights', { values: [{ name }] }), 'a reference');
      const org = await w.provider.call('POST', '/api/admin/orgs', JSON.stringify({ name, fullName: 'x', settings: {} }),
        'application/vnd.vmware.admin.organization+json', 'application/*+json;version=37.0');
      refused(org, `org ${JSON.stringify(name)}`);
    }
    assert.equal((await w.provider.cloud('GET', '/roles?filter=name==fine')).json.values.length, 0, 'no role was made');
    assert.deepEqual((await w.t.cell.services.identity.listOrgs()).map((o) => o.name).filter((n) => n.startsWith('a') || n.includes('\ufffd')), []);
    // a well-formed pair (an emoji) is text like any other
    assert.equal((await w.provider.cloud('POST', '/roles', { name: 'smile \ud83d\ude00' })).status, 201);

    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    for (const body of ['grant_type=refresh_token&refresh_token=%00', 'grant_type=refresh_token&refresh_token=x&client_id=a%00']) {
      const res = await call(w.t.url, 'POST', `${oauthBase('ExampleOrg')}/token`, form, body);
      assert.equal(res.status, 400, res.text);
      assert.equal(JSON.parse(res.text).error, 'invalid_request', 'an OAuth endpoint answers as OAuth does');
    }
  });
});
