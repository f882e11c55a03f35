// Sessions that heal: the cell's clock runs the session out, the SDK logs in again once and repeats
// the request, or renews ahead of time; what cannot heal fails with a clear SessionEndedError.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { VcdClient, passwordAuth, resumeSession, SessionEndedError, UnauthorizedError, type ClientClock, type DebugEvent, type SavedSession } from '../src/sdk/index.ts';

const paths = (events: DebugEvent[], type: DebugEvent['type']) =>
  events.filter((e) => e.type === type).map((e) => `${e.method} ${new URL(e.url).pathname}${e.type === 'response' ? ` ${e.status}` : ''}`);

for (const engine of engines()) {
  describe(`SDK sessions on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    const hello = () => passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD });

    test('an expired session is renewed once and the request repeated', async () => {
      const events: DebugEvent[] = [];
      const c = await VcdClient.connect(t.url, { auth: hello(), debug: (e) => events.push(e) });
      const firstToken = c.accessToken;
      await t.clock.advanceMinutes(31);
      events.length = 0;
      assert.equal((await c.orgs.references())[0]?.name, 'ExampleOrg');
      assert.deepEqual(paths(events, 'response'), ['GET /api/org 401', 'POST /cloudapi/1.0.0/sessions 200', 'GET /api/org 200']);
      assert.notEqual(c.accessToken, firstToken);
      await c.close();
    });

    test('resumeSession: a saved live session is resumed without a login; one that ended is replaced, and the new one handed back', async () => {
      const saved: SavedSession[] = [];
      const events: DebugEvent[] = [];
      const first = await VcdClient.connect(t.url, { auth: resumeSession(hello(), { onSession: (s) => { saved.push(s); } }) });
      assert.deepEqual(saved.map((s) => s.token), [first.accessToken], 'the login\'s session, to save');
      await first.close({ logout: false });

      const again = await VcdClient.connect(t.url, { auth: resumeSession(hello(), { saved: saved[0], onSession: (s) => { saved.push(s); } }), debug: (e) => events.push(e) });
      assert.equal(again.accessToken, saved[0]!.token);
      assert.deepEqual(paths(events, 'response'), ['GET /api/versions 200', 'GET /api/session 200'], 'resumed: no login');
      assert.equal(saved.length, 1);

      await again.logout(); // the saved session ends
      events.length = 0;
      const renewed = await VcdClient.connect(t.url, { auth: resumeSession(hello(), { saved: saved[0], onSession: (s) => { saved.push(s); } }), debug: (e) => events.push(e) });
      assert.deepEqual(paths(events, 'response'), ['GET /api/versions 200', 'GET /api/session 401', 'POST /cloudapi/1.0.0/sessions 200']);
      assert.deepEqual(saved.map((s) => s.token), [saved[0]!.token, renewed.accessToken]);
      await t.clock.advanceMinutes(31); // and a session that ends while in use is replaced as any other
      assert.equal((await renewed.orgs.references())[0]?.name, 'ExampleOrg');
      assert.equal(saved.length, 3);
      await renewed.close();
    });

    test('a POST refused at authentication (a VCD 401 document: not processed) is repeated after the new login', async () => {
      const events: DebugEvent[] = [];
      const c = await VcdClient.connect(t.url, { auth: hello(), debug: (e) => events.push(e) });
      await t.clock.advanceMinutes(31);
      events.length = 0;
      const reg = await c.post<{ client_name: string }>('/oauth/tenant/ExampleOrg/register', { client_name: 'after-expiry' }, { accept: 'application/json' });
      assert.equal(reg.client_name, 'after-expiry');
      assert.deepEqual(paths(events, 'response'), [
        'POST /oauth/tenant/ExampleOrg/register 401', 'POST /cloudapi/1.0.0/sessions 200', 'POST /oauth/tenant/ExampleOrg/register 200',
      ]);
      await c.close();
    });

    test('concurrent requests on an expired session share one login', async () => {
      const events: DebugEvent[] = [];
      const c = await VcdClient.connect(t.url, { auth: hello(), debug: (e) => events.push(e) });
      await t.clock.advanceMinutes(31);
      events.length = 0;
      await Promise.all([c.orgs.references(), c.sessions.legacy(), c.sessions.current()]);
      assert.equal(paths(events, 'request').filter((p) => p.startsWith('POST')).length, 1);
      await c.close();
    });

    test('a session about to run idle is renewed before the request, on the client clock', async () => {
      const clock: ClientClock = { now: () => t.clock.now(), sleep: async () => {} };
      const events: DebugEvent[] = [];
      const c = await VcdClient.connect(t.url, { auth: hello(), clock, debug: (e) => events.push(e) });
      await t.clock.advanceMinutes(10);
      events.length = 0;
      await c.orgs.references();
      assert.deepEqual(paths(events, 'response'), ['GET /api/org 200'], 'far from the idle timeout: no renewal');
      await t.clock.advanceMinutes(29.5);
      events.length = 0;
      await c.orgs.references();
      assert.deepEqual(paths(events, 'response'), ['POST /cloudapi/1.0.0/sessions 200', 'GET /api/org 200'], 'renewed ahead, no 401 seen');
      await c.close();
    });

    test('when logging in again fails (password changed), the error says so', async () => {
      const org = (await t.cell.services.identity.findOrgByName('ExampleOrg'))!;
      await t.cell.services.identity.ensureUser(org, { name: 'Temp', password: PASSWORD, role: 'vApp User' });
      const c = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'Temp', org: 'ExampleOrg', password: PASSWORD }) });
      await t.cell.services.identity.ensureUser(org, { name: 'Temp', password: 'Changed-Passw0rd!', role: 'vApp User' });
      await t.clock.advanceMinutes(31);
      await assert.rejects(c.orgs.references(), (err: unknown) => {
        assert.ok(err instanceof SessionEndedError);
        assert.match(err.message, /logging in again \(password login as Temp@ExampleOrg\) failed: POST \/cloudapi\/1\.0\.0\/sessions → 401/);
        assert.ok(err.cause instanceof UnauthorizedError);
        return true;
      });
      await c.close();
    });

    test('a session ended by the server (another client logged it out) heals; an explicit logout does not', async () => {
      const c = await VcdClient.connect(t.url, { auth: hello() });
      const other = await VcdClient.connect(t.url, { auth: hello() });
      await other.delete('/api/session', { headers: { authorization: `Bearer ${c.accessToken}` } });
      assert.equal((await c.orgs.references()).length, 1, 'logged in again after the 401');
      await c.logout();
      await assert.rejects(c.orgs.references(), /this client has logged out/);
      await other.close();
      await c.close();
    });
  });
}
