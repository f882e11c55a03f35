import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { call, JSON_, login, XML } from './helpers/http.ts';
import { createApiToken, exchange, FORM, oauthBase, safeJson, tokenCall } from './helpers/oauth.ts';

const SEED = {
  ...TEST_SEED,
  orgs: [
    ...TEST_SEED.orgs!,
    { name: 'ThirdOrg', users: [{ name: 'Console', password: PASSWORD, role: 'Console Access Only' }] },
  ],
};

const bearer = (token: string, accept = JSON_()) => ({ accept, authorization: `Bearer ${token}` });

for (const engine of engines()) {
  describe(`API tokens on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, seed: SEED }); });
    after(async () => { await t.close(); });

    test('go-vcloud-director CreateToken: register, read, issue once, then SetApiToken', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const reg = await call(t.url, 'POST', '/oauth/tenant/ExampleOrg/register',
        { 'content-type': 'application/json', accept: 'application/json;version=', authorization: `Bearer ${session}` },
        JSON.stringify({ client_name: 'terraform' }));
      assert.equal(reg.status, 200, reg.text);
      const client = JSON.parse(reg.text);
      assert.match(client.client_id, /^[0-9a-f-]{36}$/);
      assert.equal(client.client_name, 'terraform');
      assert.ok(client.grant_types.includes('refresh_token'));
      assert.equal(client.token_endpoint_auth_method, 'none');

      const tokenUrn = `urn:vcloud:token:${client.client_id}`;
      const got = await call(t.url, 'GET', `/cloudapi/1.0.0/tokens/${tokenUrn}`, bearer(session, JSON_('37.0')));
      assert.equal(got.status, 200, got.text);
      const token = JSON.parse(got.text);
      assert.equal(token.id, tokenUrn);
      assert.equal(token.name, 'terraform');
      assert.equal(token.type, 'REFRESH');
      assert.equal(token.owner.name, 'HelloUser');
      assert.equal(token.org.name, 'ExampleOrg');

      const jwt = { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: session, client_id: client.client_id };
      const issued = await tokenCall(t.url, 'ExampleOrg', jwt);
      assert.equal(issued.status, 200, issued.text);
      const apiToken = issued.json.refresh_token as string;
      assert.ok(apiToken.length >= 32);
      const again = await tokenCall(t.url, 'ExampleOrg', jwt);
      assert.equal(again.status, 400);
      assert.equal(again.json.error, 'invalid_grant', 'the token is shown once');

      const res = await exchange(t.url, 'ExampleOrg', apiToken);
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.json.token_type, 'Bearer');
      assert.equal(res.json.expires_in, 30 * 60);
      assert.equal(res.json.refresh_token, apiToken, 'an API token does not rotate');
      const access = res.json.access_token as string;

      const s = await call(t.url, 'GET', '/api/session', bearer(access, XML()));
      assert.equal(s.status, 200);
      assert.match(s.text, /user="HelloUser"/);
      const current = JSON.parse((await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', bearer(access))).text);
      assert.equal(current.user.name, 'HelloUser');
      assert.equal((await call(t.url, 'DELETE', '/api/session', bearer(access, XML()))).status, 204);
      assert.equal((await call(t.url, 'GET', '/api/session', bearer(access, XML()))).status, 401);
    });

    test('the exchange works with the parameters in the query string, and the session idles out', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const { refreshToken } = await createApiToken(t.url, 'ExampleOrg', session, 'query-string');
      const qs = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
      const res = await call(t.url, 'POST', `/oauth/tenant/ExampleOrg/token?${qs}`, { accept: 'application/json' });
      assert.equal(res.status, 200, res.text);
      const access = JSON.parse(res.text).access_token as string;
      assert.equal((await call(t.url, 'GET', '/api/org', bearer(access, XML()))).status, 200);
      await t.clock.advanceMinutes(30);
      assert.equal((await call(t.url, 'GET', '/api/org', bearer(access, XML()))).status, 401);
      assert.equal((await exchange(t.url, 'ExampleOrg', refreshToken)).status, 200, 'the API token itself does not idle out');
    });

    test('the provider registers and exchanges at /oauth/provider only', async () => {
      const session = await login(t.url, 'administrator', 'System', PASSWORD);
      const { refreshToken } = await createApiToken(t.url, 'System', session, 'provider-token');
      assert.equal((await exchange(t.url, 'System', refreshToken)).status, 200);
      const viaTenant = await call(t.url, 'POST', '/oauth/tenant/System/token', { 'content-type': FORM },
        new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString());
      assert.equal(viaTenant.status, 400);
      assert.equal(safeJson(viaTenant.text).error, 'invalid_grant');
    });

    test('a token never works for another org', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const { refreshToken } = await createApiToken(t.url, 'ExampleOrg', session, 'foreign');
      for (const org of ['OtherOrg', 'System', 'NoSuchOrg']) {
        const res = await exchange(t.url, org, refreshToken);
        assert.equal(res.status, 400, org);
        assert.equal(res.json.error, 'invalid_grant', org);
      }
      const other = await login(t.url, 'Other', 'OtherOrg', PASSWORD);
      const reg = await call(t.url, 'POST', '/oauth/tenant/ExampleOrg/register',
        { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${other}` }, JSON.stringify({ client_name: 'x' }));
      assert.equal(reg.status, 403, 'registering in another org');
    });

    test('an expiry set at creation ends the token', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const { clientId, refreshToken } = await createApiToken(t.url, 'ExampleOrg', session, 'short-lived', { expires_in: 3600 });
      const listed = JSON.parse((await call(t.url, 'GET', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${clientId}`, bearer(session))).text);
      assert.equal(listed.expirationTimeUtc, new Date(t.clock.now() + 3600_000).toISOString());
      await t.clock.advanceMinutes(59);
      assert.equal((await exchange(t.url, 'ExampleOrg', refreshToken)).status, 200);
      await t.clock.advanceMinutes(1);
      const res = await exchange(t.url, 'ExampleOrg', refreshToken);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'invalid_grant');
    });

    test('listing: owners see theirs, "Manage all users\' API tokens" the org\'s, the provider all', async () => {
      const hello = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const admin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      const other = await login(t.url, 'Other', 'OtherOrg', PASSWORD);
      const provider = await login(t.url, 'administrator', 'System', PASSWORD);
      const mine = await createApiToken(t.url, 'ExampleOrg', hello, 'listed');
      await createApiToken(t.url, 'ExampleOrg', admin, 'admin-token');
      await createApiToken(t.url, 'OtherOrg', other, 'other-token');
      await exchange(t.url, 'ExampleOrg', mine.refreshToken);

      const names = async (session: string, filter = '') => {
        const res = await call(t.url, 'GET', `/cloudapi/1.0.0/tokens?pageSize=128${filter && `&filter=${encodeURIComponent(filter)}`}`, bearer(session));
        assert.equal(res.status, 200, res.text);
        return (JSON.parse(res.text).values as Array<{ name: string; owner: { name: string } }>).map((v) => `${v.owner.name}/${v.name}`);
      };
      const helloSees = await names(hello);
      assert.ok(helloSees.includes('HelloUser/listed'));
      assert.ok(helloSees.every((n) => n.startsWith('HelloUser/')));
      const adminSees = await names(admin);
      assert.ok(adminSees.includes('HelloUser/listed') && adminSees.includes('OrgAdmin/admin-token'));
      assert.ok(!adminSees.includes('Other/other-token'));
      assert.deepEqual(await names(other), ['Other/other-token']);
      const all = await names(provider);
      assert.ok(all.includes('Other/other-token') && all.includes('HelloUser/listed'));

      // go-vcloud-director's GetTokenByNameAndUsername filter
      assert.deepEqual(await names(admin, '(name==listed;owner.name==HelloUser;(type==PROXY,type==REFRESH))'), ['HelloUser/listed']);
      const bad = await call(t.url, 'GET', `/cloudapi/1.0.0/tokens?filter=${encodeURIComponent('secret==x')}`, bearer(admin));
      assert.equal(bad.status, 400);

      const one = JSON.parse((await call(t.url, 'GET', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${mine.clientId}`, bearer(hello))).text);
      assert.equal(one.lastUsedTimeUtc, new Date(t.clock.now()).toISOString());
      assert.equal(one.lastUsedAddress, '127.0.0.1');
      assert.equal(one.token, undefined, 'the secret is never listed');

      const paged = await call(t.url, 'GET', '/cloudapi/1.0.0/tokens?pageSize=1', bearer(provider));
      assert.match(paged.headers.get('link') ?? '', /rel="nextPage"/);
      assert.equal(JSON.parse(paged.text).values.length, 1);

      const foreign = await call(t.url, 'GET', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${mine.clientId}`, bearer(other));
      assert.equal(foreign.status, 403, 'another org\'s token is indistinguishable from none');
    });

    test('revocation is immediate and ends the sessions that token opened', async () => {
      const hello = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const admin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      const { clientId, refreshToken } = await createApiToken(t.url, 'ExampleOrg', hello, 'to-revoke');
      const a = (await exchange(t.url, 'ExampleOrg', refreshToken)).json.access_token as string;
      const b = (await exchange(t.url, 'ExampleOrg', refreshToken)).json.access_token as string;
      for (const s of [a, b]) assert.equal((await call(t.url, 'GET', '/api/session', bearer(s, XML()))).status, 200);

      const adminToken = await createApiToken(t.url, 'ExampleOrg', admin, 'admins-own');
      const notYours = await call(t.url, 'DELETE', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${adminToken.clientId}`, bearer(hello));
      assert.equal(notYours.status, 403, 'a plain user cannot revoke another user\'s token');

      const del = await call(t.url, 'DELETE', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${clientId}`, bearer(admin));
      assert.equal(del.status, 204);
      for (const s of [a, b]) assert.equal((await call(t.url, 'GET', '/api/session', bearer(s, XML()))).status, 401);
      const res = await exchange(t.url, 'ExampleOrg', refreshToken);
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'invalid_grant');
      assert.equal((await call(t.url, 'GET', '/api/session', bearer(hello, XML()))).status, 200, 'the password session is untouched');
      assert.equal((await call(t.url, 'GET', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${clientId}`, bearer(hello))).status, 403);
    });

    test('without the right to manage tokens: 403', async () => {
      const session = await login(t.url, 'Console', 'ThirdOrg', PASSWORD);
      const reg = await call(t.url, 'POST', '/oauth/tenant/ThirdOrg/register',
        { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session}` }, JSON.stringify({ client_name: 'nope' }));
      assert.equal(reg.status, 403);
      assert.equal((await call(t.url, 'GET', '/cloudapi/1.0.0/tokens', bearer(session))).status, 403);
      const anonymous = await call(t.url, 'POST', '/oauth/tenant/ThirdOrg/register', { 'content-type': 'application/json' }, JSON.stringify({ client_name: 'x' }));
      assert.equal(anonymous.status, 401);
    });

    test('bad registrations are 400s', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const post = (body: string) => call(t.url, 'POST', '/oauth/tenant/ExampleOrg/register',
        { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session}` }, body);
      for (const body of ['{}', '{"client_name":""}', '{"client_name":{"a":42}}', '[1]', `{"client_name":"${'x'.repeat(200)}"}`,
        '{"client_name":"e","expires_in":-1}', '{"client_name":"e","expires_in":"soon"}', '{bad json']) {
        assert.equal((await post(body)).status, 400, body);
      }
      await createApiToken(t.url, 'ExampleOrg', session, 'dup');
      assert.equal((await post('{"client_name":"dup"}')).status, 400, 'duplicate name');
    });

    test('garbage at the token endpoint gets the right OAuth error, never a 500', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const { clientId } = await createApiToken(t.url, 'ExampleOrg', session, 'garbage');
      const other = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'invalid_request'],
        [{ grant_type: 'password', username: 'a', password: 'b' }, 'unsupported_grant_type'],
        [{ grant_type: 'client_credentials' }, 'unsupported_grant_type'],
        [{ grant_type: 'refresh_token' }, 'invalid_request'],
        [{ grant_type: 'refresh_token', refresh_token: 'not-a-token' }, 'invalid_grant'],
        [{ grant_type: 'refresh_token', refresh_token: 'x'.repeat(100_000) }, 'invalid_grant'],
        [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_id: clientId }, 'invalid_request'],
        [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: session, client_id: 'nope' }, 'invalid_client'],
        [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'forged', client_id: clientId }, 'invalid_grant'],
        [{ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: other, client_id: clientId }, 'invalid_grant'],
        [{ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: clientId, device_code: 'x' }, 'invalid_client'],
        [{ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: '\u0000' }, 'invalid_request'],
      ];
      for (const [params, error] of cases) {
        const res = await tokenCall(t.url, 'ExampleOrg', params);
        assert.equal(res.status, 400, `${JSON.stringify(params).slice(0, 80)}: ${res.text}`);
        assert.equal(res.json.error, error, JSON.stringify(params).slice(0, 80));
        assert.equal(typeof res.json.error_description, 'string');
      }
      const raw = async (headers: Record<string, string>, body: string | undefined, path = '/oauth/tenant/ExampleOrg/token') => {
        const res = await call(t.url, 'POST', path, headers, body);
        return { status: res.status, error: safeJson(res.text).error };
      };
      assert.deepEqual(await raw({ 'content-type': 'text/plain' }, 'grant_type=refresh_token'), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await raw({ 'content-type': 'application/json' }, '{"grant_type":{"a":1}}'), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await raw({ 'content-type': 'application/json' }, '{nope'), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await raw({ 'content-type': FORM }, 'grant_type=refresh_token&grant_type=password'), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await raw({ 'content-type': FORM }, 'grant_type=password', '/oauth/tenant/ExampleOrg/token?grant_type=refresh_token'), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await raw({ 'content-type': FORM }, '%%%=%%%&&=='), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await raw({}, undefined, `${oauthBase('ExampleOrg')}/token?grant_type=refresh_token&refresh_token=%ZZ`), { status: 400, error: 'invalid_grant' });
      assert.equal((await raw({ 'content-type': FORM }, `grant_type=refresh_token&refresh_token=${'a'.repeat(2 * 1024 * 1024)}`)).status, 413);
    });
  });
}
