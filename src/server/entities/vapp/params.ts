// The bodies clients send about vApps and VMs, read from XML or VCD JSON: InstantiateVAppTemplateParams
// and ComposeVAppParams (as pyvcloud's instantiate_vapp and go-vcloud-director build them), Deploy- and
// UndeployVAppParams, a VApp or RecomposeVAppParams naming the vApp anew, a RASD item (CPU, memory), a
// NetworkConnectionSection, a GuestCustomizationSection, a Vm (reconfigureVm) and ControlAccessParams.
// Bounds are checked here or in the service; what is malformed is a 400 naming it.
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { prefixOfNetmask } from '../../ipv4.ts';
import { ACCESS_LEVELS, type AccessLevel } from '../../inventory/policy.ts';
import {
  IP_MODES, NO_NETWORK, type GuestSpec, type IpMode, type NicSpec, type Recomposition, type SourcedItem, type VAppCreation, type VAppNetworkSpec, type VAppSubnet, type VmChanges,
} from './model.ts';
import { UNDEPLOY_ACTIONS, type UndeployAction } from './power.ts';
import type { Element } from '../../representation/element.ts';
import { attr, child, childBoolean, childrenNamed, childText } from '../../representation/read.ts';

const NAME_MAX = 128;
const TEXT_MAX = 64 * 1024;

/** xs:boolean in an attribute; absent: the default. */
function boolAttr(e: Element, name: string, fallback: boolean): boolean {
  const v = attr(e, name)?.trim();
  if (v === undefined || v === '') return fallback;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw errors.badRequest(`${name} must be true or false, not "${v}".`);
}

function name(e: Element, what: string): string {
  const n = attr(e, 'name')?.trim();
  if (!n) throw errors.badRequest(`The ${what} has no name.`);
  if (n.length > NAME_MAX) throw errors.badRequest(`The ${what}'s name is longer than ${NAME_MAX} characters.`);
  return n;
}

function text(e: Element, element: string, max = TEXT_MAX): string | undefined {
  const t = childText(e, element);
  if (t !== undefined && t.length > max) throw errors.badRequest(`${element} is longer than ${max} characters.`);
  return t;
}

/** A whole number of at most `digits` digits (a disk's bytes need 15; counts and MB fit in 9). */
export function int(e: Element | undefined, element: string, digits = 9): number | undefined {
  const t = e && childText(e, element)?.trim();
  if (t === undefined || t === '') return undefined;
  if (!new RegExp(`^\\d{1,${digits}}$`).test(t)) throw errors.badRequest(`${element} must be a whole number, not "${t.slice(0, 32)}".`);
  return Number(t);
}

