// Figure: what the SDK costs over a bare node:http keep-alive client, on one provider session of ~1,115
// requests: connect (GET /api/versions), password login, the org list, each org, a 1,100-record legacy query
// (9 pages of 128), logout. Two figures, both against the bare client doing the same requests in the same run:
// - time: sessions run in alternating rounds in this process; the ratio is the SDK's session time over the bare
//   client's (same requests, so the same ratio per request). Target ≤ 1.10.
// - memory: each client runs SESSIONS sessions in a process of its own; peak RSS over the bare client's and over
//   an idle Node process's. Target ≤ 15 MiB over bare Node.
// - client CPU per request (user + system of the client's own process, so the cell's work and other load on the
//   machine count far less than in wall time): printed next to the time ratio, the median of ROUNDS processes
//   each, run alternately.
// The SDK runs compiled (dist/), as installed; both clients' session scripts are TypeScript alike.
import { execFileSync } from 'node:child_process';
import { startBenchCell } from './lib/cell.ts';
import { bareSession } from './lib/bare-session.ts';

execFileSync(process.execPath, ['scripts/build.ts'], { stdio: 'inherit' }); // the SDK as the package ships it
const { sdkSession } = await import('./lib/sdk-session.ts');
import { median, printRatio, printTable, type Row } from './lib/report.ts';

/** user-less orgs seeded (the store also has System, BenchOrg and the first-start demo org) */
const RECORDS = 1100;
const ITERATIONS = Number(process.env.BENCH_SDK_ITERATIONS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SESSIONS = Number(process.env.BENCH_SDK_SESSIONS ?? 3);

/** Runs one session ITERATIONS times; returns each session's milliseconds. */
async function round(run: (url: string) => Promise<[number, number]>, url: string, expectedRecords: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const [, records] = await run(url);
    times.push(performance.now() - started);
    if (records !== expectedRecords) throw new Error(`read ${records} records, expected ${expectedRecords}`);
  }
  return times;
}

const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 10) / 10;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The median round by total time, so a noisy moment hits one round, not the figure; `requests` per session. */
function row(name: string, rounds: number[][], requests: number): Row {
  const middle = [...rounds].sort((a, b) => sum(a) - sum(b))[Math.floor(rounds.length / 2)]!;
  const sorted = [...middle].sort((a, b) => a - b);
  return { name, result: { requestsPerSecond: (middle.length * requests) / (sum(middle) / 1000), latencyP50: percentile(sorted, 0.5), latencyP99: percentile(sorted, 0.99), failures: 0 } };
}

interface Footprint { peakMiB: number; cpuMicrosPerRequest: number }
const footprint = (kind: 'sdk' | 'bare' | 'idle', url: string, requests: number): Footprint =>
  JSON.parse(execFileSync(process.execPath, ['bench/lib/session-client.ts', kind, url, String(SESSIONS), String(requests)], { encoding: 'utf8' }));

const cell = await startBenchCell([], RECORDS);
try {
  const expected = await bareSession(cell.url);
  if (expected[1] < RECORDS) throw new Error(`only ${expected[1]} orgs`);
  const sdkCounts = await sdkSession(cell.url, true);
  if (sdkCounts.join() !== expected.join()) throw new Error(`the SDK sent ${sdkCounts.join(' requests and read ')} records, the bare client ${expected.join(' and ')}`);
  await round(sdkSession, cell.url, expected[1]); // warm-up: JIT and the cell's caches, both ways
  await round(bareSession, cell.url, expected[1]);
  const sdk: number[][] = [];
  const bare: number[][] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(await round(bareSession, cell.url, expected[1]));
    sdk.push(await round(sdkSession, cell.url, expected[1]));
  }
  const rows = [row('bare node:http', bare, expected[0]), row('vcdkit SDK', sdk, expected[0])];
  printTable(`one provider session of ${expected[0]} requests: versions, login, org list, each org, ${expected[1]}-record query, logout (requests/s; p50 and p99 of a whole session)`, rows);

  const idle = footprint('idle', cell.url, expected[0]);
  const bareRuns: Footprint[] = [];
  const sdkRuns: Footprint[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bareRuns.push(footprint('bare', cell.url, expected[0]));
    sdkRuns.push(footprint('sdk', cell.url, expected[0]));
  }
  const [bareCpu, sdkCpu] = [bareRuns, sdkRuns].map((runs) => median(runs.map((r) => r.cpuMicrosPerRequest)));
  const [bareMiB, sdkMiB] = [bareRuns, sdkRuns].map((runs) => median(runs.map((r) => r.peakMiB)));
  printRatio('SDK time per request / bare node:http (target ≤ 1.10)', rows[0]!, rows[1]!);
  console.log(`SDK client CPU per request / bare node:http: ${(sdkCpu! / bareCpu!).toFixed(2)} (SDK ${sdkCpu!.toFixed(0)} µs, bare ${bareCpu!.toFixed(0)} µs; median of ${ROUNDS} processes of ${SESSIONS} sessions each)`);

  const mib = (n: number) => `${n.toFixed(1)} MiB`;
  console.log(`\npeak RSS over ${SESSIONS} sessions, each client in its own process (median of ${ROUNDS}): idle Node ${mib(idle.peakMiB)}, bare node:http ${mib(bareMiB!)}, SDK ${mib(sdkMiB!)}`);
  console.log(`SDK peak memory over bare node:http: ${mib(sdkMiB! - bareMiB!)} (target ≤ 15 MiB); over idle Node: ${mib(sdkMiB! - idle.peakMiB)}`);
} finally {
  await cell.stop();
}
