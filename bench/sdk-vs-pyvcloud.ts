// Figure (optional): the SDK against pyvcloud, VMware's Python SDK, on the same provider session against the same
// cell: login, the org list and each org (pyvcloud's get_org_list), a 1,100-record organization query (pages of
// 128), logout — ~1,115 requests either way. Runs only when PYVCLOUD_DIR names a pyvcloud checkout (its
// dependencies, requests and lxml, from Debian's python3 or PYVCLOUD_PYTHON); nothing of pyvcloud is kept here.
// Each client runs SESSIONS sessions in a process of its own, in alternating rounds; the figures are the median
// session's wall time, CPU time per session and peak RSS. Both drivers are plain scripts, as their users run them
// (the SDK compiled, from dist/; a .ts driver would add Node's type stripping, ~20 MiB, to its footprint).
// Target: the SDK at least 2× faster.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_PASSWORD, startBenchCell } from './lib/cell.ts';
import { median } from './lib/report.ts';

const PYVCLOUD_DIR = process.env.PYVCLOUD_DIR;
if (!PYVCLOUD_DIR) {
  console.log('skipped: set PYVCLOUD_DIR to a pyvcloud checkout to compare the SDK with it');
  process.exit(0);
}
const PYTHON = process.env.PYVCLOUD_PYTHON ?? '/usr/bin/python3';
const RECORDS = 1100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SESSIONS = Number(process.env.BENCH_SDK_SESSIONS ?? 3);

/** Our driver of pyvcloud's Client: argv url, password, sessions, its log file; prints one JSON line. */
const PYVCLOUD_DRIVER = `
import json, resource, sys, time
from pyvcloud.vcd.client import BasicLoginCredentials, Client, QueryResultFormat
url, password, sessions, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
session_ms, records = [], 0
cpu_before = time.process_time()
for _ in range(sessions):
    started = time.perf_counter()
    client = Client(url, verify_ssl_certs=False, log_file=log)
    client.set_credentials(BasicLoginCredentials('administrator', 'System', password))
    orgs = client.get_org_list()
    records = sum(1 for _ in client.get_typed_query('organization', query_result_format=QueryResultFormat.RECORDS, page_size=128).execute())
    client.logout()
    session_ms.append((time.perf_counter() - started) * 1000)
print(json.dumps({'peakMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'cpuMs': (time.process_time() - cpu_before) * 1000,
                  'sessionMs': session_ms, 'orgs': len(orgs), 'records': records}))
`;

/** The same work through the SDK (as bench/lib/sdk-session.ts): argv url, password, sessions; the same JSON line. */
const SDK_DRIVER = `
import { VcdClient, passwordAuth } from ${JSON.stringify(pathToFileURL('dist/sdk/index.js').href)};
const [url, password, sessions] = process.argv.slice(2);
const sessionMs = [];
let orgs = 0, records = 0;
const cpuBefore = process.cpuUsage();
for (let i = 0; i < Number(sessions); i++) {
  const started = performance.now();
  const vcd = await VcdClient.connect(url, { auth: passwordAuth({ user: 'administrator', org: 'System', password }) });
  const list = await vcd.orgs.references();
  for (const org of list) await vcd.orgs.get(org);
  records = 0;
  for await (const _ of vcd.query('organization')) records++;
  await vcd.close();
  orgs = list.length;
  sessionMs.push(performance.now() - started);
}
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ peakMiB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000, sessionMs, orgs, records }));
`;

interface Run { peakMiB: number; cpuMs: number; sessionMs: number[]; orgs: number; records: number }

function drive(command: string, driver: string, url: string, dir: string, env: NodeJS.ProcessEnv = {}): Run {
  const run: Run = JSON.parse(execFileSync(command, [join(dir, driver), url, BENCH_PASSWORD, String(SESSIONS), join(dir, 'client.log')], {
    encoding: 'utf8', cwd: dir, env: { ...process.env, ...env },
  }));
  if (run.orgs < RECORDS || run.records < RECORDS) throw new Error(`${driver} read ${run.orgs} orgs and ${run.records} records`);
  return run;
}


execFileSync(process.execPath, ['scripts/build.ts'], { stdio: 'inherit' }); // the SDK as the package ships it
const { sdkSession } = await import('./lib/sdk-session.ts');
const dir = await mkdtemp(join(tmpdir(), 'vcdkit-pyvcloud-'));
const cell = await startBenchCell([], RECORDS);
try {
  await writeFile(join(dir, 'drive-pyvcloud.py'), PYVCLOUD_DRIVER);
  await writeFile(join(dir, 'drive-sdk.mjs'), SDK_DRIVER);
  const [requests, records] = await sdkSession(cell.url, true);
  const py: Run[] = [];
  const ours: Run[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    py.push(drive(PYTHON, 'drive-pyvcloud.py', cell.url, dir, { PYTHONPATH: PYVCLOUD_DIR }));
    ours.push(drive(process.execPath, 'drive-sdk.mjs', cell.url, dir));
  }
  if (py.some((p) => p.records !== records)) throw new Error(`pyvcloud read other records than the SDK's ${records}`);
  const figures = (runs: Run[]) => ({
    ms: median(runs.flatMap((r) => r.sessionMs)), cpuMs: median(runs.map((r) => r.cpuMs / SESSIONS)), peakMiB: median(runs.map((r) => r.peakMiB)),
  });
  const [p, s] = [figures(py), figures(ours)];
  const f = (n: number) => n.toFixed(0);
  console.log(`\none provider session, ${requests} requests from the SDK (login, org list, each org, ${records}-record query, logout), median of ${ROUNDS}×${SESSIONS}`);
  console.log(`pyvcloud: ${f(p.ms)} ms per session, ${f(p.cpuMs)} ms client CPU, peak RSS ${p.peakMiB.toFixed(1)} MiB`);
  console.log(`SDK:      ${f(s.ms)} ms per session, ${f(s.cpuMs)} ms client CPU, peak RSS ${s.peakMiB.toFixed(1)} MiB`);
  const speedup = p.ms / s.ms;
  console.log(`SDK speed-up over pyvcloud: ${speedup.toFixed(2)}× in time (target ≥ 2: ${speedup >= 2 ? 'met' : 'not met'}), ${(p.cpuMs / s.cpuMs).toFixed(2)}× in client CPU; peak memory ${(s.peakMiB / p.peakMiB).toFixed(2)}× pyvcloud's`);
} finally {
  await cell.stop();
  await rm(dir, { recursive: true, force: true });
}