/** The uuid an href names after `prefix` (e.g. /api/vAppTemplate/vappTemplate-), else a 400. */
export function hrefId(href: string | undefined, prefixes: readonly string[], what: string): { prefix: string; id: string } {
  for (const prefix of prefixes) {
    const m = href && new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([0-9a-fA-F-]{36})/?$`).exec(href);
    if (m && isUuid(m[1]!)) return { prefix, id: m[1]!.toLowerCase() };
  }
  throw errors.invalidReference(`${what} "${href ?? ''}" is not a reference this cell knows.`);
}

const TEMPLATE = '/api/vAppTemplate/vappTemplate-';
const TEMPLATE_VM = '/api/vAppTemplate/vm-';

const VAPP_VM = '/api/vApp/vm-';
const SOURCE_KINDS: Readonly<Record<string, SourcedItem['source']['kind']>> = { [TEMPLATE]: 'vAppTemplate', [TEMPLATE_VM]: 'templateVm', [VAPP_VM]: 'vm' };

function sourceOf(item: Element): SourcedItem['source'] {
  const source = child(item, 'Source');
  const ref = hrefId(source && attr(source, 'href'), [TEMPLATE, TEMPLATE_VM, VAPP_VM], 'The Source');
  return { kind: SOURCE_KINDS[ref.prefix]!, id: ref.id };
}

function ipMode(raw: string | undefined, where: string): IpMode {
  const mode = (raw ?? 'NONE').trim().toUpperCase() as IpMode;
  if (!IP_MODES.includes(mode)) throw errors.badRequest(`${where}: IpAddressAllocationMode must be one of ${IP_MODES.join(', ')}, not "${raw}".`);
  return mode;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** A NetworkConnectionSection's connections. */
export function readNetworkConnections(section: Element): { nics: NicSpec[]; primary: number | undefined } {
  const nics = childrenNamed(section, 'NetworkConnection').map((c, i) => {
    const where = `NetworkConnection[${i}]`;
    const index = int(c, 'NetworkConnectionIndex');
    if (index === undefined || index > 9) throw errors.badRequest(`${where} needs a NetworkConnectionIndex from 0 to 9.`);
    const network = attr(c, 'network')?.trim() || NO_NETWORK;
    if (network.length > NAME_MAX) throw errors.badRequest(`${where}: the network name is longer than ${NAME_MAX} characters.`);
    const ip = childText(c, 'IpAddress')?.trim() || undefined;
    if (ip !== undefined && !IPV4.test(ip)) throw errors.badRequest(`${where}: "${ip}" is not an IPv4 address.`);
    const mac = childText(c, 'MACAddress')?.trim() || undefined;
    if (mac !== undefined && !MAC.test(mac)) throw errors.badRequest(`${where}: "${mac}" is not a MAC address.`);
    const adapter = childText(c, 'NetworkAdapterType')?.trim() || undefined;
    if (adapter !== undefined && adapter.length > 32) throw errors.badRequest(`${where}: NetworkAdapterType is too long.`);
    return {
      index, network, ip, mac: mac?.toLowerCase(), adapter,
      ipMode: ipMode(childText(c, 'IpAddressAllocationMode'), where), connected: childBoolean(c, 'IsConnected') ?? network !== NO_NETWORK,
    };
  });
  return { nics, primary: int(section, 'PrimaryNetworkConnectionIndex') };
}

export function readGuestCustomization(section: Element): GuestSpec {
  const computerName = text(section, 'ComputerName', 63)?.trim();
  if (computerName !== undefined && !/^[A-Za-z0-9-]{1,63}$/.test(computerName)) {
    throw errors.badRequest(`ComputerName "${computerName}" may hold only letters, digits and hyphens.`);
  }
  return {
    enabled: childBoolean(section, 'Enabled'), changeSid: childBoolean(section, 'ChangeSid'),
    adminPasswordEnabled: childBoolean(section, 'AdminPasswordEnabled'), adminPasswordAuto: childBoolean(section, 'AdminPasswordAuto'),
    resetPasswordRequired: childBoolean(section, 'ResetPasswordRequired'), script: text(section, 'CustomizationScript'),
    ...(computerName !== undefined && { computerName }),
  };
}

const quantity = (item: Element) => int(item, 'rasd:VirtualQuantity');

/** A VirtualHardwareSection's CPU (3), memory (4) and first disk (17) items, as changes. */
function readHardware(section: Element): VmChanges {
  const changes: VmChanges = {};
  for (const item of childrenNamed(section, 'ovf:Item')) {
    const type = int(item, 'rasd:ResourceType');
    if (type === 3) Object.assign(changes, readCpuItem(item));
    else if (type === 4) changes.memoryMb = readMemoryItem(item).memoryMb;
    else if (type === 17 && changes.diskMb === undefined) {
      // in bytes, as VCD serves it: 10 GiB is 11 digits (the service bounds the size in MB)
      const bytes = int(item, 'rasd:VirtualQuantity', 15);
      if (bytes !== undefined) changes.diskMb = Math.ceil(bytes / (1024 * 1024));
    }
  }
  return changes;
}

export function readCpuItem(item: Element): { cpus: number; coresPerSocket?: number | undefined } {
  const cpus = quantity(item);
  if (cpus === undefined) throw errors.badRequest('The CPU item has no rasd:VirtualQuantity.');
  return { cpus, coresPerSocket: int(item, 'vmw:CoresPerSocket') };
}

export function readMemoryItem(item: Element): { memoryMb: number } {
  const memoryMb = quantity(item);
  if (memoryMb === undefined) throw errors.badRequest('The memory item has no rasd:VirtualQuantity.');
  return { memoryMb };
}

/** Sections a VM's InstantiationParams or a Vm body carries, as changes. */
function readVmSections(holder: Element): VmChanges {
  const changes: VmChanges = {};
  const hardware = child(holder, 'ovf:VirtualHardwareSection');
  if (hardware) Object.assign(changes, readHardware(hardware));
  // VmSpecSection overrides the hardware and OS sections only when it says it was modified (the XSD's rule),
  // so a Vm sent back as served, with an item changed, is read by its items
  const spec = child(holder, 'VmSpecSection');
  if (spec && attr(spec, 'Modified') === 'true') {
    const os = text(spec, 'OsType', 64)?.trim();
    Object.assign(changes, {
      ...(int(spec, 'NumCpus') !== undefined && { cpus: int(spec, 'NumCpus') }),
      ...(int(spec, 'NumCoresPerSocket') !== undefined && { coresPerSocket: int(spec, 'NumCoresPerSocket') }),
      ...(os && { osType: os }),
    });
    const memory = child(spec, 'MemoryResourceMb');
    const configured = memory && int(memory, 'Configured');
    if (configured !== undefined) changes.memoryMb = configured;
  }
  const connections = child(holder, 'NetworkConnectionSection');
  if (connections) {
    const { nics, primary } = readNetworkConnections(connections);
    changes.nics = nics;
    changes.primaryNicIndex = primary;
  }
  const guest = child(holder, 'GuestCustomizationSection');
  if (guest) changes.guest = readGuestCustomization(guest);
  return changes;
}

function readSourcedItem(item: Element): SourcedItem {
  const general = child(item, 'VmGeneralParams');
  const instantiation = child(item, 'InstantiationParams');
  const profile = child(item, 'StorageProfile');
  const source = child(item, 'Source');
  const vmName = (general && text(general, 'Name', NAME_MAX)?.trim()) || (source && attr(source, 'name')?.trim().slice(0, NAME_MAX + 1));
  if (vmName && vmName.length > NAME_MAX) throw errors.badRequest(`A VM's name is longer than ${NAME_MAX} characters.`);
  const changes: VmChanges = {
    ...(instantiation ? readVmSections(instantiation) : {}),
    ...(vmName && { name: vmName }),
    ...(general && text(general, 'Description') !== undefined && { description: text(general, 'Description') }),
    ...(general && childBoolean(general, 'NeedsCustomization') !== undefined && { needsCustomization: childBoolean(general, 'NeedsCustomization') }),
    ...(profile && { storageProfileId: hrefId(attr(profile, 'href'), ['/api/vdcStorageProfile/'], 'The StorageProfile').id }),
  };
  return { source: sourceOf(item), changes };
}

const MAX_NETWORKS = 32;
const MAX_RANGES = 16;

function ipv4(e: Element, element: string, where: string): string | undefined {
  const v = childText(e, element)?.trim() || undefined;
  if (v !== undefined && !IPV4.test(v)) throw errors.badRequest(`${where}: ${element} "${v.slice(0, 64)}" is not an IPv4 address.`);
  return v;
}

/** An IpScope of a vApp network's own (IsInherited false), or undefined for an inherited one. */
function readSubnet(scope: Element, where: string): VAppSubnet | undefined {
  if (childBoolean(scope, 'IsInherited') === true) return undefined;
  const gateway = ipv4(scope, 'Gateway', where);
  if (!gateway) throw errors.badRequest(`${where}: an IpScope of its own needs a Gateway.`);
  const netmask = ipv4(scope, 'Netmask', where);
  const prefix = int(scope, 'SubnetPrefixLength', 2) ?? (netmask === undefined ? undefined : prefixOfNetmask(netmask));
  if (prefix === undefined || prefix < 8 || prefix > 30) throw errors.badRequest(`${where}: the IpScope needs a Netmask or SubnetPrefixLength from 8 to 30.`);
  const suffix = text(scope, 'DnsSuffix', 253)?.trim();
  const ranges = child(scope, 'IpRanges');
  const list = ranges ? childrenNamed(ranges, 'IpRange') : [];
  if (list.length > MAX_RANGES) throw errors.badRequest(`${where}: at most ${MAX_RANGES} IpRanges.`);
  return {
    gateway, prefixLength: prefix, dns1: ipv4(scope, 'Dns1', where), dns2: ipv4(scope, 'Dns2', where), ...(suffix && { dnsSuffix: suffix }),
    ranges: list.map((r, i) => {
      const start = ipv4(r, 'StartAddress', `${where} IpRange[${i}]`);
      if (!start) throw errors.badRequest(`${where} IpRange[${i}] has no StartAddress.`);
      return { start, end: ipv4(r, 'EndAddress', `${where} IpRange[${i}]`) ?? start };
    }),
  };
}

/** One NetworkConfig: its name, the id its Link names (a network the vApp has), its fence mode, parent and own subnet. */
function readNetworkConfig(c: Element, i: number): VAppNetworkSpec {
  const where = `NetworkConfig[${i}]`;
  const networkName = attr(c, 'networkName')?.trim();
  if (!networkName || networkName.length > NAME_MAX) throw errors.badRequest(`${where} needs a networkName of at most ${NAME_MAX} characters.`);
  const configuration = child(c, 'Configuration');
  const parent = configuration && child(configuration, 'ParentNetwork');
  const parentHref = parent && attr(parent, 'href');
  const scopes = configuration && child(configuration, 'IpScopes');
  const scope = (scopes && child(scopes, 'IpScope')) ?? (configuration && child(configuration, 'IpScope'));
  const subnet = scope && readSubnet(scope, `${where} (${networkName})`);
  const fenceMode = (configuration && childText(configuration, 'FenceMode')?.trim()) || (parent ? 'bridged' : 'isolated');
  const self = childrenNamed(c, 'Link').map((l) => attr(l, 'href')).find((h) => h !== undefined);
  const retain = configuration && childBoolean(configuration, 'RetainNetInfoAcrossDeployments');
  return {
    name: networkName, fenceMode, description: text(c, 'Description') ?? '',
    ...(self !== undefined && { id: hrefId(self.replace(/\/action\/reset$/, ''), ['/api/admin/network/', '/api/network/'], `${where}'s Link`).id }),
    ...(parentHref !== undefined && { parentId: hrefId(parentHref, ['/api/admin/network/', '/api/network/'], 'The ParentNetwork').id }),
    ...(parent && attr(parent, 'name') && { parentName: attr(parent, 'name') }),
    ...(subnet && { subnet }),
    ...(retain !== undefined && { retainNetInfo: retain }),
  };
}

/** A NetworkConfigSection (PUT, or inside InstantiationParams): the vApp networks it lists. */
export function readNetworkConfigSection(section: Element): VAppNetworkSpec[] {
  const configs = childrenNamed(section, 'NetworkConfig');
  if (configs.length > MAX_NETWORKS) throw errors.badRequest(`A vApp has at most ${MAX_NETWORKS} networks.`);
  return configs.map(readNetworkConfig);
}

function readNetworkConfigs(params: Element): VAppNetworkSpec[] {
  const instantiation = child(params, 'InstantiationParams');
  const section = instantiation && child(instantiation, 'NetworkConfigSection');
  return section ? readNetworkConfigSection(section) : [];
}

const MAX_ITEMS = 128;

function creation(e: Element, what: string): Omit<VAppCreation, 'items' | 'templateId'> & { items: SourcedItem[] } {
  const items = childrenNamed(e, 'SourcedItem');
  if (items.length > MAX_ITEMS) throw errors.badRequest(`The ${what} has more than ${MAX_ITEMS} SourcedItems.`);
  return {
    name: name(e, what), description: text(e, 'Description'),
    deploy: boolAttr(e, 'deploy', true), powerOn: boolAttr(e, 'powerOn', true),
    networks: readNetworkConfigs(e), items: items.map(readSourcedItem),
  };
}

export function readInstantiateParams(e: Element): VAppCreation {
  const base = creation(e, 'InstantiateVAppTemplateParams');
  const source = child(e, 'Source');
  if (!source) throw errors.badRequest('The InstantiateVAppTemplateParams has no Source.');
  return { ...base, templateId: hrefId(attr(source, 'href'), [TEMPLATE], 'The Source').id };
}

export function readComposeParams(e: Element): VAppCreation {
  if (childrenNamed(e, 'CreateItem').length) throw errors.badRequest('CreateItem (a blank VM) is not supported here: compose VMs from templates (SourcedItem).');
  return creation(e, 'ComposeVAppParams');
}

/** A CreateItem (go-vcloud-director's AddEmptyVm): a VM of no template, as its VmSpecSection describes it. */
function readCreateItem(item: Element, i: number): VmChanges {
  const where = `CreateItem[${i}]`;
  const spec = child(item, 'VmSpecSection');
  const memory = spec && child(spec, 'MemoryResourceMb');
  const memoryMb = memory && int(memory, 'Configured');
  const osType = spec && text(spec, 'OsType', 64)?.trim();
  if (!spec || memoryMb === undefined || !osType) throw errors.badRequest(`${where} needs a VmSpecSection with its OsType and MemoryResourceMb.`);
  const disks = child(spec, 'DiskSection');
  const disk = disks && childrenNamed(disks, 'DiskSettings')[0];
  const connections = child(item, 'NetworkConnectionSection');
  const guest = child(item, 'GuestCustomizationSection');
  const profile = child(item, 'StorageProfile');
  const { nics, primary } = connections ? readNetworkConnections(connections) : { nics: [], primary: undefined };
  return {
    name: name(item, 'CreateItem'), description: text(item, 'Description') ?? '', osType, memoryMb,
    cpus: int(spec, 'NumCpus') ?? 1, coresPerSocket: int(spec, 'NumCoresPerSocket') ?? 1,
    ...(disk && { diskMb: int(disk, 'SizeMb') }), nics, primaryNicIndex: primary,
    ...(guest && { guest: readGuestCustomization(guest) }),
    ...(profile && { storageProfileId: hrefId(attr(profile, 'href'), ['/api/vdcStorageProfile/'], 'The StorageProfile').id }),
  };
}

export function readRecomposeParams(e: Element): Recomposition {
  const items = childrenNamed(e, 'SourcedItem');
  const creates = childrenNamed(e, 'CreateItem');
  const deletes = childrenNamed(e, 'DeleteItem');
  if (items.length + creates.length + deletes.length > MAX_ITEMS) throw errors.badRequest(`The RecomposeVAppParams has more than ${MAX_ITEMS} items.`);
  return {
    ...(attr(e, 'name')?.trim() && { name: name(e, 'RecomposeVAppParams') }), description: text(e, 'Description'),
    items: items.map(readSourcedItem), creates: creates.map(readCreateItem),
    deletes: deletes.map((d, i) => hrefId(attr(d, 'href'), [VAPP_VM], `DeleteItem[${i}]`).id),
  };
}

/** DeployVAppParams: powerOn defaults to true. */
export const readDeployParams = (e: Element | undefined): { powerOn: boolean } => ({ powerOn: e ? boolAttr(e, 'powerOn', true) : true });

/** UndeployVAppParams: UndeployPowerAction, powerOff when missing or empty. */
export function readUndeployParams(e: Element | undefined): UndeployAction {
  const raw = (e && childText(e, 'UndeployPowerAction')?.trim()) || 'powerOff';
  if (!UNDEPLOY_ACTIONS.includes(raw as UndeployAction)) {
    throw errors.badRequest(`UndeployPowerAction must be one of ${UNDEPLOY_ACTIONS.join(', ')}, not "${raw}".`);
  }
  return raw as UndeployAction;
}

/** A VApp (PUT) or RecomposeVAppParams naming the vApp anew: its name and Description. */
export function readVAppEdit(e: Element, what: string): { name: string; description?: string | undefined } {
  return { name: name(e, what), description: text(e, 'Description') };
}

/** A Vm body (PUT, reconfigureVm): its name, Description and the sections it carries. */
export function readVm(e: Element): VmChanges {
  return { ...readVmSections(e), name: name(e, 'Vm'), ...(text(e, 'Description') !== undefined && { description: text(e, 'Description') }) };
}

/** ControlAccessParams: everyone in the org (and how far), and users by href with their access levels. */
export function readControlAccess(e: Element): { everyone: AccessLevel | null; users: Array<{ userId: string; level: AccessLevel }> } {
  const level = (raw: string | undefined, where: string): AccessLevel => {
    const l = raw?.trim();
    if (!ACCESS_LEVELS.includes(l as AccessLevel)) throw errors.badRequest(`${where} must be one of ${ACCESS_LEVELS.join(', ')}, not "${l ?? ''}".`);
    return l as AccessLevel;
  };
  const shared = childBoolean(e, 'IsSharedToEveryone');
  if (shared === undefined) throw errors.badRequest('The ControlAccessParams has no IsSharedToEveryone.');
  const settings = child(e, 'AccessSettings');
  const list = settings ? childrenNamed(settings, 'AccessSetting') : [];
  if (list.length > MAX_ITEMS) throw errors.badRequest(`The ControlAccessParams has more than ${MAX_ITEMS} AccessSettings.`);
  return {
    everyone: shared ? level(childText(e, 'EveryoneAccessLevel') ?? 'ReadOnly', 'EveryoneAccessLevel') : null,
    users: list.map((s, i) => {
      const subject = child(s, 'Subject');
      return {
        userId: hrefId(subject && attr(subject, 'href'), ['/api/admin/user/'], `AccessSetting[${i}]/Subject`).id,
        level: level(childText(s, 'AccessLevel'), `AccessSetting[${i}]/AccessLevel`),
      };
    }),
  };
}

/** An OperatingSystemSection: the guest OS VCD changes is its vmw:osType (Info and Description are VCD's words for it). */
export function readOperatingSystemSection(e: Element): VmChanges {
  const os = attr(e, 'vmw:osType')?.trim();
  if (os === undefined || os === '') return {};
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(os)) throw errors.badRequest(`"${os.slice(0, 64)}" is not a guest OS identifier (vmw:osType).`);
  return { osType: os };
}

/** VmCapabilities: memory and CPU hot add; an element left out stays as it is. */
export function readVmCapabilities(e: Element): VmChanges {
  return { capabilities: { memoryHotAdd: childBoolean(e, 'MemoryHotAddEnabled'), cpuHotAdd: childBoolean(e, 'CpuHotAddEnabled') } };
}

/** BootOptions: the boot delay (milliseconds) and whether the next boot enters the BIOS setup. */
export function readBootOptions(e: Element): VmChanges {
  return { boot: { delayMs: int(e, 'BootDelay'), enterBios: childBoolean(e, 'EnterBIOSSetup') } };
}

/** LeaseSettingsSection: the seconds until undeployment and deletion (0: never); one left out stays as it is. */
export function readLeaseSettings(e: Element): { deploymentSeconds?: number | undefined; storageSeconds?: number | undefined } {
  return { deploymentSeconds: int(e, 'DeploymentLeaseInSeconds'), storageSeconds: int(e, 'StorageLeaseInSeconds') };
}
