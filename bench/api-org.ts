// Figure: authenticated GET /api/org per second on a cell, against Node's bare http module replaying
// the very same response (status, content type, request id header, body), with a bare Fastify route
// replaying it too as the framework floor. All three run in child processes; the load comes from
// here, in the same run, in alternating rounds with the same connections and duration. The cell runs as
// `vcdkit serve` starts by default: an access-log line per request, its stdout a file; a second cell started
// with `--log-level warn` (no access log) shows what the log costs.
import { benchLogin, startBenchCell } from './lib/cell.ts';
import { compare } from './lib/load.ts';
import { startChild, type Child } from './lib/processes.ts';
import { REPLAY_ENV, type Recorded } from './lib/recorded.ts';
import { printRatio, printTable } from './lib/report.ts';

/** issue 19: the default start at ≥ 0.8 of bare node:http, the access log costing ≤ 5% */
const TARGET = 0.8;
const LOG_TARGET = 0.95;

const cell = await startBenchCell();
const quiet = await startBenchCell(['--log-level', 'warn']);
const baselines: Child[] = [quiet];
try {
  const token = await benchLogin(cell.url);
  const headers = { accept: 'application/*+xml;version=39.0', authorization: `Bearer ${token}` };

  const sample = await fetch(`${cell.url}/api/org`, { headers });
  const body = await sample.text();
  if (sample.status !== 200) throw new Error(`GET /api/org answered ${sample.status}: ${body}`);
  const recorded: Recorded = {
    status: sample.status,
    headers: {
      'content-type': sample.headers.get('content-type')!,
      'x-vmware-vcloud-request-id': sample.headers.get('x-vmware-vcloud-request-id')!,
    },
    body,
  };
  const env = { [REPLAY_ENV]: JSON.stringify(recorded) };
  const bare = await startChild(['bench/lib/replay-server.ts'], env);
  baselines.push(bare);
  const floor = await startChild(['bench/lib/fastify-replay-server.ts'], env);
  baselines.push(floor);

  const quietToken = await benchLogin(quiet.url);
  const [bareResult, floorResult, cellResult, quietResult] = await compare([
    ...[bare, floor, cell].map((s) => ({ url: `${s.url}/api/org`, headers })),
    { url: `${quiet.url}/api/org`, headers: { ...headers, authorization: `Bearer ${quietToken}` } },
  ]);
  const rows = [
    { name: 'node:http replaying the response', result: bareResult! },
    { name: 'Fastify route replaying it (no hooks)', result: floorResult! },
    { name: 'vcdkit cell (default start, access log to a file), GET /api/org as a tenant', result: cellResult! },
    { name: 'vcdkit cell, --log-level warn (no access log)', result: quietResult! },
  ];
  printTable('GET /api/org, authenticated (Bearer), XML', rows);
  printRatio('cell / node:http', rows[2]!, rows[0]!, TARGET);
  printRatio('Fastify floor / node:http', rows[1]!, rows[0]!);
  printRatio('cell with access log / without', rows[2]!, rows[3]!, LOG_TARGET);
  if (rows.some((r) => r.result.failures > 0)) {
    console.log('some requests failed; the figures above are not comparable');
    process.exitCode = 1;
  }
} finally {
  for (const b of baselines) await b.stop();
  await cell.stop();
}
