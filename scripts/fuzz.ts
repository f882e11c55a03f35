// `npm run fuzz [-- --requests N --seed S --concurrency C --timeout MS --database postgres://…]`:
// starts a cell on 127.0.0.1 (embedded SQLite in a temporary directory unless --database is given),
// sends N generated hostile requests, prints the answers by status class, and exits 1 on any 5xx, any
// request left unanswered, or a cell that no longer serves its principals afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCell } from '../src/server/app.ts';
import { applySeed } from '../src/server/bootstrap.ts';
import { ManualClock } from '../src/server/clock.ts';
import { defaults } from '../src/server/config.ts';
import { passed, runFuzz, type FuzzReport } from './fuzz/run.ts';
import { FUZZ_SEED, prepareWorld } from './fuzz/world.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    timeout: { type: 'string', default: '10000' },
    database: { type: 'string' },
  },
});
const int = (name: string, raw: string, max: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${name} must be a whole number up to ${max}, not ${raw}`);
  return n;
};
const opts = {
  requests: int('requests', values.requests, 10_000_000),
  seed: int('seed', values.seed, 2 ** 32 - 1),
  concurrency: int('concurrency', values.concurrency, 256) || 1,
  timeoutMs: int('timeout', values.timeout, 600_000),
};

export function printReport(r: FuzzReport): void {
  const line = (label: string, value: unknown) => console.log(`${label.padEnd(14)}${value}`);
  line('requests', r.requests);
  line('elapsed', `${(r.elapsedMs / 1000).toFixed(1)} s (${Math.round(r.requests / (r.elapsedMs / 1000))} requests/s)`);
  for (const cls of ['1xx', '2xx', '3xx', '4xx', '5xx']) line(cls, r.byClass[cls] ?? 0);
  line('unanswered', r.unanswered);
  line('unsendable', `${r.unsendable} (refused by the HTTP client, never sent)`);
  line('statuses', Object.entries(r.byStatus).map(([s, n]) => `${s}:${n}`).join(' '));
  for (const f of r.findings) console.log(`\n#${f.index} → ${f.status}\n  ${f.request}\n  tags: ${f.tags.join(' ')}\n  ${f.answer}`);
  for (const s of r.slowest) console.log(`slow ${s.ms} ms: ${s.request.slice(0, 140)}  [${s.tags.join(' ')}]`);
  for (const h of r.health) console.log(`\nafter the run: ${h}`);
  console.log(passed(r) ? '\nPASS: no 5xx, every request answered, the cell healthy afterwards' : '\nFAIL');
}

const dataDir = await mkdtemp(join(tmpdir(), 'vcdkit-fuzz-'));
const cell = await buildCell({ ...defaults, host: '127.0.0.1', port: 0, dataDir, databaseUrl: values.database, logLevel: false }, new ManualClock());
let ok = false;
try {
  await applySeed(cell.services, FUZZ_SEED);
  const url = await cell.app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`fuzzing ${url} (store: ${cell.store.description}): ${opts.requests} requests, seed ${opts.seed}, concurrency ${opts.concurrency}`);
  const world = await prepareWorld(url);
  const report = await runFuzz(world, opts, (n) => { if (n % 10_000 === 0) console.log(`  ${n}…`); });
  printReport(report);
  ok = passed(report);
} finally {
  await cell.close();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
