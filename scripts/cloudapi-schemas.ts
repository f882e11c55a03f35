// `npm run cloudapi-schemas`: writes src/server/http/cloudapi-schemas.generated.ts, the JSON Schemas (draft-07, as
// Fastify's ajv takes them) of the CloudAPI models the cell's routes take as request bodies, converted from VMware's
// Swagger definitions ($refs followed, allOf merged into one object). The cell reads the generated module, never
// the spec, which the package does not ship. What the conversion decides:
// - a read-only property (readOnly, or VCD's ReadOnly constraint) is left out: tolerated and ignored, as Cloud
//   Director ignores it, since clients PUT back the whole object they read (id, bundleKey, orgEntityRef);
// - unknown properties are tolerated, as Cloud Director tolerates them (no additionalProperties);
// - a property that is not required may be null, which Cloud Director reads as absent;
// - every string and array is bounded: the spec's bound, else STRING_MAX / ITEMS_MAX; an int32 has its range;
// - descriptions, defaults (ajv would insert them) and formats (VCD checks them itself) are left out;
// - a pattern is rewritten for ajv's Unicode regular expressions (the spec escapes characters `u` refuses: `\!`);
// - an enum of strings is a string, whatever type the spec gives it (it says `object` for its Java enums).
// The output holds no date: test/cloudapi-schemas.test.ts regenerates it and fails when the committed file differs.
import { basename, dirname, join } from 'node:path';
import { CLOUDAPI_SPEC } from '../test/helpers/specs.ts';
import { cloudApiRoot, resolveRef, writeFromSpecs } from './cloudapi-spec.ts';

export const SCHEMAS_FILE = join(import.meta.dirname, '../src/server/http/cloudapi-schemas.generated.ts');

export const STRING_MAX = 4096;
export const ITEMS_MAX = 1024;
const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

/**
 * The operations whose body a route of the cell takes (routes/cloudapi-entities.ts, routes/rbac.ts), by method and
 * path under the spec's basePath, each with the spec's definition of its body when the spec (API 35.0) predates the
 * operation; otherwise the operation's body parameter names it. Each definition becomes an export named after it.
 */
export const BODIES: readonly { operation: string; definition?: string }[] = [
  { operation: 'POST /1.0.0/orgs', definition: './org/org.yaml#/definitions/Org' }, // API 37.0
  ...['POST /1.0.0/roles', 'PUT /1.0.0/roles/{id}', 'PUT /1.0.0/roles/{id}/rights',
    'POST /1.0.0/rightsBundles', 'PUT /1.0.0/rightsBundles/{id}', 'PUT /1.0.0/rightsBundles/{id}/rights',
    'PUT /1.0.0/rightsBundles/{id}/tenants', 'POST /1.0.0/rightsBundles/{id}/tenants/publish', 'POST /1.0.0/rightsBundles/{id}/tenants/unpublish',
    'POST /1.0.0/users', 'PUT /1.0.0/users/{userUrn}',
    'POST /1.0.0/orgVdcNetworks', 'PUT /1.0.0/orgVdcNetworks/{vdcNetworkId}',
    'POST /1.0.0/edgeGateways', 'PUT /1.0.0/edgeGateways/{gatewayId}',
    'POST /1.0.0/edgeGateways/{gatewayId}/nat/rules', 'PUT /1.0.0/edgeGateways/{gatewayId}/nat/rules/{ruleId}',
    'PUT /1.0.0/edgeGateways/{gatewayId}/firewall/rules', 'PUT /1.0.0/edgeGateways/{gatewayId}/firewall/rules/{ruleId}',
    'PUT /1.0.0/edgeGateways/{gatewayId}/dns',
    'POST /1.0.0/firewallGroups', 'PUT /1.0.0/firewallGroups/{firewallGroupId}',
    'POST /1.0.0/applicationPortProfiles', 'PUT /1.0.0/applicationPortProfiles/{applicationPortProfileId}',
    'PUT /1.0.0/vdcs/{orgVdcId}/networkProfile',
    'POST /1.0.0/externalNetworks', 'PUT /1.0.0/externalNetworks/{externalNetworkId}'].map((operation) => ({ operation })),
];

