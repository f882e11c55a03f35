// The grammar of hostile requests: the cell's routes × methods × mutations of path, query string,
// headers, credentials and body. Each request carries tags naming what was done to it, for the report.
import { DOCUMENTS, hostileXml, xmlDocument, type DocumentName } from './documents.ts';
import type { Random } from './random.ts';
import type { World } from './world.ts';
import { ENTITY_TYPES } from '../../src/server/inventory/registry.ts';

export interface FuzzRequest {
  method: string;
  /** path and query string, as sent on the request line */
  path: string;
  /** flat name, value pairs (a name may repeat) */
  headers: string[];
  body?: string | undefined;
  /** bytes no HTTP client library would send (control characters, bad framing): written on a raw socket */
  raw?: boolean;
  tags: string[];
}

type BodyKind = 'named' | 'refs' | 'user' | 'serviceAccount' | 'grant' | 'register' | 'form';

/**
 * A route: `{slot}` in its path is filled by fillPath; `{id:type}` is the bare id segment of the world's entity of
 * that type (World.ids). A JSON body is a BodyKind; a VCD document (XML or VCD JSON) a DocumentName.
 */
interface Route {
  method: string;
  path: string;
  body?: BodyKind | DocumentName;
  /** ends the caller's session or logs in: sent only with credentials that are not a principal's */
  spendsSession?: boolean;
  /** a CloudAPI list: the fields its FIQL filters and sorts may name */
  fields?: readonly string[];
}

