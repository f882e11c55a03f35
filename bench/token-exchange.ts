// Figure: API-token exchanges per second (POST /oauth/tenant/{org}/token, grant_type=refresh_token)
// next to password logins per second (POST /cloudapi/1.0.0/sessions), on the same cell in the same run.
// Both open a session; the login also pays for scrypt, which is deliberately slow.
import { BENCH_PASSWORD, benchLogin, startBenchCell } from './lib/cell.ts';
import { compare } from './lib/load.ts';
import { printRatio, printTable } from './lib/report.ts';

/** Registers an API token client and mints its refresh token, as go-vcloud-director's CreateToken does. */
async function createApiToken(url: string, session: string): Promise<string> {
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
