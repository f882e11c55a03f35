// The seed file (YAML, so JSON too): read, checked against a JSON schema and for its cross-references
// (roles users hold, rights, orgs bundles are published to, the VDC, template and networks of a vApp, and
// whether the running vApps fit their VDC and their addresses the pools) in one pass, before anything is written.
// Every problem is reported at once, each with its path in the file and, where there is a list, the choices.
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import type { UserSpec } from './services/identity.ts';
import type { SeedBundle } from './services/rights-bundles.ts';
import type { SeedRole } from './services/roles.ts';
import { declaredTemplateVms, declaredVm, type SeedCatalog, type SeedTemplateVm } from './entities/catalog/service.ts';
import { VM_LIMITS, type SeedVApp } from './entities/vapp/service.ts';
import { VCPU_MHZ } from './entities/vapp/type.ts';
import { parseIpv4 } from './ipv4.ts';
import { ALL_RIGHTS } from './inventory/rights-catalogue.ts';
import { isProviderRole, isSystemOrgName } from './inventory/policy.ts';
import { SYSTEM_ORG } from './inventory/principal.ts';
import { PREDEFINED_ROLES } from './services/roles-catalogue.ts';
import { ALLOCATION_MODELS, vdcSpecProblems, type VdcSpec } from './entities/vdc/service.ts';
import { FENCE_MODES, networkSpecProblems, PREFIX_LENGTH, type NetworkSpec } from './entities/network/service.ts';
import type { EdgeGatewaySpec } from './entities/edge-gateway/service.ts';
import { declaredSubnets, MAX_SUBNETS, subnetProblems, type ExternalNetworkDeclaration } from './entities/external-network/service.ts';
import type { NetworkPoolSpec, NsxtManagerSpec, ProviderVdcSpec, VirtualCenterSpec } from './entities/provider-vdc/service.ts';

/** A VDC as the seed file declares it: with its Edge gateways and the networks routed through them. */
export interface SeedVdc extends VdcSpec {
  /** the provider VDC it draws on, by name: the file's or one the store has */
  providerVdc?: string;
  edgeGateways?: EdgeGatewaySpec[];
  networks?: NetworkSpec[];
}

export interface SeedFile {
  system?: { users?: UserSpec[]; roles?: SeedRole[] };
  /** the provider's backing, applied before the orgs: vCenters, NSX-T managers, network pools, provider VDCs */
  virtualCenters?: VirtualCenterSpec[];
  nsxTManagers?: NsxtManagerSpec[];
  networkPools?: NetworkPoolSpec[];
  providerVdcs?: ProviderVdcSpec[];
  /** each on a Tier-0 router of a declared NSX-T manager */
  externalNetworks?: ExternalNetworkDeclaration[];
  /** roles are applied before users, so users may hold them */
  orgs?: Array<{
    name: string; fullName?: string; description?: string; roles?: SeedRole[]; users?: UserSpec[]; vdcs?: SeedVdc[]; catalogs?: SeedCatalog[];
    /** applied after the VDCs and catalogs they name; owned by the org's first user */
    vapps?: SeedVApp[];
  }>;
  /** applied after the orgs; publishTo names orgs, or 'all' */
  rightsBundles?: SeedBundle[];
}

const name = { type: 'string', minLength: 1 };
const text = { type: 'string' };
const rights = { type: 'array', items: name };
const record = (properties: Record<string, object>, required: string[] = []) =>
  ({ type: 'object', additionalProperties: false, required, properties });
