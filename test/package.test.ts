// The vcdkit package (the CLI and the cell) as a user gets it: `npm pack` at the root (its prepack builds), the
// tarball installed into a fresh project, then `npx vcdkit --version`, `vcdkit serve`, and the installed CLI
// logging in to that cell and listing orgs; on a Node older than the package needs, the CLI says which it needs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { serve } from './helpers/serve.ts';
import { installedPackages, installInFreshProject, NEEDS_NODE, npm, olderNode, packInCopy, root, tarballFiles, treeSize } from './helpers/pack.ts';

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };

let work: string;
let project: string;
let tarball: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'vcdkit-pack-'));
  tarball = await packInCopy(work);
  project = await installInFreshProject(work, tarball, ['--prefer-offline']);
});
after(async () => { await rm(work, { recursive: true, force: true }); });

test('the tarball holds the compiled CLI, cell and the SDK they run on; no tests, benches, CI, sources or types', async (t) => {
  const files = tarballFiles(tarball);
  for (const f of ['bin/vcdkit.js', 'dist/sdk/index.js', 'dist/cli/main.js', 'dist/server/app.js', 'dist/server/store/migrations/index.js']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.deepEqual(files.filter((f) => /^(test|bench|scripts|src|packages|\.ci)\/|\.ts$/.test(f)), []);
  const installed = await installedPackages(project);
  t.diagnostic(`npm install ${basename(tarball)}: ${installed.length} packages, ${await treeSize(join(project, 'node_modules'))} bytes`);
});

test('the README installs the tarball npm pack makes', async () => {
  assert.equal(basename(tarball), `vcdkit-${pkg.version}.tgz`);
  assert.ok((await readFile(join(root, 'README.md'), 'utf8')).includes(basename(tarball)));
});

test('npx vcdkit --version runs the compiled CLI', () => {
  assert.equal(npm(['exec', '--offline', '--', 'vcdkit', '--version'], project).trim(), pkg.version);
});

test('the installed vcdkit serves, and the installed CLI logs in to it and lists orgs', async () => {
  const cell = await serve(['--data', join(work, 'data'), '--log-level', 'warn'], {}, join(project, 'node_modules', '.bin', 'vcdkit'));
  try {
    const res = await fetch(`${cell.url}/api/versions`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<SupportedVersions/);
    for (const asset of ['portal.css', 'portal.js', 'clr-ui.min.css']) {
      assert.equal((await fetch(`${cell.url}/portal/assets/${asset}`)).status, 200, `the portal's ${asset}`);
    }
    const password = /created administrator@System {2}password: (\S+)/.exec(cell.output())![1]!;
    const vcdkit = (args: string[], input?: string) => execFileSync(join(project, 'node_modules', '.bin', 'vcdkit'), args, {
      cwd: project, encoding: 'utf8', input, env: { PATH: process.env.PATH, XDG_CONFIG_HOME: join(work, 'config') },
    });
    vcdkit(['login', cell.url, 'System', 'administrator', '--password-stdin'], password);
    const orgs = JSON.parse(vcdkit(['org', 'list', '-o', 'json'])) as { name: string }[];
    assert.deepEqual(orgs.map((o) => o.name).sort(), ['System', 'demo']);
  } finally {
    await cell.stop();
  }
});

test('on an older Node, the CLI names the version it needs', (t) => {
  const node = olderNode();
  if (!node) return t.skip('no Node older than the minimum on this machine');
  const cli = spawnSync(node, [join(project, 'node_modules', '.bin', 'vcdkit'), '--version'], { encoding: 'utf8' });
  assert.equal(cli.status, 1);
  assert.match(cli.stderr, NEEDS_NODE);
});