const C = '/cloudapi/1.0.0';
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/versions' },
  { method: 'POST', path: '/api/sessions', spendsSession: true },
  { method: 'GET', path: '/api/session' },
  { method: 'DELETE', path: '/api/session', spendsSession: true },
  { method: 'GET', path: '/api/org' },
  { method: 'GET', path: '/api/org/{orgUuid}' },
  { method: 'GET', path: '/api/org/{orgUuid}/metadata' },
  { method: 'GET', path: '/api/tasksList/{orgUuid}' },
  { method: 'GET', path: '/api/query' },
  { method: 'GET', path: '/api/entity/{urn}' },
  { method: 'GET', path: '/api/admin' },
  { method: 'GET', path: '/api/admin/org/{orgUuid}' },
  { method: 'GET', path: '/api/admin/user/{userUuid}' },
  { method: 'POST', path: `${C}/sessions`, spendsSession: true },
  { method: 'POST', path: `${C}/sessions/provider`, spendsSession: true },
  { method: 'GET', path: `${C}/sessions/current` },
  { method: 'GET', path: `${C}/sessions/{session}` },
  { method: 'DELETE', path: `${C}/sessions/{session}`, spendsSession: true },
  { method: 'GET', path: `${C}/tokens` },
  { method: 'GET', path: `${C}/tokens/{token}` },
  { method: 'DELETE', path: `${C}/tokens/{token}` },
  { method: 'GET', path: `${C}/serviceAccounts` },
  { method: 'POST', path: `${C}/serviceAccounts`, body: 'serviceAccount' },
  { method: 'GET', path: `${C}/serviceAccounts/{serviceAccount}` },
  { method: 'PUT', path: `${C}/serviceAccounts/{serviceAccount}`, body: 'serviceAccount' },
  { method: 'DELETE', path: `${C}/serviceAccounts/{serviceAccount}` },
  { method: 'POST', path: `${C}/serviceAccounts/{serviceAccount}/revoke` },
  { method: 'POST', path: `${C}/deviceLookup/grant`, body: 'grant' },
  { method: 'GET', path: `${C}/auditTrail` },
  { method: 'GET', path: `${C}/rights` },
  { method: 'GET', path: `${C}/rights/{right}` },
  { method: 'GET', path: `${C}/roles` },
  { method: 'POST', path: `${C}/roles`, body: 'named' },
  { method: 'GET', path: `${C}/roles/{role}` },
  { method: 'PUT', path: `${C}/roles/{role}`, body: 'named' },
  { method: 'DELETE', path: `${C}/roles/{role}` },
  { method: 'GET', path: `${C}/roles/{role}/rights` },
  { method: 'PUT', path: `${C}/roles/{role}/rights`, body: 'refs' },
  { method: 'GET', path: `${C}/rightsBundles` },
  { method: 'POST', path: `${C}/rightsBundles`, body: 'named' },
  { method: 'GET', path: `${C}/rightsBundles/{rightsBundle}` },
  { method: 'PUT', path: `${C}/rightsBundles/{rightsBundle}`, body: 'named' },
  { method: 'DELETE', path: `${C}/rightsBundles/{rightsBundle}` },
  { method: 'GET', path: `${C}/rightsBundles/{rightsBundle}/rights` },
  { method: 'PUT', path: `${C}/rightsBundles/{rightsBundle}/rights`, body: 'refs' },
  { method: 'GET', path: `${C}/rightsBundles/{rightsBundle}/tenants` },
  { method: 'PUT', path: `${C}/rightsBundles/{rightsBundle}/tenants`, body: 'refs' },
  { method: 'POST', path: `${C}/rightsBundles/{rightsBundle}/tenants/publish`, body: 'refs' },
  { method: 'POST', path: `${C}/rightsBundles/{rightsBundle}/tenants/unpublish`, body: 'refs' },
  { method: 'POST', path: `${C}/rightsBundles/{rightsBundle}/tenants/publishAll` },
  { method: 'POST', path: `${C}/rightsBundles/{rightsBundle}/tenants/unpublishAll` },
  { method: 'GET', path: `${C}/users` },
  { method: 'GET', path: `${C}/users/{user}` },
  { method: 'PUT', path: `${C}/users/{user}`, body: 'user' },
  // the entity types' CloudAPI collections: each one's list (with FIQL filters, sorts and pages over its fields) and item
  { method: 'POST', path: `${C}/orgs`, body: 'named' },
  ...ENTITY_TYPES.flatMap(({ urnType, cloudApi }): Route[] => (cloudApi ? [
    { method: 'GET', path: `${C}/${cloudApi.collection}`, fields: Object.keys(cloudApi.fields) },
    { method: 'GET', path: `${C}/${cloudApi.collection}`, fields: Object.keys(cloudApi.fields) },
    { method: 'GET', path: `${C}/${cloudApi.collection}/{urn:${urnType}}` },
  ] : [])),
  { method: 'POST', path: '/oauth/tenant/{orgName}/register', body: 'register' },
  { method: 'POST', path: '/oauth/tenant/{orgName}/token', body: 'form' },
  { method: 'POST', path: '/oauth/tenant/{orgName}/device_authorization', body: 'form' },
  { method: 'POST', path: '/oauth/provider/register', body: 'register' },
  { method: 'POST', path: '/oauth/provider/token', body: 'form' },
  { method: 'POST', path: '/oauth/provider/device_authorization', body: 'form' },
  { method: 'GET', path: '/no/such/path' },

  // the inventory: VDCs, catalogs, orgs through /api/admin, tasks (networks, Edge gateways, vApps and VMs go here too)
  { method: 'GET', path: '/api/vdc/{id:vdc}' },
  { method: 'PUT', path: '/api/vdc/{id:vdc}', body: 'vdc' },
  { method: 'DELETE', path: '/api/vdc/{id:vdc}' },
  { method: 'GET', path: '/api/admin/vdc/{id:vdc}' },
  { method: 'DELETE', path: '/api/admin/vdc/{id:vdc}' },
  { method: 'POST', path: '/api/admin/vdc/{id:vdc}/action/enable' },
  { method: 'POST', path: '/api/admin/vdc/{id:vdc}/action/disable' },
  { method: 'GET', path: '/api/admin/vdc/{id:vdc}/edgeGateways' },
  { method: 'GET', path: '/api/vdcStorageProfile/{id:vdcStorageProfile}' },
  { method: 'POST', path: '/api/admin/org/{orgUuid}/vdcsparams', body: 'createVdc' },
  { method: 'GET', path: '/api/catalog/{id:catalog}' },
  { method: 'GET', path: '/api/org/{orgUuid}/catalog/{id:catalog}/controlAccess/' },
  { method: 'POST', path: '/api/admin/org/{orgUuid}/catalogs', body: 'adminCatalog' },
  { method: 'GET', path: '/api/admin/catalog/{id:catalog}' },
  { method: 'PUT', path: '/api/admin/catalog/{id:catalog}', body: 'adminCatalog' },
  { method: 'DELETE', path: '/api/admin/catalog/{id:catalog}' },
  { method: 'GET', path: '/api/catalogItem/{id:catalogItem}' },
  { method: 'PUT', path: '/api/catalogItem/{id:catalogItem}', body: 'catalogItem' },
  { method: 'DELETE', path: '/api/catalogItem/{id:catalogItem}' },
  { method: 'GET', path: '/api/vAppTemplate/{id:vAppTemplate}' },
  { method: 'GET', path: '/api/media/{id:media}' },
  { method: 'GET', path: '/api/admin/orgs' },
  { method: 'POST', path: '/api/admin/orgs', body: 'adminOrg' },
  { method: 'PUT', path: '/api/admin/org/{orgUuid}', body: 'adminOrg' },
  { method: 'POST', path: '/api/admin/org/{orgUuid}/action/enable' },
  { method: 'POST', path: '/api/admin/org/{orgUuid}/action/disable' },
  { method: 'DELETE', path: '/api/admin/org/{orgUuid}' },
  { method: 'GET', path: '/api/task/{id:task}' },
  { method: 'POST', path: '/api/task/{id:task}/action/cancel' },
  // networks and Edge gateways (entities/network/routes.ts, the VDC's lists in entities/vdc/routes.ts)
  { method: 'GET', path: '/api/admin/vdc/{id:vdc}/networks' },
  { method: 'GET', path: '/api/network/{id:network}' },
  { method: 'GET', path: '/api/admin/network/{id:network}' },
  { method: 'GET', path: '/api/network/{id:network}/allocatedAddresses' },
  { method: 'GET', path: '/api/admin/edgeGateway/{id:edgeGateway}' },
  { method: 'POST', path: '/api/admin/edgeGateway/{id:edgeGateway}/action/configureServices', body: 'edgeServices' },
  // vApps and VMs (routes/vapps.ts); DELETE of the vApp aims at the victim vApp (generate)
  { method: 'POST', path: '/api/vdc/{id:vdc}/action/instantiateVAppTemplate', body: 'instantiate' },
  { method: 'POST', path: '/api/vdc/{id:vdc}/action/composeVApp', body: 'compose' },
  { method: 'GET', path: '/api/vApp/vapp-{id:vapp}' },
  { method: 'PUT', path: '/api/vApp/vapp-{id:vapp}', body: 'vApp' },
  { method: 'DELETE', path: '/api/vApp/vapp-{id:victimVApp}' },
  { method: 'POST', path: '/api/vApp/vapp-{id:vapp}/action/recomposeVApp', body: 'recompose' },
  { method: 'GET', path: '/api/vApp/vapp-{id:vapp}/controlAccess' },
  { method: 'POST', path: '/api/vApp/vapp-{id:vapp}/action/controlAccess', body: 'controlAccess' },
  { method: 'GET', path: '/api/vApp/vm-{id:vm}' },
  { method: 'PUT', path: '/api/vApp/vm-{id:vm}', body: 'vm' },
  { method: 'DELETE', path: '/api/vApp/vm-{id:vm}' },
  { method: 'POST', path: '/api/vApp/vm-{id:vm}/action/reconfigureVm', body: 'vm' },
  { method: 'GET', path: '/api/vApp/vm-{id:vm}/virtualHardwareSection' },
  { method: 'GET', path: '/api/vApp/vapp-{id:vapp}/virtualHardwareSection' },
  ...([['virtualHardwareSection/cpu', 'rasdItem'], ['virtualHardwareSection/memory', 'rasdItem'], ['networkConnectionSection', 'networkConnections'],
    ['guestCustomizationSection', 'guestCustomization']] as const).flatMap(([section, body]): Route[] => [
    { method: 'GET', path: `/api/vApp/vm-{id:vm}/${section}` }, { method: 'PUT', path: `/api/vApp/vm-{id:vm}/${section}`, body },
  ]),
  ...['vapp-{id:vapp}', 'vm-{id:vm}'].flatMap((ref): Route[] => [
    ...['powerOn', 'powerOff', 'reset', 'suspend', 'shutdown', 'reboot', 'fly'].map((action) => ({ method: 'POST', path: `/api/vApp/${ref}/power/action/${action}` })),
    { method: 'POST', path: `/api/vApp/${ref}/action/deploy`, body: 'deploy' },
    { method: 'POST', path: `/api/vApp/${ref}/action/undeploy`, body: 'undeploy' },
    { method: 'POST', path: `/api/vApp/${ref}/action/discardSuspendedState` },
  ]),
  // every entity's metadata (routes/metadata.ts), under each prefix that serves it
  ...['/api/org/{orgUuid}', '/api/admin/org/{orgUuid}', '/api/vdc/{id:vdc}', '/api/admin/vdc/{id:vdc}', '/api/catalog/{id:catalog}',
    '/api/admin/catalog/{id:catalog}', '/api/catalogItem/{id:catalogItem}', '/api/vAppTemplate/{id:vAppTemplate}', '/api/network/{id:network}',
    '/api/admin/network/{id:network}', '/api/vApp/vapp-{id:vapp}', '/api/vApp/vm-{id:vm}'].flatMap((prefix): Route[] => [
    { method: 'GET', path: `${prefix}/metadata` },
    { method: 'POST', path: `${prefix}/metadata`, body: 'metadata' },
    { method: 'GET', path: `${prefix}/metadata/{metadataKey}` },
    { method: 'PUT', path: `${prefix}/metadata/{metadataKey}`, body: 'metadataValue' },
    { method: 'DELETE', path: `${prefix}/metadata/{metadataKey}` },
  ]),
];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const VERSIONS = ['37.0', '36.0', '39.1', '38.0', '5.1', '31.0'];
const QUERY_TYPES = ['organization', 'user', 'adminUser', 'orgVdc', 'adminOrgVdc', 'catalog', 'adminCatalog', 'catalogItem', 'adminCatalogItem',
  'vAppTemplate', 'adminVAppTemplate', 'media', 'adminMedia', 'task', 'adminTask', 'orgVdcNetwork', 'adminOrgVdcNetwork', 'edgeGateway',
  'vApp', 'adminVApp', 'vm', 'adminVM', 'nope', 'USER', ''];