const user = record({ name, password: name, role: name, fullName: text, email: text }, ['name']);
const role = record({ name, description: text, rights }, ['name']);
const size = { type: 'integer', minimum: 0 };
const storageProfile = record({ name, limitMb: size, default: { type: 'boolean' }, enabled: { type: 'boolean' } }, ['name', 'limitMb']);
const ipRange = record({ start: name, end: name }, ['start', 'end']);
const edgeGateway = record({ name, description: text }, ['name']);
const network = record({
  name, description: text, fenceMode: { enum: [...FENCE_MODES] }, edgeGateway: name, gateway: name,
  prefixLength: { type: 'integer', minimum: PREFIX_LENGTH.min, maximum: PREFIX_LENGTH.max },
  ipRanges: { type: 'array', items: ipRange }, dns1: name, dns2: name, dnsSuffix: text, shared: { type: 'boolean' },
}, ['name', 'fenceMode', 'gateway', 'prefixLength']);
const names = { type: 'array', items: name };
const virtualCenter = record({
  name, description: text, url: name, username: name, enabled: { type: 'boolean' },
  resourcePools: { type: 'array', minItems: 1, items: record({ name, cpuMhz: size, memoryMb: size }, ['name', 'cpuMhz', 'memoryMb']) },
  storageProfiles: { type: 'array', minItems: 1, items: record({ name, totalMb: size }, ['name', 'totalMb']) },
}, ['name', 'resourcePools', 'storageProfiles']);
const nsxTManager = record({ name, description: text, url: name, tier0Routers: names, edgeClusters: names, transportZones: names }, ['name']);
const networkPool = record({ name, description: text, nsxTManager: name, transportZone: name }, ['name', 'nsxTManager', 'transportZone']);
const externalNetwork = record({
  name, description: text, nsxTManager: name, tier0Router: name,
  subnets: {
    type: 'array', minItems: 1, maxItems: MAX_SUBNETS,
    items: record({
      gateway: name, prefixLength: { type: 'integer', minimum: PREFIX_LENGTH.min, maximum: PREFIX_LENGTH.max },
      dns1: name, dns2: name, dnsSuffix: text, enabled: { type: 'boolean' }, ipRanges: { type: 'array', items: ipRange },
    }, ['gateway', 'prefixLength']),
  },
}, ['name', 'nsxTManager', 'tier0Router', 'subnets']);
const providerVdc = record({
  name, description: text, virtualCenter: name, resourcePool: name, storageProfiles: { type: 'array', minItems: 1, items: name },
  nsxTManager: name, networkPool: name, enabled: { type: 'boolean' },
}, ['name', 'virtualCenter', 'resourcePool', 'storageProfiles']);
const vdc = record({
  name, description: text, allocationModel: { enum: [...ALLOCATION_MODELS] }, providerVdc: name,
  cpuLimitMhz: size, cpuAllocatedMhz: size, cpuReservedMhz: size, memoryLimitMb: size, memoryAllocatedMb: size, memoryReservedMb: size,
  nicQuota: size, networkQuota: size, vmQuota: size, enabled: { type: 'boolean' },
  storageProfiles: { type: 'array', minItems: 1, items: storageProfile },
  edgeGateways: { type: 'array', items: edgeGateway }, networks: { type: 'array', items: network },
}, ['name', 'allocationModel', 'storageProfiles']);
const count = (minimum: number) => ({ type: 'integer', minimum });
const vm = record({ name, cpus: count(1), coresPerSocket: count(1), memoryMb: count(4), diskMb: count(1), osType: name, network: name }, ['name']);
const template = record({ name, description: text, vms: { type: 'array', items: vm } }, ['name']);
const medium = record({ name, description: text, sizeMb: count(0), imageType: { enum: ['iso', 'floppy'] } }, ['name', 'sizeMb']);
const catalog = record({ name, description: text, templates: { type: 'array', items: template }, media: { type: 'array', items: medium } }, ['name']);
const vapp = record({
  name, description: text, vdc: name, catalog: name, template: name, vms: { type: 'array', minItems: 1, maxItems: VM_LIMITS.vms, items: vm },
  deploy: { type: 'boolean' }, powerOn: { type: 'boolean' }, network: name,
}, ['name', 'vdc']);

const SEED_SCHEMA = record({
  system: record({ users: { type: 'array', items: user }, roles: { type: 'array', items: role } }),
  virtualCenters: { type: 'array', items: virtualCenter },
  nsxTManagers: { type: 'array', items: nsxTManager },
  networkPools: { type: 'array', items: networkPool },
  providerVdcs: { type: 'array', items: providerVdc },
  externalNetworks: { type: 'array', items: externalNetwork },
  orgs: {
    type: 'array',
    items: record({
      name, fullName: text, description: text, roles: { type: 'array', items: role }, users: { type: 'array', items: user },
      vdcs: { type: 'array', items: vdc }, catalogs: { type: 'array', items: catalog }, vapps: { type: 'array', items: vapp },
    }, ['name']),
  },
  rightsBundles: {
    type: 'array',
    // publishTo: "all" or org names; a string other than "all" is caught with the cross-references
    items: record({ name, description: text, rights, publishTo: { type: ['string', 'array'], items: name } }, ['name']),
  },
});

