// `vcdkit serve` as a user starts it: a child process on an empty store prints the API URL and the
// credentials it created, once; a second start on the same store finds them again and prints none.
// With request logging on, no secret a request carries reaches the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, call, JSON_, login } from './helpers/http.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;

interface Served {
  url: string;
  /** everything the process has printed so far (banner and log) */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `vcdkit serve` and waits for its banner; VCDKIT_* variables stand in for some flags. */
async function serve(args: string[], env: Record<string, string>): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 20 s:\n${out}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
    child.stdout!.on('data', () => {
      const m = /API URL: (http:\/\/127\.0\.0\.1:\d+)\/api/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

const created = (output: string) => [...output.matchAll(/created (\S+)@(\S+) {2}password: (\S+)/g)]
  .map(([, user, org, password]) => ({ user: user!, org: org!, password: password! }));

describe('vcdkit serve', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'vcdkit-serve-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('the first start prints the API URL and the credentials it made; the next start keeps them and prints none', async () => {
    const env = { VCDKIT_DATA: join(dir, 'store') };
    const first = await serve(['--log-level', 'silent'], env);
    let accounts;
    try {
      const banner = first.output();
      assert.match(banner, /vcdkit cell listening on http:\/\/127\.0\.0\.1:\d+ \(store: SQLite .*vcdkit\.sqlite\)/);
      accounts = created(banner);
      assert.deepEqual(accounts.map((a) => `${a.user}@${a.org}`).sort(), ['administrator@System', 'demo@demo']);
      for (const a of accounts) assert.ok((await login(first.url, a.user, a.org, a.password)).length > 20);
    } finally {
      await first.stop();
    }

    const second = await serve(['--log-level', 'silent'], env);
    try {
      assert.deepEqual(created(second.output()), [], 'credentials are printed once, at creation');
      for (const a of accounts) assert.ok((await login(second.url, a.user, a.org, a.password)).length > 20);
    } finally {
      await second.stop();
    }
  });

  test('the request log at info names each request but none of the secrets it carried', async () => {
    const cell = await serve(['--data', join(dir, 'logged'), '--log-level', 'info'], {});
    const admin = created(cell.output()).find((a) => a.org === 'System')!;
    let token = '';
    try {
      token = await login(cell.url, admin.user, admin.org, admin.password);
      assert.equal((await call(cell.url, 'GET', '/api/org', { accept: JSON_('39.0'), authorization: `Bearer ${token}` })).status, 200);
      const wrong = await call(cell.url, 'POST', '/api/sessions', { accept: JSON_('37.0'), authorization: basic('administrator', 'System', 'Wr0ng-Secret-Passw0rd') });
      assert.equal(wrong.status, 401);
      const grant = await call(cell.url, 'POST', '/oauth/provider/token?grant_type=refresh_token&refresh_token=Query-Secret-Token-123', { accept: 'application/json' });
      assert.equal(grant.status, 400);
    } finally {
      await cell.stop();
    }
    const log = cell.output().split('\n').filter((line) => line.startsWith('{')).join('\n'); // the log, not the banner
    assert.match(log, /"msg":"incoming request"/, 'requests are logged at info');
    assert.match(log, /"url":"\/api\/org"/);
    assert.match(log, /refresh_token=\[REDACTED\]/);
    for (const secret of [token, admin.password, 'Wr0ng-Secret-Passw0rd', 'Query-Secret-Token-123', Buffer.from(`administrator@System:${admin.password}`).toString('base64')]) {
      assert.ok(!log.includes(secret), `the log holds a secret: ${secret.slice(0, 6)}…`);
    }
  });
});