const FIELDS = ['name', 'id', 'username', 'eventType', 'timestamp', 'org.name', 'isEnabled', 'readOnly', 'x.y.z', '__proto__', 'constructor',
  'vdc', 'org', 'catalog', 'catalogName', 'status', 'startDate', 'ownerName', 'href'];
const UNICODE = ['é', '日本', '\u202e', '\ud83d\ude00', '\u0000', '\uffff', 'İ', '\u200b'];
/** Text no store holds: a NUL (PostgreSQL refuses it) and unpaired surrogates (no UTF-8 form); JSON.stringify escapes them. */
const UNSTORABLE = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800', 'é\ud83d'];
/** The same, and invalid UTF-8, percent-encoded as a URL carries them (encodeURIComponent throws on a lone surrogate). */
const UNSTORABLE_ESCAPED = ['%00', 'a%00b', '%ED%A0%80', '%ED%BF%BF', '%C0%80', '%F4%90%80%80', '%FF', '%C3%28'];

const HEX = [...'0123456789abcdef'];
const uuid = (r: Random) => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => r.pick(HEX)).join('')).join('-');
const repeat = (r: Random, s: string, max: number) => s.repeat(r.int(1, max));
const deep = (n: number, leaf = '1') => '['.repeat(n) + leaf + ']'.repeat(n);