const validate = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true }).compile<SeedFile>(SEED_SCHEMA);

export class SeedFileError extends Error {
  override name = 'SeedFileError';
}

/** /orgs/1/users/0/role → orgs[1].users[0].role */
const pathOf = (pointer: string, key?: string) =>
  [...pointer.split('/').slice(1), ...(key === undefined ? [] : [key])]
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') || '(top level)';

const choices = (names: Iterable<string>) => [...names].map((n) => JSON.stringify(n)).join(', ');

function schemaProblem(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `${pathOf(e.instancePath, e.params.additionalProperty)}: unknown key (valid keys: ${Object.keys(e.parentSchema?.properties ?? {}).join(', ')})`;
    case 'enum':
      return `${pathOf(e.instancePath)}: must be one of ${choices(e.params.allowedValues as string[])}`;
    case 'required':
      return `${pathOf(e.instancePath, e.params.missingProperty)}: missing`;
    case 'type':
      return `${pathOf(e.instancePath)}: must be ${[e.params.type].flat().join(' or ').replace('array', 'a list').replace('object', 'a mapping')}`;
    default:
      return `${pathOf(e.instancePath)}: ${e.message}`;
  }
}

/** The roles a user of an org may hold: the predefined ones (the provider's only in System) and the org's own. */
function rolesFor(orgName: string, seedRoles: SeedRole[] | undefined): string[] {
  const system = isSystemOrgName(orgName);
  return [...PREDEFINED_ROLES.filter((r) => system || !isProviderRole(r.name)).map((r) => r.name), ...(seedRoles ?? []).map((r) => r.name)];
}

/** What the schema cannot say: names that must exist elsewhere in the file, the catalogues or the store. */
function crossReferenceProblems(seed: SeedFile, knownOrgs: readonly string[], knownProviderVdcs: readonly string[]): string[] {
  const problems: string[] = [...providerProblems(seed)];
  const knownRights = new Set(ALL_RIGHTS);
  const checkRights = (path: string, names: string[] | undefined) => names?.forEach((right, i) => {
    if (!knownRights.has(right)) problems.push(`${path}.rights[${i}]: unknown right ${JSON.stringify(right)} (see GET /cloudapi/1.0.0/rights)`);
  });
  const orgs = [
    { path: 'system', name: SYSTEM_ORG, roles: seed.system?.roles, users: seed.system?.users },
    ...(seed.orgs ?? []).map((o, i) => ({ path: `orgs[${i}]`, ...o })),
  ];
  for (const org of orgs) {
    org.roles?.forEach((r, i) => checkRights(`${org.path}.roles[${i}]`, r.rights));
    const valid = rolesFor(org.name, org.roles);
    org.users?.forEach((u, i) => {
      if (u.role !== undefined && !valid.includes(u.role)) {
        problems.push(`${org.path}.users[${i}].role: unknown role ${JSON.stringify(u.role)} in org ${org.name} (valid roles: ${choices(valid)})`);
      }
    });
  }
  const providerVdcs = [...new Set([...(seed.providerVdcs ?? []).map((p) => p.name), ...knownProviderVdcs])];
  seed.orgs?.forEach((o, i) => {
    const names = (o.vdcs ?? []).map((v) => v.name.toLowerCase());
    o.vdcs?.forEach((v, j) => {
      if (names.indexOf(v.name.toLowerCase()) !== j) problems.push(`orgs[${i}].vdcs[${j}].name: VDC ${JSON.stringify(v.name)} is declared twice in org ${o.name}`);
      if (v.providerVdc !== undefined && !providerVdcs.some((p) => p.toLowerCase() === v.providerVdc!.toLowerCase())) {
        problems.push(`orgs[${i}].vdcs[${j}].providerVdc: unknown provider VDC ${JSON.stringify(v.providerVdc)} (valid provider VDCs: ${choices(providerVdcs) || 'none declared'})`);
      }
      for (const p of vdcSpecProblems(v)) problems.push(`orgs[${i}].vdcs[${j}]: ${p}`);
    });
    problems.push(...networkProblems(`orgs[${i}]`, o.name, o.vdcs ?? []));
    problems.push(...vappProblems(`orgs[${i}]`, o));
  });
  // Bundles are published to tenant orgs: the file's own, and those the store has (or is about to have).
  const tenants = [...new Set([...knownOrgs, ...(seed.orgs ?? []).map((o) => o.name)])]
    .filter((o) => !isSystemOrgName(o));
  const tenantKeys = new Set(tenants.map((o) => o.toLowerCase()));
  seed.rightsBundles?.forEach((b, i) => {
    checkRights(`rightsBundles[${i}]`, b.rights);
    if (typeof b.publishTo === 'string' && b.publishTo !== 'all') {
      problems.push(`rightsBundles[${i}].publishTo: must be "all" or a list of org names`);
    } else if (Array.isArray(b.publishTo)) {
      b.publishTo.forEach((org, j) => {
        if (!tenantKeys.has(org.toLowerCase())) problems.push(`rightsBundles[${i}].publishTo[${j}]: unknown org ${JSON.stringify(org)} (valid orgs: ${choices(tenants)}; or publishTo: all)`);
      });
    }
  });
  return problems;
}

