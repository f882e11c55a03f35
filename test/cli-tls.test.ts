// The CLI against a cell over https with a self-signed certificate: a login trusted through NODE_EXTRA_CA_CERTS
// keeps that certificate in the profile, so later commands need no such setting; a bare host[:port] is taken as
// https://. (TLS is the same on either store: SQLite only.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import YAML from 'yaml';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cliHome, type CliHome } from './helpers/cli.ts';

describe('CLI over TLS', () => {
  let t: TestCell;
  let plain: TestCell;
  let home: CliHome;
  let certFile: string;
  before(async () => {
    t = await startCell({ config: { tls: {} } });
    plain = await startCell();
    certFile = t.cell.certificate!.certFile;
    home = await cliHome();
  });
  after(async () => {
    await home.close();
    await t.close();
    await plain.close();
  });

  const profiles = async () => YAML.parse(await readFile(join(home.configDir, 'profiles.yaml'), 'utf8')) as
    { profiles: Record<string, { url: string; ca?: string }> };

  test('a login trusted through NODE_EXTRA_CA_CERTS keeps the certificate: later commands work without it', async () => {
    assert.match(t.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const hostPort = t.url.replace('https://', '');
    // NODE_EXTRA_CA_CERTS is read when Node starts: the login runs as a process of its own.
    const login = await home.run(['login', hostPort, 'ExampleOrg', 'HelloUser', '--password-stdin'],
      { spawn: true, input: PASSWORD, env: { NODE_EXTRA_CA_CERTS: certFile } });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, new RegExp(`^note: no scheme given, so using ${t.url}$`, 'm'), 'a bare host[:port] is https');
    assert.match(login.stderr, new RegExp(`The profile trusts the certificate that verified the cell: .*\\(SHA-256 ${t.cell.certificate!.fingerprint}\\)`));
    const saved = (await profiles()).profiles['HelloUser@ExampleOrg']!;
    assert.equal(saved.url, t.url);
    assert.equal(new X509Certificate(saved.ca!).fingerprint256, t.cell.certificate!.fingerprint, 'the cell\'s self-signed certificate, as PEM');

    // This process was started without NODE_EXTRA_CA_CERTS: only the profile can make it trust the cell.
    const orgs = await home.run(['org', 'list', '--json']);
    assert.equal(orgs.code, 0, orgs.stderr);
    assert.deepEqual((JSON.parse(orgs.stdout) as Array<{ name: string }>).map((o) => o.name), ['ExampleOrg']);
    const versions = await home.run(['versions']);
    assert.equal(versions.code, 0, versions.stderr);
    const spawned = await home.run(['auth', 'status'], { spawn: true });
    assert.equal(spawned.code, 0, spawned.stderr);
    // Logging in to the cell again (say, once the session has run out) trusts the kept certificate too.
    const again = await home.run(['login', t.url, 'ExampleOrg', 'OrgAdmin', '--password-stdin'], { input: PASSWORD });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(new X509Certificate((await profiles()).profiles['OrgAdmin@ExampleOrg']!.ca!).fingerprint256, t.cell.certificate!.fingerprint);

    // The kept certificate is trusted for this profile only, not for any URL.
    const bare = await home.run(['versions', t.url]);
    assert.equal(bare.code, 3);
    assert.match(bare.stderr, /TLS certificate is not trusted/);
  });

  test('a bare host[:port] that speaks plain http: exit 3, and the hint says to write http://', async () => {
    const r = await home.run(['login', plain.url.replace('http://', ''), 'ExampleOrg', 'HelloUser', '--password-stdin'], { input: PASSWORD });
    assert.equal(r.code, 3);
    assert.match(r.stderr, new RegExp(`^note: no scheme given, so using https://${plain.url.replace('http://', '')}$`, 'm'));
    assert.match(r.stderr, /^hint: the server does not speak TLS there: if it serves plain http, give the URL as http:\/\/…$/m);
  });
});
