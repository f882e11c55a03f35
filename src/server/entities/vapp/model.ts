// vApps and VMs as the services and documents see them, read from the store in a few statements (a
// vApp, its VMs, their NICs and disks, its networks and sharing), and the specs that create and change them.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { Database, VAppNetworkTable, VmTable } from '../../store/schema.ts';
import type { AccessLevel, VAppSharing } from '../../inventory/policy.ts';
import type { UserRef } from '../catalog/service.ts';

export type IpMode = 'POOL' | 'DHCP' | 'MANUAL' | 'NONE';
export const IP_MODES: readonly IpMode[] = ['POOL', 'DHCP', 'MANUAL', 'NONE'];
/** the network a NIC names when it is connected to none */
export const NO_NETWORK = 'none';

export interface VmNic {
  index: number;
  network: string;
  networkId: string | null;
  ipMode: IpMode;
  ip: string | null;
  mac: string;
  adapter: string;
  connected: boolean;
}

export interface VmDisk {
  instanceId: number;
  sizeMb: number;
  busType: string;
  busNumber: number;
  unitNumber: number;
}

export interface GuestCustomization {
  enabled: boolean;
  changeSid: boolean;
  adminPasswordEnabled: boolean;
  adminPasswordAuto: boolean;
  resetPasswordRequired: boolean;
  script: string;
  computerName: string;
}

/** vmCapabilities: whether memory and CPUs may be added while the VM runs. */
export interface VmCapabilities {
  memoryHotAdd: boolean;
  cpuHotAdd: boolean;
}

/** bootOptions: the delay before the VM boots, and whether its next boot enters the BIOS setup. */
export interface BootOptions {
  delayMs: number;
  enterBios: boolean;
}

export interface Vm {
  id: string;
  vappId: string;
  orgId: string;
  vdcId: string;
  position: number;
  name: string;
  description: string;
  status: number;
  deployed: boolean;
  cpus: number;
  coresPerSocket: number;
  memoryMb: number;
  osType: string;
  hardwareVersion: string;
  toolsVersion: number;
  storageProfileId: string;
  storageProfileName: string;
  primaryNicIndex: number;
  needsCustomization: boolean;
  guest: GuestCustomization;
  capabilities: VmCapabilities;
  boot: BootOptions;
  createdAt: number;
  nics: VmNic[];
  disks: VmDisk[];
}

export interface IpRange {
  start: string;
  end: string;
}

/** The addresses of a vApp network of its own (isolated, or routed with its own IpScope). */
export interface VAppSubnet {
  gateway: string;
  prefixLength: number;
  dns1?: string | undefined;
  dns2?: string | undefined;
  dnsSuffix?: string | undefined;
  ranges: IpRange[];
}

/**
 * A vApp network: a name the VMs' NICs use, bridged or fenced (natRouted) to an org VDC network
 * (networkId), or with addresses of its own (subnet: isolated, or routed behind networkId).
 */
export interface VAppNetwork {
  id: string;
  name: string;
  fenceMode: string;
  networkId: string | null;
  description: string;
  retainNetInfo: boolean;
  subnet: VAppSubnet | undefined;
  /** the org VDC network's name, as documents show it */
  parentName?: string | undefined;
}

export interface AccessSetting {
  user: UserRef;
  level: AccessLevel;
}

export interface VApp {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  status: number;
  deployed: boolean;
  owner: UserRef | undefined;
  sharedToEveryone: boolean;
  /** what the policy needs to decide the caller's access */
  sharing: VAppSharing;
  access: AccessSetting[];
  createdAt: number;
  /** seconds until it is undeployed and until it is deleted; 0: never */
  lease: { deploymentSeconds: number; storageSeconds: number };
  networks: VAppNetwork[];
  vms: Vm[];
}

/** A NIC as a request describes it. */
export interface NicSpec {
  index: number;
  network: string;
  ipMode: IpMode;
  ip?: string | undefined;
  connected: boolean;
  mac?: string | undefined;
  adapter?: string | undefined;
}

export interface GuestSpec {
  enabled?: boolean | undefined;
  changeSid?: boolean | undefined;
  adminPasswordEnabled?: boolean | undefined;
  adminPasswordAuto?: boolean | undefined;
  resetPasswordRequired?: boolean | undefined;
  script?: string | undefined;
  computerName?: string | undefined;
}

