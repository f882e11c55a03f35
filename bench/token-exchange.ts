// Figure: API-token exchanges per second (POST /oauth/tenant/{org}/token, grant_type=refresh_token) on a cell
// at its default start (SQLite store, access log on), against Node's bare http module replaying one such
// answer (the ceiling), and next to password logins per second (POST /cloudapi/1.0.0/sessions), all in the
// same run. An exchange opens a session (three committed writes: the token's last use, the session, the audit
// event); the login also pays for scrypt, which is deliberately slow.
import { BENCH_PASSWORD, benchLogin, createApiToken, startBenchCell } from './lib/cell.ts';
import { compare, type LoadOptions } from './lib/load.ts';
import { startChild, type Child } from './lib/processes.ts';
import { REPLAY_ENV, type Recorded } from './lib/recorded.ts';
import { printRatio, printTable } from './lib/report.ts';

/** issue 19's figure for the write path, on this 2-core machine */
const TARGET_PER_SECOND = 5_000;

const cell = await startBenchCell();
let bare: Child | undefined;
try {
  const apiToken = await createApiToken(cell.url, await benchLogin(cell.url));
  const exchangeAt = (url: string): LoadOptions => ({
    url: `${url}/oauth/tenant/BenchOrg/token`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: apiToken }).toString(),
  });
  const once = exchangeAt(cell.url);
  const sample = await fetch(once.url, { method: 'POST', headers: once.headers!, body: once.body! });
  const recorded: Recorded = {
    status: sample.status,
    headers: { 'content-type': sample.headers.get('content-type')!, 'x-vmware-vcloud-request-id': sample.headers.get('x-vmware-vcloud-request-id')! },
    body: await sample.text(),
  };
  if (recorded.status !== 200) throw new Error(`the exchange answered ${recorded.status}: ${recorded.body}`);
  bare = await startChild(['bench/lib/replay-server.ts'], { [REPLAY_ENV]: JSON.stringify(recorded) });
  const [ceiling, exchange, login] = await compare([
    exchangeAt(bare.url),
    exchangeAt(cell.url),
    {
      url: `${cell.url}/cloudapi/1.0.0/sessions`,
      method: 'POST',
      headers: {
        accept: 'application/json;version=39.0',
        authorization: `Basic ${Buffer.from(`bench@BenchOrg:${BENCH_PASSWORD}`).toString('base64')}`,
      },
    },
  ]);
  const rows = [
    { name: 'node:http replaying an exchange\'s answer', result: ceiling! },
    { name: 'API token exchange (/oauth/tenant/{org}/token)', result: exchange! },
    { name: 'password login (/cloudapi/1.0.0/sessions)', result: login! },
  ];
  printTable('Opening a session (SQLite store)', rows);
  const rate = exchange!.requestsPerSecond;
  console.log(`token exchanges/s: ${Math.round(rate)} (target ≥ ${TARGET_PER_SECOND}: ${rate >= TARGET_PER_SECOND ? 'met' : 'not met'})`);
  printRatio('token exchange / node:http', rows[1]!, rows[0]!);
  printRatio('token exchange / password login', rows[1]!, rows[2]!);
  if (rows.some((r) => r.result.failures > 0)) {
    console.log('some requests failed; the figures above are not comparable');
    process.exitCode = 1;
  }
} finally {
  await bare?.stop();
  await cell.stop();
}
