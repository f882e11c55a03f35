import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { basic, call, JSON_, login, XML } from './helpers/http.ts';
import { statementsDuring } from './helpers/statements.ts';

for (const engine of engines()) {
  describe(`sessions on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    test('legacy login returns a Session document and the token headers', async () => {
      const res = await call(t.url, 'POST', '/api/sessions', { accept: XML('32.0'), authorization: basic('HelloUser', 'ExampleOrg', PASSWORD) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.session\+xml;version=32\.0$/);
      const token = res.headers.get('x-vmware-vcloud-access-token');
      assert.ok(token && token.length > 32);
      assert.equal(res.headers.get('x-vmware-vcloud-token-type'), 'Bearer');
      assert.equal(res.headers.get('x-vcloud-authorization'), token);
      assert.match(res.text, /<Session [^>]*user="HelloUser"/);
      assert.match(res.text, /org="ExampleOrg"/);
      assert.match(res.text, /roles="vApp Author"/);
      assert.match(res.text, /rel="down" href="[^"]+\/api\/org\/" type="application\/vnd\.vmware\.vcloud\.orgList\+xml"/);
      assert.doesNotMatch(res.text, /admin\.vcloud/, 'a tenant gets no admin link');
      const userId = /userId="urn:vcloud:user:([0-9a-f-]{36})"/.exec(res.text)?.[1];
      assert.ok(userId, 'userId is the user\'s URN');
      for (const [rel, path, type] of [['down', '/api/query', 'vcloud.query.queryList'], ['entityResolver', '/api/entity/', 'vcloud.entity'],
        ['remove', '/api/session', undefined], ['openapi', '/cloudapi', undefined]] as const) {
        const links = [...res.text.matchAll(/<Link [^>]*>/g)].map((m) => m[0]).filter((l) => l.includes(`rel="${rel}"`) && l.includes(`href="${t.url}${path}"`));
        assert.equal(links.length, 1, `one ${rel} link to ${path}`);
        if (type) assert.match(links[0]!, new RegExp(`type="application/vnd\\.vmware\\.${type.replace('.', '\\.')}\\+xml"`));
      }
    });

    test('legacy login is refused from API 38.0 on, as VCD removed it', async () => {
      const res = await call(t.url, 'POST', '/api/sessions', { accept: XML('38.0'), authorization: basic('HelloUser', 'ExampleOrg', PASSWORD) });
      assert.equal(res.status, 405);
      assert.match(res.text, /cloudapi\/1\.0\.0\/sessions/);
      assert.equal(res.headers.get('x-vmware-vcloud-access-token'), null);
      const ok = await call(t.url, 'POST', '/api/sessions', { accept: XML('37.2'), authorization: basic('HelloUser', 'ExampleOrg', PASSWORD) });
      assert.equal(ok.status, 200);
    });

    test('no Authorization is 403; wrong password, unknown user and unknown org are the same 401', async () => {
      assert.equal((await call(t.url, 'POST', '/api/sessions', { accept: XML() })).status, 403);
      const bodies = new Set<string>();
      for (const [u, o, p] of [['HelloUser', 'ExampleOrg', 'wrong'], ['Nobody', 'ExampleOrg', PASSWORD], ['HelloUser', 'NoOrg', PASSWORD]] as const) {
        const res = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic(u, o, p) });
        assert.equal(res.status, 401);
        bodies.add(res.text);
      }
      assert.equal(bodies.size, 1, 'failures are indistinguishable');
    });

    test('cloudapi login, sessions/current, then logout by id', async () => {
      const res = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: 'application/*;version=36.0', authorization: basic('HelloUser', 'ExampleOrg', PASSWORD) });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json;version=36.0');
      const body = JSON.parse(res.text);
      assert.match(body.id, /^urn:vcloud:session:/);
      assert.equal(body.user.name, 'HelloUser');
      assert.equal(body.org.name, 'ExampleOrg');
      assert.equal(body.sessionIdleTimeoutMinutes, 30);
      assert.deepEqual(body.roles, ['vApp Author']);
      assert.match(body.site.id, /^urn:vcloud:site:[0-9a-f-]{36}$/);
      assert.equal(body.location, `${body.org.id.split(':').at(-1)}@${body.site.id.split(':').at(-1)}`);
      assert.match(body.roleRefs[0].id, /^urn:vcloud:role:[0-9a-f-]{36}$/);
      assert.equal(body.roleRefs[0].name, 'vApp Author');
      const token = res.headers.get('x-vmware-vcloud-access-token')!;
      const auth = { accept: JSON_(), authorization: `Bearer ${token}` };
      const current = await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', auth);
      assert.equal(JSON.parse(current.text).id, body.id);
      assert.equal((await call(t.url, 'DELETE', `/cloudapi/1.0.0/sessions/${body.id}`, auth)).status, 204);
      assert.equal((await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', auth)).status, 401);
    });

    test('provider logs in only at /sessions/provider and sees every org', async () => {
      const tenantUrl = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic('administrator', 'System', PASSWORD) });
      assert.equal(tenantUrl.status, 401);
      const token = await login(t.url, 'administrator', 'System', PASSWORD);
      const orgs = await call(t.url, 'GET', '/api/org', { accept: XML(), authorization: `Bearer ${token}` });
      assert.equal(orgs.status, 200);
      for (const name of ['System', 'ExampleOrg', 'OtherOrg']) assert.match(orgs.text, new RegExp(`name="${name}"`));
    });

    test('a tenant sees only its org; another org is 403', async () => {
      const token = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const auth = { accept: XML(), authorization: `Bearer ${token}` };
      const list = await call(t.url, 'GET', '/api/org/', auth);
      assert.match(list.text, /name="ExampleOrg"/);
      assert.doesNotMatch(list.text, /OtherOrg/);
      const other = (await t.cell.services.identity.findOrgByName('OtherOrg'));
      const res = await call(t.url, 'GET', `/api/org/${other!.id}`, auth);
      assert.equal(res.status, 403);
      assert.match(res.text, /minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN"/);
    });

    test('x-vcloud-authorization works like Bearer; DELETE /api/session logs out', async () => {
      const token = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD, true);
      const res = await call(t.url, 'GET', '/api/session', { accept: XML(), 'x-vcloud-authorization': token });
      assert.equal(res.status, 200);
      assert.equal((await call(t.url, 'DELETE', '/api/session', { accept: XML(), authorization: `Bearer ${token}` })).status, 204);
      assert.equal((await call(t.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${token}` })).status, 401);
    });

    test('every answer carries its own X-VMWARE-VCLOUD-REQUEST-ID; a client request id is echoed', async () => {
      const token = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const ids = new Set<string>();
      for (const [path, headers, status] of [
        ['/api/org', { accept: XML(), authorization: `Bearer ${token}` }, 200],
        ['/api/org', { accept: XML(), authorization: `Bearer ${token}` }, 200],
        ['/api/org', { accept: XML() }, 401],
        ['/api/org', { accept: 'application/*+xml;version=1.0', authorization: `Bearer ${token}` }, 406],
        ['/api/nowhere', { accept: XML() }, 404],
        ['/api/versions', {}, 200],
      ] as const) {
        const res = await call(t.url, 'GET', path, { ...headers, 'x-vmware-vcloud-client-request-id': 'my-trace-1' });
        assert.equal(res.status, status, path);
        const id = res.headers.get('x-vmware-vcloud-request-id');
        assert.match(id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        ids.add(id!);
        assert.equal(res.headers.get('x-vmware-vcloud-client-request-id'), 'my-trace-1');
      }
      assert.equal(ids.size, 6, 'no two requests share an id');
    });

    test('one keep-alive connection switching tokens: each request is its own token\'s session', async () => {
      // The cell remembers the digest of the last token per connection; a new, forged or ended token on
      // the same socket must not ride on it.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const ports = new Set<number>();
      const get = (headers: Record<string, string>) => new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(`${t.url}/api/session`, { agent, headers: { accept: XML(), ...headers } }, (res) => {
          ports.add(res.socket.localPort!);
          let text = '';
          res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode!, text }));
        });
        req.on('error', reject).end();
      });
      try {
        const hello = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
        const other = await login(t.url, 'Other', 'OtherOrg', PASSWORD);
        const forged = hello.slice(0, -1) + (hello.endsWith('A') ? 'B' : 'A');
        assert.match((await get({ authorization: `Bearer ${hello}` })).text, /user="HelloUser"/);
        assert.match((await get({ authorization: `Bearer ${other}` })).text, /user="Other"/);
        assert.equal((await get({ authorization: `Bearer ${forged}` })).status, 401);
        assert.match((await get({ 'x-vcloud-authorization': hello })).text, /user="HelloUser"/);
        await call(t.url, 'DELETE', '/api/session', { accept: XML(), authorization: `Bearer ${hello}` });
        assert.equal((await get({ authorization: `Bearer ${hello}` })).status, 401);
        assert.match((await get({ authorization: `Bearer ${other}` })).text, /user="Other"/);
        assert.equal(ports.size, 1, 'every request went over the same connection');
      } finally {
        agent.destroy();
      }
    });

    test('idle timeout ends a session; activity extends it; absolute timeout ends it anyway', async () => {
      const token = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const get = () => call(t.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${token}` });
      await t.clock.advanceMinutes(29);
      assert.equal((await get()).status, 200);
      await t.clock.advanceMinutes(29);
      assert.equal((await get()).status, 200, 'activity at minute 29 extended it');
      await t.clock.advanceMinutes(30);
      assert.equal((await get()).status, 401, 'idle for 30 minutes');

      const token2 = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      for (let i = 0; i < 1440 / 20; i++) {
        await t.clock.advanceMinutes(20);
        const r = await call(t.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${token2}` });
        if (r.status === 401) {
          assert.ok((i + 1) * 20 >= 1440, `ended at ${(i + 1) * 20} minutes`);
          return;
        }
      }
      assert.fail('absolute timeout never ended the session');
    });

    test('a user\'s live sessions: a page is never cut short by idle ones, and the cache\'s activity counts', async () => {
      const example = (await t.cell.services.identity.findOrgByName('ExampleOrg'))!;
      const { user } = await t.cell.services.identity.ensureUser(example, { name: 'Pager', password: PASSWORD, role: 'vApp User' });
      const older = await login(t.url, 'Pager', 'ExampleOrg', PASSWORD);
      await t.clock.advanceMinutes(0.2);
      for (let i = 0; i < 2; i++) await login(t.url, 'Pager', 'ExampleOrg', PASSWORD);
      // Within a minute of its last write-back, this activity is in the cache only.
      await t.clock.advanceMinutes(0.3);
      assert.equal((await call(t.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${older}` })).status, 200);
      // Now the two newer sessions are idle, and the older one is live by its cached activity alone.
      await t.clock.advanceMinutes(29.8);
      const page = await t.cell.services.sessions.ofUser(user.id, 2);
      assert.deepEqual(page.map((s) => s.lastActivityAt), [t.clock.now() - 29.8 * 60_000]);
    });

    test('reads do not write: last activity reaches the store at most once a minute', async () => {
      const token = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const stored = async () => (await t.cell.store.db.selectFrom('sessions').select(['id', 'last_activity_at'])
        .orderBy('created_at', 'desc').execute()).find((r) => r)!;
      const before = await stored();
      const get = () => call(t.url, 'GET', '/api/org', { accept: XML(), authorization: `Bearer ${token}` });
      for (let i = 0; i < 5; i++) {
        await t.clock.advanceMinutes(0.1);
        assert.equal((await get()).status, 200);
      }
      assert.equal((await stored()).last_activity_at, before.last_activity_at, 'five reads within a minute wrote nothing');
      // Nor does any other read write anything, to any table.
      const statements = await statementsDuring(t.cell.store.db, async () => {
        const auth = { accept: XML(), authorization: `Bearer ${token}` };
        const orgId = (await t.cell.services.identity.findOrgByName('ExampleOrg'))!.id;
        for (const path of ['/api/org', `/api/org/${orgId}`, '/api/session', '/api/query', '/api/query?type=organization', '/api/query?type=user',
          `/api/org/${orgId}/metadata`, `/api/tasksList/${orgId}`, '/api/versions']) {
          await t.clock.advanceMinutes(0.05);
          assert.equal((await call(t.url, 'GET', path, auth)).status, 200, path);
        }
      });
      const writes = statements.filter((q) => !/^\s*select\b/i.test(q));
      assert.deepEqual(writes, [], 'reads ran no insert, update or delete');
      await t.clock.advanceMinutes(1);
      await get();
      assert.equal((await stored()).last_activity_at, t.clock.now(), 'a read a minute later records the activity');
    });

    test('sessions survive a restart; the store holds only a hash of the token', async () => {
      const token = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      const rows = await t.cell.store.db.selectFrom('sessions').selectAll().execute();
      assert.ok(rows.length > 0);
      const stored = JSON.stringify(rows);
      assert.ok(!stored.includes(token), 'no column of any session holds the token');
      assert.ok(stored.includes(createHash('sha256').update(token).digest('base64url')), 'its SHA-256 is what is kept');
      await t.stop();
      t = await t.restart();
      const res = await call(t.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${token}` });
      assert.equal(res.status, 200);
    });

    test('lockout after repeated failures, per user; the right password is refused while locked', async () => {
      const attempt = (user: string, password: string) =>
        call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic(user, 'OtherOrg', password) });
      await t.cell.services.identity.ensureUser((await t.cell.services.identity.findOrgByName('OtherOrg'))!, { name: 'Bystander', password: PASSWORD, role: 'vApp User' });
      // Four failures are not yet a lock, and a success starts the count afresh.
      for (let i = 0; i < 4; i++) assert.equal((await attempt('Other', 'bad')).status, 401);
      assert.equal((await attempt('Other', PASSWORD)).status, 200);
      for (let i = 0; i < 4; i++) await attempt('Other', 'bad');
      assert.equal((await attempt('Other', PASSWORD)).status, 200);
      // The fifth failure in a row locks the account, and only that account.
      const wrong = [];
      for (let i = 0; i < 5; i++) wrong.push(await attempt('Other', 'bad'));
      const locked = await attempt('Other', PASSWORD);
      assert.equal(locked.status, 401);
      assert.equal(locked.text, wrong[0]!.text, 'a locked account is refused like any failure');
      assert.equal((await attempt('Bystander', PASSWORD)).status, 200, 'another user of the org is not locked');
      await t.clock.advanceMinutes(9);
      assert.equal((await attempt('Other', PASSWORD)).status, 401, 'still locked after 9 minutes');
      await t.clock.advanceMinutes(1);
      await login(t.url, 'Other', 'OtherOrg', PASSWORD);
    });

    test('every kind of login failure runs the same store statements', async () => {
      // Timing must not tell an unknown org or user from a wrong password or a locked account: each
      // failure costs one lookup, one scrypt and one update, whichever it is.
      await t.cell.services.identity.ensureUser((await t.cell.services.identity.findOrgByName('OtherOrg'))!, { name: 'Locked', password: PASSWORD, role: 'vApp User' });
      for (let i = 0; i < 5; i++) await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic('Locked', 'OtherOrg', 'bad') });
      const statementsOf = (user: string, org: string, password: string) => statementsDuring(t.cell.store.db, async () => {
        const res = await call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic(user, org, password) });
        assert.equal(res.status, 401);
      });
      const wrongPassword = await statementsOf('HelloUser', 'ExampleOrg', 'wrong');
      assert.ok(wrongPassword.some((q) => /^update/i.test(q)), 'a wrong password is counted');
      assert.deepEqual(await statementsOf('Nobody', 'ExampleOrg', PASSWORD), wrongPassword, 'unknown user');
      assert.deepEqual(await statementsOf('HelloUser', 'NoSuchOrg', PASSWORD), wrongPassword, 'unknown org');
      assert.deepEqual(await statementsOf('Locked', 'OtherOrg', PASSWORD), wrongPassword, 'locked account');
      // The lookup for a failed login never wrote to the org's users: HelloUser still logs in.
      await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
    });
  });
}
