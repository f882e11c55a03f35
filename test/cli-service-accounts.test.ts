// `vcdkit login --service-account-file`: the device flow (an admin grants the code the CLI prints),
// then a profile whose token file the SDK rotates on every login (commands share the session it opened).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cliHome, type CliHome } from './helpers/cli.ts';
import { call, JSON_, login } from './helpers/http.ts';
import { oauthBase } from './helpers/oauth.ts';

const refreshTokenIn = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { refresh_token: string }).refresh_token;

for (const engine of engines()) {
  describe(`CLI service account login on ${engine}`, () => {
    let t: TestCell;
    let home: CliHome;
    let admin: string;
    before(async () => {
      t = await startCell({ engine });
      home = await cliHome();
      admin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
    });
    after(async () => {
      await home.close();
      await t.close();
    });
    const headers = () => ({ accept: JSON_('37.0'), authorization: `Bearer ${admin}`, 'content-type': 'application/json' });

    test('the CLI prints the user code, waits for the grant, saves the token file and a profile pointing at it', { timeout: 60_000 }, async () => {
      // The admin creates the service account, as go-vcloud-director does.
      const reg = await call(t.url, 'POST', `${oauthBase('ExampleOrg')}/register`, { ...headers(), accept: 'application/json' },
        JSON.stringify({ client_name: 'robot', scope: 'urn:vcloud:role:vApp%20Author', software_id: '12345678-1234-1234-1234-1234567890ab' }));
      assert.equal(reg.status, 200, reg.text);
      const clientId = (JSON.parse(reg.text) as { client_id: string }).client_id;

      const file = join(home.dir, 'robot.json');
      let granted: Promise<number> | undefined;
      const r = await home.run(['login', t.url, 'ExampleOrg', '--service-account-file', file, '--client-id', clientId, '--profile', 'robot'], {
        onStderr: (soFar) => {
          const code = /grant the code (\S+) at/.exec(soFar)?.[1];
          if (code && !granted) {
            granted = call(t.url, 'POST', '/cloudapi/1.0.0/deviceLookup/grant', headers(), JSON.stringify({ userCode: code })).then((g) => g.status);
          }
        },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await granted, 204);
      assert.match(r.stderr, /Ask an administrator of ExampleOrg to grant the code \S+ at http/);
      assert.match(r.stderr, /Logged in to .* \(profile robot/);

      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const profiles = YAML.parse(await readFile(join(home.configDir, 'profiles.yaml'), 'utf8')) as { profiles: Record<string, Record<string, string>> };
      assert.deepEqual([profiles.profiles.robot!.auth, profiles.profiles.robot!.tokenFile], ['service-account', file]);
      const first = await refreshTokenIn(file);
      assert.ok(!JSON.stringify(profiles).includes(first), 'the profile keeps the path, not the token');

      const orgs = await home.run(['org', 'list', '--json']);
      assert.equal(orgs.code, 0, orgs.stderr);
      assert.deepEqual((JSON.parse(orgs.stdout) as Array<{ name: string }>).map((o) => o.name), ['ExampleOrg']);
      assert.equal(await refreshTokenIn(file), first, 'the command resumed the session the login opened: no new login, no rotation');

      await t.clock.advanceMinutes(31); // that session times out
      const again = await home.run(['org', 'list', '--json']);
      assert.equal(again.code, 0, again.stderr);
      assert.notEqual(await refreshTokenIn(file), first, 'a new login rotates the refresh token in the file');
    });
  });
}
