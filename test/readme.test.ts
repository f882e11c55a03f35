// The README's code blocks, run in order against a real cell, as a reader who follows the README would run them.
//
// One cell (`vcdkit serve`, a child process, its store in ./.vcdkit of a temporary directory that stands for the
// reader's) serves the whole README. The reader replaces the README's sample values, the address and passwords of
// its sample banner, with what their cell printed; so does the test (helpers/readme.ts `localise`), and the banner
// block itself is compared with the banner the cell printed. Then each block, by its fence's language:
// - sh: bash with `set -euo pipefail`, in one shell session as a reader keeps it (the variables a block sets, and
//   what it exports, reach the next blocks), with a fresh HOME, `vcdkit` on PATH meaning this checkout's CLI run by
//   the pinned Node 24, and `curl` meaning curl --fail-with-body: every request the README shows must succeed;
// - ts: a .mts file run by the pinned Node 24 (type stripping) with the shell's exported variables; its imports of
//   the SDK package (`@vcdkit/sdk`) are rewritten to this checkout's src/sdk/index.ts, as the one
//   thing the test changes in a snippet;
// - python: python3 with the shell's exported variables, when it can import pyvcloud (PYVCLOUD_DIR may name a
//   checkout, as for the scripts), else skipped saying so;
// - hcl: the provider's url must be the cell's API URL and its org and user the cell's; `terraform fmt` parses it
//   when terraform is installed (running it needs the vcd provider from the registry);
// - yaml: the seed file; a second cell must start with it (`vcdkit serve --seed`).
// A marker on the line before a block changes that: `<!-- readme-test: skip (why) -->` (the block is not run, the
// reason is shown as the test's skip), `<!-- readme-test: banner -->` (compared with the cell's banner),
// `<!-- readme-test: needs <command> -->` (an sh block run when the command is installed, else skipped).
// A block with neither a runner nor a marker fails.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { localise, parseBanner, readmeBlocks, type Banner, type Block } from './helpers/readme.ts';
import { serve, type Served } from './helpers/serve.ts';

const REPO = new URL('..', import.meta.url).pathname;
const NODE = join(REPO, 'node_modules/.bin/node');
const SDK = pathToFileURL(join(REPO, 'src/sdk/index.ts')).href;
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const BLOCK_TIMEOUT_MS = 120_000;