/**
 * The provider's backing: names unique in each list (and a vCenter's pools and profiles in it); a network pool on a
 * declared NSX-T manager's transport zone; a provider VDC on a declared vCenter's resource pool and storage profiles,
 * with a declared NSX-T manager and network pool.
 */
function providerProblems(seed: SeedFile): string[] {
  const problems: string[] = [];
  const find = <T extends { name: string }>(list: readonly T[] | undefined, n: string) => list?.find((x) => x.name.toLowerCase() === n.toLowerCase());
  const unique = (path: string, what: string, list: ReadonlyArray<string> | undefined) => {
    const keys = (list ?? []).map((n) => n.toLowerCase());
    keys.forEach((k, i) => { if (keys.indexOf(k) !== i) problems.push(`${path}[${i}]: ${what} ${JSON.stringify(list![i])} is declared twice`); });
  };
  const refer = (path: string, what: string, n: string, valid: ReadonlyArray<string>) => {
    if (!valid.some((v) => v.toLowerCase() === n.toLowerCase())) problems.push(`${path}: unknown ${what} ${JSON.stringify(n)} (valid: ${choices(valid) || 'none declared'})`);
  };
  unique('virtualCenters', 'vCenter', seed.virtualCenters?.map((v) => v.name));
  seed.virtualCenters?.forEach((v, i) => {
    unique(`virtualCenters[${i}].resourcePools`, 'resource pool', v.resourcePools.map((p) => p.name));
    unique(`virtualCenters[${i}].storageProfiles`, 'storage profile', v.storageProfiles.map((p) => p.name));
  });
  unique('nsxTManagers', 'NSX-T manager', seed.nsxTManagers?.map((m) => m.name));
  seed.nsxTManagers?.forEach((m, i) => {
    for (const key of ['tier0Routers', 'edgeClusters', 'transportZones'] as const) unique(`nsxTManagers[${i}].${key}`, 'name', m[key]);
  });
  const managers = (seed.nsxTManagers ?? []).map((m) => m.name);
  unique('networkPools', 'network pool', seed.networkPools?.map((p) => p.name));
  seed.networkPools?.forEach((p, i) => {
    const manager = find(seed.nsxTManagers, p.nsxTManager);
    if (!manager) refer(`networkPools[${i}].nsxTManager`, 'NSX-T manager', p.nsxTManager, managers);
    else refer(`networkPools[${i}].transportZone`, `transport zone of ${manager.name}`, p.transportZone, manager.transportZones ?? []);
  });
  unique('providerVdcs', 'provider VDC', seed.providerVdcs?.map((p) => p.name));
  seed.providerVdcs?.forEach((p, i) => {
    const path = `providerVdcs[${i}]`;
    const vc = find(seed.virtualCenters, p.virtualCenter);
    if (!vc) {
      refer(`${path}.virtualCenter`, 'vCenter', p.virtualCenter, (seed.virtualCenters ?? []).map((v) => v.name));
    } else {
      refer(`${path}.resourcePool`, `resource pool of ${vc.name}`, p.resourcePool, vc.resourcePools.map((r) => r.name));
      p.storageProfiles.forEach((s, j) => refer(`${path}.storageProfiles[${j}]`, `storage profile of ${vc.name}`, s, vc.storageProfiles.map((r) => r.name)));
      unique(`${path}.storageProfiles`, 'storage profile', p.storageProfiles);
    }
    if (p.nsxTManager !== undefined) refer(`${path}.nsxTManager`, 'NSX-T manager', p.nsxTManager, managers);
    if (p.networkPool !== undefined) refer(`${path}.networkPool`, 'network pool', p.networkPool, (seed.networkPools ?? []).map((n) => n.name));
  });
  unique('externalNetworks', 'external network', seed.externalNetworks?.map((n) => n.name));
  const tier0s = new Map<string, number>();
  seed.externalNetworks?.forEach((n, i) => {
    const path = `externalNetworks[${i}]`;
    const manager = find(seed.nsxTManagers, n.nsxTManager);
    if (!manager) refer(`${path}.nsxTManager`, 'NSX-T manager', n.nsxTManager, managers);
    else refer(`${path}.tier0Router`, `Tier-0 router of ${manager.name}`, n.tier0Router, manager.tier0Routers ?? []);
    const key = `${n.nsxTManager.toLowerCase()}/${n.tier0Router.toLowerCase()}`;
    const first = tier0s.get(key);
    if (first !== undefined) problems.push(`${path}.tier0Router: ${JSON.stringify(n.tier0Router)} already backs externalNetworks[${first}]`);
    else tier0s.set(key, i);
    for (const p of subnetProblems(declaredSubnets(n))) problems.push(`${path}.${p.at}: ${p.problem}`);
  });
  return problems;
}

