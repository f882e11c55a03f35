// The CLI in a checkout, with the machine's older Node first on PATH (Debian's 20 here), as the README says to run
// it: `./bin/vcdkit.js` (and the `vcdkit` that `npm link` makes of it) hands the command to the Node that
// `npm install` brought, `npm exec vcdkit` runs it through that Node too, and neither they nor `npm install`
// print a warning per package about the older Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { olderNode, root } from './helpers/pack.ts';

const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
const node = olderNode();
const skip = node ? false : 'no Node older than the minimum on this machine';

/**
 * Runs `command` in the checkout with the older Node first on PATH, as a shell on this machine would: without
 * the npm_* variables `npm test` sets (npm_config_loglevel among them), so npm reads only the checkout's config.
 */
function withOlderNode(command: string, args: string[], env: Record<string, string> = {}) {
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const PATH = [dirname(node!), ...process.env.PATH!.split(':').filter((dir) => !dir.endsWith('node_modules/.bin'))].join(':');
  return spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...shell, PATH, ...env } });
}

/** npm itself, on the older Node (npm reads the Node it runs on when it checks "engines"). */
const npmOnOlderNode = (args: string[], env: Record<string, string> = {}) =>
  withOlderNode(node!, [realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim()), ...args], env);

test('./bin/vcdkit.js runs on the pinned Node when the one on PATH is older', { skip }, () => {
  const run = withOlderNode(join(root, 'bin', 'vcdkit.js'), ['--version']);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout.trim(), version);
  const usage = withOlderNode(join(root, 'bin', 'vcdkit.js'), ['no-such-command']);
  assert.equal(usage.status, 2, 'the CLI\'s exit code comes through');
});

test('npm exec vcdkit runs the CLI without engine warnings', { skip }, async () => {
  // A fresh cache: npm warns when it first sets the checkout up in its npx cache, not on later calls.
  const cache = await mkdtemp(join(tmpdir(), 'vcdkit-npx-'));
  try {
    const run = npmOnOlderNode(['exec', '--cache', cache, '--offline', '--', 'vcdkit', '--version']);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout.trim(), version);
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('npm link puts a vcdkit on PATH that runs on the pinned Node', { skip }, async () => {
  const prefix = await mkdtemp(join(tmpdir(), 'vcdkit-link-'));
  try {
    const link = npmOnOlderNode(['link', '--offline'], { npm_config_prefix: prefix });
    assert.equal(link.status, 0, link.stderr);
    assert.equal(link.stderr, '');
    const run = withOlderNode(join(prefix, 'bin', 'vcdkit'), ['--version']);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout.trim(), version);
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
});

test('npm install in the checkout prints no EBADENGINE warnings', { skip }, () => {
  const run = npmOnOlderNode(['install', '--dry-run', '--offline', '--no-audit', '--no-fund']);
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /EBADENGINE|npm warn/);
});
