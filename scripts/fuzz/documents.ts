// The VCD request documents the fuzzer sends to /api (XML and VCD JSON), plausible first and then mutated.
// Each document is written once as its VCD JSON tree; the XML is derived from it (a member is a child element
// with its first letter raised, `_type` is xsi:type, ATTRIBUTES stay attributes), so both formats carry the
// same fields and the same mutations. A new document: one entry in DOCUMENTS, then `body: '<kind>'` on its routes.
import type { Random } from './random.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Tree = { [key: string]: Json };

export interface DocumentKind {
  /** the media type family the route consumes: application/vnd.vmware.<family>+xml or +json */
  family: string;
  root: string;
  plausible(r: Random): Tree;
}

const typed = (r: Random) => r.pick<Tree>([
  { _type: 'MetadataStringValue', value: 'v' }, { _type: 'MetadataNumberValue', value: '7' },
  { _type: 'MetadataBooleanValue', value: 'true' }, { _type: 'MetadataDateTimeValue', value: '2024-01-01T00:00:00Z' },
]);

export const DOCUMENTS = {
  metadata: { family: 'vcloud.metadata', root: 'Metadata', plausible: (r) => ({
    metadataEntry: Array.from({ length: r.int(1, 3) }, (_, i) => ({ key: `k${i}`, typedValue: typed(r) })),
  }) },
  metadataValue: { family: 'vcloud.metadata.value', root: 'MetadataValue', plausible: (r) => ({ typedValue: typed(r) }) },
  createVdc: { family: 'admin.createVdcParams', root: 'CreateVdcParams', plausible: (r) => ({
    name: `fuzz-vdc-${r.int(0, 20)}`, description: 'fuzz', allocationModel: r.pick(['AllocationPool', 'AllocationVApp', 'ReservationPool', 'Flex']),
    computeCapacity: {
      cpu: { units: r.pick(['MHz', 'GHz']), allocated: r.int(0, 8), limit: r.int(0, 8) },
      memory: { units: r.pick(['MB', 'GB']), allocated: r.int(0, 8192), limit: r.int(0, 8192) },
    },
    nicQuota: 0, networkQuota: 20, isEnabled: true,
    vdcStorageProfile: [{ enabled: true, units: 'MB', limit: r.int(0, 10240), default: true, providerVdcStorageProfile: { href: 'https://x/api/admin/pvdcStorageProfile/1', name: 'Bronze' } }],
  }) },
  vdc: { family: 'vcloud.vdc', root: 'Vdc', plausible: (r) => ({ name: `fuzz-vdc-${r.int(0, 20)}`, description: 'renamed' }) },
  adminOrg: { family: 'admin.organization', root: 'AdminOrg', plausible: (r) => ({
    name: `fuzz-org-${r.int(0, 20)}`, description: 'fuzz', fullName: 'Fuzzed', isEnabled: r.chance(0.8),
    settings: { orgGeneralSettings: { canPublishCatalogs: false, deployedVMQuota: 0 } },
  }) },
  adminCatalog: { family: 'admin.catalog', root: 'AdminCatalog', plausible: (r) => ({ name: `fuzz-catalog-${r.int(0, 20)}`, description: 'fuzz' }) },
  catalogItem: { family: 'vcloud.catalogItem', root: 'CatalogItem', plausible: (r) => ({
    name: `fuzz-item-${r.int(0, 20)}`, description: 'fuzz', entity: { href: 'https://x/api/vAppTemplate/vappTemplate-1' },
  }) },
} satisfies Record<string, DocumentKind>;
export type DocumentName = keyof typeof DOCUMENTS;

/** JSON members that are XML attributes in VCD's schemas. */
const ATTRIBUTES = new Set(['name', 'href', 'type', 'id', 'key']);
const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const upper = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

function element(name: string, value: Json, root = false): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value !== 'object') return `<${name}>${esc(String(value))}</${name}>`;
  const attrs = Object.entries(value).filter(([k, v]) => (ATTRIBUTES.has(k) && typeof v !== 'object') || k === '_type')
    .map(([k, v]) => ` ${k === '_type' ? 'xsi:type' : k}="${esc(String(v))}"`).join('');
  const children = Object.entries(value).filter(([k, v]) => !(ATTRIBUTES.has(k) && typeof v !== 'object') && k !== '_type')
    .map(([k, v]) => element(upper(k), v)).join('');
  return `<${name}${root ? ` ${NS}` : ''}${attrs}>${children}</${name}>`;
}

export const toXml = (root: string, tree: Tree) => element(root, tree, true);

const LOL = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('');

/** XML attacks that need no document of the route's own. */
export function hostileXml(r: Random): string {
  return r.pick([
    `<?xml version="1.0"?><!DOCTYPE lolz [${LOL}]><lolz>&lol9;</lolz>`,
    '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>',
    '<Role xmlns="http://www.vmware.com/vcloud/v1.5" name="x"><Description>d</Description></Role>',
    '<unclosed><a>', '<?xml version="1.0" encoding="UTF-16"?><a/>', `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`, 'not xml at all',
  ]);
}

/** The route's document in XML, made hostile in one place: a field's value or type, repetition, nesting, framing. */
export function xmlDocument(r: Random, doc: DocumentKind, tree: Tree, hostile: () => string, tags: string[]): string {
  const how = r.weighted<string>([[3, 'plausible'], [4, 'field'], [1, 'drop'], [1, 'repeat'], [1, 'deep'], [1, 'root'], [1, 'truncated'], [1, 'attack']]);
  tags.push(`xml:${how}`);
  const keys = Object.keys(tree);
  switch (how) {
    case 'plausible': return toXml(doc.root, tree);
    case 'field': return toXml(doc.root, { ...tree, [r.chance(0.8) ? r.pick(keys) : hostile().slice(0, 40).replace(/\W/g, '') || 'x']: r.chance(0.7) ? hostile() : r.pick<Json>([{}, [], -1, 1e308, { _type: 'Nope', value: 'x' }]) });
    case 'drop': { const { [r.pick(keys)]: _, ...rest } = tree; return toXml(doc.root, rest); }
    case 'repeat': { const k = r.pick(keys); return toXml(doc.root, { ...tree, [k]: Array.from({ length: r.pick([2, 100, 5000]) }, () => tree[k]!) }); }
    case 'deep': { const n = r.pick([65, 500, 6000]); return toXml(doc.root, tree).replace(/<\/\w+>$/, (end) => `${'<Deep>'.repeat(n)}${'</Deep>'.repeat(n)}${end}`); }
    case 'root': return toXml(r.pick(['Wrong', 'Vdc', 'AdminOrg', 'Metadata', 'Error', 'x:y']), tree);
    case 'truncated': { const text = toXml(doc.root, tree); return text.slice(0, r.int(0, text.length - 1)); }
    default: return hostileXml(r);
  }
}
