// PostgreSQL ends a cell's connections (restart, failover, pg_terminate_backend, DROP DATABASE … WITH (FORCE)):
// the cell, a real `vcdkit serve` process so that an unhandled 'error' shows as its exit, logs each loss and
// lives on. A statement that was running fails its one request with a 503 Error document; once the losses
// are logged, the next request gets a fresh connection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery, engines, freshPostgresUrl, testClient } from './helpers/engines.ts';
import { call, JSON_, login } from './helpers/http.ts';
import { serve, type Served } from './helpers/serve.ts';

const PASSWORD = 'Loss-Adm1n-Passw0rd';
// In the select list, so that it runs only on the rows the filter keeps (in WHERE, PostgreSQL may call it
// on any row, every other client of the server included).
const TERMINATE = 'select pid, pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()';

describe('a PostgreSQL cell whose connections are ended', { timeout: 60_000, skip: !engines().includes('postgres') && 'no PostgreSQL' }, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof freshPostgresUrl>>;
  let cell: Served;
  let token: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vcdkit-loss-'));
    await writeFile(join(dir, 'seed.json'), JSON.stringify({ system: { users: [{ name: 'administrator', password: PASSWORD }] } }));
    db = await freshPostgresUrl();
    cell = await serve(['--database', db.url, '--seed', join(dir, 'seed.json'), '--log-level', 'warn'], {});
    token = await login(cell.url, 'administrator', 'System', PASSWORD);
  });
  after(async () => {
    await cell?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** a request that reads the store (the session itself is cached) */
  const users = () => call(cell.url, 'GET', '/cloudapi/1.0.0/users', { accept: JSON_('39.0'), authorization: `Bearer ${token}` });
  const databaseName = () => new URL(db.url).pathname.slice(1);

  /** Ends every connection the cell has open; resolves with the backend pids ended. */
  async function endConnections(): Promise<number[]> {
    const rows = await adminQuery<{ pid: number; ended: boolean }>(TERMINATE, [databaseName()]);
    return rows.filter((r) => r.ended).map((r) => r.pid);
  }

  /** Ends the cell's idle connections and waits until it has logged losing each, so the pool holds none of them. */
  async function endIdleConnectionsAndAwaitLog(): Promise<void> {
    const ended = await endConnections();
    assert.ok(ended.length > 0, 'the cell had connections open');
    await cell.waitForOutput((out) => ended.every((pid) => out.includes(`"backendPid":${pid}`)));
  }

  function assert200or503(res: { status: number; text: string }) {
    if (res.status === 200) return;
    assert.equal(res.status, 503, res.text);
    assert.equal(JSON.parse(res.text).minorErrorCode, 'SERVICE_UNAVAILABLE');
  }

  test('idle connections ended: the cell logs the loss, and the next request answers 200', async () => {
    assert.equal((await users()).status, 200);
    await endIdleConnectionsAndAwaitLog();
    assert.match(cell.output(), /PostgreSQL connection lost/);
    const res = await users();
    assert.equal(res.status, 200, res.text);
  });

  test('connections ended while requests are in flight: each request answers 200 or 503, and the cell goes on', async () => {
    const admin = testClient();
    await admin.connect(); // before the load, so that the termination follows it at once
    const responses: Array<{ status: number; text: string }> = [];
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      try {
        while (loading) responses.push(await users());
      } finally {
        loading = false; // a request with no answer at all ends the load, and the test with it
      }
    });
    let ended: number[];
    try {
      await waitUntil(() => responses.length >= 8 || !loading); // the load is under way
      ended = (await admin.query<{ pid: number; ended: boolean }>(TERMINATE, [databaseName()])).rows.filter((r) => r.ended).map((r) => r.pid);
    } finally {
      loading = false;
      await admin.end();
    }
    await Promise.all(clients);
    assert.ok(ended.length > 0, 'the cell had connections open');
    for (const res of responses) assert200or503(res);
    // A connection whose end the cell has not yet read fails one more request at most; the pool holds 10.
    let res = await users();
    for (let failures = 0; res.status !== 200 && failures < 10; failures++) {
      assert200or503(res);
      res = await users();
    }
    assert.equal(res.status, 200, res.text);
  });

  test('the database dropped WITH (FORCE): requests that need it get 503, the rest are still served', async () => {
    await db.drop();
    const res = await users();
    assert.equal(res.status, 503, res.text);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(JSON.parse(res.text).minorErrorCode, 'SERVICE_UNAVAILABLE');
    assert.equal((await call(cell.url, 'GET', '/api/versions')).status, 200, 'the process lives on');
  });
});

/** Polls a condition until it holds (no time limit of its own: the test's timeout is the bound). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
