// `npm run entity-types`: writes src/sdk/resources/entity-types.generated.ts, what the SDK and the CLI know of each
// entity type the cell declares (src/server/inventory/registry.ts ENTITY_TYPES): its URN type, the /api path and media
// type of each view, its query types (tenant and admin) with their records' fields, its CloudAPI collection and the
// fields of its model there, and the path a DELETE takes and whether it runs as a task, read from the type's API
// declaration (http/routes/entity-apis.ts). The SDK imports nothing of the server, so the table is written out;
// test/entity-types.test.ts fails when it is stale.
import { join } from 'node:path';
import { ENTITY_TYPES } from '../src/server/inventory/registry.ts';
import type { AnyQueryTypeDefinition, EntityType, QueryFields } from '../src/server/inventory/entity-type.ts';
import { CLOUDAPI, ENTITY_APIS } from '../src/server/http/routes/entity-apis.ts';
import { viewOf } from '../src/server/http/entity-api.ts';
import { writeGenerated } from './cloudapi-spec.ts';

export const ENTITY_TYPES_FILE = join(import.meta.dirname, '../src/sdk/resources/entity-types.generated.ts');

const ID = '{id}';

/**
 * The type's DELETE, as its API declares it (http/routes/entity-apis.ts): the first of its paths (views in order, then
 * its CloudAPI item) a declared DELETE operation takes, and whether it runs as a task (the SDK's `delete` answers its
 * TaskHandle then).
 */
function deletion(type: EntityType): { path: string; task: boolean } | undefined {
  const deletes = ENTITY_APIS.filter((api) => api.type === type).flatMap((api) => api.operations.filter((op) => op.method === 'DELETE' && !op.path));
  const legacy = type.views.flatMap((view) => deletes.filter((op) => op.api === 'legacy' && viewOf(type, op.view) === view).map((op) => ({ op, path: view.path(ID) })));
  const cloud = deletes.filter((op) => op.api === 'cloudapi').map((op) => ({ op, path: `${CLOUDAPI}/${type.cloudApi?.collection}/${ID}` }));
  const [first] = [...legacy, ...cloud];
  return first && { path: first.path, task: first.op.task === true };
}

const TS_TYPES = { text: 'string', time: 'string', boolean: 'boolean', number: 'number', reference: 'string' } as const;

/** A TypeScript object type of fields (dotted names nest: orgRef.id → orgRef: { id }), every member optional. */
function fieldsType(fields: QueryFields, indent: string): string {
  const tree = new Map<string, string | QueryFields>();
  for (const [name, field] of Object.entries(fields)) {
    const [head = name, ...rest] = name.split('.');
    if (!rest.length) tree.set(head, TS_TYPES[field.type]);
    else tree.set(head, { ...(tree.get(head) as QueryFields | undefined), [rest.join('.')]: field });
  }
  const members = [...tree].map(([name, t]) =>
    `${indent}  ${JSON.stringify(name)}?: ${typeof t === 'string' ? t : fieldsType(t, `${indent}  `)};`);
  return `{\n${members.join('\n')}\n${indent}}`;
}

/** `name: type;` members, a type written before named by its first member (adminVApp's records are vApp's). */
function sameAsFirst(members: Array<[string, string]>, container: string): string[] {
  const first = new Map<string, string>();
  return members.map(([name, type]) => {
    const earlier = first.get(type);
    if (earlier === undefined) first.set(type, name);
    return `  ${name}: ${earlier === undefined ? type : `${container}['${earlier}']`};`;
  });
}

const query = (q: AnyQueryTypeDefinition) => ({ name: q.name, record: q.recordElement });

/** A type's row of the table. */
function entry(type: EntityType) {
  const tenants = type.queries?.filter((q) => !q.name.startsWith('admin')) ?? [];
  const admins = type.queries?.filter((q) => q.name.startsWith('admin')) ?? [];
  // the set reads the query whose records point at the type's own view; a type's further queries (a provider VDC's
  // storage profiles) are listed for the SDK's QUERY_TYPES
  const tenant = tenants.find((q) => q.entityFamily === type.views[0]?.family) ?? tenants[0];
  const [admin] = admins;
  const more = [...tenants, ...admins].filter((q) => q !== tenant && q !== admin).map((q) => q.name);
  const removal = deletion(type);
  return {
    urnType: type.urnType,
    set: type.names?.set ?? `${type.urnType}s`,
    noun: type.names?.noun ?? type.urnType,
    views: type.views.map((v) => ({ family: v.family, mediaType: `application/vnd.vmware.${v.family}+xml`, path: v.path(ID) })),
    queries: { ...(tenant && { tenant: query(tenant) }), ...(admin && { admin: query(admin) }), ...(more.length && { more }) },
    cloudApi: type.cloudApi ? { collection: type.cloudApi.collection, path: `${CLOUDAPI}/${type.cloudApi.collection}`, model: type.cloudApi.model } : null,
    deletePath: removal?.path ?? null,
    deleteTask: removal?.task ?? null,
  };
}

export async function renderEntityTypes(): Promise<string> {
  const table = Object.fromEntries(ENTITY_TYPES.map((t) => [t.urnType, entry(t)]));
  const queries = ENTITY_TYPES.flatMap((t) => t.queries ?? []);
  const models = ENTITY_TYPES.flatMap((t) => (t.cloudApi ? [t.cloudApi] : []));
  return [
    '// Generated by `npm run entity-types` (scripts/entity-types.ts) from the entity types the cell declares',
    '// (src/server/inventory/registry.ts) and their API declarations; do not edit: test/entity-types.test.ts fails',
    '// when it is stale. The SDK\'s resource sets and the CLI\'s generic nouns are built from it.',
    '',
    '/** Each entity type by its URN type: names, views (/api path by {id}), query types, CloudAPI collection, DELETE path. */',
    `export const ENTITY_TYPES = ${JSON.stringify(table, null, 2)} as const;`,
    '',
    '/** The fields of each query type\'s records (what filters, sorts and fields= may name), by query type. */',
    'export interface QueryRecordFields {',
    ...sameAsFirst(queries.map((q) => [q.name, fieldsType(q.fields, '  ')]), 'QueryRecordFields'),
    '}',
    '',
    '/** The properties of each CloudAPI model that filters and sorts may name, by model. */',
    'export interface CloudApiModelFields {',
    ...models.map((m) => `  ${m.model}: ${fieldsType(m.fields, '  ')};`),
    '}',
    '',
  ].join('\n');
}

if (import.meta.main) await writeGenerated(ENTITY_TYPES_FILE, renderEntityTypes);
