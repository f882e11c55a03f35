import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { call, JSON_, login, XML } from './helpers/http.ts';
import { exchange, oauthBase, postForm, safeJson, tokenCall } from './helpers/oauth.ts';
import { eachEngine } from './helpers/world.ts';

const SEED = {
  ...TEST_SEED,
  orgs: [
    ...TEST_SEED.orgs!.map((o) => (o.name === 'OtherOrg'
      ? { ...o, users: [...(o.users ?? []), { name: 'OtherAdmin', password: PASSWORD, role: 'Organization Administrator' }] }
      : o)),
  ],
};

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const json = (token: string) => ({ accept: JSON_('37.0'), authorization: `Bearer ${token}`, 'content-type': 'application/json' });

eachEngine('service accounts', { seed: SEED, login: ['orgAdmin'] }, (w) => {
  const status = async (id: string) => {
    const res = await call(w.t.url, 'GET', `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`, json(w.orgAdmin.token));
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text).status as string;
  };

  /** go-vcloud-director's CreateServiceAccount: register with software_id and a role scope. */
  const register = async (name: string, org = 'ExampleOrg', session = w.orgAdmin.token) => {
    const res = await call(w.t.url, 'POST', `${oauthBase(org)}/register`, { ...json(session), accept: 'application/json;version=' },
      JSON.stringify({ client_name: name, scope: 'urn:vcloud:role:vApp%20Author', software_id: '12345678-1234-1234-1234-1234567890ab', software_version: '', client_uri: '' }));
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text).client_id as string;
  };

  const authorize = async (id: string, org = 'ExampleOrg') => {
    const res = await postForm(w.t.url, `${oauthBase(org)}/device_authorization`, { client_id: id });
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text) as { device_code: string; user_code: string; verification_uri: string; expires_in: number; interval: number };
  };

  const activate = async (name: string) => {
    const id = await register(name);
    const codes = await authorize(id);
    assert.equal((await call(w.t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', json(w.orgAdmin.token), JSON.stringify({ userCode: codes.user_code }))).status, 204);
    const res = await tokenCall(w.t.url, 'ExampleOrg', { grant_type: DEVICE, client_id: id, device_code: codes.device_code });
    assert.equal(res.status, 200, res.text);
    return { id, refreshToken: res.json.refresh_token as string, accessToken: res.json.access_token as string };
  };

  test('the device flow: CREATED → REQUESTED → GRANTED → ACTIVE, with pending and slow_down on the way', async () => {
    const id = await register('sa-flow');
    assert.equal(await status(id), 'CREATED');
    const codes = await authorize(id);
    assert.match(codes.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(codes.interval, 5);
    assert.equal(codes.expires_in, 600);
    assert.match(codes.verification_uri, /\/tenant\/ExampleOrg$/);
    assert.equal(await status(id), 'REQUESTED');

    const poll = () => tokenCall(w.t.url, 'ExampleOrg', { grant_type: DEVICE, client_id: id, device_code: codes.device_code });
    let res = await poll();
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'authorization_pending');
    res = await poll();
    assert.equal(res.json.error, 'slow_down', 'polled again at once');

    const grant = await call(w.t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', json(w.orgAdmin.token), JSON.stringify({ userCode: codes.user_code.toLowerCase() }));
    assert.equal(grant.status, 204, grant.text);
    assert.equal(await status(id), 'GRANTED');

    await w.t.clock.advanceMinutes(0.1); // 6 s: still inside the interval, now 10 s after slow_down
    assert.equal((await poll()).json.error, 'slow_down');
    await w.t.clock.advanceMinutes(0.5);
    res = await poll();
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.token_type, 'Bearer');
    assert.equal(await status(id), 'ACTIVE');
    assert.equal((await poll()).json.error, 'invalid_grant', 'a device code is good for one token');

    const me = JSON.parse((await call(w.t.url, 'GET', '/cloudapi/1.0.0/sessions/current', json(res.json.access_token as string))).text);
    assert.equal(me.user.name, 'sa-flow');
    assert.deepEqual(me.roles, ['vApp Author']);
  });

  test('every refresh rotates the token; the old one then gets invalid_grant', async () => {
    const { refreshToken: first } = await activate('sa-rotate');
    const r1 = await exchange(w.t.url, 'ExampleOrg', first);
    assert.equal(r1.status, 200, r1.text);
    const second = r1.json.refresh_token as string;
    assert.notEqual(second, first);
    const replay = await exchange(w.t.url, 'ExampleOrg', first);
    assert.equal(replay.status, 400);
    assert.equal(replay.json.error, 'invalid_grant');
    assert.equal(replay.json.minorErrorCode, 'invalid_grant');
    const r2 = await exchange(w.t.url, 'ExampleOrg', second);
    assert.equal(r2.status, 200);
    assert.notEqual(r2.json.refresh_token, second);
    assert.equal((await call(w.t.url, 'GET', '/api/org', { accept: XML(), authorization: `Bearer ${r2.json.access_token}` })).status, 200);

    const foreign = await exchange(w.t.url, 'OtherOrg', r2.json.refresh_token as string);
    assert.equal(foreign.json.error, 'invalid_grant', 'never for another org');
    assert.equal((await exchange(w.t.url, 'ExampleOrg', r2.json.refresh_token as string)).status, 200, 'a refusal elsewhere does not burn it');
  });

  test('a concurrent double use lets exactly one request win', async () => {
    const { refreshToken } = await activate('sa-race');
    const results = await Promise.all([1, 2, 3, 4].map(() => exchange(w.t.url, 'ExampleOrg', refreshToken)));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.filter((r) => r.status !== 200).every((r) => r.json.error === 'invalid_grant'));
  });

  test('revoke returns it to CREATED and ends its sessions; delete removes it', async () => {
    const { id, refreshToken, accessToken } = await activate('sa-revoke');
    const revoke = await call(w.t.url, 'POST', `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}/revoke`, json(w.orgAdmin.token));
    assert.equal(revoke.status, 204, revoke.text);
    assert.equal(await status(id), 'CREATED');
    assert.equal((await call(w.t.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${accessToken}` })).status, 401);
    assert.equal((await exchange(w.t.url, 'ExampleOrg', refreshToken)).json.error, 'invalid_grant');

    const del = await call(w.t.url, 'DELETE', `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`, json(w.orgAdmin.token));
    assert.equal(del.status, 204);
    assert.equal((await call(w.t.url, 'GET', `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`, json(w.orgAdmin.token))).status, 403);
    const reauth = await postForm(w.t.url, '/oauth/tenant/ExampleOrg/device_authorization', { client_id: id });
    assert.equal(safeJson(reauth.text).error, 'invalid_client');
  });

  test('an unanswered device code expires', async () => {
    const id = await register('sa-expire');
    const codes = await authorize(id);
    await w.t.clock.advanceMinutes(10);
    const res = await tokenCall(w.t.url, 'ExampleOrg', { grant_type: DEVICE, client_id: id, device_code: codes.device_code });
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'expired_token');
    assert.equal(await status(id), 'CREATED');
    const late = await call(w.t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', json(w.orgAdmin.token), JSON.stringify({ userCode: codes.user_code }));
    assert.equal(late.status, 400);
  });

  test('CloudAPI create, list, update; roles are checked', async () => {
    const created = await call(w.t.url, 'POST', '/cloudapi/1.0.0/serviceAccounts', json(w.orgAdmin.token),
      JSON.stringify({ name: 'sa-cloudapi', softwareId: 'soft-1', softwareVersion: '1.0', role: { name: 'vApp User' }, uri: 'https://example.com' }));
    assert.equal(created.status, 201, created.text);
    const sa = JSON.parse(created.text);
    assert.match(sa.id, /^urn:vcloud:serviceAccount:/);
    assert.equal(sa.status, 'CREATED');
    assert.equal(sa.role.name, 'vApp User');
    assert.equal(sa.org.name, 'ExampleOrg');

    const listed = await call(w.t.url, 'GET', `/cloudapi/1.0.0/serviceAccounts?pageSize=32&filter=${encodeURIComponent('name==sa-cloudapi')}`, json(w.orgAdmin.token));
    assert.deepEqual(JSON.parse(listed.text).values.map((v: { id: string }) => v.id), [sa.id]);

    const put = await call(w.t.url, 'PUT', `/cloudapi/1.0.0/serviceAccounts/${sa.id}`, json(w.orgAdmin.token),
      JSON.stringify({ ...sa, softwareVersion: '2.0', role: { name: 'Catalog Author' } }));
    assert.equal(put.status, 200, put.text);
    assert.equal(JSON.parse(put.text).softwareVersion, '2.0');
    assert.equal(JSON.parse(put.text).role.name, 'Catalog Author');
    const renamed = await call(w.t.url, 'PUT', `/cloudapi/1.0.0/serviceAccounts/${sa.id}`, json(w.orgAdmin.token), JSON.stringify({ ...sa, name: 'other' }));
    assert.equal(renamed.status, 400);

    for (const body of [{ name: 'x', softwareId: 's', role: { name: 'System Administrator' } }, { name: 'x', softwareId: 's', role: { name: 'No Such Role' } },
      { name: 'x', role: { name: 'vApp User' } }, { name: 'sa-cloudapi', softwareId: 's', role: { name: 'vApp User' } }, { softwareId: 's', role: 'vApp User' }]) {
      const res = await call(w.t.url, 'POST', '/cloudapi/1.0.0/serviceAccounts', json(w.orgAdmin.token), JSON.stringify(body));
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  test('rights and org boundaries', async () => {
    const user = await login(w.t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
    const otherAdmin = await login(w.t.url, 'OtherAdmin', 'OtherOrg', PASSWORD);
    const id = await register('sa-bounds');
    const codes = await authorize(id);

    assert.equal((await call(w.t.url, 'GET', '/cloudapi/1.0.0/serviceAccounts', json(user))).status, 403);
    assert.equal((await call(w.t.url, 'POST', '/cloudapi/1.0.0/serviceAccounts', json(user), JSON.stringify({ name: 'x', softwareId: 's', role: 'vApp User' }))).status, 403);
    assert.equal((await call(w.t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', json(user), JSON.stringify({ userCode: codes.user_code }))).status, 403);
    const reg = await call(w.t.url, 'POST', '/oauth/tenant/ExampleOrg/register', json(user), JSON.stringify({ client_name: 'x', software_id: 's', scope: 'urn:vcloud:role:vApp%20User' }));
    assert.equal(reg.status, 403);

    const foreignGrant = await call(w.t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', json(otherAdmin), JSON.stringify({ userCode: codes.user_code }));
    assert.equal(foreignGrant.status, 400, 'another org\'s user code is unknown here');
    assert.equal((await call(w.t.url, 'GET', `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`, json(otherAdmin))).status, 403);
    const wrongOrg = await postForm(w.t.url, '/oauth/tenant/OtherOrg/device_authorization', { client_id: id });
    assert.equal(safeJson(wrongOrg.text).error, 'invalid_client');
    const wrongOrgPoll = await tokenCall(w.t.url, 'OtherOrg', { grant_type: DEVICE, client_id: id, device_code: codes.device_code });
    assert.equal(wrongOrgPoll.json.error, 'invalid_client');

    // The provider acts in a tenant org through the tenant context, as go-vcloud-director does.
    const provider = await login(w.t.url, 'administrator', 'System', PASSWORD);
    const org = (await w.t.cell.services.identity.findOrgByName('ExampleOrg'));
    const ctx = { ...json(provider), 'x-vmware-vcloud-tenant-context': org!.id };
    const list = JSON.parse((await call(w.t.url, 'GET', '/cloudapi/1.0.0/serviceAccounts?pageSize=128', ctx)).text);
    assert.ok(list.values.every((v: { org: { name: string } }) => v.org.name === 'ExampleOrg'));
    assert.equal((await call(w.t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', ctx, JSON.stringify({ userCode: codes.user_code }))).status, 204);
    const providerSa = await register('provider-sa', 'System', provider);
    const providerCodes = await authorize(providerSa, 'System');
    assert.match(providerCodes.verification_uri, /\/provider$/);
  });

  test('device_authorization refusals are OAuth errors', async () => {
    for (const [body, error] of [[{}, 'invalid_request'], [{ client_id: 'nope' }, 'invalid_client'], [{ client_id: '00000000-0000-0000-0000-000000000000' }, 'invalid_client']] as const) {
      const res = await postForm(w.t.url, '/oauth/tenant/ExampleOrg/device_authorization', body);
      assert.equal(res.status, 400);
      assert.equal(safeJson(res.text).error, error);
    }
    assert.equal(safeJson((await postForm(w.t.url, '/oauth/tenant/NoOrg/device_authorization', { client_id: 'x' })).text).error, 'invalid_client');
    const { id } = await activate('sa-active');
    assert.equal(safeJson((await postForm(w.t.url, '/oauth/tenant/ExampleOrg/device_authorization', { client_id: id })).text).error, 'invalid_request');
  });
});
