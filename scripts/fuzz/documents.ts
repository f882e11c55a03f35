// The VCD request documents the fuzzer sends to /api (XML and VCD JSON), plausible first and then mutated.
// Each document is written once as its VCD JSON tree; the XML is derived from it (a member is a child element
// with its first letter raised, `_type` is xsi:type, ATTRIBUTES stay attributes), so both formats carry the
// same fields and the same mutations. A new document: one entry in DOCUMENTS, then `body: '<kind>'` on its routes.
import type { Random } from './random.ts';
import { VAPP_DOCUMENTS } from './vapp-documents.ts';
import type { World } from './world.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Tree = { [key: string]: Json };

function upper(k: string): string { return k.charAt(0).toUpperCase() + k.slice(1); }

export interface DocumentKind {
  /** the media type family the route consumes: application/vnd.vmware.<family>+xml or +json */
  family: string;
  root: string;
  plausible(r: Random, world: World): Tree;
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
  ...VAPP_DOCUMENTS,
  edgeServices: { family: 'admin.edgeGatewayServiceConfiguration', root: 'EdgeGatewayServiceConfiguration', plausible: (r, w) => ({
    // as elements named for the service (the XML reader's way), which VCD JSON's reader takes too
    ...(r.chance(0.7) && { firewallService: {
      isEnabled: r.chance(0.8), defaultAction: r.pick(['drop', 'allow', 'DROP', 'reject']), logDefaultAction: false,
      firewallRule: Array.from({ length: r.int(0, 3) }, (_, i) => ({
        isEnabled: true, description: `rule ${i}`, policy: r.pick(['allow', 'drop']), protocols: r.pick<Tree>([{ tcp: true }, { udp: true, tcp: true }, { any: true }, { icmp: true }, { other: 'gre' }]),
        destinationPortRange: r.pick(['22', 'Any', '1000-2000', '-1', '70000']), destinationIp: r.pick(['10.20.0.10', 'internal', 'Any', '10.20.0.0/24', '300.1.1.1']),
        sourcePortRange: 'Any', sourceIp: r.pick(['external', 'Any', '203.0.113.0/24']), direction: r.pick(['in', 'out', 'IN']), enableLogging: r.chance(0.2),
      })),
    } }),
    natService: {
      isEnabled: r.chance(0.8),
      natRule: Array.from({ length: r.int(0, 3) }, (_, i) => ({
        description: `nat ${i}`, ruleType: r.pick(['DNAT', 'SNAT', 'dnat', 'NOPE']), isEnabled: true,
        gatewayNatRule: {
          ...(r.chance(0.6) && { interface: { href: `${w.url}/api/admin/network/${w.ids.network}` } }),
          originalIp: r.pick(['203.0.113.10', '10.20.0.0/24', 'Any']), originalPort: r.pick(['80', 'any', '0', '99999']),
          translatedIp: r.pick(['10.20.0.10', '203.0.113.10']), translatedPort: r.pick(['8080', 'any']), protocol: r.pick(['tcp', 'udp', 'any', 'icmp', 'tcpudp']),
        },
      })),
    },
  }) },
} satisfies Record<string, DocumentKind>;
export type DocumentName = keyof typeof DOCUMENTS;

/** JSON members that are XML attributes in VCD's schemas. */
const ATTRIBUTES = new Set(['name', 'href', 'type', 'id', 'key', 'deploy', 'powerOn', 'network', 'networkName']);
/** JSON members whose XML elements are OVF's, RASD's or VMware's OVF extensions' (JSON drops the prefix). */
const PREFIXED: Record<string, string> = {
  info: 'ovf:Info', virtualHardwareSection: 'ovf:VirtualHardwareSection', item: 'ovf:Item', coresPerSocket: 'vmw:CoresPerSocket',
  ...Object.fromEntries(['resourceType', 'virtualQuantity', 'elementName', 'instanceID', 'allocationUnits']
    .map((k) => [k, `rasd:${upper(k)}`])),
};
const NS = ['xmlns="http://www.vmware.com/vcloud/v1.5"', 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  'xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"', 'xmlns:vmw="http://www.vmware.com/schema/ovf"',
  'xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"'].join(' ');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function element(name: string, value: Json, root = false): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value !== 'object') return `<${name}>${esc(String(value))}</${name}>`;
  const attrs = Object.entries(value).filter(([k, v]) => (ATTRIBUTES.has(k) && typeof v !== 'object') || k === '_type')
    .map(([k, v]) => ` ${k === '_type' ? 'xsi:type' : k}="${esc(String(v))}"`).join('');
  const children = Object.entries(value).filter(([k, v]) => !(ATTRIBUTES.has(k) && typeof v !== 'object') && k !== '_type')
    .map(([k, v]) => element(PREFIXED[k] ?? upper(k), v)).join('');
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
    // character references to text no store holds (a NUL, an unpaired surrogate), and a raw NUL
    '<Role xmlns="http://www.vmware.com/vcloud/v1.5" name="a&#0;b"><Description>&#xD800;</Description></Role>', '<Role name="a\u0000b"/>',
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
