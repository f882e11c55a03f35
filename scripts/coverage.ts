// `npm run coverage`: writes COVERAGE.md, every operation of VMware's CloudAPI and legacy API specs
// (test/helpers/specs.ts says where they are) with whether the cell serves it. The cell's routes are taken from a
// real cell, built on a throwaway SQLite store; an operation is served when the cell has a route with its method
// and path, parameters alike whatever their names (`{id}`, `:id`) and trailing slashes aside, as the router does.
// The output holds no date: test/coverage.test.ts regenerates it and fails when the committed file differs.
import { channel } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildCell } from '../src/server/app.ts';
import { defaults } from '../src/server/config.ts';
import { CLOUDAPI_SPEC, LEGACY_SPEC } from '../test/helpers/specs.ts';
import { cloudApiRoot, readSpec, resolveRef, writeFromSpecs } from './cloudapi-spec.ts';

export const COVERAGE_FILE = join(import.meta.dirname, '../COVERAGE.md');

interface SpecOperation { method: string; path: string; summary: string; area: string }
export interface Operation extends SpecOperation { served: boolean }
interface Family<Op = Operation> { title: string; source: string; base: string; operations: Op[] }
/** A route the cell serves, with the rights its config names (checked before its handler runs). */
interface Route { method: string; path: string; rights?: readonly string[] }
export interface Coverage { families: Family[]; unmatchedRoutes: Route[] }

interface SpecEntry { summary?: string; description?: string; tags?: string[] }
type PathItem = Partial<Record<string, SpecEntry>>;

/** the order of a path's lines */
const METHODS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete'];
const LEGACY_BASE = '/api'; // the legacy spec's paths are relative to the API's root, and it names no server

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // not localeCompare: the same everywhere
const firstSentence = (text = '') => text.trim().split(/\n|(?<=\.)\s/)[0] ?? '';
/** `legacy-api-openapi/39.1.json` (API 39.1): the spec's folder and file, and the version it describes */
const sourceOf = (file: string, version: string) =>
  `\`${basename(dirname(file))}/${basename(file)}\` (API ${version.replace(/^Version\s+/, '')})`;

/** A path's operations; a parameter's pattern ({id:((?!provider|current).)*}) is left out, its name kept. */
function operationsOf(item: PathItem, path: string, area: (entry: SpecEntry) => string): SpecOperation[] {
  return METHODS.flatMap((method) => {
    const entry = item[method];
    if (!entry) return [];
    const summary = firstSentence(entry.summary ?? entry.description);
    return [{ method: method.toUpperCase(), path: path.replace(/\{(\w+):[^}]*\}/g, '{$1}'), summary, area: area(entry) }];
  });
}

/** The root file lists every path under its basePath, most as `$ref: ./<area>/<file>.yaml#/paths/<name>`. */
function cloudApiFamily(): Family<SpecOperation> {
  const root = cloudApiRoot();
  const operations = Object.entries(root.paths).flatMap(([path, entry]) => {
    if (!entry.$ref) return operationsOf(entry as PathItem, root.basePath + path, (op) => op.tags?.[0] ?? '/');
    const { node, file } = resolveRef(entry.$ref, CLOUDAPI_SPEC);
    return operationsOf(node as PathItem, root.basePath + path, () => basename(dirname(file)));
  });
  return { title: 'CloudAPI', source: sourceOf(CLOUDAPI_SPEC, root.info.version), base: root.basePath, operations };
}

/** /api/admin/extension/vimServer/{id}/… → /api/admin/extension/vimServer: the path down to the kind of object. */
function legacyArea(path: string): string {
  const segments = path.slice(LEGACY_BASE.length + 1).split('/');
  const depth = segments[0] === 'admin' ? (segments[1] === 'extension' ? 3 : 2) : 1;
  return [LEGACY_BASE, ...segments.slice(0, depth).filter(Boolean)].join('/');
}

function legacyFamily(): Family<SpecOperation> {
  const spec = readSpec(LEGACY_SPEC) as { info: { version: string }; paths: Record<string, PathItem> };
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    operationsOf(item, LEGACY_BASE + path, () => legacyArea(LEGACY_BASE + path)));
  // a list and its items in one area: /api/vApps with /api/vApp
  const areas = new Set(operations.map((op) => op.area));
  for (const op of operations) if (areas.has(op.area.replace(/s$/, ''))) op.area = op.area.replace(/s$/, '');
  return { title: 'Legacy API', source: sourceOf(LEGACY_SPEC, spec.info.version), base: LEGACY_BASE, operations };
}