/** What a request may say of one VM (a SourcedItem's overrides, a reconfigureVm body). */
export interface VmChanges {
  name?: string | undefined;
  description?: string | undefined;
  cpus?: number | undefined;
  coresPerSocket?: number | undefined;
  memoryMb?: number | undefined;
  diskMb?: number | undefined;
  osType?: string | undefined;
  nics?: NicSpec[] | undefined;
  primaryNicIndex?: number | undefined;
  guest?: GuestSpec | undefined;
  needsCustomization?: boolean | undefined;
  storageProfileId?: string | undefined;
  capabilities?: Partial<VmCapabilities> | undefined;
  boot?: Partial<BootOptions> | undefined;
}

/** A SourcedItem: a template (all its VMs), one template VM or a VM of a vApp, with its overrides. */
export interface SourcedItem {
  source: { kind: 'vAppTemplate' | 'templateVm' | 'vm'; id: string };
  changes: VmChanges;
}

/** RecomposeVAppParams: a new name and description (each optional), VMs to add (SourcedItem, CreateItem) and to delete (DeleteItem). */
export interface Recomposition {
  name?: string | undefined;
  description?: string | undefined;
  items: SourcedItem[];
  creates: VmChanges[];
  /** the VMs to delete, by id */
  deletes: string[];
}

export interface VAppNetworkSpec {
  name: string;
  fenceMode: string;
  /** the org VDC network it bridges to, by id (its href) and name (the name the request gives it) */
  parentId?: string | undefined;
  parentName?: string | undefined;
  /** the vApp network it is (the id its Link names), when it is one the vApp has */
  id?: string | undefined;
  description?: string | undefined;
  retainNetInfo?: boolean | undefined;
  subnet?: VAppSubnet | undefined;
}

/** InstantiateVAppTemplateParams and ComposeVAppParams, read. */
export interface VAppCreation {
  name: string;
  description?: string | undefined;
  deploy: boolean;
  powerOn: boolean;
  /** instantiate: the template; compose: none (every VM comes from a SourcedItem) */
  templateId?: string | undefined;
  networks: VAppNetworkSpec[];
  items: SourcedItem[];
}

type Reader = Kysely<Database> | Transaction<Database>;

const toVm = (r: Selectable<VmTable> & { storage_profile_name: string | null }, nics: VmNic[], disks: VmDisk[]): Vm => ({
  id: r.id, vappId: r.vapp_id, orgId: r.org_id, vdcId: r.vdc_id, position: r.position, name: r.name, description: r.description,
  status: r.status, deployed: r.deployed === 1, cpus: r.cpus, coresPerSocket: r.cores_per_socket, memoryMb: r.memory_mb,
  osType: r.os_type, hardwareVersion: r.hardware_version, toolsVersion: r.tools_version, storageProfileId: r.storage_profile_id,
  storageProfileName: r.storage_profile_name ?? '',
  primaryNicIndex: r.primary_nic_index, needsCustomization: r.needs_customization === 1, createdAt: Number(r.created_at),
  guest: {
    enabled: r.gc_enabled === 1, changeSid: r.gc_change_sid === 1, adminPasswordEnabled: r.gc_admin_password_enabled === 1,
    adminPasswordAuto: r.gc_admin_password_auto === 1, resetPasswordRequired: r.gc_reset_password_required === 1, script: r.gc_script,
    computerName: r.computer_name,
  },
  capabilities: { memoryHotAdd: r.memory_hot_add === 1, cpuHotAdd: r.cpu_hot_add === 1 },
  boot: { delayMs: r.boot_delay_ms, enterBios: r.enter_bios_setup === 1 },
  nics, disks,
});

/** The VMs of a vApp (or one VM), with their NICs and disks: three statements whatever their number. */
export async function loadVms(db: Reader, where: { vappId: string } | { vmId: string }): Promise<Vm[]> {
  const rows = await db.selectFrom('vms').leftJoin('vdc_storage_profiles', 'vdc_storage_profiles.id', 'vms.storage_profile_id')
    .selectAll('vms').select('vdc_storage_profiles.name as storage_profile_name')
    .where('vappId' in where ? 'vms.vapp_id' : 'vms.id', '=', 'vappId' in where ? where.vappId : where.vmId).orderBy('vms.position').execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const nics = await db.selectFrom('vm_nics').selectAll().where('vm_id', 'in', ids).orderBy('nic_index').execute();
  const disks = await db.selectFrom('vm_disks').selectAll().where('vm_id', 'in', ids).orderBy('instance_id').execute();
  return rows.map((r) => toVm(
    r,
    nics.filter((n) => n.vm_id === r.id).map((n) => ({
      index: n.nic_index, network: n.network_name, networkId: n.network_id, ipMode: n.ip_mode as IpMode, ip: n.ip, mac: n.mac,
      adapter: n.adapter, connected: n.is_connected === 1,
    })),
    disks.filter((d) => d.vm_id === r.id).map((d) => ({
      instanceId: d.instance_id, sizeMb: Number(d.size_mb), busType: d.bus_type, busNumber: d.bus_number, unitNumber: d.unit_number,
    })),
  ));
}

