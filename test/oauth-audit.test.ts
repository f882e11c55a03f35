import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { basic, call, JSON_, login } from './helpers/http.ts';
import { createApiToken, exchange, postForm, tokenCall } from './helpers/oauth.ts';
import { redactUrl } from '../src/server/http/redact.ts';

interface Event { eventType: string; eventStatus: string; timestamp: string; user: { name: string }; operatingOrg: { name: string }; eventEntity: { id: string | null } }

for (const engine of engines()) {
  describe(`audit trail on ${engine}`, () => {
    let t: TestCell;
    const secrets: string[] = [PASSWORD, 'Wrong-Passw0rd!'];
    let provider: string;
    let refreshToken: string;
    let clientId: string;
    const start = Date.UTC(2026, 0, 1);

    before(async () => {
      t = await startCell({ engine });
      // A failed login, an API token's whole life, and a service account's rotation.
      await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic('HelloUser', 'ExampleOrg', 'Wrong-Passw0rd!') });
      const hello = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const admin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      provider = await login(t.url, 'administrator', 'System', PASSWORD);
      secrets.push(hello, admin, provider);
      ({ clientId, refreshToken } = await createApiToken(t.url, 'ExampleOrg', hello, 'audited'));
      await t.clock.advanceMinutes(5);
      const used = await exchange(t.url, 'ExampleOrg', refreshToken);
      secrets.push(refreshToken, used.json.access_token as string);
      await exchange(t.url, 'OtherOrg', refreshToken); // refused
      await call(t.url, 'DELETE', `/cloudapi/1.0.0/tokens/urn:vcloud:token:${clientId}`, { accept: JSON_(), authorization: `Bearer ${admin}` });

      const reg = await call(t.url, 'POST', '/oauth/tenant/ExampleOrg/register', { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        JSON.stringify({ client_name: 'audited-sa', software_id: 's', scope: 'urn:vcloud:role:vApp%20User' }));
      const saId = JSON.parse(reg.text).client_id as string;
      const codes = JSON.parse((await postForm(t.url, '/oauth/tenant/ExampleOrg/device_authorization', { client_id: saId })).text);
      secrets.push(codes.device_code, codes.user_code);
      await call(t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', { 'content-type': 'application/json', authorization: `Bearer ${admin}`, accept: JSON_() },
        JSON.stringify({ userCode: codes.user_code }));
      const sa = await tokenCall(t.url, 'ExampleOrg', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: saId, device_code: codes.device_code });
      const rotated = await exchange(t.url, 'ExampleOrg', sa.json.refresh_token as string);
      secrets.push(sa.json.refresh_token as string, sa.json.access_token as string, rotated.json.refresh_token as string, rotated.json.access_token as string);

      await login(t.url, 'Other', 'OtherOrg', PASSWORD);
    });
    after(async () => { await t.close(); });

    const trail = async (session: string, query = 'pageSize=128') => {
      const res = await call(t.url, 'GET', `/cloudapi/1.0.0/auditTrail?${query}`, { accept: JSON_(), authorization: `Bearer ${session}` });
      return { status: res.status, text: res.text, events: res.status === 200 ? (JSON.parse(res.text).values as Event[]) : [] };
    };
    const types = (events: Event[]) => events.map((e) => `${e.eventType.split('/').slice(-2).join('/')}:${e.eventStatus}`);

    test('logins, failed logins and every step of a token\'s life are events', async () => {
      const { events } = await trail(provider);
      const seen = new Set(types(events));
      for (const expected of ['session/login:SUCCESS', 'session/login:FAILURE', 'token/create:SUCCESS', 'token/issue:SUCCESS', 'token/use:SUCCESS',
        'token/refused:FAILURE', 'token/revoke:SUCCESS', 'serviceAccount/create:SUCCESS', 'serviceAccount/request:SUCCESS',
        'serviceAccount/grant:SUCCESS', 'token/rotate:SUCCESS']) {
        assert.ok(seen.has(expected), `${expected} in ${[...seen].join(', ')}`);
      }
      const failed = events.find((e) => e.eventStatus === 'FAILURE' && e.eventType.endsWith('session/login'))!;
      assert.equal(failed.user.name, 'HelloUser');
      assert.equal(failed.operatingOrg.name, 'ExampleOrg');
      const revoked = events.find((e) => e.eventType.endsWith('token/revoke'))!;
      assert.equal(revoked.eventEntity.id, `urn:vcloud:token:${clientId}`);
    });

    test('no secret appears in the trail or in the stored rows', async () => {
      const { text } = await trail(provider);
      const rows = JSON.stringify(await t.cell.store.db.selectFrom('audit_events').selectAll().execute());
      const clients = JSON.stringify(await t.cell.store.db.selectFrom('oauth_clients').selectAll().execute());
      const codes = JSON.stringify(await t.cell.store.db.selectFrom('device_codes').selectAll().execute());
      assert.ok(secrets.length >= 12 && secrets.every((s) => s && s.length >= 8));
      for (const secret of secrets) {
        for (const [where, haystack] of [['trail', text], ['audit rows', rows], ['clients', clients], ['device codes', codes]] as const) {
          assert.ok(!haystack.includes(secret), `a secret leaked into ${where}`);
        }
      }
    });

    test('filter by type and time; tenants see their org, users without the right nothing', async () => {
      const logins = await trail(provider, `pageSize=128&filter=${encodeURIComponent('type==com/vmware/cloud/event/session/login;eventStatus==FAILURE')}`);
      assert.deepEqual(types(logins.events), ['session/login:FAILURE']);
      const later = await trail(provider, `pageSize=128&filter=${encodeURIComponent(`timestamp=ge=${new Date(start + 5 * 60_000).toISOString().replace('.000', '')}`)}`);
      assert.ok(later.events.length > 0 && later.events.every((e) => Date.parse(e.timestamp) >= start + 5 * 60_000));
      assert.ok(!types(later.events).includes('token/create:SUCCESS'), 'created before the 5 minutes passed');
      const sorted = await trail(provider, 'pageSize=2&sortDesc=timestamp');
      assert.equal(sorted.events.length, 2);
      assert.ok(sorted.events[0]!.timestamp >= sorted.events[1]!.timestamp);
      assert.equal((await trail(provider, `filter=${encodeURIComponent('timestamp=ge=yesterday')}`)).status, 400);

      const admin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
      const tenant = await trail(admin);
      assert.ok(tenant.events.length > 0);
      assert.ok(tenant.events.every((e) => e.operatingOrg.name === 'ExampleOrg'));
      assert.ok((await trail(provider)).events.some((e) => e.operatingOrg.name === 'OtherOrg'));
      assert.equal((await trail(await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD))).status, 403);
    });
  });
}

test('request logs blank secret-bearing query parameters', () => {
  assert.equal(redactUrl('/oauth/tenant/x/token?grant_type=refresh_token&refresh_token=abc&client_id=1'),
    '/oauth/tenant/x/token?grant_type=refresh_token&refresh_token=[REDACTED]&client_id=1');
  assert.equal(redactUrl('/t?assertion=a&device%5Fcode=b&password=c&user_code=d'), '/t?assertion=[REDACTED]&device%5Fcode=[REDACTED]&password=[REDACTED]&user_code=[REDACTED]');
  assert.equal(redactUrl('/api/org?page=2'), '/api/org?page=2');
  assert.equal(redactUrl('/x?%E0%A4%A=1'), '/x?%E0%A4%A=1');
});
