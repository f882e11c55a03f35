// Figure: API-token exchanges per second (POST /oauth/tenant/{org}/token, grant_type=refresh_token)
// next to password logins per second (POST /cloudapi/1.0.0/sessions), on the same cell in the same run.
// Both open a session; the login also pays for scrypt, which is deliberately slow.
import { BENCH_PASSWORD, benchLogin, createApiToken, startBenchCell } from './lib/cell.ts';
import { compare } from './lib/load.ts';
import { printRatio, printTable } from './lib/report.ts';

const cell = await startBenchCell();
try {
  const apiToken = await createApiToken(cell.url, await benchLogin(cell.url));
  const [exchange, login] = await compare([
    {
      url: `${cell.url}/oauth/tenant/BenchOrg/token`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: apiToken }).toString(),
    },
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
    { name: 'API token exchange (/oauth/tenant/{org}/token)', result: exchange! },
    { name: 'password login (/cloudapi/1.0.0/sessions)', result: login! },
  ];
  printTable('Opening a session (SQLite store)', rows);
  printRatio('token exchange / password login', rows[0]!, rows[1]!);
  if (rows.some((r) => r.result.failures > 0)) {
    console.log('some requests failed; the figures above are not comparable');
    process.exitCode = 1;
  }
} finally {
  await cell.stop();
}
