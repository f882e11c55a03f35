import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import {
  VcdClient, passwordAuth, accessTokenAuth, VersionNegotiationError, ForbiddenError, NotFoundError, UnauthorizedError,
  SessionEndedError, VcdRequestError, parseSupportedVersions, type DebugEvent,
} from '../src/sdk/index.ts';

describe('SDK: connect, version negotiation, password login', () => {
  let t: TestCell;
  let old: TestCell;
  before(async () => {
    t = await startCell();
    old = await startCell({ config: { release: '10.3' } });
  });
  after(async () => {
    await t.close();
    await old.close();
  });

  test('negotiates the highest non-deprecated version both sides support', async () => {
    const c = await VcdClient.connect(t.url);
    assert.equal(c.apiVersion, '39.1');
    assert.ok(c.serverVersions.some((v) => v.version === '36.0' && v.deprecated));
    await c.close();
    const c103 = await VcdClient.connect(`${old.url}/api`);
    assert.equal(c103.apiVersion, '36.3', 'a 10.3 cell: 36.3 is its newest, and 37.0-alpha is skipped');
    await c103.close();
  });

  test('a pinned version the server does not offer fails naming both lists', async () => {
    await assert.rejects(VcdClient.connect(old.url, { apiVersion: '38.0' }), (err: unknown) => {
      assert.ok(err instanceof VersionNegotiationError);
      assert.match(err.message, /38\.0 was pinned/);
      assert.match(err.message, /Server offers: 31\.0 \(deprecated\), .*36\.3, 37\.0\.0-alpha \(alpha\)/);
      assert.match(err.message, /This SDK supports: 30\.0, .*39\.1/);
      assert.ok(err.serverVersions.includes('36.3') && !err.serverVersions.includes('38.0'));
      return true;
    });
  });

  test('an answer to /api/versions that is not a SupportedVersions document says so', () => {
    for (const body of ['<html><body><p>Welcome<br></p></body></html>', '<?xml version="1.0"?><Error message="no"/>', 'not XML', '']) {
      assert.throws(() => parseSupportedVersions(body), (err: unknown) =>
        err instanceof VersionNegotiationError && /did not answer a SupportedVersions document/.test(err.message));
    }
    assert.deepEqual(parseSupportedVersions([
      '<?xml version="1.0" encoding="UTF-8"?><!-- a comment --><vc:SupportedVersions xmlns:vc="http://www.vmware.com/vcloud/versions">',
      '<vc:VersionInfo deprecated="true"><vc:Version>36.0</vc:Version><vc:LoginUrl>https://h/api/sessions?a=1&amp;b=2</vc:LoginUrl></vc:VersionInfo>',
      "<vc:VersionInfo deprecated='false'>\n  <vc:Version><![CDATA[39.1]]></vc:Version>\n</vc:VersionInfo>",
      '<vc:AlphaVersion><vc:Version>40.0.0-alpha</vc:Version></vc:AlphaVersion></vc:SupportedVersions>',
    ].join('')), [
      { version: '36.0', deprecated: true, alpha: false, loginUrl: 'https://h/api/sessions?a=1&b=2', providerLoginUrl: undefined },
      { version: '39.1', deprecated: false, alpha: false, loginUrl: undefined, providerLoginUrl: undefined },
      { version: '40.0.0-alpha', deprecated: false, alpha: true, loginUrl: undefined, providerLoginUrl: undefined },
    ]);
  });

  test('a pinned deprecated version is used as asked', async () => {
    const c = await VcdClient.connect(t.url, { apiVersion: '36.0' });
    assert.equal(c.apiVersion, '36.0');
    await c.close();
  });

  test('tenant password login at /cloudapi, typed reads, logout', async () => {
    const events: DebugEvent[] = [];
    const c = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }), debug: (e) => events.push(e) });
    const login = events.find((e) => e.type === 'request' && e.method === 'POST');
    assert.ok(login?.type === 'request' && login.url.endsWith('/cloudapi/1.0.0/sessions'));
    const current = await c.get<{ user: { name: string } }>('/cloudapi/1.0.0/sessions/current');
    assert.equal(current.user.name, 'HelloUser');
    await c.logout();
    await assert.rejects(c.get('/api/org'), SessionEndedError);
    await c.close();
  });

  test('provider logs in at /sessions/provider; below 33.0 the legacy POST /api/sessions is used', async () => {
    const events: DebugEvent[] = [];
    const debug = (e: DebugEvent) => events.push(e);
    const p = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }), debug });
    const legacy = await VcdClient.connect(t.url, { apiVersion: '32.0', auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }), debug });
    const posts = events.filter((e) => e.type === 'request' && e.method === 'POST').map((e) => e.type === 'request' && new URL(e.url).pathname);
    assert.deepEqual(posts, ['/cloudapi/1.0.0/sessions/provider', '/api/sessions']);
    const session = await legacy.get<{ user: string; org: string }>('/api/session');
    assert.equal(session.user, 'HelloUser');
    await p.close();
    await legacy.close();
  });

  test('errors are classes by status with minorErrorCode, message and request id', async () => {
    const c = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
    await assert.rejects(c.get('/api/org/00000000-0000-0000-0000-000000000000'), (err: unknown) => {
      assert.ok(err instanceof ForbiddenError && err instanceof VcdRequestError);
      assert.equal(err.status, 403);
      assert.equal(err.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
      assert.match(err.requestId!, /^[0-9a-f-]{36}$/);
      assert.match(err.message, /GET \/api\/org\/0+-.* → 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN: No access to entity "urn:vcloud:org:0+-/);
      assert.match(err.request.clientRequestId, /^[0-9a-f-]{36}$/);
      return true;
    });
    await assert.rejects(c.get('/api/nothing-here'), NotFoundError);
    await assert.rejects(c.get('/api/org/00000000-0000-0000-0000-000000000000', { accept: 'application/*+xml' }), (err: unknown) => {
      assert.ok(err instanceof ForbiddenError, 'an XML Error document is read too');
      assert.equal(err.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
      assert.match(err.message, /→ 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN: No access to entity "urn:vcloud:org:0+-/);
      return true;
    });
    await assert.rejects(
      VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: 'wrong' }) }),
      (err: unknown) => err instanceof UnauthorizedError && err.minorErrorCode === 'UNAUTHORIZED');
    await c.close();
  });

  test('an existing access token is rehydrated; once logged out it is a clear SessionEndedError', async () => {
    const owner = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
    const c = await VcdClient.connect(t.url, { auth: accessTokenAuth(owner.accessToken!) });
    assert.equal((await c.get<{ user: string }>('/api/session')).user, 'HelloUser');
    await owner.logout();
    await assert.rejects(c.get('/api/org'), (err: unknown) => {
      assert.ok(err instanceof SessionEndedError);
      assert.match(err.message, /cannot log in again/);
      return true;
    });
    await assert.rejects(VcdClient.connect(t.url, { auth: accessTokenAuth(owner.accessToken ?? 'x'.repeat(40)) }), SessionEndedError);
    await owner.close();
    await c.close();
  });

  test('logging out a rehydrated token finds its CloudAPI session id and ends that session', async () => {
    const owner = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
    const token = owner.accessToken!;
    const events: DebugEvent[] = [];
    const c = await VcdClient.connect(t.url, { auth: accessTokenAuth(token), debug: (e) => events.push(e) });
    await c.logout();
    const sent = events.filter((e) => e.type === 'request').map((e) => `${e.method} ${new URL(e.url).pathname}`);
    assert.match(sent.at(-1)!, /^DELETE \/cloudapi\/1\.0\.0\/sessions\/urn:vcloud:session:/);
    const res = await fetch(`${t.url}/api/session`, { headers: { accept: 'application/*+json;version=39.1', authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
    await c.close();
    await owner.close();
  });
});
