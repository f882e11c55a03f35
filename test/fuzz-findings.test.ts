// What `npm run fuzz` found, each kept as a regression test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, JSON_, login, rawExchange, XML } from './helpers/http.ts';
import { cloudClient } from './helpers/cloudapi.ts';
import { oauthBase } from './helpers/oauth.ts';
import { eachEngine } from './helpers/world.ts';
import { caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, pathOf, VAPP_SEED } from './helpers/vapps.ts';

describe('fuzz findings', () => {
  let t: TestCell;
  let token: string;
  before(async () => {
    t = await startCell();
    token = await login(t.url, 'administrator', 'System', PASSWORD);
  });
  after(async () => { await t.close(); });

  test('a Host header that makes no URL is 400 with an Error document wherever hrefs are built, not a 500', async () => {
    for (const host of ['exa mple', '[::1', 'localhost:99999', '%00', 'h:x', 'h/o/s/t']) {
      for (const [path, accept] of [['/api/query?type=user&page=1', 'application/*+xml;version=37.0'], ['/cloudapi/1.0.0/roles?page=1&pageSize=1', 'application/json;version=37.0'], ['/api/org', 'application/*+xml;version=37.0']]) {
        const out = await rawExchange(t.url, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nAccept: ${accept}\r\nConnection: close\r\n\r\n`);
        assert.match(out, /^HTTP\/1\.1 400 /, `${host} ${path}: ${out.slice(0, 200)}`);
        assert.match(out, /The Host header does not name a valid host/, `${host} ${path}`);
      }
    }
    const fine = await rawExchange(t.url, `GET /api/org HTTP/1.1\r\nHost: vcd.example.com:8443\r\nAuthorization: Bearer ${token}\r\nAccept: application/*+xml;version=37.0\r\nConnection: close\r\n\r\n`);
    assert.match(fine, /^HTTP\/1\.1 200 /);
    assert.match(fine, /href="http:\/\/vcd\.example\.com:8443\/api\/org\//);
  });
});

for (const engine of engines()) {
  describe(`NUL in names on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    test('Basic credentials with control characters (UTF-16, NUL) are 401, not a 500 from the store', async () => {
      for (const raw of [Buffer.from('HelloUser@ExampleOrg:x', 'utf16le'), Buffer.from('Hello\u0000User@ExampleOrg:x'), Buffer.from('HelloUser@Example\u0001Org:x')]) {
        const authorization = `Basic ${raw.toString('base64')}`;
        const legacy = await call(t.url, 'POST', '/api/sessions', { accept: XML(), authorization });
        assert.equal(legacy.status, 401, legacy.text);
        const cloud = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions/provider', { accept: JSON_(), authorization });
        assert.equal(cloud.status, 401, cloud.text);
      }
    });

    test('a NUL in a name or reference in a JSON body is 400 naming the field, not a 500 from the store', async () => {
      const token = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      const admin = cloudClient(t.url, token);
      const users = await admin('GET', '/users');
      const user = users.json.values[0].id as string;
      for (const [method, path, body, field] of [
        ['POST', '/roles', { name: 'a\u0000b' }, 'body/name'],
        ['PUT', `/users/${user}`, { fullName: 'x\u0000' }, 'body/fullName'],
        ['POST', '/serviceAccounts', { name: 'sa', softwareId: 'x', role: 'vApp\u0000User' }, 'body/role'],
      ] as const) {
        const res = await admin(method, path, body);
        assert.equal(res.status, 400, `${path}: ${res.text}`);
        assert.ok(res.json.message.includes(field), res.json.message);
      }
      const reg = await call(t.url, 'POST', `${oauthBase('ExampleOrg')}/register`,
        { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ client_name: 'n\u0000' }));
      assert.equal(reg.status, 400, reg.text);
    });
  });
}

eachEngine('NUL in metadata keys', { login: ['orgAdmin'] }, (w) => {
  test('reading or deleting a metadata key with a control character is 404, with a NUL 400, not a 500 from the store', async () => {
    for (const [key, status, code] of [['%00', 400, 'BAD_REQUEST'], ['a%00b', 400, 'BAD_REQUEST'], ['%01', 404, 'RESOURCE_NOT_FOUND'],
      ['GENERAL/%00', 400, 'BAD_REQUEST'], ['SYSTEM/x%7F', 404, 'RESOURCE_NOT_FOUND']] as const) {
      for (const method of ['GET', 'DELETE']) {
        const res = await w.orgAdmin.call(method, `/api/admin/org/${w.org}/metadata/${key}`);
        assert.equal(res.status, status, `${method} ${key}: ${res.text}`);
        assert.match(res.text, new RegExp(`minorErrorCode="${code}"`));
      }
    }
  });
});


for (const engine of engines()) {
  describe(`a VM's own document sent back on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, seed: VAPP_SEED }); });
    after(async () => { await t.close(); });

    test('reconfigureVm with the Vm as served, its disk item in bytes (over 9 digits), is 202, not a 400 on the disk size', async () => {
      const hello = await caller(t, 'HelloUser', 'ExampleOrg');
      const vdc = pathOf(/href="([^"]+\/api\/vdc\/[^"]+)"/.exec((await hello.call('GET', '/api/query?type=orgVdc&format=references')).text)![1]!);
      const template = /href="([^"]+\/api\/vAppTemplate\/vappTemplate-[^"]+)"/.exec((await hello.call('GET', '/api/query?type=vAppTemplate&format=references&filter=name==Ubuntu*')).text)![1]!;
      const made = await hello.call('POST', `${vdc}/action/instantiateVAppTemplate`, instantiateParams({ name: 'resent', template }), INSTANTIATE);
      assert.equal(made.status, 201, made.text);
      const vmPath = pathOf(/<Vm [^>]*href="([^"]+)"/.exec(made.text)![1]!);
      const vm = (await hello.call('GET', vmPath)).text;
      assert.match(vm, /<rasd:VirtualQuantity>10737418240<\/rasd:VirtualQuantity>/, 'the 10 GiB disk, in bytes');
      const resent = await hello.call('POST', `${vmPath}/action/reconfigureVm`, vm, 'application/vnd.vmware.vcloud.vm+xml');
      assert.equal(resent.status, 202, resent.text);
    });
  });
}