type Swagger = Record<string, unknown> & {
  $ref?: string; type?: string; allOf?: Swagger[]; properties?: Record<string, Swagger>; required?: string[]; items?: Swagger;
  readOnly?: boolean; 'x-vcloud-constraints'?: { constraint: string }[];
  'x-vcloud-property-annotations'?: Record<string, Swagger>;
};
export type JsonSchema = Record<string, unknown>;

const isReadOnly = (property: Swagger | undefined) =>
  property?.readOnly === true || (property?.['x-vcloud-constraints'] ?? []).some((c) => c.constraint === 'ReadOnly');

/** `{id:((?!provider|current).)*}` → `{id}`, as BODIES names parameters */
const plainPath = (path: string) => path.replace(/\{(\w+):[^}]*\}/g, '{$1}');

/** The definition a body parameter names: its $ref, and the file that $ref is written in. */
function bodyRef(operation: string): { ref: string; file: string } {
  const [method = '', path = ''] = operation.split(' ');
  const root = cloudApiRoot();
  const entry = Object.entries(root.paths).find(([p]) => plainPath(p) === path)?.[1];
  if (!entry) throw new Error(`${operation}: no such path in ${CLOUDAPI_SPEC}`);
  const { node, file } = entry.$ref ? resolveRef(entry.$ref, CLOUDAPI_SPEC) : { node: entry, file: CLOUDAPI_SPEC };
  const parameters = ((node as Record<string, { parameters?: { in: string; schema?: Swagger }[] }>)[method.toLowerCase()]?.parameters) ?? [];
  const ref = parameters.find((p) => p.in === 'body')?.schema?.$ref;
  if (!ref) throw new Error(`${operation}: the spec gives it no body that names a definition`);
  return { ref, file };
}

/** A pattern as a Unicode regular expression takes it: an escaped character that needs none loses its backslash. */
function unicodePattern(pattern: string): string {
  const rewritten = pattern.replace(/\\([^\w\s^$\\.*+?()[\]{}|/-])/g, '$1');
  new RegExp(rewritten, 'u'); // throws when the rewriting is not enough
  return rewritten;
}

/**
 * The node a $ref names, the file it is in, and the refs followed so far (a definition that holds itself throws).
 * org/org.yaml writes Org's property annotations beside its definitions, one indentation short: they are Org's.
 */
function follow(ref: string, file: string, seen: string[]): [Swagger, string, string[]] {
  const target = resolveRef(ref, file);
  const key = `${target.file}${ref.replace(/^[^#]*/, '')}`;
  if (seen.includes(key)) throw new Error(`${ref}: a definition that holds itself`);
  const [, pointer = ''] = ref.split('#');
  const definitions = pointer.startsWith('/definitions/') ? resolveRef('#/definitions', target.file).node as Swagger : {};
  const node = target.node as Swagger;
  const annotations = node['x-vcloud-property-annotations'] ?? definitions['x-vcloud-property-annotations'];
  return [annotations ? { ...node, 'x-vcloud-property-annotations': annotations } : node, target.file, [...seen, key]];
}

/** An object's properties and required list, over allOf's parts and $refs, read-only properties left out. */
function objectParts(node: Swagger, file: string, seen: string[]): { properties: Record<string, JsonSchema>; required: string[]; readOnly: string[] } {
  if (node.$ref) return objectParts(...follow(node.$ref, file, seen));
  const parts = (node.allOf ?? []).map((part) => objectParts(part, file, seen));
  const annotations = node['x-vcloud-property-annotations'] ?? {};
  const own = Object.entries(node.properties ?? {});
  // read-only in any part is read-only (RightsMapping's id, which Role's part gives a URN constraint)
  const readOnly = new Set([...parts.flatMap((p) => p.readOnly),
    ...own.filter(([name, property]) => isReadOnly(property) || isReadOnly(annotations[name])).map(([name]) => name)]);
  const properties: Record<string, JsonSchema> = Object.assign({}, ...parts.map((p) => p.properties),
    ...own.filter(([name]) => !readOnly.has(name)).map(([name, property]) => ({ [name]: convert(property, file, seen) })));
  for (const name of readOnly) delete properties[name];
  const required = [...new Set([...parts.flatMap((p) => p.required), ...(node.required ?? [])])].filter((name) => name in properties);
  return { properties, required, readOnly: [...readOnly] };
}

