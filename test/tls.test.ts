// `vcdkit serve --tls`: https with a self-signed certificate generated once into the data directory (kept
// across restarts, its fingerprint in the banner), or with the operator's PEM files. Clients trust it by
// its file; hrefs read https://, as go-vcloud-director needs to extract ids from them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { Agent, fetch } from 'undici';
import { basic, JSON_, XML } from './helpers/http.ts';
import { engines, freshPostgresUrl } from './helpers/engines.ts';
import { cliHome } from './helpers/cli.ts';
import { snippetsOf } from './helpers/portal.ts';
import { failedStart, serve, type Served } from './helpers/serve.ts';
import { ConnectionError, VcdClient, passwordAuth } from '../src/sdk/index.ts';

const FINGERPRINT = /TLS certificate: (\S+) \(([^)]+)\) {2}SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$/m;

/** The banner's certificate line: the file, how it came to be, its fingerprint. */
function bannerCertificate(cell: Served) {
  const m = FINGERPRINT.exec(cell.output());
  assert.ok(m, `no certificate line in the banner:\n${cell.output()}`);
  return { file: m[1]!, origin: m[2]!, fingerprint: m[3]! };
}

const demoPassword = (cell: Served) => /created demo@demo {2}password: (\S+)/.exec(cell.output())?.[1];

/** A request over https that trusts only `ca` (redirects are answered, not followed). */
async function call(url: string, ca: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const dispatcher = new Agent({ connect: { ca } });
  try {
    const res = await fetch(`${url}${path}`, { method, headers, body, dispatcher, redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } finally {
    await dispatcher.close();
  }
}

/** A TLS handshake with the cell: what it serves and agrees to. */
function handshake(url: string, options: ConnectionOptions) {
  const { hostname, port } = new URL(url);
  return new Promise<{ certificate: X509Certificate; protocol: string | null; alpn: string | false }>((resolve, reject) => {
    const socket = tlsConnect({ host: hostname, port: Number(port), ...options }, () => {
      resolve({ certificate: socket.getPeerX509Certificate()!, protocol: socket.getProtocol(), alpn: socket.alpnProtocol ?? false });
      socket.end();
    });
    socket.once('error', reject);
  });
}

/** Bytes straight onto a TLS connection, for a request no HTTP client would send; resolves with the answer. */
function rawTls(url: string, ca: string, bytes: string) {
  const { hostname, port } = new URL(url);
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const socket = tlsConnect({ host: hostname, port: Number(port), ca }, () => socket.write(bytes));
    socket.setEncoding('utf8').on('data', (c: string) => { out += c; }).on('close', () => resolve(out)).on('error', reject);
  });
}

const HSTS = 'max-age=31536000';

/** Signs in to `org`'s portal over https and answers the sign-in and the API page's snippets. */
async function apiPageOverTls(url: string, ca: string, user: string, org: string, password: string) {
  const form = await call(url, ca, 'GET', `/tenant/${org}`);
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const signIn = await call(url, ca, 'POST', `/tenant/${org}/sign-in`, { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ username: user, password, _csrf: csrf }).toString());
  const session = signIn.headers.getSetCookie().filter((c) => c.startsWith('vcdkit_session='));
  assert.equal(session.length, 1, 'one session cookie');
  const page = await call(url, ca, 'GET', `/tenant/${org}/api`, { cookie: `${csrfCookie}; ${session[0]!.split(';')[0]}` });
  assert.equal(page.status, 200);
  return { sessionCookie: session[0]!, snippets: snippetsOf(page.text) };
}

/** The CLI refuses the certificate with a hint to trust it, and trusts it through NODE_EXTRA_CA_CERTS. */
async function cliTrusts(url: string, certFile: string) {
  const home = await cliHome();
  try {
    const refused = await home.run(['versions', url]);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /TLS certificate is not trusted/);
    assert.match(refused.stderr, /hint: .*NODE_EXTRA_CA_CERTS.*--insecure/);
    assert.doesNotMatch(refused.stderr, /tls\.(ca|insecure)|VCD_ALLOW_UNVERIFIED_SSL/, "the CLI's flags, not the SDK's options");
    const trusted = await home.run(['versions', url], { env: { NODE_EXTRA_CA_CERTS: certFile }, spawn: true });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, new RegExp(`${url}/cloudapi/1\\.0\\.0/sessions`));
  } finally {
    await home.close();
  }
}

