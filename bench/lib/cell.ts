// A real cell (`vcdkit serve`) in a child process, on loopback, on a throw-away SQLite store, started as a
// user starts it: the default log level, so one access-log line per request, written to a file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild, type Child } from './processes.ts';

export const BENCH_PASSWORD = 'Bench-Passw0rd!';

const SEED = `
system:
  users: [{ name: administrator, password: '${BENCH_PASSWORD}' }]
orgs:
  - name: BenchOrg
    users: [{ name: bench, password: '${BENCH_PASSWORD}', role: Organization Administrator }]
`;

/** `extraOrgs` adds that many user-less orgs (BenchExtra0…), e.g. records for a query figure. */
export async function startBenchCell(extraArgs: string[] = [], extraOrgs = 0): Promise<Child> {
  const dir = await mkdtemp(join(tmpdir(), 'vcdkit-bench-'));
  const extra = Array.from({ length: extraOrgs }, (_, i) => `  - name: BenchExtra${i}\n`).join('');
  await writeFile(join(dir, 'seed.yaml'), SEED + extra);
  const child = await startChild([
    'src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0',
    '--data', join(dir, 'data'), '--seed', join(dir, 'seed.yaml'), ...extraArgs,
  ], {}, join(dir, 'cell.log'));
  return {
    url: child.url,
    pid: child.pid,
    async stop() {
      await child.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in at /cloudapi/1.0.0/sessions and returns the bearer token. */
export async function benchLogin(url: string, user = 'bench', org = 'BenchOrg'): Promise<string> {
  const res = await fetch(`${url}/cloudapi/1.0.0/sessions`, {
    method: 'POST',
    headers: {
      accept: 'application/json;version=39.0',
      authorization: `Basic ${Buffer.from(`${user}@${org}:${BENCH_PASSWORD}`).toString('base64')}`,
    },
  });
  const token = res.headers.get('x-vmware-vcloud-access-token');
  if (res.status !== 200 || !token) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
  return token;
}

/** Registers an API token client and mints its refresh token, as go-vcloud-director's CreateToken does. */
export async function createApiToken(url: string, session: string): Promise<string> {
  const register = await fetch(`${url}/oauth/tenant/BenchOrg/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session}` },
    body: JSON.stringify({ client_name: 'bench' }),
  });
  const { client_id: clientId } = await register.json() as { client_id: string };
  const issue = await fetch(`${url}/oauth/tenant/BenchOrg/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: session, client_id: clientId }).toString(),
  });
  const { refresh_token: token } = await issue.json() as { refresh_token?: string };
  if (!token) throw new Error(`could not create an API token: ${issue.status}`);
  return token;
}