/** null beside a schema's type (and its values) */
const nullable = (schema: JsonSchema): JsonSchema =>
  ({ ...schema, type: [schema.type, 'null'], ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}) });

/** One Swagger schema as a JSON Schema, bounded. */
function convert(node: Swagger, file: string, seen: string[]): JsonSchema {
  if (node.$ref) return convert(...follow(node.$ref, file, seen));
  // VMware writes its Java enums as `type: object` with string values (VdcNetworkFenceType): they are strings
  if (Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) return { type: 'string', enum: node.enum };
  if (node.allOf || node.type === 'object' || node.properties) {
    const { properties, required } = objectParts(node, file, seen);
    const withNulls = Object.fromEntries(Object.entries(properties).map(([name, schema]) =>
      [name, required.includes(name) ? schema : nullable(schema)]));
    return { type: 'object', ...(required.length ? { required } : {}), properties: withNulls };
  }
  const { type } = node;
  const enumeration = Array.isArray(node.enum) ? { enum: node.enum } : {};
  switch (type) {
    case 'string': return {
      type, maxLength: node.maxLength ?? STRING_MAX, ...(node.minLength ? { minLength: node.minLength } : {}),
      ...(typeof node.pattern === 'string' ? { pattern: unicodePattern(node.pattern) } : {}), ...enumeration,
    };
    case 'array':
      if (!node.items) throw new Error(`${file}: an array without items`);
      return { type, ...(node.minItems ? { minItems: node.minItems } : {}), maxItems: node.maxItems ?? ITEMS_MAX, items: convert(node.items, file, seen) };
    case 'integer': return { type, ...(node.format === 'int32' ? INT32 : {}), ...enumeration };
    case 'number': case 'boolean': return { type, ...enumeration };
    default: throw new Error(`${file}: a schema of type ${String(type)}, which the conversion does not know`);
  }
}

/** Every body definition the cell takes, by its name in the spec, converted. */
export function cloudApiSchemas(): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const { operation, definition } of BODIES) {
    const { ref, file } = definition ? { ref: definition, file: CLOUDAPI_SPEC } : bodyRef(operation);
    const name = ref.split('/').pop() ?? '';
    const schema = convert({ $ref: ref }, file, []);
    // area files alias a shared definition under its name (rbac/roles.yaml's EntityReferences is common/entity.yaml's)
    const known = schemas.get(name);
    if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`${operation}: two definitions named ${name}`);
    schemas.set(name, schema);
  }
  return schemas;
}

export function renderSchemas(schemas: Map<string, JsonSchema>): string {
  const { info } = cloudApiRoot();
  return [
    `// Generated by \`npm run cloudapi-schemas\` (scripts/cloudapi-schemas.ts) from VMware's CloudAPI spec`,
    `// (${basename(dirname(CLOUDAPI_SPEC))}/${basename(CLOUDAPI_SPEC)}, API ${info.version}); do not edit: test/cloudapi-schemas.test.ts fails when it is stale.`,
    `// The request bodies of the CloudAPI models the cell takes: read-only properties left out (ignored), unknown ones`,
    `// tolerated, optional ones nullable, every string within ${STRING_MAX} characters and every array within ${ITEMS_MAX} items unless the spec says less.`,
    '',
    ...[...schemas].flatMap(([name, schema]) => [`export const ${name} = ${JSON.stringify(schema, null, 2)} as const;`, '']),
  ].join('\n');
}

if (import.meta.main) await writeFromSpecs(SCHEMAS_FILE, () => renderSchemas(cloudApiSchemas()));