/** Every route of a real cell, as Fastify registers them (hooked through its initialization channel, before any). */
export async function cellRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  // Fastify adds HEAD to every GET; the specs describe no HEAD operation
  const onRoute = (route: RouteOptions) => {
    const rights = (route.config as { rights?: readonly string[] } | undefined)?.rights;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, path: route.url, ...(rights && { rights }) });
  };
  const addHook = (message: unknown) => (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', onRoute);
  const initialization = channel('fastify.initialization');
  initialization.subscribe(addHook);
  const dataDir = await mkdtemp(join(tmpdir(), 'vcdkit-coverage-'));
  try {
    await (await buildCell({ ...defaults, dataDir, logLevel: false })).close();
  } finally {
    initialization.unsubscribe(addHook);
    await rm(dataDir, { recursive: true, force: true });
  }
  return routes;
}

/** `GET /api/org/{}`: a spec operation and the route that serves it have the same key. */
const routeKey = (method: string, path: string) =>
  `${method} ${path.replace(/\{[^}]*\}|:[^/]+/g, '{}').replace(/(.)\/$/, '$1')}`; // trailing slashes: app.ts ignores them

export async function measureCoverage(): Promise<Coverage> {
  const routes = await cellRoutes();
  const byKey = new Map<string, Route>();
  for (const route of routes) {
    if (route.path.includes('*')) throw new Error(`${route.path}: a wildcard route would serve every operation; decide how it counts`);
    byKey.set(routeKey(route.method, route.path), route);
  }
  const used = new Set<Route>();
  const families = [cloudApiFamily(), legacyFamily()].map((family) => ({
    ...family,
    operations: family.operations.map((op) => {
      const route = byKey.get(routeKey(op.method, op.path));
      if (route) used.add(route);
      return { ...op, served: route !== undefined };
    }),
  }));
  return { families, unmatchedRoutes: routes.filter((route) => !used.has(route)) };
}

const share = (ops: Operation[]) => {
  const served = ops.filter((op) => op.served).length;
  return `${served}/${ops.length} (${Math.round((100 * served) / ops.length)}%)`;
};

const byPathThenMethod = (a: Route, b: Route) =>
  byText(a.path, b.path) || METHODS.indexOf(a.method.toLowerCase()) - METHODS.indexOf(b.method.toLowerCase());

function familySection(family: Family): string[] {
  const areas = [...new Set(family.operations.map((op) => op.area))].sort(byText);
  return [`# ${family.title} — ${share(family.operations)}`, '', `From ${family.source}.`, '', ...areas.flatMap((area) => {
    const ops = family.operations.filter((op) => op.area === area).sort(byPathThenMethod);
    return [`## ${area} — ${share(ops)}`, '',
      ...ops.map((op) => `- [${op.served ? 'x' : ' '}] \`${op.method} ${op.path}\`${op.summary ? ` — ${op.summary}` : ''}`), ''];
  })];
}

/** The routes no operation names: one a line under the specs' bases, the others (portal, OAuth) a line per first segment. */
function unmatchedSection({ families, unmatchedRoutes }: Coverage): string[] {
  const underBases = (route: Route) => families.some((family) => route.path.startsWith(`${family.base}/`));
  const text = (route: Route) => `\`${route.method} ${route.path}\``;
  const routes = [...unmatchedRoutes].sort(byPathThenMethod);
  const api = routes.filter(underBases);
  const others = routes.filter((route) => !underBases(route));
  const firstSegment = (route: Route) => route.path.split('/')[1] ?? '';
  return [
    `# Routes in neither spec — ${routes.length}`, '',
    `Under ${families.map((family) => `\`${family.base}\``).join(' and ')} (${api.length}):`, '',
    ...api.map((route) => `- ${text(route)}`), '',
    'Elsewhere, by first segment:', '',
    ...[...new Set(others.map(firstSegment))].sort(byText).map((segment) => {
      const inSegment = others.filter((route) => firstSegment(route) === segment);
      return `- \`/${segment}\` (${inSegment.length}): ${inSegment.map(text).join(', ')}`;
    }),
    '',
  ];
}

export function renderCoverage(coverage: Coverage): string {
  return [
    '# What the cell serves of VMware\'s API',
    '',
    'Every operation of VMware\'s API specs, `[x]` when the cell has a route for it (what a route answers may still be',
    'a part of what Cloud Director does: README.md says what the cell serves). Generated by `npm run coverage`',
    '(scripts/coverage.ts); do not edit: test/coverage.test.ts fails when it is stale.',
    '',
    ...coverage.families.map((family) => `- ${family.title}: ${share(family.operations)} of the operations in ${family.source}`),
    `- routes of the cell in neither spec: ${coverage.unmatchedRoutes.length} (listed at the end)`,
    '',
    ...coverage.families.flatMap(familySection),
    ...unmatchedSection(coverage),
  ].join('\n');
}

if (import.meta.main) await writeFromSpecs(COVERAGE_FILE, async () => renderCoverage(await measureCoverage()));
