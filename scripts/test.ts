// `npm test`: type-checks the whole tree (tsc --noEmit), probes the optional parts (PostgreSQL, VMware's XSDs and API specs, zsh
// and fish, Chromium for the portal's browser suite), says plainly which suites it skips and why (under CI=true a skip is a failure), then runs every
// test/**/*.test.ts with node:test. Given files, it runs just those, without the type check.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { postgresAvailable } from '../test/helpers/engines.ts';
import { schemasProblem } from '../test/helpers/xsd.ts';
import { specsProblem } from '../test/helpers/specs.ts';
import { chromiumProblem } from '../test/helpers/browser.ts';

const ci = process.env.CI === 'true';
const skipped: string[] = [];
const env: NodeJS.ProcessEnv = { ...process.env };

const pgProblem = await postgresAvailable();
if (pgProblem) {
  skipped.push(`PostgreSQL store suites: ${pgProblem}`);
  env.VCDKIT_TEST_PG = '0';
}

const xsdProblem = schemasProblem();
if (xsdProblem) skipped.push(`XSD validation suite: ${xsdProblem}`);

const specProblem = specsProblem();
if (specProblem) skipped.push(`COVERAGE.md and CloudAPI body schemas checks: ${specProblem}`);

const browserProblem = chromiumProblem();
if (browserProblem) skipped.push(`portal browser suite: ${browserProblem}`);

const missingShells = ['zsh', 'fish'].filter((shell) => spawnSync('sh', ['-c', `command -v ${shell}`]).status !== 0);
if (missingShells.length) skipped.push(`completion checks for ${missingShells.join(', ')}: not installed`);

for (const s of skipped) console.log(`SKIPPED ${s}`);
if (skipped.length && ci) {
  console.error('CI=true: every suite must run; install what is missing (see .ci/run).');
  process.exit(1);
}

const only = process.argv.slice(2);
if (!only.length) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('The type check (tsc --noEmit) failed; see above.');
    process.exit(1);
  }
  console.log('type check (tsc --noEmit): no errors');
}

const files = only.length ? only : globSync('test/**/*.test.ts').sort();
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
if (skipped.length) console.log(`\nSkipped (see above): ${skipped.length} suite group(s).`);
process.exit(result.status ?? 1);
