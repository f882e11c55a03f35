// The packages as a user gets them: `npm pack` in a copy of the checkout (its prepack builds there, so it never
// races another suite's build in this checkout), a fresh project to install a tarball into, and what got installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MINIMUM_NODE } from '../../src/sdk/node-version.ts';

export const root = join(import.meta.dirname, '..', '..');

/** npm in `cwd`, quietly; what it printed on stdout. */
export const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

const SOURCES = ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.sdk.json', 'bin', 'src', 'scripts', 'packages'];

/** `npm pack` (with `args`, e.g. `--workspace @vcdkit/sdk`) in a copy of the checkout under `work`; the tarball. */
export async function packInCopy(work: string, args: string[] = []): Promise<string> {
  const sources = join(work, 'sources');
  for (const entry of SOURCES) {
    await cp(join(root, entry), join(sources, entry), { recursive: true, filter: (path) => !path.endsWith('/dist') });
  }
  await symlink(join(root, 'node_modules'), join(sources, 'node_modules'));
  return join(work, npm(['pack', ...args, '--pack-destination', work], sources).trim().split('\n').at(-1)!);
}

/** The tarball's files, without the package/ prefix. */
export const tarballFiles = (tarball: string) =>
  execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));

/** A fresh project under `work` with the tarball installed by `npm install <npmArgs> <tarball>`. */
export async function installInFreshProject(work: string, tarball: string, npmArgs: string[]): Promise<string> {
  const project = join(work, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', ...npmArgs, tarball], project);
  return project;
}

/** The packages installed in a project, as its lockfile lists them (names, one per copy). */
export async function installedPackages(project: string): Promise<string[]> {
  const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).filter(Boolean).map((path) => path.replace(/^(.*\/)?node_modules\//, ''));
}

/** The bytes of the files under `dir` (their apparent size, as `du -b` counts file contents). */
export async function treeSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** A Node on this machine older than the packages need (Debian's, here), if there is one. */
export function olderNode(): string | undefined {
  const found = spawnSync('sh', ['-c', 'which -a node nodejs'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return found.find((node) => {
    const v = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return v && Number(v.split('.')[0]) < Number(MINIMUM_NODE.split('.')[0]);
  });
}

/** The message the CLI and the SDK give on an older Node. */
export const NEEDS_NODE = new RegExp(`needs Node\\.js ${MINIMUM_NODE.replaceAll('.', '\\.')} or later; this is Node\\.js \\d+`);
