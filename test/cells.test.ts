// Several cells on one store (one PostgreSQL database, or one SQLite file): whatever one cell changes holds at
// the other on the very next request; the cells list and the health check; a second cell refused for a newer
// schema or another sealing key. Both cells run on one ManualClock (codes, leases), which only the test moves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildCell } from '../src/server/app.ts';
import { ManualClock } from '../src/server/clock.ts';
import { defaults } from '../src/server/config.ts';
import { migrations } from '../src/server/store/migrations/index.ts';
import { engines, freshPostgresUrl } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { call, canLogIn, login, XML } from './helpers/http.ts';
import { cloudClient, refs } from './helpers/cloudapi.ts';
import { createApiToken, exchange } from './helpers/oauth.ts';
import { enrolled, passwordPosted, portalClient } from './helpers/portal.ts';

/** TEST_SEED, with a user of ExampleOrg for each change a test makes. */
const SEED = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => (o.name !== 'ExampleOrg' ? o : {
    ...o, users: [...o.users!, ...['LogsOut', 'Disabled', 'Tokens', 'Audits', 'Codes', 'Guessed'].map((name) => ({ name, password: PASSWORD, role: 'vApp Author' }))],
  })),
};

for (const engine of engines()) {
  describe(`two cells on one store on ${engine}`, () => {
    const clock = new ManualClock();
    let a: TestCell;
    let b: TestCell;
    before(async () => {
      a = await startCell({ engine, clock, seed: SEED });
      // The second cell opens the first one's store and seeds nothing. On SQLite it shares the first one's data
      // directory (the store's file, and the sealing key); on PostgreSQL it has its own, and is given the key's file.
      const sealingKeyFile = join(a.config.dataDir, 'sealing.key');
      b = await startCell({ clock, seed: {}, config: engine === 'sqlite' ? { dataDir: a.config.dataDir } : { databaseUrl: a.config.databaseUrl, sealingKeyFile } });
    });
    after(async () => { await b?.close(); await a?.close(); });

    const as = (token: string) => ({ accept: XML('37.0'), authorization: `Bearer ${token}` });
    const getOrgs = (cell: TestCell, token: string) => call(cell.url, 'GET', '/api/org', as(token));
    const providerAt = async (cell: TestCell) => cloudClient(cell.url, await login(cell.url, 'administrator', 'System', PASSWORD));

    // First, while both cells' purges (every 5 minutes since they started) are where the test knows them: A must
    // find the session idle by its own view between two purges, which would otherwise have reloaded it.
    test('a session kept busy at one cell is not idle at the other', async () => {
      await clock.advanceMinutes(1);
      const token = await login(a.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      assert.equal((await getOrgs(a, token)).status, 200, 'A knows the session, last used now (minute 1)');
      await clock.advanceMinutes(19);
      assert.equal((await getOrgs(b, token)).status, 200, 'used at B at minute 20');
      await clock.advanceMinutes(11.5);
      assert.equal((await getOrgs(b, token)).status, 200, 'and at minute 31.5');
      await clock.advanceMinutes(0.5);
      assert.equal((await getOrgs(a, token)).status, 200, 'at minute 32, idle for 31 minutes as A saw it, A does not end it');
      assert.equal((await getOrgs(b, token)).status, 200);
    });

    test('a logout at one cell ends the session at the other', async () => {
      const token = await login(a.url, 'LogsOut', 'ExampleOrg', PASSWORD);
      assert.equal((await getOrgs(b, token)).status, 200, 'B knows the session (and keeps it in its cache)');
      assert.equal((await call(a.url, 'DELETE', '/api/session', as(token))).status, 204);
      assert.equal((await getOrgs(b, token)).status, 401, 'B refuses it at the next request');
    });

    test('a user disabled at one cell is refused at the other', async () => {
      const token = await login(b.url, 'Disabled', 'ExampleOrg', PASSWORD);
      assert.equal((await getOrgs(b, token)).status, 200);
      const admin = cloudClient(a.url, await login(a.url, 'OrgAdmin', 'ExampleOrg', PASSWORD));
      const user = (await admin('GET', '/users?filter=username==Disabled')).json.values[0];
      const disabled = await admin('PUT', `/users/${user.id}`, { ...user, enabled: false });
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal((await getOrgs(b, token)).status, 401, 'the session is ended at B');
      assert.equal(await canLogIn(b.url, 'Disabled', 'ExampleOrg', PASSWORD), false, 'and B refuses a new login');
    });

    test("a revoked API token's access tokens stop at the other cell", async () => {
      const session = await login(a.url, 'Tokens', 'ExampleOrg', PASSWORD);
      const { clientId, refreshToken } = await createApiToken(a.url, 'ExampleOrg', session, 'cli');
      const exchanged = await exchange(b.url, 'ExampleOrg', refreshToken);
      assert.equal(exchanged.status, 200, exchanged.text);
      const access = exchanged.json.access_token as string;
      assert.equal((await getOrgs(b, access)).status, 200);
      const revoked = await cloudClient(a.url, session)('DELETE', `/tokens/urn:vcloud:token:${clientId}`);
      assert.equal(revoked.status, 204, revoked.text);
      assert.equal((await getOrgs(b, access)).status, 401, 'the access token is refused at B');
      assert.equal((await exchange(b.url, 'ExampleOrg', refreshToken)).status, 400, 'and the refresh token too');
    });

    test('a right removed from a role at one cell is gone at the other, in live sessions and fresh logins', async () => {
      const admin = cloudClient(a.url, await login(a.url, 'OrgAdmin', 'ExampleOrg', PASSWORD));
      const role = await admin('POST', '/roles', { name: 'Auditor', description: 'Reads the audit trail' });
      assert.equal(role.status, 201, role.text);
      assert.equal((await admin('PUT', `/roles/${role.json.id}/rights`, refs('Organization: View', 'Audit: Manage'))).status, 200);
      const user = (await admin('GET', '/users?filter=username==Audits')).json.values[0];
      assert.equal((await admin('PUT', `/users/${user.id}`, { ...user, roleEntityRefs: [{ name: 'Auditor' }] })).status, 200);

      const auditor = cloudClient(b.url, await login(b.url, 'Audits', 'ExampleOrg', PASSWORD));
      assert.equal((await auditor('GET', '/auditTrail')).status, 200, 'the right holds at B');
      assert.equal((await admin('PUT', `/roles/${role.json.id}/rights`, refs('Organization: View'))).status, 200);
      assert.equal((await auditor('GET', '/auditTrail')).status, 403, 'the live session at B lost it');
      const fresh = cloudClient(b.url, await login(b.url, 'Audits', 'ExampleOrg', PASSWORD));
      assert.equal((await fresh('GET', '/auditTrail')).status, 403, 'and so does a fresh login at B');
    });

    test("wrong passwords at one cell lock the account at the other; an org's login policy holds at both", async () => {
      for (let i = 0; i < a.config.lockout.invalidLoginsBeforeLockout; i++) assert.equal(await canLogIn(a.url, 'Guessed', 'ExampleOrg', 'wrong'), false);
      assert.equal(await canLogIn(b.url, 'Guessed', 'ExampleOrg', PASSWORD), false, 'B refuses the right password while locked');

      assert.equal(await canLogIn(b.url, 'Other', 'OtherOrg', PASSWORD), true);
      const provider = (await a.cell.services.sessions.resolve(await login(a.url, 'administrator', 'System', PASSWORD)))!;
      const otherOrg = (await a.cell.services.identity.findOrgByName('OtherOrg'))!.id;
      await a.cell.services.mfa.setPolicy(provider, otherOrg, { mfaRequired: false, apiPasswordRefused: true });
      try {
        assert.equal(await canLogIn(b.url, 'Other', 'OtherOrg', PASSWORD), false, 'B refuses API password logins the policy set at A refuses');
      } finally {
        await a.cell.services.mfa.setPolicy(provider, otherOrg, { mfaRequired: false, apiPasswordRefused: false });
      }
    });

    test("a portal sign-in's code step is taken at the other cell", async () => {
      const { code } = await enrolled(a, 'Codes', 'ExampleOrg');
      const atA = await passwordPosted(a.url, 'Codes', 'ExampleOrg');
      assert.equal(atA.answer.headers.get('location'), '/tenant/ExampleOrg/sign-in/code');
      // the same browser (its cookies, its form token), now sent to B by the load balancer
      const atB = portalClient(b.url);
      for (const [name, value] of atA.jar) atB.jar.set(name, value);
      const page = await atB.get('/tenant/ExampleOrg/sign-in/code');
      assert.equal(page.status, 200, 'B shows the code form of the sign-in A began');
      const signedIn = await atB.post('/tenant/ExampleOrg/sign-in/code', { code: code() }, atA.csrf);
      assert.equal(signedIn.status, 303, await signedIn.text());
      assert.equal(signedIn.headers.get('location'), '/tenant/ExampleOrg/api');
    });

    test('the cells list shows both cells to the provider, and no one else', async () => {
      const listed = await (await providerAt(b))('GET', '/cells');
      assert.equal(listed.status, 200, listed.text);
      const ids = [a, b].map((t) => `urn:vcloud:cell:${t.cell.services.cells.id}`);
      assert.deepEqual(listed.json.values.filter((c: { id: string }) => ids.includes(c.id)).map((c: { isActive: boolean }) => c.isActive), [true, true]);
      const one = await (await providerAt(b))('GET', `/cells/${ids[0]}`);
      assert.equal(one.status, 200, one.text);
      assert.equal(one.json.primaryIP, '127.0.0.1');
      assert.match(one.json.productVersion, /^10\.\d+\.\d+\.\d+$/);
      const tenant = cloudClient(b.url, await login(b.url, 'HelloUser', 'ExampleOrg', PASSWORD));
      assert.equal((await tenant('GET', '/cells')).status, 403);
    });

    test('the health check answers as Cloud Director does', async () => {
      const up = await call(b.url, 'GET', '/cloud/server_status');
      assert.equal(up.status, 200);
      assert.equal(up.text, 'Service is up.');
      assert.equal((await fetch(`${b.url}/cloud/server_status`, { method: 'HEAD' })).status, 200);
      // a third cell that has lost its store: the load balancer is told to send it nothing
      const c = await buildCell(b.config, clock);
      const url = await c.app.listen({ host: '127.0.0.1', port: 0 });
      await c.store.close();
      try {
        const down = await call(url, 'GET', '/cloud/server_status');
        assert.equal(down.status, 503);
        assert.equal(down.text, 'Service is unavailable.');
      } finally {
        c.services.stop();
        await c.app.close();
      }
    });

    test('a cell meeting a schema newer than it knows refuses to start, and so does one with another sealing key', async () => {
      const otherKey = join(a.config.dataDir, 'other.key');
      await writeFile(otherKey, randomBytes(32).toString('base64'));
      await assert.rejects(buildCell({ ...a.config, sealingKeyFile: otherKey }, clock), /sealing key is not the one the store's secrets were sealed with/);
      await sql`insert into vcdkit_migrations (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(a.cell.store.db);
      try {
        await assert.rejects(buildCell(a.config, clock), /schema is newer than this cell knows: it has migration 999-from-the-future/);
      } finally {
        await sql`delete from vcdkit_migrations where name = '999-from-the-future'`.execute(a.cell.store.db);
      }
    });
  });
}

for (const engine of engines()) {
  describe(`a cell that dies mid-task on ${engine}`, () => {
    test("its task is ended by a live cell once its lease runs out; a live cell's task never is", async () => {
      const clock = new ManualClock();
      const lease = { leaseSeconds: defaults.leaseSeconds };
      const LEASE_MS = lease.leaseSeconds * 1000;
      // A's tasks take an hour: they run while the test moves the clock past the lease.
      const a = await startCell({ engine, clock, config: { taskDelayMs: 60 * 60_000, ...lease } });
      const b = await startCell({ clock, seed: {}, config: { databaseUrl: a.config.databaseUrl, dataDir: a.config.dataDir, ...lease } });
      try {
        const token = await login(a.url, 'administrator', 'System', PASSWORD);
        const admin = (contentType?: string) => ({ ...{ accept: XML('37.0'), authorization: `Bearer ${token}` }, ...(contentType && { 'content-type': `${contentType};version=37.0` }) });
        const created = await call(a.url, 'POST', '/api/admin/orgs', admin('application/vnd.vmware.admin.organization+xml'),
          '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="Doomed"><FullName>Doomed</FullName><IsEnabled>false</IsEnabled><Settings/></AdminOrg>');
        assert.equal(created.status, 201, created.text);
        const org = /id="urn:vcloud:org:([0-9a-f-]+)"/.exec(created.text)![1]!;
        const deleting = await call(a.url, 'DELETE', `/api/admin/org/${org}`, admin());
        assert.equal(deleting.status, 202, deleting.text);
        const task = /<Task [^>]*href="[^"]*(\/api\/task\/[0-9a-f-]+)"/.exec(deleting.text)![1]!;
        const statusAtB = async () => /<Task [^>]*status="(\w+)"/.exec((await call(b.url, 'GET', task, admin())).text)?.[1];

        // A third cell starting on the store leaves the task of a live cell alone, and so does time past the lease.
        await (await buildCell(b.config, clock)).close();
        assert.equal(await statusAtB(), 'running', 'a starting cell did not abort the task of a live one');
        await clock.advance(2 * LEASE_MS);
        assert.equal(await statusAtB(), 'running', 'a live cell keeps its lease');

        // A dies: its timers stop and its connections close, with no word to the store.
        a.cell.services.stop();
        await a.cell.app.close();
        await a.cell.store.close();
        await clock.advance(LEASE_MS / 3);
        assert.equal(await statusAtB(), 'running', 'within its lease, the task is still A\'s');
        await clock.advance(LEASE_MS);
        assert.equal(await statusAtB(), 'aborted', 'past it, B ended the task');
        const again = await call(b.url, 'DELETE', `/api/admin/org/${org}`, admin());
        assert.equal(again.status, 202, 'the org was left as it was, and free');
        assert.match(again.text, /status="success"/);
      } finally {
        await b.close();
        await a.close();
      }
    });
  });
}

describe('cells starting together on a fresh PostgreSQL database', { skip: !engines().includes('postgres') }, () => {
  test('migrate and prepare it once, the others waiting', async () => {
    const database = await freshPostgresUrl();
    const dirs = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), 'vcdkit-test-'))));
    const sealingKeyFile = join(dirs[0]!, 'shared.key');
    await writeFile(sealingKeyFile, randomBytes(32).toString('base64'));
    const clock = new ManualClock();
    try {
      const cells = await Promise.all(dirs.map((dataDir) =>
        buildCell({ ...defaults, host: '127.0.0.1', port: 0, dataDir, databaseUrl: database.url, sealingKeyFile, logLevel: false }, clock)));
      const { db } = cells[0]!.store;
      const applied = await sql<{ name: string }>`select name from vcdkit_migrations`.execute(db);
      assert.equal(applied.rows.length, Object.keys(migrations).length);
      const roles = await db.selectFrom('roles').select('name').where('org_id', 'is', null).execute();
      assert.equal(new Set(roles.map((r) => r.name)).size, roles.length, 'each predefined role once');
      assert.equal((await db.selectFrom('cells').select('id').execute()).length, 3);
      for (const cell of cells) await cell.close();
    } finally {
      await database.drop();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
});