/** An org's gateways and networks: names unique in the org, each network's own problems, gateways of its VDC. */
function networkProblems(orgPath: string, orgName: string, vdcs: SeedVdc[]): string[] {
  const problems: string[] = [];
  const seen = { gateway: new Map<string, string>(), network: new Map<string, string>() };
  const once = (kind: 'gateway' | 'network', path: string, name: string) => {
    const first = seen[kind].get(name.toLowerCase());
    if (first !== undefined) problems.push(`${path}.name: ${kind === 'gateway' ? 'Edge gateway' : 'network'} ${JSON.stringify(name)} is declared twice in org ${orgName} (first at ${first})`);
    else seen[kind].set(name.toLowerCase(), path);
  };
  vdcs.forEach((v, j) => {
    const vdcPath = `${orgPath}.vdcs[${j}]`;
    v.edgeGateways?.forEach((g, k) => once('gateway', `${vdcPath}.edgeGateways[${k}]`, g.name));
    const gateways = (v.edgeGateways ?? []).map((g) => g.name);
    v.networks?.forEach((n, k) => {
      const path = `${vdcPath}.networks[${k}]`;
      once('network', path, n.name);
      for (const p of networkSpecProblems(n, gateways)) problems.push(`${path}${p.at ? `.${p.at}` : ''}: ${p.problem}`);
    });
  });
  return problems;
}

type SeedOrg = NonNullable<SeedFile['orgs']>[number];

/**
 * An org's vApps: a VDC of the org, a template of its catalogs or VMs of their own (one or the other),
 * networks of the VDC, names unique in their VDC; the running ones within their VDC's CPU and memory
 * limits, and every POOL address within its network's pool (what the file asks of each VDC and network).
 */
