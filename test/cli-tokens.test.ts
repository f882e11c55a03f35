// `vcdkit token create|list|revoke` and logging in with API tokens, against a real cell's OAuth endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { loggedInHome, type CliHome } from './helpers/cli.ts';
import { call, JSON_, XML } from './helpers/http.ts';

interface ListedToken { id: string; name: string; type: string; owner: { name: string }; expirationTimeUtc: string | null; token?: string }

for (const engine of engines()) {
  describe(`CLI API tokens on ${engine}`, () => {
    let t: TestCell;
    let home: CliHome;
    let token: string;
    before(async () => {
      t = await startCell({ engine });
      home = await loggedInHome(t.url, 'ExampleOrg', 'HelloUser', PASSWORD);
    });
    after(async () => {
      await home.close();
      await t.close();
    });
    const profiles = async () => YAML.parse(await readFile(join(home.configDir, 'profiles.yaml'), 'utf8')) as
      { current: string; profiles: Record<string, Record<string, string>> };
    const list = async (profile = 'HelloUser@ExampleOrg') => {
      const r = await home.run(['token', 'list', '--json', '--profile', profile]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as ListedToken[];
    };

    test('token create prints the token alone on stdout, once; the cell lists it without the secret', async () => {
      const r = await home.run(['token', 'create', 'ci']);
      assert.equal(r.code, 0, r.stderr);
      token = r.stdout.trim();
      assert.equal(r.stdout, `${token}\n`);
      assert.ok(token.length >= 32);
      assert.match(r.stderr, /Created API token ci\. Save it now: it cannot be shown again\./);
      const listed = await list();
      assert.deepEqual(listed.map((x) => [x.name, x.type, x.owner.name, x.expirationTimeUtc]), [['ci', 'REFRESH', 'HelloUser', null]]);
      assert.ok(!JSON.stringify(listed).includes(token), 'the list never shows the token');
      const table = await home.run(['token', 'list']);
      assert.match(table.stdout, /^NAME\s+ID\s+OWNER\s+ORG\s+EXPIRES\nci\s+urn:vcloud:token:[0-9a-f-]{36}\s+HelloUser\s+ExampleOrg\s*$/);
    });

    test('token create --expires-in sets an expiry; -o json carries the token', async () => {
      const r = await home.run(['token', 'create', 'short', '--expires-in', '2', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const created = JSON.parse(r.stdout) as { id: string; name: string; token: string };
      assert.equal(created.name, 'short');
      assert.ok(created.token);
      const short = (await list()).find((x) => x.name === 'short');
      assert.equal(short?.id, created.id);
      assert.equal(Date.parse(short!.expirationTimeUtc!), t.clock.now() + 2 * 86_400_000);
    });

    test('login --api-token-file keeps the path, not the token; the profile works and auth token gives a live access token', async () => {
      const file = join(home.dir, 'ci-token.txt');
      await writeFile(file, `${token}\n`, { mode: 0o600 });
      const r = await home.run(['login', t.url, 'ExampleOrg', '--api-token-file', file, '--profile', 'ci']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Logged in to .* as HelloUser@ExampleOrg \(profile ci/);
      const saved = (await profiles()).profiles.ci!;
      assert.deepEqual([saved.auth, saved.tokenFile, saved.apiToken], ['api-token-file', file, undefined]);
      assert.ok(saved.accessToken && saved.accessToken !== token, 'the session it opened is kept, for the next commands');
      const text = await readFile(join(home.configDir, 'profiles.yaml'), 'utf8');
      assert.ok(!text.includes(token) && !text.includes(PASSWORD));

      const orgs = await home.run(['org', 'list', '--json']);
      assert.equal(orgs.code, 0, orgs.stderr);
      assert.deepEqual((JSON.parse(orgs.stdout) as Array<{ name: string }>).map((o) => o.name), ['ExampleOrg']);
      const access = (await home.run(['auth', 'token'])).stdout.trim();
      assert.notEqual(access, token, 'auth token prints the session, not the API token');
      const res = await call(t.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_('39.1'), authorization: `Bearer ${access}` });
      assert.equal(res.status, 200);
    });

    test('login --api-token (given, or "-" from stdin) keeps the token in the 0600 profile, as gh keeps its token', async () => {
      const r = await home.run(['login', t.url, 'ExampleOrg', '--api-token', token, '--profile', 'ci-inline']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await profiles()).profiles['ci-inline']!.apiToken, token);
      const piped = await home.run(['login', t.url, 'ExampleOrg', '--api-token', '-', '--profile', 'ci-stdin'], { input: `${token}\n` });
      assert.equal(piped.code, 0, piped.stderr);
      assert.equal((await profiles()).profiles['ci-stdin']!.apiToken, token);
      assert.equal((await stat(join(home.configDir, 'profiles.yaml'))).mode & 0o777, 0o600);
    });

    test('commands on a token profile share one session: three org lists leave one session, and a session ended meanwhile is replaced', async () => {
      const tokenId = (await list()).find((x) => x.name === 'ci')!.id.replace('urn:vcloud:token:', '');
      const sessions = async () => (await t.cell.store.db.selectFrom('sessions').select('id').where('token_id', '=', tokenId).execute()).length;
      const r = await home.run(['login', t.url, 'ExampleOrg', '--api-token', token, '--profile', 'shared']);
      assert.equal(r.code, 0, r.stderr);
      const before = await sessions();
      const saved = (await profiles()).profiles.shared!.accessToken!;
      for (let i = 0; i < 3; i++) {
        const orgs = await home.run(['org', 'list', '--profile', 'shared']);
        assert.equal(orgs.code, 0, orgs.stderr);
      }
      assert.equal(await sessions(), before, 'no session more than the login\'s');
      assert.equal((await profiles()).profiles.shared!.accessToken, saved);
      assert.equal((await stat(join(home.configDir, 'profiles.yaml'))).mode & 0o777, 0o600, 'the session is kept as the token is');

      const out = await call(t.url, 'DELETE', '/api/session', { accept: XML('37.2'), authorization: `Bearer ${saved}` });
      assert.equal(out.status, 204, out.text);
      const healed = await home.run(['org', 'list', '--profile', 'shared']);
      assert.equal(healed.code, 0, healed.stderr);
      const renewed = (await profiles()).profiles.shared!.accessToken!;
      assert.notEqual(renewed, saved, 'a new session, saved for the next command');
      assert.equal(await sessions(), before, 'still one session (the ended one is gone)');
      assert.equal((await home.run(['auth', 'token', '--profile', 'shared'])).stdout.trim(), renewed);

      const gone = await home.run(['auth', 'logout', '--profile', 'shared']);
      assert.equal(gone.code, 0, gone.stderr);
      assert.equal(await sessions(), before - 1, 'logging out ends the token profile\'s session too');
    });

    test('a wrong API token: exit 4 with a hint', async () => {
      const r = await home.run(['login', t.url, 'ExampleOrg', '--api-token', 'x'.repeat(43), '--profile', 'bad']);
      assert.equal(r.code, 4);
      assert.match(r.stderr, /^error: POST \/oauth\/tenant\/ExampleOrg\/token → 400 invalid_grant: .*\nhint: /);
      assert.equal((await profiles()).profiles.bad, undefined);
    });

    test('token revoke by name ends the token: its profiles then exit 4; an unknown token exits 1', async () => {
      const r = await home.run(['token', 'revoke', 'ci', '--profile', 'HelloUser@ExampleOrg']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Revoked API token ci \(urn:vcloud:token:/);
      assert.deepEqual((await list()).map((x) => x.name), ['short']);
      for (const profile of ['ci', 'ci-inline', 'ci-stdin']) {
        const refused = await home.run(['org', 'list', '--profile', profile]);
        assert.equal(refused.code, 4, refused.stderr);
        assert.match(refused.stderr, /invalid_grant.*\nhint: the token may be revoked or expired/);
      }
      const unknown = await home.run(['token', 'revoke', 'nope', '--profile', 'HelloUser@ExampleOrg']);
      assert.equal(unknown.code, 1);
      assert.deepEqual(unknown.stderr.trim().split('\n'), ['error: no API token "nope"', 'hint: `vcdkit token list` shows your API tokens']);
      const byId = (await list())[0]!;
      assert.equal((await home.run(['token', 'revoke', byId.id, '--profile', 'HelloUser@ExampleOrg'])).code, 0);
      assert.deepEqual(await list(), []);
    });
  });
}
