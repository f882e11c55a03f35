// The @vcdkit/sdk package as a user gets it: `npm pack --workspace @vcdkit/sdk` (its prepack builds), the
// tarball installed alone into a fresh project with --offline (it needs nothing from a registry), then a script
// that logs in to a real cell and lists orgs. The install is the SDK and nothing else, and small.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { installedPackages, installInFreshProject, NEEDS_NODE, olderNode, packInCopy, root, tarballFiles, treeSize } from './helpers/pack.ts';
import { MINIMUM_NODE } from '../src/sdk/node-version.ts';

/** The installed SDK's size today is about 210 kB (its JavaScript and declarations); twice that leaves room to grow. */
const MAX_INSTALL_BYTES = 512 * 1024;

interface Manifest { name: string; version: string; engines: { node: string }; dependencies?: object; optionalDependencies?: object; peerDependencies?: object }
const manifest = async (dir: string) => JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;

let work: string;
let tarball: string;
let project: string;
let cell: TestCell;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'vcdkit-sdk-pack-'));
  tarball = await packInCopy(work, ['--workspace', '@vcdkit/sdk']);
  project = await installInFreshProject(work, tarball, ['--offline']);
  cell = await startCell();
});
after(async () => {
  await cell.close();
  await rm(work, { recursive: true, force: true });
});

test('@vcdkit/sdk declares no dependencies and the same version and Node as vcdkit', async () => {
  const [sdk, vcdkit] = [await manifest(join(root, 'packages', 'sdk')), await manifest(root)];
  assert.equal(sdk.name, '@vcdkit/sdk');
  assert.deepEqual([sdk.dependencies, sdk.optionalDependencies, sdk.peerDependencies], [undefined, undefined, undefined]);
  assert.equal(sdk.version, vcdkit.version);
  assert.equal(sdk.engines.node, `>=${MINIMUM_NODE}`, 'the SDK package and node-version.ts name the same Node');
  assert.equal(vcdkit.engines.node, `>=${MINIMUM_NODE}`, 'vcdkit and node-version.ts name the same Node');
});

test('the tarball is the compiled SDK with its declarations, importing only itself and node:', async () => {
  assert.equal(basename(tarball), `vcdkit-sdk-${(await manifest(root)).version}.tgz`);
  const files = tarballFiles(tarball);
  for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/client.js', 'dist/resources/vapp.js']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.deepEqual(files.filter((f) => !/^(package\.json|README\.md|dist\/.*\.(js|d\.ts))$/.test(f)), []);
  const installed = join(project, 'node_modules', '@vcdkit', 'sdk');
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    const source = await readFile(join(installed, file), 'utf8');
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      assert.match(specifier!, /^(\.\.?\/|node:)/, `${file} imports ${specifier}`);
    }
  }
});

test('installing it alone, offline, installs one package, under the size bound, none of the server', async (t) => {
  const packages = await installedPackages(project);
  const bytes = await treeSize(join(project, 'node_modules'));
  t.diagnostic(`npm install ${basename(tarball)}: ${packages.length} package(s), ${bytes} bytes`);
  assert.deepEqual(packages, ['@vcdkit/sdk']);
  assert.ok(bytes < MAX_INSTALL_BYTES, `${bytes} bytes installed, bound ${MAX_INSTALL_BYTES}`);
  for (const server of ['fastify', 'pg', 'kysely', '@clr/ui']) assert.ok(!existsSync(join(project, 'node_modules', server)), `${server} is not installed`);
});

test('the installed SDK logs in to a real cell and lists orgs', async () => {
  await writeFile(join(project, 'list-orgs.js'), [
    "import { VcdClient, passwordAuth } from '@vcdkit/sdk';",
    'const [url, password] = process.argv.slice(2);',
    "const vcd = await VcdClient.connect(url, { auth: passwordAuth({ user: 'administrator', org: 'System', password }) });",
    'console.log((await vcd.orgs.references()).map((o) => o.name).sort().join(","));',
    'await vcd.close();',
  ].join('\n'));
  // Not spawnSync: the cell answers from this process.
  const script = await promisify(execFile)(process.execPath, ['list-orgs.js', cell.url, PASSWORD], { cwd: project, encoding: 'utf8' });
  assert.equal(script.stderr, '');
  assert.equal(script.stdout.trim(), 'ExampleOrg,OtherOrg,System');
});

test('the README installs the tarball npm pack makes', async () => {
  assert.ok((await readFile(join(root, 'README.md'), 'utf8')).includes(basename(tarball)));
});

test('on an older Node, importing the SDK names the version it needs', (t) => {
  const node = olderNode();
  if (!node) return t.skip('no Node older than the minimum on this machine');
  const sdk = spawnSync(node, ['--input-type=module', '-e', "await import('@vcdkit/sdk')"], { cwd: project, encoding: 'utf8' });
  assert.notEqual(sdk.status, 0);
  assert.match(sdk.stderr, NEEDS_NODE);
});