/** Text that is hostile to whatever reads it. */
function hostileString(r: Random): string {
  return r.weighted<() => string>([
    [3, () => r.pick(['', ' ', 'x', 'null', 'true', '0', '-1', 'NaN', 'Infinity'])],
    [2, () => repeat(r, 'A', 5000)],
    [2, () => r.pick(UNICODE) + repeat(r, r.pick(UNICODE), 50)],
    [2, () => r.pick(["' OR 1=1 --", '"; drop table users; --', '%00', '../../etc/passwd', '${jndi:ldap://127.0.0.1/a}', '<script>', '{{7*7}}'])],
    [1, () => repeat(r, '*', 200)],
    [1, () => '\\'.repeat(r.int(1, 9))],
  ])();
}

/** A value for an {id} in a path: mostly real, else of another type, unknown, or malformed. */
function pathId(r: Random, world: World, type: string): string {
  const real = world.victims[type];
  return r.weighted<() => string>([
    [type === 'right' ? 0 : 5, () => real ?? `urn:vcloud:${type}:${uuid(r)}`],
    [2, () => `urn:vcloud:${type}:${uuid(r)}`],
    [1, () => world.victims[r.pick(Object.keys(world.victims))]!],
    [1, () => (type === 'role' ? world.predefinedRole : uuid(r))],
    [1, () => encodeURIComponent(hostileString(r))],
    [1, () => r.pick(UNSTORABLE_ESCAPED)],
    [1, () => r.pick(['%2e%2e', '..', '%2e%2e%2f%2e%2e', '%00', '%', '%zz', `urn:vcloud:${type}:`, `urn:vcloud::${uuid(r)}`, 'a'.repeat(r.int(400, 700))])],
    [1, () => encodeURIComponent(`urn:vcloud:${type}:${uuid(r).toUpperCase()}`)],
  ])();
}

/** The world's entity of each URN type a CloudAPI collection serves (an org: the principals' own). */
const WORLD_ENTITY: Record<string, (world: World) => string | undefined> = {
  org: (world) => world.orgUuids[0], vdc: (world) => world.ids.vdc, network: (world) => world.ids.network, gateway: (world) => world.ids.edgeGateway,
};

/** A CloudAPI item's URN: mostly a real entity's, else an unknown one of the type, another type's, or malformed. */
function entityUrn(r: Random, world: World, type: string): string {
  const real = WORLD_ENTITY[type]?.(world);
  return r.weighted<() => string>([
    [5, () => (real ? `urn:vcloud:${type}:${real}` : `urn:vcloud:${type}:${uuid(r)}`)],
    [2, () => `urn:vcloud:${type}:${uuid(r)}`],
    [1, () => `urn:vcloud:${r.pick(Object.keys(WORLD_ENTITY))}:${real ?? uuid(r)}`],
    [2, () => pathId(r, world, type)],
  ])();
}

/** A method that may change what the path names: such requests aim at victims, never at the principals' own org. */
const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function fillPath(r: Random, world: World, template: string, writes: boolean): string {
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (_, slot: string, type?: string) => {
    if (slot === 'id') return r.chance(0.75) ? world.ids[type!]! : pathId(r, world, type!).replace(/^urn:vcloud:\w+:/, '');
    if (slot === 'orgUuid') {
      const [own, system] = world.orgUuids as [string, string];
      const value = r.chance(0.7) ? (writes ? r.weighted([[3, own], [1, system]]) : r.pick(world.orgUuids)) : pathId(r, world, 'org').replace(/^urn:vcloud:org:/, '');
      // a write aims at the victim org instead of the principals' own, which must stay enabled, named and theirs
      return writes ? value.replaceAll(own, world.ids.victimOrg!) : value;
    }
    if (slot === 'userUuid') return r.chance(0.6) ? world.victims.user!.split(':').pop()! : pathId(r, world, 'user');
    if (slot === 'urn') return type ? entityUrn(r, world, type) : pathId(r, world, r.pick(Object.keys(world.victims)));
    if (slot === 'orgName') return r.weighted([[6, 'FuzzOrg'], [1, 'System'], [1, 'fuzzorg'], [1, encodeURIComponent(hostileString(r))]]);
    if (slot === 'metadataKey') {
      return r.weighted([[6, () => r.pick(['k0', 'k1', 'tier'])], [1, () => `SYSTEM/${r.pick(['k0', 'x'])}`], [1, () => `GENERAL/k${r.int(0, 2)}`],
        [1, () => encodeURIComponent(hostileString(r))], [1, () => 'k'.repeat(r.int(200, 400))]])();
    }
    return pathId(r, world, slot);
  });
}

