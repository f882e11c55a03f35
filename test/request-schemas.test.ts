// Request bodies are checked against JSON schemas at the edge: every route refuses a malformed body
// alike, with a 400 Error document that says what is wrong and quotes no more than a short excerpt,
// while the whole objects real clients send back (links, href, bundleKey, readOnly) still go through.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { call, JSON_, login, XML } from './helpers/http.ts';
import { cloudClient, refs, type Cloud } from './helpers/cloudapi.ts';
import { oauthBase } from './helpers/oauth.ts';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('request body schemas', () => {
  let t: TestCell;
  let provider: Cloud;
  let providerToken: string;
  let adminToken: string;
  const ids: Record<string, string> = {};

  before(async () => {
    t = await startCell();
    providerToken = await login(t.url, 'administrator', 'System', PASSWORD);
    provider = cloudClient(t.url, providerToken);
    adminToken = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
    ids.role = (await provider('POST', '/roles', { name: 'Fuzzed' })).json.id;
    ids.bundle = (await provider('POST', '/rightsBundles', { name: 'Fuzzed' })).json.id;
    const users = await cloudClient(t.url, adminToken)('GET', '/users');
    ids.user = users.json.values.find((u: { username: string }) => u.username === 'HelloUser').id;
  });
  after(async () => { await t.close(); });

  /** Every JSON-bodied route, with the token allowed to call it. */
  const routes = () => [
    ['POST', '/cloudapi/1.0.0/roles', providerToken],
    ['PUT', `/cloudapi/1.0.0/roles/${ids.role}`, providerToken],
    ['PUT', `/cloudapi/1.0.0/roles/${ids.role}/rights`, providerToken],
    ['POST', '/cloudapi/1.0.0/rightsBundles', providerToken],
    ['PUT', `/cloudapi/1.0.0/rightsBundles/${ids.bundle}`, providerToken],
    ['PUT', `/cloudapi/1.0.0/rightsBundles/${ids.bundle}/rights`, providerToken],
    ['PUT', `/cloudapi/1.0.0/rightsBundles/${ids.bundle}/tenants`, providerToken],
    ['POST', `/cloudapi/1.0.0/rightsBundles/${ids.bundle}/tenants/publish`, providerToken],
    ['POST', `/cloudapi/1.0.0/rightsBundles/${ids.bundle}/tenants/unpublish`, providerToken],
    ['POST', '/cloudapi/1.0.0/users', adminToken],
    ['PUT', `/cloudapi/1.0.0/users/${ids.user}`, adminToken],
    ['POST', '/cloudapi/1.0.0/serviceAccounts', adminToken],
    ['POST', '/cloudapi/1.0.0/deviceLookup/grant', adminToken],
    ['POST', `${oauthBase('ExampleOrg')}/register`, adminToken],
  ] as const;

  const send = (method: string, path: string, token: string, body: string) => call(t.url, method, path,
    { accept: path.startsWith('/oauth') ? XML('37.0') : JSON_('37.0'), authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body);

  /** A 400 BAD_REQUEST Error document (JSON under /cloudapi, XML at /oauth as asked) whose message passes the check. */
  function assertRefused(res: { status: number; text: string }, what: string, message?: RegExp) {
    assert.equal(res.status, 400, `${what}: ${res.text.slice(0, 300)}`);
    const text = res.text.startsWith('<') ? /message="([^"]*)"/.exec(res.text)?.[1] ?? '' : JSON.parse(res.text).message as string;
    assert.match(res.text, /BAD_REQUEST/, what);
    assert.ok(text.length <= 220, `${what}: the message is bounded (${text.length} characters)`);
    if (message) assert.match(text, message, what);
  }

  test('a 6,000-deep body is 400 on every JSON route, wherever the nesting sits', async () => {
    for (const [method, path, token] of routes()) {
      for (const body of [`{"values":[{"id":${deep(6000)}}]}`, `{"roleEntityRefs":[{"id":${deep(6000)}}]}`, `{"name":"x","links":${deep(6000)}}`]) {
        assertRefused(await send(method, path, token, body), `${method} ${path}`, /nests deeper than 32 levels/);
      }
    }
  });

  test('a reference whose id is not a string is refused by the schema, naming the field', async () => {
    const id = '{"a":[[[1]]]}';
    for (const [path, body] of [
      [`/cloudapi/1.0.0/roles/${ids.role}/rights`, `{"values":[{"id":${id}}]}`],
      [`/cloudapi/1.0.0/rightsBundles/${ids.bundle}/tenants`, `{"values":[{"name":"ExampleOrg"},{"id":${id}}]}`],
    ]) {
      assertRefused(await send('PUT', path!, providerToken, body!), path!, /body\/values\/\d\/id must be string/);
    }
    assertRefused(await send('PUT', `/cloudapi/1.0.0/users/${ids.user}`, adminToken, `{"roleEntityRefs":[{"id":${id}}]}`),
      'users', /body\/roleEntityRefs\/0\/id must be string/);
    assertRefused(await send('PUT', `/cloudapi/1.0.0/users/${ids.user}`, adminToken, '{"roleEntityRefs":[{"name":"vApp User"},{"name":"vApp Author"}]}'),
      'two roles', /body\/roleEntityRefs must NOT have more than 1 item/);
    assertRefused(await send('PUT', `/cloudapi/1.0.0/roles/${ids.role}/rights`, providerToken, JSON.stringify({ values: Array(5000).fill({ name: 'x' }) })),
      'a huge list', /body\/values must NOT have more than 1024 items/);
    assertRefused(await send('PUT', `/cloudapi/1.0.0/roles/${ids.role}/rights`, providerToken, '[]'), 'a list for a body', /body must be object/);
    assertRefused(await send('POST', '/cloudapi/1.0.0/deviceLookup/grant', adminToken, '{"userCode":{"x":1}}'), 'userCode', /body\/userCode must be string/);
  });

  test('error messages quote at most a short excerpt of what was sent', async () => {
    const long = 'N'.repeat(200);
    const res = await provider('PUT', `/roles/${ids.role}/rights`, refs(long));
    assert.equal(res.status, 400);
    assert.equal(res.json.minorErrorCode, 'INVALID_REFERENCE');
    assert.match(res.json.message, /^No right "N{64}…" exists\.$/);
    assertRefused(await send('PUT', `/cloudapi/1.0.0/roles/${ids.role}/rights`, providerToken, JSON.stringify(refs('N'.repeat(100_000)))),
      'a huge name', /body\/values\/0\/name must NOT have more than 4096 characters/);
  });

  test('the whole objects clients send back are accepted, extra fields and nulls included', async () => {
    const role = await provider('GET', `/roles/${ids.role}`);
    const renamed = await provider('PUT', `/roles/${ids.role}`, { ...role.json, name: 'Fuzzed again', description: null, links: [{ rel: 'edit', href: 'x' }] });
    assert.equal(renamed.status, 200, renamed.text);
    const rights = await provider('PUT', `/roles/${ids.role}/rights`,
      { resultTotal: 1, pageCount: 1, page: 1, pageSize: 25, associations: null, values: [{ name: 'Organization: View', id: null }] });
    assert.equal(rights.status, 200, rights.text);
    const admin = cloudClient(t.url, adminToken);
    const user = await admin('GET', `/users/${ids.user}`);
    const saved = await admin('PUT', `/users/${ids.user}`, { ...user.json, href: 'x', password: null, fullName: 'Hello User' });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.json.fullName, 'Hello User');
    // go-vcloud-director's actions: Content-Type: application/json and no body at all
    const publishAll = await call(t.url, 'POST', `/cloudapi/1.0.0/rightsBundles/${ids.bundle}/tenants/publishAll`,
      { accept: JSON_('37.0'), authorization: `Bearer ${providerToken}`, 'content-type': 'application/json' }, '');
    assert.equal(publishAll.status, 200, publishAll.text);
  });
});