describe('vcdkit serve --tls', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'vcdkit-tls-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  for (const engine of engines()) {
    test(`--tls on an empty data directory: a self-signed certificate, made once and kept; https hrefs; the SDK trusts it by its file (${engine})`, async () => {
      const data = join(dir, `self-signed-${engine}`);
      const pg = engine === 'postgres' ? await freshPostgresUrl() : undefined;
      // With PostgreSQL the data directory still holds the certificate.
      const store = ['--data', data, ...(pg ? ['--database', pg.url] : [])];
      try {
        const first = await serve([...store, '--tls', '--log-level', 'silent']);
        let fingerprint: string;
        try {
          assert.match(first.url, /^https:\/\/127\.0\.0\.1:\d+$/);
          assert.match(first.output(), new RegExp(`^API URL: ${first.url}/api `, 'm'));
          assert.match(first.output(), new RegExp(`^export VCD_URL=${first.url}/api\nexport VCD_ALLOW_UNVERIFIED_SSL=true$`, 'm'));
          const banner = bannerCertificate(first);
          fingerprint = banner.fingerprint;
          assert.equal(banner.file, join(data, 'tls-cert.pem'));
          assert.equal(banner.origin, 'self-signed, generated now');
          assert.equal((await stat(join(data, 'tls-key.pem'))).mode & 0o777, 0o600, 'the private key is readable by its owner only');

          const ca = await readFile(banner.file, 'utf8');
          const onDisk = new X509Certificate(ca);
          assert.equal(onDisk.fingerprint256, fingerprint, 'the banner prints the fingerprint of the file');
          for (const ip of ['127.0.0.1', '::1']) assert.equal(onDisk.checkIP(ip), ip);
          assert.equal(onDisk.checkHost('localhost'), 'localhost');

          const served = await handshake(first.url, { ca, ALPNProtocols: ['h2', 'http/1.1'] });
          assert.equal(served.certificate.fingerprint256, fingerprint, 'the cell serves the certificate the banner names');
          assert.equal(served.alpn, 'http/1.1', 'HTTP/1.1 only');
          await assert.rejects(handshake(first.url, { ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
            /ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION|protocol version/, 'TLS 1.1 is refused');

          const versions = await call(first.url, ca, 'GET', '/api/versions');
          assert.equal(versions.status, 200, versions.text);
          // Every answer over TLS asks browsers to keep to https: documents, errors, the router's refusals, the portal.
          for (const [path, status] of [['/api/versions', 200], ['/api/no-such-thing', 404], ['/api/org/%E0%A4%A', 400], ['/provider', 200], ['/portal/assets/portal.css', 200]] as const) {
            const res = await call(first.url, ca, 'GET', path, { accept: XML('39.0') });
            assert.equal(res.status, status, path);
            assert.equal(res.headers.get('strict-transport-security'), HSTS, path);
          }
          const garbled = await rawTls(first.url, ca, 'NOT HTTP AT ALL\r\n\r\n');
          assert.match(garbled, /^HTTP\/1\.1 400 Bad Request\r\n/);
          assert.match(garbled, new RegExp(`\r\nStrict-Transport-Security: ${HSTS}\r\n`), 'even what Node answers itself');
          assert.match(versions.text, new RegExp(`<LoginUrl>${first.url}/api/sessions</LoginUrl>`));
          assert.doesNotMatch(versions.text, />http:\/\//, 'no http:// URL');
          const byName = await call(first.url.replace('127.0.0.1', 'localhost'), ca, 'GET', '/api/versions');
          assert.match(byName.text, /<LoginUrl>https:\/\/localhost:\d+\/api\/sessions<\/LoginUrl>/, 'the certificate names localhost too');

          const password = demoPassword(first)!;
          // The portal over TLS: a Secure cookie, and snippets with the https URL that say how to trust the certificate.
          const portal = await apiPageOverTls(first.url, ca, 'demo', 'demo', password);
          assert.match(portal.sessionCookie, /; HttpOnly; SameSite=Strict; Secure$/);
          const { 'snippet-curl': curl, 'snippet-pyvcloud': pyvcloud, 'snippet-terraform': terraform } = portal.snippets;
          assert.match(curl!, new RegExp(`^# This cell's certificate is self-signed: export CURL_CA_BUNDLE=[^\n]*\nVCD='${first.url}'$`, 'm'));
          assert.match(pyvcloud!, new RegExp(`^client = Client\\("${first.url}", api_version="36\\.0"\\)$`, 'm'));
          assert.match(terraform!, new RegExp(`^  url += "${first.url}/api"$`, 'm'));
          assert.doesNotMatch(terraform!, /plain http/);
          assert.match(terraform!, /^# This cell's certificate is self-signed: set allow_unverified_ssl = true/m);
          const session = await call(first.url, ca, 'POST', '/api/sessions', { accept: XML('35.0'), authorization: basic('demo', 'demo', password) });
          assert.equal(session.status, 200, session.text);
          assert.match(session.text, new RegExp(`<Session [^>]*href="${first.url}/api/session"`));
          assert.match(session.text, new RegExp(`<RestApiEndpoint>${first.url}</RestApiEndpoint>`));
          assert.doesNotMatch(session.text, /(href="|>)http:\/\//, 'no http:// href or URL');
          const token = session.headers.get('x-vmware-vcloud-access-token')!;
          const orgs = await call(first.url, ca, 'GET', '/api/org', { accept: JSON_('39.0'), authorization: `Bearer ${token}` });
          assert.match(JSON.parse(orgs.text).org[0].href, new RegExp(`^${first.url}/api/org/[0-9a-f-]{36}$`));

          const client = await VcdClient.connect(first.url, { tls: { ca }, auth: passwordAuth({ user: 'demo', org: 'demo', password }) });
          try {
            assert.deepEqual((await client.orgs.references()).map((o) => o.name), ['demo']);
          } finally {
            await client.close();
          }
          const untrusting = VcdClient.connect(first.url, { auth: passwordAuth({ user: 'demo', org: 'demo', password }) });
          await assert.rejects(untrusting, (err: Error) => err instanceof ConnectionError && /TLS certificate is not trusted/.test(err.message));

          // Plain http to the TLS port gets nowhere, and the cell keeps serving.
          await new Promise<void>((resolve) => {
            const req = httpRequest(`${first.url.replace('https:', 'http:')}/api/versions`, (res) => { res.resume(); resolve(); });
            req.once('error', () => resolve());
            req.end();
          });
          assert.ok(first.running(), 'plain http does not stop the cell');
          assert.equal((await call(first.url, ca, 'GET', '/api/versions')).status, 200);
        } finally {
          await first.stop();
        }

        // The next start (VCDKIT_TLS for the flag) serves the same certificate.
        const second = await serve([...store, '--log-level', 'silent'], { VCDKIT_TLS: 'true' });
        try {
          const banner = bannerCertificate(second);
          assert.equal(banner.origin, 'self-signed');
          assert.equal(banner.fingerprint, fingerprint, 'a restart keeps the certificate');
          const served = await handshake(second.url, { ca: await readFile(banner.file, 'utf8') });
          assert.equal(served.certificate.fingerprint256, fingerprint);
        } finally {
          await second.stop();
        }
      } finally {
        await pg?.drop();
      }
    });
  }

  test('the self-signed certificate names the --public-url host; another public URL gets a new certificate', async () => {
    const data = join(dir, 'public-url');
    const first = await serve(['--data', data, '--tls', '--public-url', 'https://vcd.example.test:8443', '--log-level', 'silent']);
    const before = bannerCertificate(first);
    await first.stop();
    const cert = new X509Certificate(await readFile(before.file, 'utf8'));
    assert.equal(cert.checkHost('vcd.example.test'), 'vcd.example.test');
    assert.match(first.output(), /^API URL: https:\/\/vcd\.example\.test:8443\/api /m);

    const moved = await serve(['--data', data, '--tls', '--public-url', 'https://cloud.example.test', '--log-level', 'silent']);
    const after = bannerCertificate(moved);
    await moved.stop();
    assert.equal(after.origin, 'self-signed, generated now');
    assert.notEqual(after.fingerprint, before.fingerprint);
    assert.equal(new X509Certificate(await readFile(after.file, 'utf8')).checkHost('cloud.example.test'), 'cloud.example.test');
  });

  test('--cert and --key (or VCDKIT_TLS_CERT and VCDKIT_TLS_KEY) serve the operator\'s certificate; nothing is generated', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048, algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    const certFile = join(dir, 'operator-cert.pem');
    const keyFile = join(dir, 'operator-key.pem');
    await writeFile(certFile, pems.cert);
    await writeFile(keyFile, pems.private, { mode: 0o600 });
    const fingerprint = new X509Certificate(pems.cert).fingerprint256;
    const data = join(dir, 'operator');

    for (const [args, env] of [[['--cert', certFile, '--key', keyFile], {}], [[], { VCDKIT_TLS_CERT: certFile, VCDKIT_TLS_KEY: keyFile }]] as const) {
      const cell = await serve(['--data', data, '--log-level', 'silent', ...args], env);
      try {
        assert.match(cell.url, /^https:/, 'a certificate implies --tls');
        assert.deepEqual(bannerCertificate(cell), { file: certFile, origin: 'given', fingerprint });
        assert.equal((await handshake(cell.url, { ca: pems.cert })).certificate.fingerprint256, fingerprint);
        const versions = await call(cell.url, pems.cert, 'GET', '/api/versions');
        assert.match(versions.text, new RegExp(`<LoginUrl>${cell.url}/api/sessions</LoginUrl>`));
        if (args.length) {
          await cliTrusts(cell.url, certFile);
          const { snippets } = await apiPageOverTls(cell.url, pems.cert, 'demo', 'demo', demoPassword(cell)!);
          assert.doesNotMatch(Object.values(snippets).join('\n'), /self-signed|plain http/, 'the operator\'s certificate needs no word');
        }
      } finally {
        await cell.stop();
      }
    }
    assert.ok(!existsSync(join(data, 'tls-cert.pem')), 'no self-signed certificate is made');
  });

  test('a certificate or key the cell cannot use stops the start, naming the file, before the store is touched', async () => {
    const other = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' });
    const mine = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' });
    const certFile = join(dir, 'bad-cert.pem');
    const keyFile = join(dir, 'bad-key.pem');
    const otherKey = join(dir, 'other-key.pem');
    const garbage = join(dir, 'garbage.pem');
    await writeFile(certFile, mine.cert);
    await writeFile(keyFile, mine.private);
    await writeFile(otherKey, other.private);
    await writeFile(garbage, 'not a certificate\n');
    const missing = join(dir, 'no-such-cert.pem');
    const data = join(dir, 'refused');

    const cases: Array<[string[], RegExp]> = [
      [['--tls', '--cert', missing, '--key', keyFile], new RegExp(`TLS certificate ${missing} cannot be read: ENOENT`)],
      [['--cert', certFile, '--key', join(dir, 'no-such-key.pem')], new RegExp(`TLS private key ${join(dir, 'no-such-key.pem')} cannot be read`)],
      [['--cert', garbage, '--key', keyFile], new RegExp(`TLS certificate ${garbage} is not a PEM certificate`)],
      [['--cert', certFile, '--key', garbage], new RegExp(`TLS private key ${garbage} is not a PEM private key`)],
      [['--cert', certFile, '--key', otherKey], new RegExp(`TLS private key ${otherKey} does not belong to the certificate ${certFile}`)],
      [['--cert', certFile], /--cert and --key go together/],
    ];
    for (const [args, message] of cases) {
      const run = failedStart(['--data', data, ...args]);
      assert.equal(run.status, 1, run.output);
      assert.match(run.output, message);
      assert.doesNotMatch(run.output, /listening|\n\s+at /, 'a clear error, no stack trace');
    }
    assert.ok(!existsSync(join(data, 'vcdkit.sqlite')), 'nothing was written');
  });
});
