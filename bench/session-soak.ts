// Figure: the cell's memory under a stream of API-token exchanges, each opening a session nobody uses
// again: resident memory after 100k exchanges against after the first 10k, in the same run. Bounded
// memory (the session cache is an LRU; expired rows are purged) keeps the ratio near 1.
// SOAK_EXCHANGES overrides the total for quick runs (the baseline is always a tenth of it).
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { benchLogin, createApiToken, startBenchCell } from './lib/cell.ts';

const TOTAL = Number(process.env.SOAK_EXCHANGES ?? 100_000);
const BASELINE = Math.round(TOTAL / 10);
const CONNECTIONS = 10;
/** a pause before reading RSS, so that the sample is not taken mid-burst */
const SETTLE_MS = 2_000;

/** The child's resident set size, from /proc (Linux). */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error('no VmRSS in /proc status');
  return kib / 1024;
}

const cell = await startBenchCell();
try {
  const refreshToken = await createApiToken(cell.url, await benchLogin(cell.url));
  let failures = 0;
  const exchanges = async (amount: number) => {
    const r = await autocannon({
      url: `${cell.url}/oauth/tenant/BenchOrg/token`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
      connections: CONNECTIONS,
      amount,
      timeout: 10,
    });
    failures += r.non2xx + r.errors + r.timeouts;
    await sleep(SETTLE_MS);
    return rssMiB(cell.pid);
  };
  const started = performance.now();
  const atBaseline = await exchanges(BASELINE);
  const atTotal = await exchanges(TOTAL - BASELINE);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nResident memory under API-token exchanges (SQLite store, ${seconds.toFixed(0)} s)`);
  console.log(`after ${BASELINE.toLocaleString('en-US')} exchanges: ${atBaseline.toFixed(0)} MiB`);
  console.log(`after ${TOTAL.toLocaleString('en-US')} exchanges: ${atTotal.toFixed(0)} MiB`);
  console.log(`RSS after ${TOTAL.toLocaleString('en-US')} / after ${BASELINE.toLocaleString('en-US')}: ${(atTotal / atBaseline).toFixed(2)}`);
  if (failures > 0) {
    console.log(`${failures} exchanges failed; the figures above are not comparable`);
    process.exitCode = 1;
  }
} finally {
  await cell.stop();
}
