// `npm run bench`: runs every figure script in bench/ (each a standalone `node bench/<figure>.ts`),
// one after the other so they never compete for the CPU. Add a figure by adding a file here.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const figures = globSync('bench/*.ts').filter((f) => !f.endsWith('/run.ts')).sort();
let failed = 0;
for (const figure of figures) {
  console.log(`\n== ${figure}`);
  const { status } = spawnSync(process.execPath, [figure], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
console.log(`\n${figures.length} figure(s) run, ${failed} failed to run`);
process.exit(failed ? 1 : 0);
