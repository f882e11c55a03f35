// The layers of src/server, held: every import (of any kind: value, `import type`, dynamic) runs down the
// order below or stays within its own layer, the server's modules form no circle (not even through types),
// the SDK imports nothing of the server or the CLI, and the CLI reaches into the server only where it builds
// or opens a cell.
// Imports are read from the source text: a static one starts its line (as TypeScript only allows at the top
// level), a dynamic one is import('…'); a `declare module '…'` (augmenting a package's types) counts as an
// import of that package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The server's layers, lowest first (paths under src/server; a trailing / is a folder). A module may import
 * its own layer and those on earlier rows, never a later row's. Layers on one row are siblings: neither imports
 * the other.
 */
const SERVER_LAYERS: readonly Readonly<Record<string, readonly string[]>>[] = [
  // entities/<type>/ files join these layers by their names (ENTITY_FILE_ROLES)
  { base: ['errors.ts', 'ids.ts', 'clock.ts', 'api-versions.ts', 'ipv4.ts', 'storable.ts'] },
  { store: ['store/'] },
  { inventory: ['inventory/'] },
  { services: ['services/'] },
  { representation: ['representation/'] },
  { http: ['http/'], portal: ['portal/'] },
  { cell: ['app.ts', 'config.ts', 'tls.ts', 'bootstrap.ts', 'seed-file.ts'] },
];

/** The HTTP framework's packages: only the edge (http/, portal/) and the cell that assembles it use them. */
const HTTP_FRAMEWORK = /^(?:fastify|fastify-plugin|find-my-way|@fastify\/.+)$/;
const HTTP_FRAMEWORK_LAYERS = new Set(['http', 'portal', 'cell']);

/** What the CLI takes from the server: `serve` builds and starts a cell, `admin reset-password` opens its store. */
const CLI_SERVER_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  'src/cli/serve.ts': ['src/server/config.ts', 'src/server/tls.ts', 'src/server/bootstrap.ts', 'src/server/app.ts', 'src/server/store/start-refused.ts'],
  'src/cli/admin.ts': ['src/server/store/db.ts', 'src/server/services/password-reset.ts', 'src/server/services/secrets.ts'],
};

const root = join(import.meta.dirname, '..');

interface Import {
  /** the importing module, relative to the repository */
  file: string;
  line: number;
  specifier: string;
  /** the module imported, relative to the repository; absent for a package */
  target?: string;
  /** `import type` / `export type`: erased, no edge at run time */
  typeOnly: boolean;
  /** import('…'), in code or naming a type: no edge at load time */
  dynamic: boolean;
}

const STATIC = /^(import|export)\s+(type\s+)?(?:[\w$]+\s*,?\s*)?(?:\*\s*(?:as\s+[\w$]+\s*)?|\{[^}]*\}\s*)?from\s*(['"])([^'"]+)\3|^import\s*(['"])([^'"]+)\5/gm;
const DYNAMIC = /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g;
const AUGMENTATION = /^declare module\s+(['"])([^'"]+)\1/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const resolve = (specifier: string) => (specifier.startsWith('.') ? relative(root, join(root, dirname(file), specifier)) : undefined);
  const found: Import[] = [];
  for (const m of text.matchAll(STATIC)) {
    const specifier = (m[4] ?? m[6])!;
    found.push({ file, line: lineAt(m.index), specifier, target: resolve(specifier), typeOnly: m[2] !== undefined, dynamic: false });
  }
  for (const m of text.matchAll(AUGMENTATION)) {
    found.push({ file, line: lineAt(m.index), specifier: m[2]!, target: resolve(m[2]!), typeOnly: true, dynamic: false });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    const lineText = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index).trim();
    if (lineText.startsWith('//') || lineText.startsWith('*')) continue; // a comment
    found.push({ file, line: lineAt(m.index), specifier: m[2]!, target: resolve(m[2]!), typeOnly: false, dynamic: true });
  }
  return found;
}

const files = globSync('src/**/*.ts', { cwd: root }).sort();
const imports = files.flatMap(importsOf);
const at = (i: Import) => `${i.file}:${i.line} imports '${i.specifier}'`;
const server = (file: string) => file.startsWith('src/server/');

/**
 * The files of an entity type's folder (entities/<type>/) by the layer each belongs to, told by its name: the
 * folder keeps one type's declaration, migration, service, documents and routes together, and each still sits in
 * its layer.
 */
const ENTITY_FILE_ROLES: readonly (readonly [layer: string, name: RegExp])[] = [
  ['store', /^(?:[\w-]+-)?migration\.ts$/],
  ['inventory', /^(?:(?:[\w-]+-)?type|records)\.ts$/],
  ['services', /^(?:(?:[\w-]+-)?service|model|power)\.ts$/],
  ['representation', /^(?:(?:[\w-]+-)?documents|params|cloudapi)\.ts$/],
  ['http', /^(?:[\w-]+-)?routes\.ts$/],
];

/** A server module's layer: its name and its row in SERVER_LAYERS. */
function layerOf(file: string): { name: string; rank: number } | undefined {
  let path = relative('src/server', file);
  const entityFile = /^entities\/[\w-]+\/([\w.-]+)$/.exec(path);
  if (entityFile) {
    const role = ENTITY_FILE_ROLES.find(([, name]) => name.test(entityFile[1]!));
    if (!role) return undefined;
    path = `${role[0]}/`; // ranked as its layer's folder
  }
  for (const [rank, row] of SERVER_LAYERS.entries()) {
    for (const [name, paths] of Object.entries(row)) {
      if (paths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p))) return { name, rank };
    }
  }
  return undefined;
}