export const toNetwork = (n: Selectable<VAppNetworkTable> & { parent_name?: string | null }): VAppNetwork => ({
  parentName: n.parent_name ?? undefined,
  id: n.id!, name: n.name, fenceMode: n.fence_mode, networkId: n.network_id, description: n.description,
  retainNetInfo: n.retain_net_info === 1,
  subnet: n.gateway === null || n.prefix_length === null ? undefined : {
    gateway: n.gateway, prefixLength: n.prefix_length, dns1: n.dns1 ?? undefined, dns2: n.dns2 ?? undefined, dnsSuffix: n.dns_suffix ?? undefined,
    ranges: JSON.parse(n.ip_ranges ?? '[]') as IpRange[],
  },
});

/** A vApp network's row. */
export const networkRow = (vappId: string, n: VAppNetwork) => ({
  vapp_id: vappId, id: n.id, name: n.name, fence_mode: n.fenceMode, network_id: n.networkId, description: n.description,
  retain_net_info: n.retainNetInfo ? 1 : 0, gateway: n.subnet?.gateway ?? null, prefix_length: n.subnet?.prefixLength ?? null,
  dns1: n.subnet?.dns1 ?? null, dns2: n.subnet?.dns2 ?? null, dns_suffix: n.subnet?.dnsSuffix ?? null,
  ip_ranges: n.subnet ? JSON.stringify(n.subnet.ranges) : null,
});

/** A vApp row and what hangs off it; the caller's own access setting goes into `sharing`. */
export async function loadVApp(db: Db, id: string, userId: string): Promise<VApp | undefined> {
  const row = await db.selectFrom('vapps').leftJoin('users', 'users.id', 'vapps.owner_id')
    .selectAll('vapps').select('users.name as owner_name').where('vapps.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const access = await db.selectFrom('vapp_access').innerJoin('users', 'users.id', 'vapp_access.user_id')
    .select(['vapp_access.user_id', 'users.name', 'vapp_access.access_level']).where('vapp_id', '=', id).orderBy('users.name_key').execute();
  const networks = await db.selectFrom('vapp_networks').leftJoin('networks', 'networks.id', 'vapp_networks.network_id')
    .selectAll('vapp_networks').select('networks.name as parent_name').where('vapp_id', '=', id).orderBy('vapp_networks.name').execute();
  const mine = access.find((a) => a.user_id === userId);
  return {
    id: row.id, orgId: row.org_id, vdcId: row.vdc_id, name: row.name, description: row.description, status: row.status,
    deployed: row.deployed === 1, createdAt: Number(row.created_at),
    lease: { deploymentSeconds: row.deployment_lease_seconds, storageSeconds: row.storage_lease_seconds }, sharedToEveryone: row.shared_to_everyone === 1,
    owner: row.owner_id && row.owner_name ? { id: row.owner_id, name: row.owner_name } : undefined,
    sharing: {
      orgId: row.org_id, ownerId: row.owner_id,
      everyoneAccess: row.shared_to_everyone === 1 ? (row.everyone_access as AccessLevel | null) ?? 'ReadOnly' : null,
      userAccess: (mine?.access_level as AccessLevel | undefined) ?? null,
    },
    access: access.map((a) => ({ user: { id: a.user_id, name: a.name }, level: a.access_level as AccessLevel })),
    networks: networks.map(toNetwork),
    vms: await loadVms(db, { vappId: id }),
  };
}

/** What a caller may do with a vApp: its access (as the vApp is shared with it), and whether it may change, share and remove it. */
export interface VAppPermissions {
  access: AccessLevel;
  canChange: boolean;
  canShare: boolean;
  canRemove: boolean;
}