function vappProblems(orgPath: string, org: SeedOrg): string[] {
  const problems: string[] = [];
  const find = <T extends { name: string }>(list: readonly T[] | undefined, n: string) => list?.find((x) => x.name.toLowerCase() === n.toLowerCase());
  const names = (list: ReadonlyArray<{ name: string }> | undefined) => choices((list ?? []).map((x) => x.name)) || 'none declared';
  const seen = new Map<string, string>();
  const demand = new Map<SeedVdc, { cpuMhz: number; memoryMb: number }>();
  const addresses = new Map<string, number>();
  org.vapps?.forEach((v, k) => {
    const path = `${orgPath}.vapps[${k}]`;
    const vdc = find(org.vdcs, v.vdc);
    if (!vdc) {
      problems.push(`${path}.vdc: unknown VDC ${JSON.stringify(v.vdc)} in org ${org.name} (valid VDCs: ${names(org.vdcs)})`);
      return;
    }
    const key = `${vdc.name.toLowerCase()}/${v.name.toLowerCase()}`;
    if (seen.has(key)) problems.push(`${path}.name: vApp ${JSON.stringify(v.name)} is declared twice in VDC ${vdc.name} (first at ${seen.get(key)})`);
    else seen.set(key, path);
    const network = (at: string, n: string | undefined) => {
      if (n !== undefined && !find(vdc.networks, n)) problems.push(`${at}: unknown network ${JSON.stringify(n)} in VDC ${vdc.name} (valid networks: ${names(vdc.networks)})`);
    };
    network(`${path}.network`, v.network);
    let vms: SeedTemplateVm[] = [];
    if (v.vms) {
      if (v.catalog !== undefined || v.template !== undefined) problems.push(`${path}: a vApp comes from a template (catalog, template) or declares its vms, not both`);
      v.vms.forEach((vm, m) => network(`${path}.vms[${m}].network`, vm.network));
      vms = v.vms;
    } else if (v.catalog === undefined || v.template === undefined) {
      problems.push(`${path}.${v.catalog === undefined ? 'catalog' : 'template'}: missing (a vApp comes from a template, by catalog and template, or declares its vms)`);
    } else {
      const catalog = find(org.catalogs, v.catalog);
      const template = catalog && find(catalog.templates, v.template);
      if (!catalog) problems.push(`${path}.catalog: unknown catalog ${JSON.stringify(v.catalog)} in org ${org.name} (valid catalogs: ${names(org.catalogs)})`);
      else if (!template) problems.push(`${path}.template: unknown template ${JSON.stringify(v.template)} in catalog ${catalog.name} (valid templates: ${names(catalog.templates)})`);
      else vms = declaredTemplateVms(template);
    }
    const sized = vms.map((vm) => declaredVm(vm, ''));
    if (v.powerOn || v.deploy) {
      const d = demand.get(vdc) ?? { cpuMhz: 0, memoryMb: 0 };
      for (const vm of sized) { d.cpuMhz += vm.cpus * VCPU_MHZ; d.memoryMb += vm.memoryMb; }
      demand.set(vdc, d);
    }
    for (const vm of sized) {
      const on = v.network ?? vm.network;
      const net = on === undefined ? undefined : find(vdc.networks, on);
      if (net) addresses.set(net.name, (addresses.get(net.name) ?? 0) + 1);
    }
  });
  for (const [vdc, d] of demand) {
    if (vdc.allocationModel === 'AllocationVApp') continue; // pay-as-you-go: no limits
    const limits = [['CPU', d.cpuMhz, vdc.cpuLimitMhz ?? 0, 'MHz'], ['memory', d.memoryMb, vdc.memoryLimitMb ?? 0, 'MB']] as const;
    for (const [what, asked, limit, unit] of limits) {
      if (limit > 0 && asked > limit) problems.push(`${orgPath}.vapps: the running vApps of VDC ${vdc.name} need ${asked} ${unit} of ${what}, over its limit of ${limit} ${unit}`);
    }
  }
  for (const [name, needed] of addresses) {
    const net = org.vdcs!.flatMap((v) => v.networks ?? []).find((n) => n.name === name)!;
    const size = (net.ipRanges ?? []).reduce((a, r) => a + Math.max(0, (parseIpv4(r.end) ?? 0) - (parseIpv4(r.start) ?? 0) + 1), 0);
    if (needed > size) problems.push(`${orgPath}.vapps: the VMs need ${needed} addresses of network ${name}, whose static IP pool holds ${size}`);
  }
  return problems;
}

/**
 * Reads and checks a seed file. `knownOrgs` are the tenant orgs a bundle may be published to besides the
 * file's own, `knownProviderVdcs` the provider VDCs its org VDCs may draw on besides the file's own. Throws a
 * SeedFileError naming the file and every problem, so nothing is half-applied.
 */
export async function readSeed(file: string, knownOrgs: readonly string[], knownProviderVdcs: readonly string[] = []): Promise<SeedFile> {
  const fail = (problems: string[]): never => {
    throw new SeedFileError(`seed file ${file} is invalid, nothing was written: ${problems.join('; ')}`);
  };
  const source = await readFile(file, 'utf8').catch((err: Error) => {
    throw new SeedFileError(`seed file ${file} cannot be read: ${err.message}`);
  });
  let doc: unknown;
  try {
    doc = parse(source);
  } catch (err) {
    return fail([(err as Error).message]); // YAML syntax, with line and column
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return fail(['must be a mapping (system, orgs, rightsBundles, virtualCenters, nsxTManagers, networkPools, providerVdcs, externalNetworks)']);
  if (!validate(doc)) return fail((validate.errors ?? []).map(schemaProblem));
  const problems = crossReferenceProblems(doc, knownOrgs, knownProviderVdcs);
  return problems.length ? fail(problems) : doc;
}
