// A cell killed outright (kill -9, the OOM killer, a crash) loses nothing it acknowledged: every session a
// refresh-token exchange answered 200 for, while exchanges were in flight at the kill, still works after a
// restart on the same SQLite store. (SQLite in WAL with synchronous=NORMAL: a commit is in the operating
// system's hands before it returns, so a dead process cannot take it back; see README, Durability.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, login, XML } from './helpers/http.ts';
import { createApiToken, exchange } from './helpers/oauth.ts';
import { serve } from './helpers/serve.ts';

const PASSWORD = 'Durable-Passw0rd!';
const SEED = `
orgs:
  - name: Durable
    users: [{ name: writer, password: '${PASSWORD}', role: Organization Administrator }]
`;
/** exchanges acknowledged before the kill; the clients keep sending until the process is gone */
const ACKNOWLEDGED_BEFORE_KILL = 300;
const CLIENTS = 8;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vcdkit-durability-'));
  await writeFile(join(dir, 'seed.yaml'), SEED);
});
after(async () => { await rm(dir, { recursive: true, force: true }); });

test('kill -9 during a stream of token exchanges: every acknowledged session is there after the restart', async () => {
  const args = ['--data', join(dir, 'data'), '--seed', join(dir, 'seed.yaml'), '--log-level', 'silent'];
  const first = await serve(args);
  const { refreshToken } = await createApiToken(first.url, 'Durable', await login(first.url, 'writer', 'Durable', PASSWORD), 'durability');
  const acknowledged: string[] = [];
  let killed = false;
  const client = async () => {
    while (!killed) {
      const answer = await exchange(first.url, 'Durable', refreshToken).catch(() => undefined); // cut off by the kill
      if (answer?.status === 200) acknowledged.push(answer.json.access_token as string);
      else if (answer && !killed) assert.fail(`an exchange answered ${answer.status}: ${answer.text}`);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  while (acknowledged.length < ACKNOWLEDGED_BEFORE_KILL && first.running()) await sleep(5);
  await first.kill();
  killed = true;
  await Promise.all(clients);

  const second = await serve(args);
  try {
    const lost: string[] = [];
    for (const token of acknowledged) {
      const res = await call(second.url, 'GET', '/api/session', { accept: XML(), authorization: `Bearer ${token}` });
      if (res.status !== 200) lost.push(`${token.slice(0, 8)}…: ${res.status}`);
    }
    assert.ok(acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL, `only ${acknowledged.length} exchanges were acknowledged`);
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged sessions were lost`);
  } finally {
    await second.stop();
  }
});
