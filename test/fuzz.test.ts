// A short, fixed-seed run of `npm run fuzz` on each store: generated hostile requests get no 5xx,
// every one is answered, and afterwards the cell serves discovery and its principals still log in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { passed, runFuzz } from '../scripts/fuzz/run.ts';
import { FUZZ_SEED, prepareWorld } from '../scripts/fuzz/world.ts';

for (const engine of engines()) {
  describe(`fuzzing on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, seed: FUZZ_SEED }); });
    after(async () => { await t.close(); });

    test('2,000 hostile requests (seed 1): no 5xx, none unanswered, the cell healthy afterwards', async () => {
      const report = await runFuzz(await prepareWorld(t.url), { requests: 2000, seed: 1, concurrency: 8, timeoutMs: 30_000 });
      assert.equal(report.requests, 2000);
      assert.ok(passed(report), JSON.stringify({ byStatus: report.byStatus, unanswered: report.unanswered, findings: report.findings, health: report.health }, null, 1));
      assert.ok((report.byClass['2xx'] ?? 0) > 0 && (report.byClass['4xx'] ?? 0) > 0, 'the run reached handlers and was refused too');
    });
  });
}
