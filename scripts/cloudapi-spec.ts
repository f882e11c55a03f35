// Reading VMware's CloudAPI spec (Swagger 2.0, test/helpers/specs.ts says where): its root file and the area files
// its $refs point into, each parsed once. Used by the scripts that measure the cell against it (coverage.ts) and
// derive from it (cloudapi-schemas.ts); the running cell never reads it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { CLOUDAPI_SPEC, specsProblem } from '../test/helpers/specs.ts';

/** a spec file, JSON or YAML */
export const readSpec = (file: string): unknown => (file.endsWith('.json') ? JSON.parse(readFileSync(file, 'utf8')) : parse(readFileSync(file, 'utf8')));

/** A node of the spec and the file it is in, which its own `#/…` refs point into. */
export interface SpecNode { node: unknown; file: string }

const files = new Map<string, unknown>();

function specFile(file: string): unknown {
  if (!files.has(file)) files.set(file, readSpec(file));
  return files.get(file);
}

/** A file a $ref names: beside the file it is written in (common/entity.yaml's `./query.yaml`), else under the root
 * file's folder (rbac/roles.yaml's `./rbac/rights.yaml`): the spec's files write both. */
const refFile = (path: string, from: string) =>
  [join(dirname(from), path), join(dirname(CLOUDAPI_SPEC), path)].find((file) => existsSync(file)) ?? join(dirname(CLOUDAPI_SPEC), path);

/** What a $ref written in `from` points to: `#/definitions/Role` within that file, `./rbac/roles.yaml#/paths/roles` in another. */
export function resolveRef(ref: string, from: string): SpecNode {
  const [path = '', pointer = ''] = ref.split('#');
  const file = path ? refFile(path, from) : from;
  const node = pointer.split('/').slice(1).reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], specFile(file));
  if (node === undefined) throw new Error(`${from}: ${ref} is not there`);
  return { node, file };
}

/** The CloudAPI's root file: its base path, version and every path, most as a $ref into an area's file. */
export const cloudApiRoot = () =>
  specFile(CLOUDAPI_SPEC) as { basePath: string; info: { version: string }; paths: Record<string, Record<string, unknown> & { $ref?: string }> };

/** A generator's main: writes `file` with what `render` makes. */
export async function writeGenerated(file: string, render: () => string | Promise<string>): Promise<void> {
  writeFileSync(file, await render());
  console.log(`wrote ${file}`);
}

/** A generator's main over the specs: writes `file` with what `render` makes of them, or says why it cannot and fails. */
export async function writeFromSpecs(file: string, render: () => string | Promise<string>): Promise<void> {
  const problem = specsProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  await writeGenerated(file, render);
}
