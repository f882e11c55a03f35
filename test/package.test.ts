// The package as a user gets it: `npm pack` (its prepack builds), installed from the tarball into a fresh project,
// then `npx vcdkit --version`, `vcdkit serve`, and an SDK script that logs in and lists orgs; on a Node older than
// the package needs, the CLI and the SDK say which version they need. The pack runs in a copy of the sources, so
// it never races another suite's build in this checkout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './helpers/serve.ts';
import { MINIMUM_NODE } from '../src/sdk/node-version.ts';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

let work: string;
let project: string;
let tarball: string;

/** npm, quietly and offline when it can be: the dependencies are in the cache after the checkout's npm install. */
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'vcdkit-pack-'));
  const sources = join(work, 'sources');
  for (const entry of ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'scripts']) {
    await cp(join(root, entry), join(sources, entry), { recursive: true });
  }
  await symlink(join(root, 'node_modules'), join(sources, 'node_modules'));
  tarball = join(work, npm(['pack', '--pack-destination', work], sources).trim().split('\n').at(-1)!);
  project = join(work, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', '--prefer-offline', tarball], project);
});
after(async () => { await rm(work, { recursive: true, force: true }); });

test('the tarball holds the compiled package, not the tests, benches, CI or sources', () => {
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  for (const f of ['bin/vcdkit.js', 'dist/sdk/index.js', 'dist/sdk/index.d.ts', 'dist/cli/main.js', 'dist/server/app.js', 'dist/server/store/migrations/index.js']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.deepEqual(files.filter((f) => /^(test|bench|scripts|src|\.ci)\/|\.ts$/.test(f) && !f.endsWith('.d.ts')), []);
  assert.equal(pkg.engines.node, `>=${MINIMUM_NODE}`, 'package.json and the SDK name the same Node');
});

test('npx vcdkit --version runs the compiled CLI', () => {
  assert.equal(npm(['exec', '--offline', '--', 'vcdkit', '--version'], project).trim(), pkg.version);
});

test('the installed vcdkit serves, and the installed SDK logs in to it and lists orgs', async () => {
  const cell = await serve(['--data', join(work, 'data'), '--log-level', 'warn'], {}, join(project, 'node_modules', '.bin', 'vcdkit'));
  try {
    const res = await fetch(`${cell.url}/api/versions`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<SupportedVersions/);
    for (const asset of ['portal.css', 'portal.js', 'clr-ui.min.css']) {
      assert.equal((await fetch(`${cell.url}/portal/assets/${asset}`)).status, 200, `the portal's ${asset}`);
    }
    const password = /created administrator@System {2}password: (\S+)/.exec(cell.output())![1]!;
    await writeFile(join(project, 'list-orgs.js'), [
      "import { VcdClient, passwordAuth } from 'vcdkit';",
      "const [url, password] = process.argv.slice(2);",
      "const vcd = await VcdClient.connect(url, { auth: passwordAuth({ user: 'administrator', org: 'System', password }) });",
      'console.log((await vcd.orgs()).map((o) => o.name).sort().join(","));',
      'await vcd.close();',
    ].join('\n'));
    const script = spawnSync(process.execPath, ['list-orgs.js', cell.url, password], { cwd: project, encoding: 'utf8' });
    assert.equal(script.stderr, '');
    assert.equal(script.stdout.trim(), 'System,demo');
  } finally {
    await cell.stop();
  }
});

/** A Node on this machine older than the package needs (Debian's, here), if there is one. */
function olderNode(): string | undefined {
  const found = spawnSync('sh', ['-c', 'which -a node nodejs'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return found.find((node) => {
    const v = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return v && Number(v.split('.')[0]) < Number(MINIMUM_NODE.split('.')[0]);
  });
}

test('on an older Node, the CLI and the SDK name the version they need', (t) => {
  const node = olderNode();
  if (!node) return t.skip('no Node older than the minimum on this machine');
  const needed = new RegExp(`needs Node\\.js ${MINIMUM_NODE.replaceAll('.', '\\.')} or later; this is Node\\.js \\d+`);
  const cli = spawnSync(node, [join(project, 'node_modules', '.bin', 'vcdkit'), '--version'], { encoding: 'utf8' });
  assert.equal(cli.status, 1);
  assert.match(cli.stderr, needed);
  const sdk = spawnSync(node, ['--input-type=module', '-e', "await import('vcdkit')"], { cwd: project, encoding: 'utf8' });
  assert.notEqual(sdk.status, 0);
  assert.match(sdk.stderr, needed);
});
