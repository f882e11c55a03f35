// `vcdkit admin reset-password` on each store, with a cell running on it: the user gets a new password (generated
// and printed once, or piped), the account is unlocked, and its sessions end, in the running cell too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cliHome, type CliHome } from './helpers/cli.ts';
import { call, canLogIn, JSON_, login } from './helpers/http.ts';

for (const engine of engines()) {
  describe(`vcdkit admin reset-password on ${engine}`, () => {
    let t: TestCell;
    let home: CliHome;
    before(async () => {
      t = await startCell({ engine });
      home = await cliHome();
    });
    after(async () => {
      await home.close();
      await t.close();
    });

    /** Where the store is, as flags, or as the variables `vcdkit serve` reads. */
    const storeFlags = () => (t.config.databaseUrl ? ['--database', t.config.databaseUrl] : ['--data', t.config.dataDir]);
    const storeEnv = () => (t.config.databaseUrl ? { VCDKIT_DATABASE: t.config.databaseUrl } : { VCDKIT_DATA: t.config.dataDir });
    const current = (token: string) => call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_('39.1'), authorization: `Bearer ${token}` });

    test('a generated password, printed once: the account is unlocked and its sessions end, in the running cell within a minute', async () => {
      const session = await login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD);
      for (let i = 0; i < 5; i++) assert.equal(await canLogIn(t.url, 'HelloUser', 'ExampleOrg', 'wrong'), false);
      assert.equal(await canLogIn(t.url, 'HelloUser', 'ExampleOrg', PASSWORD), false, 'locked out');

      const r = await home.run(['admin', 'reset-password', '--user', 'hellouser', '--org', 'exampleorg', ...storeFlags()]);
      assert.equal(r.code, 0, r.stderr);
      const password = r.stdout.trim();
      assert.match(r.stdout, /^\S{16,}\n$/, 'the password alone on stdout');
      assert.match(r.stderr, /^✓ Reset the password of HelloUser@ExampleOrg in (SQLite|PostgreSQL) \S+ \(account unlocked, 1 session ended\)\. Save it now: it is not shown again\.$/m);
      assert.ok(!r.stderr.includes(password), 'the password is not on stderr');

      assert.equal(await canLogIn(t.url, 'HelloUser', 'ExampleOrg', password), true, 'the new password logs in, the lock is gone');
      assert.equal(await canLogIn(t.url, 'HelloUser', 'ExampleOrg', PASSWORD), false, 'the old one does not');
      // The running cell kept the session in memory; it finds the row gone when it next writes its activity back.
      await t.clock.advance(60_000);
      assert.equal((await current(session)).status, 401, 'the session from before the reset has ended');
    });

    test('a password piped in, from a process that finds the store by VCDKIT_DATA / VCDKIT_DATABASE, as serve does', async () => {
      const chosen = 'Chosen-Passw0rd!';
      const r = await home.run(['admin', 'reset-password', '--password-stdin'], { spawn: true, input: `${chosen}\n`, env: storeEnv() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '', 'nothing to print: the caller knows the password');
      assert.match(r.stderr, /Reset the password of administrator@System .*\(account unlocked, 0 sessions ended\)$/m);
      assert.ok(!r.stderr.includes(chosen));
      assert.equal(await canLogIn(t.url, 'administrator', 'System', chosen), true);
    });

    test('an unknown user exits 1; a directory without a store exits 1 and says what --data is', async () => {
      const unknown = await home.run(['admin', 'reset-password', '--user', 'nobody', '--org', 'ExampleOrg', ...storeFlags()]);
      assert.equal(unknown.code, 1);
      assert.deepEqual(unknown.stderr.trim().split('\n'), [
        'error: there is no user "nobody" in the org "ExampleOrg"',
        'hint: the provider\'s users are in the org System; `vcdkit user list --org <org>` lists an org\'s users',
      ]);
      assert.equal(unknown.stdout, '', 'no password printed');
      const empty = await mkdtemp(join(tmpdir(), 'vcdkit-empty-'));
      try {
        const none = await home.run(['admin', 'reset-password', '--data', empty]);
        assert.equal(none.code, 1);
        assert.match(none.stderr, /^error: there is no store at .*vcdkit\.sqlite\nhint: name the directory `vcdkit serve` uses with --data/);
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    });
  });
}
