// Figure: what the SDK costs over bare fetch for one short session of the provider: connect
// (GET /api/versions), password login, list orgs, a 1,000-record legacy query (/api/query?type=organization,
// 8 pages of 128 along rel="nextPage"), logout. Both sides speak to the same cell, in the same run, in
// alternating rounds; the ratio is the SDK's session rate over bare fetch's.
import { BENCH_PASSWORD, startBenchCell } from './lib/cell.ts';
import { printRatio, printTable, type Row } from './lib/report.ts';
import { VcdClient, passwordAuth, type Link, type OrgList, type QueryResultRecords } from '../src/sdk/index.ts';

/** at least this many org records (the store also has System, BenchOrg and the first-start demo org) */
const RECORDS = 1000;
const ITERATIONS = Number(process.env.BENCH_SDK_ITERATIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VERSION = '39.1';

/** The SDK way. */
async function withSdk(url: string): Promise<number> {
  const vcd = await VcdClient.connect(url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: BENCH_PASSWORD }) });
  await vcd.orgs();
  let n = 0;
  for await (const _ of vcd.query('organization')) n++;
  await vcd.close();
  return n;
}

/** The same requests by hand with fetch. */
async function withFetch(url: string): Promise<number> {
  const versions = await fetch(`${url}/api/versions`, { headers: { accept: 'application/*+xml' } });
  if (!(await versions.text()).includes(`<Version>${VERSION}</Version>`)) throw new Error('version not offered');
  const login = await fetch(`${url}/cloudapi/1.0.0/sessions/provider`, {
    method: 'POST',
    headers: { accept: `application/json;version=${VERSION}`, authorization: `Basic ${Buffer.from(`administrator@System:${BENCH_PASSWORD}`).toString('base64')}` },
  });
  const session = (await login.json()) as { id: string };
  const auth = { authorization: `Bearer ${login.headers.get('x-vmware-vcloud-access-token')}` };
  const json = { ...auth, accept: `application/*+json;version=${VERSION}` };
  const orgs = (await (await fetch(`${url}/api/org`, { headers: json })).json()) as OrgList;
  if (!orgs.org?.length) throw new Error('no orgs listed');
  let n = 0;
  let next: string | undefined = `${url}/api/query?type=organization&format=records&page=1&pageSize=128`;
  while (next) {
    const page = (await (await fetch(next, { headers: json })).json()) as QueryResultRecords;
    n += page.record?.length ?? 0;
    next = page.link?.find((l: Link) => l.rel === 'nextPage')?.href;
  }
  await fetch(`${url}/cloudapi/1.0.0/sessions/${session.id}`, { method: 'DELETE', headers: { ...auth, accept: `application/json;version=${VERSION}` } });
  return n;
}

/** Runs one session ITERATIONS times; returns each session's milliseconds. */
async function round(run: () => Promise<number>, expected: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const n = await run();
    times.push(performance.now() - started);
    if (n !== expected) throw new Error(`read ${n} records, expected ${expected}`);
  }
  return times;
}

const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 10) / 10;

function row(name: string, rounds: number[][]): Row {
  // The median round by total time, so a noisy moment hits one round, not the figure.
  const median = [...rounds].sort((a, b) => sum(a) - sum(b))[Math.floor(rounds.length / 2)]!;
  const sorted = [...median].sort((a, b) => a - b);
  return { name, result: { requestsPerSecond: median.length / (sum(median) / 1000), latencyP50: percentile(sorted, 0.5), latencyP99: percentile(sorted, 0.99), failures: 0 } };
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const cell = await startBenchCell([], RECORDS);
try {
  const expected = await withFetch(cell.url);
  if (expected < RECORDS) throw new Error(`only ${expected} orgs`);
  await round(() => withSdk(cell.url), expected); // warm-up: JIT and sockets, both ways
  await round(() => withFetch(cell.url), expected);
  const sdk: number[][] = [];
  const bare: number[][] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await round(() => withFetch(cell.url), expected));
    sdk.push(await round(() => withSdk(cell.url), expected));
  }
  const rows = [row('bare fetch', bare), row('vcdkit SDK', sdk)];
  printTable(`one provider session: connect, login, list orgs, ${expected}-record legacy query, logout (sessions/s, ms per session)`, rows);
  printRatio('SDK / bare fetch', rows[1]!, rows[0]!);
} finally {
  await cell.stop();
}