/** The SDK's package names, as a snippet imports them, pointed at the checkout's sources. */
const withCheckoutSdk = (code: string) => code.replace(/(\bfrom\s*|\bimport\s*\(\s*)(['"])@vcdkit\/sdk\2/g, `$1$2${SDK}$2`);

/** What the cell's randomPassword() makes: 12 random bytes in base64url (here: with a digit and both cases). */
const GENERATED_PASSWORD = /(?<![\w-])(?=[\w-]{16}(?![\w-]))(?=[\w-]*\d)(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{16}/g;

const onPath = (command: string, env: NodeJS.ProcessEnv) => spawnSync('sh', ['-c', `command -v ${command}`], { env }).status === 0;

interface Run { code: number | null; output: string }

describe('README.md, every code block as a reader runs it', () => {
  const blocks = readmeBlocks(README);
  const bannerBlock = blocks.find((b) => b.marker?.kind === 'banner');
  let dir: string;
  let work: string;
  let state: string;
  let cell: Served;
  let sample: Banner;
  let real: Banner;
  let env: NodeJS.ProcessEnv;
  /** bash's own variables, which the shell session does not carry from block to block */
  let bashOwn: string;

  before(async () => {
    assert.ok(bannerBlock, 'the README shows the banner a cell prints (a block marked <!-- readme-test: banner -->)');
    sample = parseBanner(bannerBlock.code);
    dir = await mkdtemp(join(tmpdir(), 'vcdkit-readme-'));
    work = join(dir, 'work');
    const bin = join(dir, 'bin');
    await Promise.all([mkdir(work), mkdir(bin), mkdir(join(dir, 'home'))]);
    const curl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    assert.ok(curl, 'the README uses curl: install it');
    await writeFile(join(bin, 'vcdkit'), `#!/bin/sh\nexec '${NODE}' '${join(REPO, 'src/cli/main.ts')}' "$@"\n`);
    await writeFile(join(bin, 'curl'), `#!/bin/sh\nexec '${curl}' --fail-with-body "$@"\n`);
    await Promise.all([chmod(join(bin, 'vcdkit'), 0o755), chmod(join(bin, 'curl'), 0o755)]);
    // NODE_COMPILE_CACHE only spares the many Node starts of the CLI blocks recompiling the same modules
    env = { PATH: `${bin}:${process.env.PATH}`, HOME: join(dir, 'home'), LANG: 'C.UTF-8', NODE_COMPILE_CACHE: join(dir, 'compile-cache') };
    state = join(dir, 'state.sh');
    bashOwn = join(dir, 'bash-own');
    await writeFile(state, '');
    await writeFile(bashOwn, spawnSync('bash', ['-c', 'compgen -v'], { env: {}, encoding: 'utf8' }).stdout);
    cell = await serve([], {}, undefined, work);
    real = parseBanner(cell.output());
  });
  after(async () => {
    await cell?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs a script in bash, in the reader's directory, with the session's variables; keeps those it leaves. */
  const bash = (script: string, keep: boolean): Promise<Run> => new Promise((resolve) => {
    const full = `set -euo pipefail\nsource '${state}'\n${script}\n` +
      (keep ? `declare -p $(compgen -v | grep -vxF -f '${bashOwn}') > '${state}.next'\n` : '');
    const child = spawn('bash', ['-c', full], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), BLOCK_TIMEOUT_MS);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });

  const succeeded = (block: Block, run: Run) =>
    assert.equal(run.code, 0, `README.md:${block.line} (${block.lang}) failed:\n${block.code}\n--- its output ---\n${run.output}`);

  async function runSh(block: Block) {
    const run = await bash(localise(block.code, sample, real), true);
    succeeded(block, run);
    await rename(`${state}.next`, state);
  }

  async function runFile(block: Block, name: string, code: string, command: string) {
    await writeFile(join(work, name), code);
    succeeded(block, await bash(`exec ${command} ${name}`, false));
  }

  function checkHcl(t: TestContext, block: Block) {
    const code = localise(block.code, sample, real);
    const setting = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm').exec(code)?.[1];
    assert.equal(setting('url'), `${real.origin}/api`, 'the provider url is the cell\'s API URL');
    const org = setting('org');
    const orgs = [...real.passwords.keys()].map((a) => a.split('@')[1]!);
    assert.ok(org && orgs.includes(org), `org "${org}" is one of the cell's: ${orgs.join(', ')}`);
    const user = setting('user');
    if (user !== undefined) assert.ok(real.passwords.has(`${user}@${org}`), `${user}@${org} is one of the cell's users`);
    if (!onPath('terraform', env)) return t.diagnostic('terraform is not installed: the values checked, the syntax not');
    const fmt = spawnSync('terraform', ['fmt', '-no-color', '-'], { input: code, env, encoding: 'utf8' });
    assert.equal(fmt.status, 0, `terraform fmt cannot parse README.md:${block.line}:\n${fmt.stderr}`);
  }

  async function startWithSeed(block: Block) {
    await writeFile(join(work, 'seed.yaml'), block.code);
    const seeded = await serve(['--seed', 'seed.yaml', '--data', join(dir, 'seeded'), '--log-level', 'warn'], {}, undefined, work);
    await seeded.stop();
  }

  function checkBanner() {
    const printed = localise(cell.output(), real, sample).split('\n').filter((l) => l && !l.startsWith('{'));
    const shown = bannerBlock!.code.trimEnd().split('\n');
    assert.deepEqual(printed.slice(0, shown.length), shown, 'the README shows the banner the cell prints (with its own address and passwords)');
  }

  const pythonEnv = () => (process.env.PYVCLOUD_DIR ? `PYTHONPATH='${process.env.PYVCLOUD_DIR}' ` : '');
  const hasPyvcloud = () => spawnSync('sh', ['-c', `${pythonEnv()}python3 -c 'import pyvcloud'`], { env }).status === 0;

  for (const block of blocks) {
    const where = `README.md:${block.line} ${block.lang || '(no language)'}`;
    const marker = block.marker;
    if (marker?.kind === 'skip') {
      test(where, { skip: marker.reason }, () => {});
      continue;
    }
    test(where, { timeout: BLOCK_TIMEOUT_MS }, async (t) => {
      if (marker?.kind === 'banner') return checkBanner();
      if (marker?.kind === 'needs') {
        if (!onPath(marker.command, env)) return t.skip(`needs ${marker.command}, which is not installed`);
        return runSh(block);
      }
      switch (block.lang) {
        case 'sh': case 'bash': case 'shell': return runSh(block);
        case 'ts': case 'typescript':
          return runFile(block, `readme-${block.line}.mts`, withCheckoutSdk(localise(block.code, sample, real)), `'${NODE}'`);
        case 'python':
          if (!hasPyvcloud()) return t.skip('python3 cannot import pyvcloud (set PYVCLOUD_DIR to a checkout)');
          return runFile(block, `readme-${block.line}.py`, localise(block.code, sample, real), `env ${pythonEnv()}python3`);
        case 'hcl': return checkHcl(t, block);
        case 'yaml': return startWithSeed(block);
        default:
          assert.fail(`${where}: no runner for this block; run it, or say why not: <!-- readme-test: skip (why) --> on the line before it`);
      }
    });
  }

  test('every generated password the README shows, in prose or in a block run or not, is its sample banner\'s', () => {
    const shown = new Set([...sample.passwords.values()]);
    const strays = [...README.matchAll(GENERATED_PASSWORD)].map((m) => m[0]).filter((p) => !shown.has(p));
    assert.deepEqual(strays, [], 'use the passwords of the README\'s banner (or its variables) throughout');
  });

  test('the example `vcdkit vapp create --help` gives runs on the demo', async () => {
    const help = await bash('vcdkit vapp create --help', false);
    const example = /^\s*\$ (vcdkit vapp create .*)$/m.exec(help.output)?.[1];
    assert.ok(example, help.output);
    const vapp = /^vcdkit vapp create (\S+)/.exec(example)![1];
    const demo = `VCD_URL='${real.origin}/api' VCD_ORG=demo VCD_USER=demo VCD_PASSWORD='${real.passwords.get('demo@demo')}'`;
    const run = await bash(`export ${demo}\n${example}\nvcdkit vapp delete ${vapp} --force`, false);
    assert.equal(run.code, 0, `${example}\n${run.output}`);
  });
});
