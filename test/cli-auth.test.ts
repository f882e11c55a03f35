// `vcdkit login` and `vcdkit auth …` as a user runs them: a real CLI process against a real cell,
// profiles in a temporary XDG config dir.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import YAML from 'yaml';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cliHome, type CliHome } from './helpers/cli.ts';
import { call, JSON_ } from './helpers/http.ts';

const lines = (s: string) => s.trim().split('\n').filter(Boolean);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

for (const engine of engines()) {
  describe(`CLI login and auth on ${engine}`, () => {
    let t: TestCell;
    let home: CliHome;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    const fresh = async () => {
      await home?.close();
      home = await cliHome();
      return home;
    };
    const profiles = async () => YAML.parse(await readFile(join(home.configDir, 'profiles.yaml'), 'utf8')) as
      { current: string; profiles: Record<string, Record<string, string>> };
    const sessionWorks = async (token: string) =>
      (await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_('39.1'), authorization: `Bearer ${token}` })).status;

    after(async () => { await home?.close(); });

    test('login --password-stdin saves a 0600 profile with the session token and no password', async () => {
      const h = await fresh();
      const r = await h.run(['login', t.url, 'ExampleOrg', 'HelloUser', '--password-stdin'], { input: `${PASSWORD}\n` });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Logged in to .* as HelloUser@ExampleOrg \(profile HelloUser@ExampleOrg/);
      const file = join(h.configDir, 'profiles.yaml');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal((await stat(h.configDir)).mode & 0o777, 0o700);
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes(PASSWORD), 'the password is never written');
      const p = await profiles();
      assert.equal(p.current, 'HelloUser@ExampleOrg');
      assert.equal(p.profiles['HelloUser@ExampleOrg']?.auth, 'password');
      assert.equal(await sessionWorks(p.profiles['HelloUser@ExampleOrg']!.accessToken!), 200, 'the stored token is a live session');
    });

    test('login takes VCD_PASSWORD from the environment, --profile names the profile; auth status lists both', async () => {
      const r = await home.run(['login', t.url, 'System', 'administrator', '--profile', 'admin'], { env: { VCD_PASSWORD: PASSWORD } });
      assert.equal(r.code, 0, r.stderr);
      const p = await profiles();
      assert.equal(p.current, 'admin');
      assert.deepEqual(Object.keys(p.profiles).sort(), ['HelloUser@ExampleOrg', 'admin']);
      assert.ok(!JSON.stringify(p).includes(PASSWORD));

      const status = await home.run(['auth', 'status']);
      assert.equal(status.code, 0, status.stderr);
      const rows = lines(status.stdout);
      assert.match(rows[0]!, /PROFILE\s+URL\s+USER\s+ORG\s+AUTH\s+STATUS/);
      assert.match(status.stdout, /\*\s+admin\s+\S+\s+administrator\s+System\s+password\s+ok/);
      assert.match(status.stdout, /^\s+HelloUser@ExampleOrg\s+.*\s+ok$/m);
      const json = JSON.parse((await home.run(['auth', 'status', '--json'])).stdout) as Array<{ name: string; current: boolean; status: string }>;
      assert.deepEqual(json.map((s) => [s.name, s.current, s.status]).sort(), [['HelloUser@ExampleOrg', false, 'ok'], ['admin', true, 'ok']]);
    });

    test('with VCD_URL set, auth status says the VCD_* variables are in use instead of the current profile, and why', async () => {
      const env = { VCD_URL: `${t.url}/api`, VCD_ORG: 'OtherOrg', VCD_USER: 'Other', VCD_PASSWORD: PASSWORD };
      const status = await home.run(['auth', 'status'], { env });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /^\*\s+\(environment\)\s+\S+\/api\s+Other\s+OtherOrg\s+integrated\s+ok$/m, 'the login in use is marked');
      assert.match(status.stdout, /^\s+admin\s+.*\s+ok$/m, 'the current profile is not');
      assert.match(status.stderr, /^note: the VCD_\* variables are in use, not the current profile admin: VCD_URL is set/m);
      const json = JSON.parse((await home.run(['auth', 'status', '--json'], { env })).stdout) as Array<{ name: string; source: string; current: boolean; inUse: boolean; reason?: string }>;
      assert.deepEqual(json.map((s) => [s.name, s.source, s.current, s.inUse]), [
        ['(environment)', 'environment', false, true], ['HelloUser@ExampleOrg', 'profile', false, false], ['admin', 'profile', true, false],
      ]);
      assert.match(json[0]!.reason!, /^VCD_URL is set, so the VCD_\* variables act instead of the current profile/);
      const orgs = JSON.parse((await home.run(['org', 'list', '--json'], { env })).stdout) as Array<{ name: string }>;
      assert.deepEqual(orgs.map((o) => o.name), ['OtherOrg'], 'as status said, commands act as the variables\' login');

      const named = JSON.parse((await home.run(['auth', 'status', '--json', '--profile', 'admin'], { env })).stdout) as typeof json;
      assert.deepEqual(named.map((s) => [s.name, s.inUse, s.reason]), [['admin', true, '--profile names it']], 'a named profile wins over the variables');
      const plain = JSON.parse((await home.run(['auth', 'status', '--json'])).stdout) as typeof json;
      assert.deepEqual(plain.filter((s) => s.inUse).map((s) => [s.name, s.reason]), [['admin', 'it is the current profile']]);

      const broken = await home.run(['auth', 'status'], { env: { ...env, VCD_PASSWORD: 'wrong' } });
      assert.equal(broken.code, 4, 'the exit code is that of the login in use');
      assert.match(broken.stderr, /^error: the VCD_\* variables' login cannot act: /m);
    });

    test('auth switch changes whose orgs are listed; with two profiles it toggles; an unknown name is a usage error', async () => {
      const asAdmin = await home.run(['org', 'list', '-o', 'json']);
      assert.deepEqual((JSON.parse(asAdmin.stdout) as Array<{ name: string }>).map((o) => o.name).sort(), ['ExampleOrg', 'OtherOrg', 'System']);

      const sw = await home.run(['auth', 'switch', 'HelloUser@ExampleOrg']);
      assert.equal(sw.code, 0, sw.stderr);
      assert.equal((await profiles()).current, 'HelloUser@ExampleOrg');
      const asHello = await home.run(['org', 'list', '-o', 'json']);
      assert.deepEqual((JSON.parse(asHello.stdout) as Array<{ name: string }>).map((o) => o.name), ['ExampleOrg']);

      assert.equal((await home.run(['auth', 'switch'])).code, 0);
      assert.equal((await profiles()).current, 'admin');
      const byFlag = await home.run(['org', 'list', '--json', '--profile', 'HelloUser@ExampleOrg']);
      assert.equal((JSON.parse(byFlag.stdout) as unknown[]).length, 1, '--profile acts as another profile without switching');

      const bad = await home.run(['auth', 'switch', 'nobody']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^error: no profile named "nobody"\nhint: one of: /);
    });

    test('auth switch with one profile says there is no other', async () => {
      const alone = await cliHome();
      try {
        assert.equal((await alone.run(['login', t.url, 'ExampleOrg', 'HelloUser'], { env: { VCD_PASSWORD: PASSWORD } })).code, 0);
        const r = await alone.run(['auth', 'switch']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^error: there is only one profile, HelloUser@ExampleOrg, and it is already the current one\nhint: log in to another/);
      } finally {
        await alone.close();
      }
    });

    test('logging in again under a profile ends its previous session', async () => {
      const before = (await profiles()).profiles['HelloUser@ExampleOrg']!.accessToken!;
      assert.equal(await sessionWorks(before), 200);
      const again = await home.run(['login', t.url, 'ExampleOrg', 'HelloUser'], { env: { VCD_PASSWORD: PASSWORD } });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /its previous session is ended/);
      const after = (await profiles()).profiles['HelloUser@ExampleOrg']!.accessToken!;
      assert.notEqual(after, before);
      assert.equal(await sessionWorks(before), 401, 'the replaced session is over');
      assert.equal(await sessionWorks(after), 200);
      assert.equal((await home.run(['auth', 'switch', 'admin'])).code, 0, 'the login made it current; the next tests act as admin');
    });

    test('auth token prints the session token, usable with curl', async () => {
      const r = await home.run(['auth', 'token', '--profile', 'HelloUser@ExampleOrg']);
      assert.equal(r.code, 0, r.stderr);
      const token = r.stdout.trim();
      assert.equal(token, (await profiles()).profiles['HelloUser@ExampleOrg']!.accessToken);
      assert.equal(await sessionWorks(token), 200);
    });

    test('auth logout ends the session on the server and deletes only that profile', async () => {
      const token = (await profiles()).profiles.admin!.accessToken!;
      const r = await home.run(['auth', 'logout']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Logged out of .* as administrator@System \(profile admin deleted\)/);
      assert.equal(await sessionWorks(token), 401, 'the session is over');
      const p = await profiles();
      assert.deepEqual(Object.keys(p.profiles), ['HelloUser@ExampleOrg']);
      assert.equal(p.current, 'HelloUser@ExampleOrg');
      assert.equal((await stat(join(home.configDir, 'profiles.yaml'))).mode & 0o777, 0o600);
    });

    test('an expired session: commands exit 4 with a hint to log in again, auth status says so', async () => {
      await t.clock.advanceMinutes(31);
      const r = await home.run(['org', 'list']);
      assert.equal(r.code, 4);
      const [error, hint, ...rest] = lines(r.stderr);
      assert.match(error!, /^error: .*(expired|no longer valid)/);
      assert.match(hint!, /^hint: run `vcdkit login/);
      assert.deepEqual(rest, []);
      const status = await home.run(['auth', 'status']);
      assert.equal(status.code, 4);
      assert.match(status.stdout, /HelloUser@ExampleOrg .* (?!ok)\S.*(expired|no longer valid)/);
    });

    test('on a terminal, login asks for the password without echoing it', async () => {
      const h = await fresh();
      let answered = false;
      const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
      const r = await h.run(['-qec', `${process.execPath} ${main} login ${t.url} ExampleOrg HelloUser`, '/dev/null'], {
        shell: 'script', interactive: true, env: { TERM: 'xterm-256color' },
        onStdout: (soFar, stdin) => {
          if (!answered && soFar.includes('Password for HelloUser@ExampleOrg:')) {
            answered = true;
            stdin.write(`${PASSWORD}\r`);
          }
        },
      });
      assert.equal(r.code, 0, r.stdout);
      assert.ok(answered);
      assert.ok(!r.stdout.includes(PASSWORD), 'the password is not echoed');
      assert.ok(r.stdout.includes('*'.repeat(PASSWORD.length)), 'it is masked');
      assert.match(r.stdout, /Logged in to .* as HelloUser@ExampleOrg/);
      assert.equal((await profiles()).current, 'HelloUser@ExampleOrg');
    });

    test('wrong password: exit 4, one error line and a hint, nothing saved', async () => {
      const h = await fresh();
      const r = await h.run(['login', t.url, 'ExampleOrg', 'HelloUser', '--password-stdin'], { input: 'not-the-password\n' });
      assert.equal(r.code, 4);
      const out = lines(r.stderr);
      assert.equal(out.length, 2, r.stderr);
      assert.match(out[0]!, /^error: POST \/cloudapi\/1\.0\.0\/sessions → 401/);
      assert.match(out[1]!, /^hint: check the org, the user and the password/);
      await assert.rejects(stat(join(h.configDir, 'profiles.yaml')), { code: 'ENOENT' });
    });

    test('not logged in: exit 4 with a hint; no password source off a terminal: exit 2', async () => {
      const r = await home.run(['org', 'list']);
      assert.equal(r.code, 4);
      assert.equal(r.stderr, 'error: not logged in\nhint: run `vcdkit login <url> <org> <user>` (or `vcdkit auth status` to see the profiles)\n');
      const noPassword = await home.run(['login', t.url, 'ExampleOrg', 'HelloUser']);
      assert.equal(noPassword.code, 2);
      assert.match(noPassword.stderr, /^error: no password: stdin is not a terminal\nhint: pipe it with --password-stdin, or set VCD_PASSWORD\n$/);
    });

    test('usage errors exit 2: unknown command, missing argument, bad option value', async () => {
      for (const args of [['org', 'lsit'], ['login'], ['org', 'list', '-o', 'csv'], ['query']]) {
        const r = await home.run(args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^error: /, args.join(' '));
      }
      assert.match((await home.run(['org', 'lsit'])).stderr, /Did you mean list\?/);
      assert.equal((await home.run(['--help'])).code, 0);
    });

    test('a real process exits with the documented codes', async () => {
      const usage = await home.run(['org', 'list', '-o', 'csv'], { spawn: true });
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /^error: option '-o, --output <format>' argument 'csv' is invalid/);
      assert.equal((await home.run(['--version'], { spawn: true })).code, 0);
    });

    test("a subcommand's help shows the global options", async () => {
      const help = await home.run(['org', 'list', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Global Options:[\s\S]*--profile <profile>[\s\S]*-o, --output <format>[\s\S]*--json[\s\S]*--debug/);
    });

    test('an unreachable server exits 3 with a hint', async () => {
      const port = await closedPort();
      const r = await home.run(['versions', `http://127.0.0.1:${port}`]);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /^error: GET http:\/\/127\.0\.0\.1:\d+\/api\/versions: cannot reach the server .*\nhint: check the URL and that the cell is running\n$/);
      assert.doesNotMatch(r.stderr, /certificate|insecure/, 'no TLS hint when TLS is not the problem');
      const login = await home.run(['login', `http://127.0.0.1:${port}`, 'ExampleOrg', 'HelloUser', '--password-stdin'], { input: PASSWORD });
      assert.equal(login.code, 3);

      // A profile whose cell went away: auth status says so and exits 3, not "log in again".
      assert.equal((await home.run(['login', t.url, 'ExampleOrg', 'HelloUser'], { env: { VCD_PASSWORD: PASSWORD } })).code, 0);
      const file = join(home.configDir, 'profiles.yaml');
      const saved = YAML.parse(await readFile(file, 'utf8')) as { profiles: Record<string, { url: string }> };
      saved.profiles['HelloUser@ExampleOrg']!.url = `http://127.0.0.1:${port}`;
      await writeFile(file, YAML.stringify(saved));
      const status = await home.run(['auth', 'status']);
      assert.equal(status.code, 3);
      assert.match(status.stderr, /^error: profile HelloUser@ExampleOrg cannot act: .*cannot reach the server.*\nhint: check the URL/);
    });

    test('help exit-codes documents the codes', async () => {
      const r = await home.run(['help', 'exit-codes']);
      assert.equal(r.code, 0);
      for (const code of ['0', '1', '2', '3', '4', '130']) assert.match(r.stdout, new RegExp(`^  ${code} +\\S`, 'm'));
    });

    test('a pinned API version the server lacks: exit 1, and the hint names one it offers', async () => {
      const r = await home.run(['login', t.url, 'ExampleOrg', 'HelloUser', '--password-stdin', '--api-version', '99.0'], { input: PASSWORD });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: API version 99\.0 was pinned, but the server does not offer it\. Server offers: .*39\.1/);
      assert.match(r.stderr, /\nhint: pin one the server offers with --api-version \(e\.g\. --api-version 39\.1\)\n$/);
    });

    test('without XDG_CONFIG_HOME, profiles live in ~/.config/vcdkit', async () => {
      const h = await fresh();
      const r = await h.run(['login', t.url, 'ExampleOrg', 'HelloUser', '--password-stdin'], { input: PASSWORD, env: { XDG_CONFIG_HOME: undefined } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await stat(join(h.dir, '.config', 'vcdkit', 'profiles.yaml'))).mode & 0o777, 0o600);
      assert.equal((await h.run(['org', 'list'], { env: { XDG_CONFIG_HOME: undefined } })).code, 0);
    });

    test('--debug shows the HTTP exchange on stderr with secrets redacted', async () => {
      const h = await fresh();
      const r = await h.run(['--debug', 'login', t.url, 'ExampleOrg', 'HelloUser', '--password-stdin'], { input: PASSWORD });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^> POST http:\/\/127\.0\.0\.1:\d+\/cloudapi\/1\.0\.0\/sessions$/m);
      assert.match(r.stderr, /^> authorization: Basic \[REDACTED\]$/m);
      assert.match(r.stderr, /^< 200 POST .*\/cloudapi\/1\.0\.0\/sessions \(\d+ ms\)$/m);
      assert.match(r.stderr, /^< x-vmware-vcloud-access-token: \[REDACTED\]$/m);
      const token = (await profiles()).profiles['HelloUser@ExampleOrg']!.accessToken!;
      const basic = Buffer.from(`HelloUser@ExampleOrg:${PASSWORD}`).toString('base64');
      for (const secret of [PASSWORD, token, basic]) assert.ok(!r.stderr.includes(secret), 'no secret in the debug output');
    });
  });
}