test('the import reader finds every module it reads, and each resolves to a file', () => {
  assert.ok(files.length > 100 && imports.length > 1000, `${files.length} files, ${imports.length} imports`);
  const unresolved = imports.filter((i) => i.target !== undefined && !existsSync(join(root, i.target))).map(at);
  assert.deepEqual(unresolved, []);
});

test('every server module belongs to exactly one layer', () => {
  assert.deepEqual(files.filter(server).filter((f) => !layerOf(f)), [], 'place these in SERVER_LAYERS');
});

test('no server module imports a layer above its own, or a sibling layer', () => {
  const upward: string[] = [];
  for (const i of imports.filter((i) => server(i.file) && i.target && server(i.target))) {
    const from = layerOf(i.file)!;
    const to = layerOf(i.target!)!;
    if (from.name !== to.name && to.rank >= from.rank) {
      upward.push(`${at(i)}: ${from.name} → ${to.name}${to.rank > from.rank ? ' (upward)' : ' (sibling)'}${i.typeOnly ? ', type only' : ''}`);
    }
  }
  assert.deepEqual(upward, [], `the layers, lowest first: ${SERVER_LAYERS.map((row) => Object.keys(row).join(' | ')).join(' → ')}`);
});

test('only the HTTP edge and the cell use the HTTP framework', () => {
  const misplaced = imports.filter((i) => server(i.file) && HTTP_FRAMEWORK.test(i.specifier) && !HTTP_FRAMEWORK_LAYERS.has(layerOf(i.file)!.name))
    .map((i) => `${at(i)} (${layerOf(i.file)!.name})`);
  assert.deepEqual(misplaced, []);
});

test('the SDK imports only itself and node: modules', () => {
  const outside = imports.filter((i) => i.file.startsWith('src/sdk/'))
    .filter((i) => (i.target ? !i.target.startsWith('src/sdk/') : !i.specifier.startsWith('node:'))).map(at);
  assert.deepEqual(outside, []);
});

test('the CLI takes from the server only what builds or opens a cell', () => {
  const taken = imports.filter((i) => i.file.startsWith('src/cli/') && i.target && server(i.target));
  const unexpected = taken.filter((i) => !CLI_SERVER_IMPORTS[i.file]?.includes(i.target!)).map(at);
  assert.deepEqual(unexpected, []);
  // the list is exact: a module the CLI no longer takes leaves it
  const stale = Object.entries(CLI_SERVER_IMPORTS).flatMap(([file, targets]) => targets
    .filter((target) => !taken.some((i) => i.file === file && i.target === target)).map((target) => `${file} → ${target}`));
  assert.deepEqual(stale, []);
});

test('the server\'s modules form no circle, not even through type-only imports', () => {
  assert.deepEqual(circles(graph(imports.filter((i) => server(i.file) && !i.dynamic))), []);
});

test('no modules of src circle through the imports they load (value imports)', () => {
  assert.deepEqual(circles(graph(imports.filter((i) => !i.typeOnly && !i.dynamic))), []);
});

function graph(edges: readonly Import[]): Map<string, string[]> {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const i of edges) if (i.target) next.get(i.file)!.push(i.target);
  return next;
}

/** One circle (a → b → … → a) through each strongly connected set of modules (Tarjan's algorithm). */
function circles(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const members = new Set(stack.splice(stack.indexOf(v)));
    if (members.size === 1 && !edges.get(v)?.includes(v)) return;
    const circle = circleThrough(v, members, edges);
    const more = members.size - (circle.length - 1);
    found.push(circle.join(' → ') + (more ? ` (and ${more} more modules circle with these)` : ''));
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The shortest way from v back to v within its strongly connected set. */
function circleThrough(v: string, members: ReadonlySet<string>, edges: ReadonlyMap<string, readonly string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [v];
  while (queue.length) {
    const u = queue.shift()!;
    for (const w of edges.get(u) ?? []) {
      if (!members.has(w) || cameFrom.has(w)) continue;
      if (w === v) {
        const way: string[] = [];
        for (let x = u; x !== v; x = cameFrom.get(x)!) way.unshift(x);
        return [v, ...way, v];
      }
      cameFrom.set(w, u);
      queue.push(w);
    }
  }
  return [v];
}
