// The SDK's OAuth login strategies against the cell's /oauth endpoints: API tokens (plain and from
// a file), service accounts (device flow with pending and slow_down, rotation written back
// atomically), renewal ahead of expires_in and after expiry, revocation as a clear error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import {
  VcdClient, passwordAuth, apiTokenAuth, serviceAccountAuth, eq, OAuthError, SessionEndedError,
  type ClientClock, type DebugEvent, type DeviceAuthorization,
} from '../src/sdk/index.ts';

const responses = (events: DebugEvent[]) =>
  events.filter((e) => e.type === 'response').map((e) => `${e.method} ${new URL(e.url).pathname} ${e.type === 'response' ? e.status : ''}`);

for (const engine of engines()) {
  describe(`SDK OAuth strategies on ${engine}`, () => {
    let t: TestCell;
    let dir: string;
    let admin: VcdClient;
    before(async () => {
      t = await startCell({ engine });
      dir = await mkdtemp(join(tmpdir(), 'vcdkit-sdk-oauth-'));
      admin = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'OrgAdmin', org: 'ExampleOrg', password: PASSWORD }) });
    });
    after(async () => {
      await admin.close();
      await t.close();
      await rm(dir, { recursive: true, force: true });
    });

    /** A client clock that is the cell's clock: sleeping advances it. */
    const cellClock = (onSleep?: (ms: number) => number | void): ClientClock => ({
      now: () => t.clock.now(),
      sleep: async (ms) => { await t.clock.advanceMinutes((onSleep?.(ms) ?? ms) / 60_000); },
    });

    test('API token: created through the SDK, listed, used to log in, renewed ahead of expires_in and after expiry', async () => {
      const user = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
      const created = await user.tokens.create('sdk-test');
      assert.match(created.id, /^urn:vcloud:token:/);
      const listed = [];
      for await (const tok of user.tokens.list({ filter: eq('type', 'REFRESH') })) listed.push(tok);
      assert.deepEqual(listed.map((x) => [x.id, x.name, x.owner.name]), [[created.id, 'sdk-test', 'HelloUser']]);

      const events: DebugEvent[] = [];
      const c = await VcdClient.connect(t.url, { auth: apiTokenAuth({ org: 'ExampleOrg', token: created.token }), clock: cellClock(), debug: (e) => events.push(e) });
      assert.equal((await c.sessions.current()).user.name, 'HelloUser');
      assert.ok(!JSON.stringify(events).includes(created.token), 'the API token never reaches the log');

      await t.clock.advanceMinutes(29.5); // expires_in is 1800 s: within the refresh margin
      events.length = 0;
      await c.orgs.references();
      assert.deepEqual(responses(events), ['POST /oauth/tenant/ExampleOrg/token 200', 'GET /api/org 200']);

      const reactive = await VcdClient.connect(t.url, { auth: apiTokenAuth({ org: 'ExampleOrg', token: created.token }), debug: (e) => events.push(e) });
      await t.clock.advanceMinutes(31);
      events.length = 0;
      await reactive.orgs.references();
      assert.deepEqual(responses(events), ['GET /api/org 401', 'POST /oauth/tenant/ExampleOrg/token 200', 'GET /api/org 200']);
      await reactive.close();
      await c.close();
      await user.close();
    });

    test('API token from a Terraform token file and from VCD_API_TOKEN; revocation ends it with a clear error', async () => {
      const user = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
      const created = await user.tokens.create('revoke-me');
      const file = join(dir, 'token.json');
      await writeFile(file, JSON.stringify({ token_type: 'API Token', refresh_token: created.token }));
      const fromFile = await VcdClient.fromEnv({ VCD_URL: `${t.url}/api`, VCD_ORG: 'ExampleOrg', VCD_AUTH_TYPE: 'api_token_file', VCD_API_TOKEN_FILE: file });
      const fromEnv = await VcdClient.fromEnv({ VCD_URL: `${t.url}/api`, VCD_ORG: 'ExampleOrg', VCD_API_TOKEN: created.token });
      assert.equal((await fromFile.sessions.current()).user.name, 'HelloUser');
      assert.equal((await fromEnv.sessions.current()).user.name, 'HelloUser');

      await user.tokens.delete(created.id);
      await assert.rejects(fromEnv.orgs.references(), (err: unknown) => {
        assert.ok(err instanceof SessionEndedError, String(err));
        assert.match(err.message, /logging in again \(API token login to ExampleOrg\) failed: POST \/oauth\/tenant\/ExampleOrg\/token → 400 invalid_grant/);
        assert.ok(err.cause instanceof OAuthError && err.cause.error === 'invalid_grant');
        return true;
      });
      await assert.rejects(VcdClient.connect(t.url, { auth: apiTokenAuth({ org: 'ExampleOrg', tokenFile: file }) }), OAuthError);
      await Promise.all([fromFile.close(), fromEnv.close(), user.close()]);
    });

    test('service account: device flow with authorization_pending and slow_down, then rotation written back to the file', async () => {
      const sa = await admin.serviceAccounts.create({ name: 'sdk-robot', softwareId: 'vcdkit-test', role: { name: 'vApp User' } });
      assert.equal(sa.status, 'CREATED');
      const clientId = sa.id.replace('urn:vcloud:serviceAccount:', '');
      const file = join(dir, 'sa.json');
      const slept: number[] = [];
      let userCode: DeviceAuthorization | undefined;
      const rotated: string[] = [];
      // The admin grants while the robot sleeps before its third poll; the second sleep ends 2 s early.
      const cell = cellClock((ms) => {
        slept.push(ms);
        return slept.length === 2 ? ms - 2000 : ms;
      });
      const clock: ClientClock = {
        now: cell.now,
        sleep: async (ms, signal) => {
          await cell.sleep(ms, signal);
          if (slept.length === 3) await admin.serviceAccounts.grant(userCode!.user_code);
        },
      };
      const auth = serviceAccountAuth({
        org: 'ExampleOrg', clientId, tokenFile: file,
        onUserCode: (d) => { userCode = d; },
        onRefreshToken: (r) => { rotated.push(r); },
      });
      const c = await VcdClient.connect(t.url, { auth, clock });
      assert.match(userCode!.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
      assert.deepEqual(slept, [5000, 5000, 10000], 'pending, slow_down (5 s more), then granted');
      assert.equal((await c.sessions.current()).user.name, 'sdk-robot');
      const first = JSON.parse(await readFile(join(dir, 'sa.json'), 'utf8')).refresh_token;
      assert.equal(first, rotated[0]);

      // A fresh process: reads the file, spends the token, writes the next one.
      const again = await VcdClient.fromEnv({ VCD_URL: t.url, VCD_ORG: 'ExampleOrg', VCD_SA_TOKEN_FILE: file });
      const second = JSON.parse(await readFile(file, 'utf8')).refresh_token;
      assert.notEqual(second, first);
      await assert.rejects(VcdClient.connect(t.url, { auth: apiTokenAuth({ org: 'ExampleOrg', token: first }) }),
        (err: unknown) => err instanceof OAuthError && err.error === 'invalid_grant', 'a spent refresh token is dead');

      // Expiry heals by spending the current token again.
      await t.clock.advanceMinutes(31);
      assert.equal((await again.sessions.current()).user.name, 'sdk-robot');
      assert.notEqual(JSON.parse(await readFile(file, 'utf8')).refresh_token, second);

      await admin.serviceAccounts.revoke(sa.id);
      await assert.rejects(again.orgs.references(), SessionEndedError);
      await Promise.all([c.close(), again.close()]);
    });

    test('service account: a device code nobody grants expires with a clear error', async () => {
      const sa = await admin.serviceAccounts.create({ name: 'sdk-ignored', softwareId: 'vcdkit-test', role: 'vApp User' });
      const auth = serviceAccountAuth({ org: 'ExampleOrg', clientId: sa.id.split(':').at(-1)!, onUserCode: () => {} });
      await assert.rejects(VcdClient.connect(t.url, { auth, clock: cellClock() }), /expired/);
    });
  });
}