/** Path tricks: dot segments, doubled slashes, case, trailing bits. */
function mutatePath(r: Random, path: string, tags: string[]): string {
  const trick = r.pick(['dots', 'encoded-dots', 'double-slash', 'upper', 'trailing', 'matrix', 'long', 'unicode']);
  tags.push(`path:${trick}`);
  switch (trick) {
    case 'dots': return path.replace(/^\/(\w+)\//, '/$1/../$1/');
    case 'encoded-dots': return path.replace(/^\/(\w+)\//, '/$1/%2e%2e/$1/');
    case 'double-slash': return path.replace(/\//g, () => (r.chance(0.4) ? '//' : '/'));
    case 'upper': return path.toUpperCase();
    case 'trailing': return path + r.pick(['/', '//', '/.', '%20', '%00', '#frag']);
    case 'matrix': return `${path};jsessionid=${uuid(r)}`;
    case 'long': return `${path}/${'x'.repeat(r.int(100, 9000))}`;
    default: return `${path}/${encodeURIComponent(r.pick(UNICODE))}`;
  }
}

/** Hostile query strings: filters, paging and the query service's own parameters. */
function queryString(r: Random): string {
  const params: string[] = [];
  const add = (name: string, value: string) => params.push(`${name}=${encodeURIComponent(value)}`);
  for (let i = r.int(1, 4); i > 0; i--) {
    r.weighted<() => void>([
      [3, () => add('filter', r.weighted<() => string>([
        [2, () => `${r.pick(FIELDS)}==${repeat(r, '*', 300)}`],
        [2, () => `${'('.repeat(r.int(1, 2000))}name==a${')'.repeat(r.int(0, 2000))}`],
        [1, () => Array.from({ length: r.int(2, 400) }, () => `name==${r.pick(['a*', '*b', '*'])}`).join(r.pick([';', ',']))],
        [1, () => `timestamp=gt=${hostileString(r)}`],
        [1, () => `${r.pick(FIELDS)}${r.pick(['==', '!=', '=gt=', '=le=', '=x=', '='])}${hostileString(r)}`],
        [1, () => hostileString(r)],
      ])())],
      [2, () => add(r.pick(['page', 'pageSize']), r.pick(['0', '-1', '1e400', '99999999999999999999', '1.5', 'NaN', '', '2', '128', '129', '0x10', String(2 ** 53)]))],
      [1, () => add(r.pick(['sortAsc', 'sortDesc']), r.chance(0.5) ? r.pick(FIELDS) : hostileString(r))],
      [2, () => add('type', r.pick(QUERY_TYPES))],
      [1, () => add('format', r.pick(['records', 'references', 'idrecords', 'x', '']))],
      [1, () => add('fields', Array.from({ length: r.int(1, 50) }, () => r.pick(FIELDS)).join(','))],
      [1, () => params.push(r.pick(['page=1&page=2', 'filter=a&filter=b', '%zz=%zz', '&&&', '=', 'a[b]=c', '__proto__[x]=1', `x=${'%00'.repeat(20)}`]))],
      // a filter value (or another parameter) the store cannot hold, on a field most lists and query types have
      [3, () => {
        if (r.chance(0.5)) add('type', r.pick(QUERY_TYPES));
        const field = r.chance(0.8) ? r.pick(['name', 'username', 'eventType']) : r.pick(FIELDS);
        params.push(`${r.pick(['filter', 'filter', 'filter', 'sortAsc', 'fields', 'page'])}=${field}${r.pick(['==', '!=', '=ge='])}${r.pick(['', 'a', '*'])}`
          + (r.chance(0.5) ? '%00' : r.pick(UNSTORABLE_ESCAPED)));
      }],
    ])();
  }
  return `?${params.join('&')}`;
}

/** A CloudAPI list's parameters: FIQL over its fields (and some it lacks), sorts and pages, well-formed or not. */
function cloudQuery(r: Random, world: World, fields: readonly string[]): string {
  const field = () => (r.chance(0.85) ? r.pick(fields) : r.pick(FIELDS));
  const value = () => r.weighted<() => string>([
    [3, () => r.pick(['a*', '*', 'Fuzz*', '*net*', 'fuzz-net', 'FuzzVdc', 'true', 'false', '0', '10', '-1', '2026-01-01T00:00:00Z'])],
    [2, () => `urn:vcloud:${r.pick(Object.keys(WORLD_ENTITY))}:${r.chance(0.5) ? (WORLD_ENTITY.vdc!(world) ?? uuid(r)) : uuid(r)}`],
    [1, () => hostileString(r)],
  ])();
  const comparison = () => `${field()}${r.pick(['==', '!=', '=lt=', '=le=', '=gt=', '=ge='])}${value()}`;
  const expression = (depth: number): string => {
    if (depth > 2 || r.chance(0.5)) return comparison();
    const parts = Array.from({ length: r.int(2, 3) }, () => expression(depth + 1)).join(r.pick([';', ',']));
    return r.chance(0.5) ? `(${parts})` : parts;
  };
  const params: string[] = [];
  const add = (name: string, v: string) => params.push(`${name}=${encodeURIComponent(v)}`);
  if (r.chance(0.6)) add('filter', expression(0));
  if (r.chance(0.4)) add(r.pick(['sortAsc', 'sortDesc']), field());
  if (r.chance(0.5)) add('page', r.pick(['1', '2', '3', '0', '-1', '99999', '1.5', 'x']));
  if (r.chance(0.5)) add('pageSize', r.pick(['1', '2', '25', '128', '129', '0', '-5', '1e3', '']));
  if (r.chance(0.1)) params.push(r.pick(['filter=name==a&filter=name==b', 'sortAsc=name&sortDesc=name', 'page=1&page=2']));
  return params.length ? `?${params.join('&')}` : '';
}

const JSON_TYPES = ['application/json', 'application/json;charset=utf-8', 'application/*+json', 'application/vnd.vmware.vcloud.role+json'];

/** A well-formed body for the route, as a client would send it. */
function plausibleBody(r: Random, world: World, kind: BodyKind): unknown {
  const ref = () => r.pick([{ name: 'Organization: View' }, { name: 'FuzzOrg' }, { id: world.victims.org }, { name: 'vApp User' }, { id: world.predefinedRole }, { name: hostileString(r) }]);
  switch (kind) {
    case 'named': return { name: `fuzz-${r.int(0, 50)}`, description: 'fuzz', links: [{ rel: 'edit', href: 'x' }], readOnly: false, bundleKey: 'k' };
    case 'refs': return { resultTotal: 1, values: Array.from({ length: r.int(0, 3) }, ref) };
    case 'user': return { username: 'Victim', fullName: 'Fuzzed Victim', enabled: r.chance(0.8), roleEntityRefs: [ref()], email: 'v@example.com' };
    case 'serviceAccount': return { name: `fuzz-sa-${r.int(0, 20)}`, softwareId: uuid(r), role: r.pick(['vApp User', { name: 'vApp User' }, world.predefinedRole]) };
    case 'grant': return { userCode: r.pick(['BCDF-GHJK', '', hostileString(r)]) };
    case 'register': return { client_name: `fuzz-${r.int(0, 50)}`, ...(r.chance(0.3) && { software_id: uuid(r), scope: 'urn:vcloud:role:vApp%20User' }) };
    case 'form': return undefined;
  }
}

/** The same body with one field made hostile: another type, deep nesting, a huge list or string. */
function hostileValue(r: Random): unknown {
  return r.weighted<() => unknown>([
    [2, () => r.pick([null, 0, -1, 1e308, true, [], {}, [1, 2], { id: 1 }, '', 'x'])],
    [2, () => JSON.parse(deep(r.int(10, 60)))],
    [1, () => Array.from({ length: r.int(1000, 20000) }, () => ({ name: 'x' }))],
    [1, () => hostileString(r)],
    [1, () => JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')],
    [1, () => r.pick(UNSTORABLE)],
    [1, () => ({ name: r.pick(UNSTORABLE), [r.pick(UNSTORABLE)]: 'key' })],
  ])();
}

function jsonBody(r: Random, base: Record<string, unknown>, tags: string[]): string {
  const how = r.weighted<string>([[3, 'plausible'], [4, 'field'], [2, 'deep'], [1, 'wrong-root'], [2, 'invalid'], [1, 'truncated'], [1, 'huge']]);
  tags.push(`body:${how}`);
  switch (how) {
    case 'plausible': return JSON.stringify(base);
    case 'field': {
      const target = r.chance(0.3) && Array.isArray(base.values) ? (base.values as unknown[])[0] as Record<string, unknown> ?? base : base;
      target[r.chance(0.7) ? r.pick(Object.keys(target).concat('values', 'id', 'name')) : hostileString(r)] = hostileValue(r);
      return JSON.stringify(base);
    }
    case 'deep': {
      const depth = r.pick([33, 100, 6000, 50000]);
      return r.pick([
        `{"values":[{"id":${deep(depth)}}]}`, `{"roleEntityRefs":[{"id":${deep(depth)}}]}`, `{"name":"x","links":${deep(depth)}}`,
        deep(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), `{"x":"${'['.repeat(depth)}"}`,
      ]);
    }
    case 'wrong-root': return r.pick(['[]', '"text"', '42', 'null', 'true', '[{"name":"x"}]']);
    case 'invalid': return r.pick(['{', '{"a":}', "{'a':1}", '{"a":1,}', '\u0000\u0001', '\ufeff{}', '{"a":"\\ud800"}', 'NaN', '{"a":1}{"b":2}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}',
      '{"name":"\\u0000"}', '{"name":"a\\udc00b","description":"\\ud83d"}', '{"values":[{"name":"\\ud800"}]}']);
    case 'truncated': {
      const text = JSON.stringify(base);
      return text.slice(0, r.int(0, Math.max(0, text.length - 1)));
    }
    default: return JSON.stringify({ ...base, padding: 'p'.repeat(r.pick([100_000, 900_000, 1_100_000])) });
  }
}

function formBody(r: Random, world: World): string {
  const grant = r.pick(['refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:device_code', 'password', '', hostileString(r)]);
  const params = [`grant_type=${encodeURIComponent(grant)}`];
  for (const name of ['refresh_token', 'assertion', 'client_id', 'device_code']) {
    if (r.chance(0.4)) params.push(`${name}=${encodeURIComponent(r.chance(0.5) ? hostileString(r) : world.victims.token!.split(':').pop()!)}`);
  }
  if (r.chance(0.2)) params.push(r.pick(['grant_type=password', '%%%=%%%', 'a[b][c]=d', '==&&', `x=${'y'.repeat(20000)}`]));
  if (r.chance(0.15)) params.push(`${r.pick(['client_id', 'refresh_token', 'assertion', 'device_code', 'grant_type'])}=${r.pick(UNSTORABLE_ESCAPED)}`);
  return params.join('&');
}

/** Credentials: a principal's token, or garbage of many shapes. Returns the headers and whether a principal's token was used. */
function credentials(r: Random, world: World, tags: string[], allowPrincipal: boolean): string[] {
  const b64 = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc).toString('base64');
  const kind = allowPrincipal ? r.weighted<string>([[10, 'principal'], [4, 'garbage']]) : 'garbage';
  if (kind === 'principal') {
    const p = r.pick(world.principals);
    tags.push(`auth:${p.name}`);
    return r.chance(0.1) ? ['x-vcloud-authorization', p.token] : ['authorization', `Bearer ${p.token}`];
  }
  const shape = r.pick(['none', 'bearer-garbage', 'bearer-empty', 'basic-garbage', 'basic-no-at', 'basic-utf16', 'basic-victim', 'basic-long', 'scheme', 'duplicate', 'x-vcloud']);
  tags.push(`auth:${shape}`);
  switch (shape) {
    case 'none': return [];
    case 'bearer-garbage': return ['authorization', `Bearer ${r.pick([uuid(r), 'a'.repeat(r.int(1, 4000)), 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', '%00', '...'])}`];
    case 'bearer-empty': return ['authorization', r.pick(['Bearer', 'Bearer ', 'bearer  x  y'])];
    case 'basic-garbage': return ['authorization', `Basic ${r.pick(['!!!', '====', 'YQ', '%%%', b64(hostileString(r)).slice(0, 3000)])}`];
    case 'basic-no-at': return ['authorization', `Basic ${b64(r.pick(['user:pass', ':', '@:', 'a@:b', '@org:x', 'user@:x']))}`];
    case 'basic-utf16': return ['authorization', `Basic ${b64('Victim@FuzzOrg:x', 'utf16le')}`];
    case 'basic-victim': return ['authorization', `Basic ${b64(`${r.pick(['Victim', 'nobody', 'VICTIM', 'Victim\u0000'])}@${r.pick(['FuzzOrg', 'System', 'nowhere', 'FuzzOrg@System'])}:${hostileString(r).slice(0, 200)}`)}`];
    case 'basic-long': return ['authorization', `Basic ${b64(`Victim@FuzzOrg:${'p'.repeat(r.int(1000, 6000))}`)}`];
    case 'scheme': return ['authorization', r.pick(['NTLM TlRMTVNTUAABAAAAB4IIAA==', 'Negotiate x', 'Digest a=b', 'garbage', ''])];
    // Node keeps the first of duplicated Authorization headers: a principal's token goes first only where it cannot end a session
    case 'duplicate': return ['authorization', `Bearer ${allowPrincipal ? r.pick(world.principals).token : uuid(r)}`, 'authorization', 'Bearer nope'];
    default: return ['x-vcloud-authorization', r.pick(['', 'garbage', uuid(r)])];
  }
}

function accept(r: Random, tags: string[]): string[] {
  const how = r.weighted<string>([[8, 'valid'], [1, 'none'], [1, 'version'], [1, 'garbage'], [1, 'duplicate']]);
  if (how !== 'valid') tags.push(`accept:${how}`);
  const valid = () => `${r.pick(['application/*+xml', 'application/json', 'application/*+json', 'application/*', 'application/vnd.vmware.vcloud.org+xml'])};version=${r.pick(VERSIONS)}`;
  switch (how) {
    case 'valid': return ['accept', valid()];
    case 'none': return [];
    case 'version': return ['accept', `application/*+xml;version=${r.pick(['', '99.0', '37.0x', '"37.0"', '1', '-1', '37.0.0-alpha', '%00', 'a'.repeat(3000), '37.0;version=36.0'])}`];
    case 'garbage': return ['accept', r.pick(['*/*', 'text/html', ',,,;;;', `${'application/json;q=0.1,'.repeat(500)}`, 'application/json;version=37.0;'.repeat(100), hostileString(r)])];
    default: return ['accept', valid(), 'accept', valid()];
  }
}

/** Other headers: tenant context, client request id, Host, padding, many headers. */
function extraHeaders(r: Random, world: World, tags: string[]): string[] {
  if (!r.chance(0.35)) return [];
  const how = r.pick(['tenant-context', 'client-id', 'huge', 'many', 'forwarded', 'content-length']);
  tags.push(`header:${how}`);
  switch (how) {
    case 'tenant-context': return ['x-vmware-vcloud-tenant-context', r.pick([world.victims.org!, world.victims.org!.split(':').pop()!, 'garbage', uuid(r), 'urn:vcloud:org:', hostileString(r)])];
    case 'client-id': return ['x-vmware-vcloud-client-request-id', r.chance(0.5) ? 'x'.repeat(r.int(100, 8000)) : hostileString(r)];
    case 'huge': return ['x-padding', 'p'.repeat(r.pick([4000, 12000, 70000]))];
    case 'many': return Array.from({ length: r.int(50, 300) }, (_, i) => [`x-junk-${i}`, 'v']).flat();
    case 'forwarded': return ['x-forwarded-for', hostileString(r), 'x-forwarded-proto', r.pick(['https', 'gopher', '']), 'x-forwarded-host', hostileString(r)];
    default: return ['content-type', r.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'])];
  }
}

/** Requests only a raw socket can send: control characters, broken framing, garbled lines. */
function rawRequest(r: Random, world: World, tags: string[]): FuzzRequest {
  const token = r.pick(world.principals).token;
  const how = r.pick(['nul-path', 'ctl-header', 'obs-fold', 'cl-te', 'bad-cl', 'http10', 'garbage', 'space-path', 'lf-only', 'unicode-path', 'host', 'host']);
  tags.push(`raw:${how}`);
  const auth = `Authorization: Bearer ${token}\r\nAccept: application/*+xml;version=37.0\r\n`;
  const bytes: Record<string, string> = {
    'nul-path': `GET /api/org/\u0000x HTTP/1.1\r\nHost: h\r\n${auth}\r\n`,
    'ctl-header': `GET /api/org HTTP/1.1\r\nHost: h\r\n${auth}X-Bad: a\u0001\u0007b\r\n\r\n`,
    'obs-fold': `GET /api/org HTTP/1.1\r\nHost: h\r\n${auth}X-Folded: a\r\n b\r\n\r\n`,
    'cl-te': `POST ${C}/roles HTTP/1.1\r\nHost: h\r\n${auth}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    'bad-cl': `POST ${C}/roles HTTP/1.1\r\nHost: h\r\n${auth}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{}`,
    http10: `GET /api/versions HTTP/1.0\r\n\r\n`,
    garbage: `X ${hostileString(r).replace(/[\r\n]/g, '')}\r\n\r\n`,
    'space-path': `GET /api/org /x HTTP/1.1\r\nHost: h\r\n${auth}\r\n`,
    'lf-only': `GET /api/versions HTTP/1.1\nHost: h\n\n`,
    'unicode-path': `GET /api/org/${r.pick(UNICODE)} HTTP/1.1\r\nHost: h\r\n${auth}\r\n`,
    // the Host header makes every href; the query service and paged lists build URLs from it
    host: `GET ${r.pick(['/api/query?type=user&page=1', `${C}/roles?page=1&pageSize=1`, '/api/org', '/api/versions'])} HTTP/1.1\r\nHost: ${r.pick(['', 'exa mple', '[::1', 'a'.repeat(300), 'localhost:99999', 'user@host', 'h/o/s/t', '%00', '..', 'h:x'])}\r\n${auth}Connection: close\r\n\r\n`,
  };
  return { method: 'RAW', path: '', headers: [], body: bytes[how], raw: true, tags };
}

/** One generated request. */
export function generate(r: Random, world: World): FuzzRequest {
  const tags: string[] = [];
  if (r.chance(0.02)) return rawRequest(r, world, tags);
  const route = r.pick(ROUTES);
  const method = r.chance(0.85) ? route.method : r.pick(METHODS);
  if (method !== route.method) tags.push(`method:${method}`);
  // the vApp the routes work on outlives the run: a DELETE (the route's or a changed method) aims at the victim vApp
  const template = method === 'DELETE' ? route.path.replace('{id:vapp}', '{id:victimVApp}') : route.path;
  let path = fillPath(r, world, template, WRITES.has(method));
  if (r.chance(0.1)) path = mutatePath(r, path, tags);
  if (route.fields && r.chance(0.8)) path += cloudQuery(r, world, route.fields);
  else if (r.chance(0.3) || route.path === '/api/query') path += queryString(r);

  // A changed method can make a route one that ends the caller's session (GET → DELETE /api/session).
  const spendsSession = route.spendsSession || (method === 'DELETE' && /session/i.test(route.path));
  const headers = [...accept(r, tags), ...credentials(r, world, tags, !spendsSession), ...extraHeaders(r, world, tags)];
  let body: string | undefined;
  const kind = route.body ?? (r.chance(0.1) ? 'named' : undefined);
  if (kind && method !== 'GET' && method !== 'HEAD') {
    const contentType = r.weighted<string>([[10, 'json'], [kind in DOCUMENTS ? 10 : 1, 'xml'], [1, 'other']]);
    if (kind in DOCUMENTS) {
      const doc = DOCUMENTS[kind as DocumentName];
      const tree = doc.plausible(r, world);
      const format = contentType === 'other' ? r.pick(['xml', 'json']) : contentType;
      // mostly the media type the route consumes; else another family's, or a generic one
      const family = r.chance(0.9) ? doc.family : r.pick(Object.values(DOCUMENTS)).family;
      headers.push('content-type', contentType === 'other' ? r.pick([`application/${format}`, `application/vnd.vmware.${family}`, 'text/plain', ''])
        : `application/vnd.vmware.${family}+${format}${r.chance(0.2) ? ';version=37.0' : ''}`);
      body = format === 'xml' ? xmlDocument(r, doc, tree, () => hostileString(r), tags) : jsonBody(r, tree, tags);
    } else if (kind === 'form' && contentType === 'json') {
      headers.push('content-type', 'application/x-www-form-urlencoded');
      body = formBody(r, world);
    } else if (contentType === 'json') {
      headers.push('content-type', r.chance(0.9) ? 'application/json' : r.pick(JSON_TYPES));
      body = jsonBody(r, plausibleBody(r, world, kind as BodyKind) as Record<string, unknown> | undefined ?? {}, tags);
    } else if (contentType === 'xml') {
      tags.push('body:xml');
      headers.push('content-type', r.pick(['application/xml', 'application/vnd.vmware.vcloud.role+xml', 'text/xml']));
      body = hostileXml(r);
    } else {
      tags.push('body:content-type');
      headers.push('content-type', r.pick(['text/plain', 'application/octet-stream', 'multipart/form-data; boundary=zz', 'application/x-www-form-urlencoded', '', 'json']));
      body = r.pick(['{"name":"x"}', 'a=b&c=d', '--zz\r\n\r\n--zz--', '\u0000\u0000']);
    }
  }
  return { method, path, headers, body, tags };
}
