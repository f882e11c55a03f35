// vApps and their VMs, with Cloud Director's rules: who sees one (policy.vappScope: another org's, or
// one not shared with the caller, is forbidden as an absent one is), who may do what (rights and the
// caller's access level, in policy.ts), capacity (the VDC's reserve, for what is created or powered on),
// and state (vapp-power.ts). Every change runs as a task on the vApp or VM, so a busy one refuses a
// second (BUSY_ENTITY); a VM's operation is refused while its vApp is busy, and back. State and capacity
// are decided in the task's start, against the store as it is once the task holds its owner (#current),
// so that of concurrent requests exactly those that fit are accepted.
import { ownerOf } from '../../inventory/registry.ts';
import type { Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import { formatIpv4, isHostIn, parseIpv4, subnetOf } from '../../ipv4.ts';
import type { Db } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import { findVisible, visibleRow } from '../../inventory/registry.ts';
import { vAppType, VCPU_MHZ } from './type.ts';
import { DEFAULT_HARDWARE_VERSION, vmType } from './vm-type.ts';
import { ACCESS_LEVELS, hasRights, noAccess, requireVAppOperation, vappAccess, VAPP_RIGHTS, type AccessLevel } from '../../inventory/policy.ts';
import { declaredVm, TEMPLATE_USABLE, vmwareMac, type CatalogService, type SeedTemplateVm, type TemplateVm } from '../catalog/service.ts';
import type { IpHolderNamer } from '../network/service.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task, TaskOwner, TaskService, TaskWork } from '../../services/tasks.ts';
import type { Vdc, VdcService } from '../vdc/service.ts';
import {
  loadVApp, loadVms, networkRow, NO_NETWORK, toNetwork, type VAppSubnet, type GuestSpec, type NicSpec, type VApp, type VAppCreation, type VAppNetwork, type VAppNetworkSpec, type Vm,
  type VmChanges, type SourcedItem, type Recomposition, type VAppPermissions,
} from './model.ts';
import { allows, checkVApp, checkVm, removable, STATUS, taskNaming, vappStatus, vmAfter, type PowerState, type Transition } from './power.ts';

/** The org VDC networks, as the networking model offers them to the vApps (services/networks.ts). */
export interface VAppNetworking {
  findForVdc(db: Db | Transaction<Database>, vdcId: string, name: string): Promise<{ id: string; name: string } | undefined>;
  findByIdForVdc(db: Db | Transaction<Database>, vdcId: string, id: string): Promise<{ id: string; name: string } | undefined>;
  /** an address from the network's pool (or `requested`, if free) for `holderId`; throws the VcdError of a refusal */
  allocateIp(trx: Transaction<Database>, networkId: string, holderId: string, requested?: string): Promise<string>;
  releaseIps(trx: Transaction<Database>, holderIds: readonly string[]): Promise<void>;
  /** how the network's allocated addresses name their holders (VMs, here) */
  nameHoldersWith(namer: IpHolderNamer): void;
}

export const vappOwner = (v: Pick<VApp, 'id' | 'name'>): TaskOwner => ownerOf(vAppType, v);
export const vmOwner = (v: Pick<Vm, 'id' | 'name'>): TaskOwner => ownerOf(vmType, v);

/** The VMs that hold addresses (their NICs' allocations are theirs), with whether their vApp is deployed (AllocatedIpAddress's isDeployed). */
const vmIpHolders: IpHolderNamer = async (db, holderIds) => {
  const rows = await db.selectFrom('vms').innerJoin('vapps', 'vapps.id', 'vms.vapp_id').select(['vms.id', 'vms.name', 'vapps.deployed', 'vapps.name as vapp_name'])
    .where('vms.id', 'in', [...new Set(holderIds)]).execute();
  return new Map(rows.map((r) => {
    const owner = vmOwner(r);
    return [r.id, { urn: owner.urn, name: owner.name, vAppName: r.vapp_name, path: owner.path, family: owner.family, deployed: r.deployed === 1 }];
  }));
};

/** What VCD gives a VM a request leaves out. */
const VM_DEFAULTS = { hardwareVersion: DEFAULT_HARDWARE_VERSION, diskBus: 'paravirtual' } as const;
/** bounds a request may not pass (VCD's own maxima for a VM) */
export const VM_LIMITS = { cpus: 768, memoryMb: 24 * 1024 * 1024, diskMb: 62 * 1024 * 1024, nics: 10, vms: 128 } as const;
const MAC_TRIES = 8;
const VAPP_URN = urn('vapp', '');

/** A vApp as the seed file declares it: from a template (catalog and template) or of its own VMs. */
export interface SeedVApp {
  name: string;
  description?: string;
  vdc: string;
  catalog?: string;
  template?: string;
  vms?: SeedTemplateVm[];
  deploy?: boolean;
  powerOn?: boolean;
  /** the org VDC network every VM's NIC connects to (POOL), instead of the one its template names */
  network?: string;
}

/** The state a new vApp reaches, as InstantiateVAppTemplateParams' deploy and powerOn say. */
const stateAfter = (spec: { deploy?: boolean | undefined; powerOn?: boolean | undefined }): PowerState =>
  (spec.powerOn ? { status: STATUS.POWERED_ON, deployed: true }
    : spec.deploy ? { status: STATUS.PARTIALLY_POWERED_OFF, deployed: true } : { status: STATUS.POWERED_OFF, deployed: false });

/** What a CreateItem's VM starts from before its VmSpecSection is applied: no disk, no NIC. */
const blankVm = (name: string): TemplateVm => ({
  id: '', templateId: '', name, computerName: name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 15), cpus: 1, coresPerSocket: 1, memoryMb: 1024,
  diskMb: 0, diskBus: VM_DEFAULTS.diskBus, osType: 'otherGuest', network: undefined, nicAdapter: 'VMXNET3', mac: '', toolsVersion: 0,
});

/** A VM to create: a template VM with a request's changes applied. */
interface VmPlan {
  id: string;
  name: string;
  description: string;
  source: TemplateVm;
  cpus: number;
  coresPerSocket: number;
  memoryMb: number;
  diskMb: number;
  osType: string;
  nics: NicSpec[];
  primaryNicIndex: number;
  guest: GuestSpec;
  needsCustomization: boolean;
  storageProfileId: string;
}

const FENCE_MODES = ['bridged', 'isolated', 'natRouted'];

/** A subnet's gateway and ranges: host addresses of it, each range in order, the gateway in none. */
function checkSubnet(subnet: VAppSubnet, where: string): void {
  const gateway = parseIpv4(subnet.gateway)!;
  const hosts = subnetOf(gateway, subnet.prefixLength);
  if (!isHostIn(gateway, hosts)) throw errors.badRequest(`The Gateway of ${where} is not a host address of its subnet.`);
  for (const r of subnet.ranges) {
    const [start, end] = [parseIpv4(r.start)!, parseIpv4(r.end)!];
    if (!isHostIn(start, hosts) || !isHostIn(end, hosts) || start > end) {
      throw errors.badRequest(`The IpRange ${r.start}-${r.end} of ${where} is not an ordered range of its subnet.`);
    }
    if (gateway >= start && gateway <= end) throw errors.badRequest(`The IpRange ${r.start}-${r.end} of ${where} holds its Gateway.`);
  }
}

const positive = (n: number | undefined, what: string, max: number) => {
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > max)) throw errors.badRequest(`${what} must be a whole number from 1 to ${max}, not ${n}.`);
  return n;
};

export class VAppService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;
  readonly #vdcs: VdcService;
  readonly #catalogs: CatalogService;
  readonly #networks: VAppNetworking | undefined;
  /** whether the store locks rows (PostgreSQL: SELECT … FOR NO KEY UPDATE); SQLite's transactions run one at a time */
  readonly #rowLocks: boolean;

  constructor(db: Db, clock: Clock, deps: {
    tasks: TaskService; vdcs: VdcService; catalogs: CatalogService; networks?: VAppNetworking | undefined; rowLocks: boolean;
  }) {
    this.#db = db;
    this.#rowLocks = deps.rowLocks;
    this.#clock = clock;
    this.#tasks = deps.tasks;
    this.#vdcs = deps.vdcs;
    this.#catalogs = deps.catalogs;
    this.#networks = deps.networks;
    this.#networks?.nameHoldersWith(vmIpHolders);
    // a vApp still being created (UNRESOLVED) whose task ends without success — failed, canceled, or
    // aborted by a restart — is FAILED_CREATION, deletable
    this.#tasks.whenFailed(async (trx, owners) => {
      const ids = owners.filter((u) => u.startsWith(VAPP_URN)).map((u) => u.slice(VAPP_URN.length));
      if (ids.length) await trx.updateTable('vapps').set({ status: STATUS.FAILED_CREATION }).where('id', 'in', ids).where('status', '=', STATUS.UNRESOLVED).execute();
    });
  }

  /** A vApp the caller sees, or noAccess (absent, another org's, not shared with it). */
  async get(session: Session, id: string): Promise<VApp> {
    const vapp = await findVisible(this.#db, session, vAppType, id) && await loadVApp(this.#db, id, session.userId);
    if (!vapp) throw noAccess(urn('vapp', id));
    return vapp;
  }

  /** A VM the caller sees (through its vApp), with its vApp. */
  async getVm(session: Session, id: string): Promise<{ vapp: VApp; vm: Vm }> {
    const row = await visibleRow(this.#db, session, vmType, id);
    const vapp = row && await loadVApp(this.#db, row.vapp_id, session.userId);
    const vm = vapp?.vms.find((v) => v.id === id);
    if (!vapp || !vm) throw noAccess(urn('vm', id));
    return { vapp, vm };
  }

  /** The unfinished tasks on a vApp and its VMs, or on one VM: an entity's Tasks element. */
  async tasksOn(vapp: VApp, vm?: Vm): Promise<Task[]> {
    return this.#tasks.unfinishedOn(vm ? [vmOwner(vm).urn] : [vappOwner(vapp).urn, ...vapp.vms.map((v) => vmOwner(v).urn)]);
  }

  /** The vApps of a VDC the caller sees, by name and id (the VDC's ResourceEntities). */
  async inVdc(session: Session, vdcId: string): Promise<Array<{ id: string; name: string }>> {
    return this.#db.selectFrom('vapps').select(['vapps.id', 'vapps.name']).where('vdc_id', '=', vdcId)
      .where(vAppType.visibility(session)).orderBy('created_at').orderBy('id').execute();
  }

  /**
   * instantiateVAppTemplate and composeVApp: the vApp is there at once (status 0, as VCD answers 201 with
   * it, in the transaction that starts its task); its VMs, networks and power state come with its task.
   * A creation that does not succeed leaves it FAILED_CREATION (the listener in the constructor).
   */
  async create(session: Session, vdc: Vdc, spec: VAppCreation): Promise<{ vapp: VApp; task: Task }> {
    requireVAppOperation(session, { orgId: vdc.orgId, ownerId: session.userId, everyoneAccess: null, userAccess: null },
      spec.templateId ? VAPP_RIGHTS.instantiate : VAPP_RIGHTS.create);
    const plans = await this.#plan(session, vdc, spec);
    const running = spec.deploy || spec.powerOn;
    const demand = {
      cpuMhz: running ? plans.reduce((a, p) => a + p.cpus * VCPU_MHZ, 0) : 0,
      memoryMb: running ? plans.reduce((a, p) => a + p.memoryMb, 0) : 0,
      vms: plans.length, storageMb: plans.reduce((a, p) => a + p.diskMb, 0),
    };
    const networks = await this.#vappNetworks(vdc, spec.networks, plans);
    const id = newId();
    const owner = vappOwner({ id, name: spec.name });
    let task: Task;
    try {
      task = await this.#tasks.run({
        session, owner,
        operationName: spec.templateId ? 'vdcInstantiateVapp' : 'vdcComposeVapp',
        operation: `${spec.templateId ? 'Creating' : 'Composing'} Virtual Application ${spec.name}(${id})`,
        // what it will hold is reserved, and the vApp is there, with its task: it never exists without one that ends it
        begin: async (trx, taskId) => {
          await this.#vdcs.reserve(trx, taskId, vdc.id, demand);
          await this.#insertVApp(trx, id, vdc, spec, session.orgId === vdc.orgId ? session.userId : null);
        },
        work: (trx) => this.#build(trx, id, vdc, plans, networks, stateAfter(spec)),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.duplicateName(`A vApp named "${spec.name}" already exists in VDC "${vdc.name}".`);
      throw e;
    }
    return { vapp: (await loadVApp(this.#db, id, session.userId))!, task };
  }

  /**
   * Seed: a vApp the file declares (seed-file.ts checked its references), made at once in the state it
   * says, with no task, when its VDC has no vApp of that name yet; its VMs' addresses come from the pools.
   */
  async ensure(vdc: Vdc, spec: SeedVApp, ownerId: string | null): Promise<void> {
    const existing = await this.#db.selectFrom('vapps').select('id').where('vdc_id', '=', vdc.id).where('name_key', '=', spec.name.toLowerCase()).executeTakeFirst();
    if (existing) return;
    const sources = spec.vms ? spec.vms.map((vm) => declaredVm(vm, ''))
      : await this.#catalogs.templateVmsByName(vdc.orgId, spec.catalog ?? '', spec.template ?? '');
    if (!sources) throw errors.invalidReference(`The vApp "${spec.name}" names template "${spec.template}" of catalog "${spec.catalog}", which does not exist.`);
    const changes: VmChanges = spec.network === undefined ? {} : { nics: [{ index: 0, network: spec.network, ipMode: 'POOL', connected: true }] };
    const plans = this.#plansFrom(vdc, sources.map((vm) => ({ vm, changes })));
    const networks = await this.#vappNetworks(vdc, [], plans);
    const id = newId();
    await this.#db.transaction().execute(async (trx) => {
      await this.#insertVApp(trx, id, vdc, spec, ownerId);
      await this.#build(trx, id, vdc, plans, networks, stateAfter(spec));
    });
  }

  /** A power or deployment action on a vApp (every VM) or on one VM; refused as VCD refuses it when the state does not allow it. */
  async transition(session: Session, vapp: VApp, t: Transition, vm?: Vm): Promise<Task> {
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.power);
    const { operationName, verb } = taskNaming(t, vm ? 'vm' : 'vapp');
    const target = vm ?? vapp;
    const owner = vm ? vmOwner(vm) : vappOwner(vapp);
    /** each target VM's state after the action, decided in the task's start */
    let next = new Map<string, PowerState>();
    return this.#tasks.run({
      session, owner, operationName,
      operation: `${verb} ${vm ? 'Virtual Machine' : 'Virtual Application'} ${target.name}(${target.id})`,
      begin: async (trx, taskId) => {
        // a busy vApp (its creation, say) or VM answers BUSY_ENTITY before anything is said of its state
        const now = await this.#current(trx, vapp, [vappOwner(vapp), ...vapp.vms.map(vmOwner)].filter((o) => o.urn !== owner.urn));
        if (now.status === STATUS.FAILED_CREATION || now.status === STATUS.UNRESOLVED) {
          throw errors.badRequest(`The requested operation could not be executed since vApp "${vapp.name}" is not resolved.`);
        }
        const targets = vm ? now.vms.filter((v) => v.id === vm.id) : now.vms;
        if (vm) checkVm(t, vm.name, targets[0] ?? vm);
        else checkVApp(t, vapp.name, now.deployed, now.vms);
        next = new Map(targets.map((v) => [v.id, vmAfter(t, v)]));
        // what starts running must fit the VDC (CPU and memory are used by deployed VMs)
        const starting = targets.filter((v) => !v.deployed && next.get(v.id)!.deployed);
        if (starting.length) {
          await this.#vdcs.reserve(trx, taskId, vapp.vdcId, {
            cpuMhz: starting.reduce((a, v) => a + v.cpus * VCPU_MHZ, 0), memoryMb: starting.reduce((a, v) => a + v.memoryMb, 0), vms: 0, storageMb: 0,
          });
        }
      },
      work: async (trx) => {
        for (const [id, s] of next) await trx.updateTable('vms').set({ status: s.status, deployed: s.deployed ? 1 : 0 }).where('id', '=', id).execute();
        await this.#settle(trx, vapp.id, vm ? undefined : next.size ? undefined : t.kind === 'deploy' || (t.kind === 'power' && t.action === 'powerOn'));
      },
    });
  }

  /** Whether an action is offered on the vApp, or on one of its VMs (the links of their documents). */
  offers(vapp: VApp, t: Transition, vm?: Vm): boolean {
    if (vapp.status === STATUS.UNRESOLVED || vapp.status === STATUS.FAILED_CREATION) return false;
    return vm ? allows(t, vm.deployed, [vm]) : allows(t, vapp.deployed, vapp.vms);
  }

  /** What the caller may do with a vApp: its access (as it is shared), and whether it may change, share and remove it. */
  permissions(session: Session, vapp: VApp): VAppPermissions {
    const access = vappAccess(session, vapp.sharing);
    const full = access === 'FullControl';
    return {
      access, canChange: ACCESS_LEVELS.indexOf(access) >= ACCESS_LEVELS.indexOf('Change'),
      canShare: full && hasRights(session, ...VAPP_RIGHTS.share),
      canRemove: full && hasRights(session, ...VAPP_RIGHTS.delete) && this.removable(vapp),
    };
  }

  /** Whether the vApp may be deleted without force. */
  removable(vapp: VApp): boolean {
    return removable(vapp.status, vapp.deployed, vapp.vms);
  }

  /** PUT of a vApp (or recomposeVApp with only a name): a new name and description, through a task. */
  async edit(session: Session, vapp: VApp, changes: { name: string; description?: string | undefined }): Promise<Task> {
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.edit);
    return this.#tasks.run({
      session, owner: vappOwner(vapp), operationName: 'vappUpdateVApp', operation: `Updating Virtual Application ${vapp.name}(${vapp.id})`,
      work: (trx) => this.#rename(trx, vapp.id, changes),
    });
  }

  /** A vApp's new name (unique in its VDC) and description, each where given. */
  async #rename(trx: Transaction<Database>, id: string, changes: { name?: string | undefined; description?: string | undefined }): Promise<void> {
    try {
      await trx.updateTable('vapps').set({
        ...(changes.name !== undefined && { name: changes.name, name_key: changes.name.toLowerCase() }),
        ...(changes.description !== undefined && { description: changes.description }),
      }).where('id', '=', id).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw errors.duplicateName(`A vApp named "${changes.name}" already exists in this VDC.`);
      throw e;
    }
  }

  /**
   * recomposeVApp, in one task: VMs added (copies of template VMs or of other vApps' VMs, or blank ones of
   * a CreateItem), powered off, on the vApp's networks; VMs deleted (stopped ones only, as VCD refuses a
   * running one); a new name and description. The added VMs must fit the VDC (VM quota and storage).
   */
  async recompose(session: Session, vapp: VApp, spec: Recomposition): Promise<Task> {
    const adds = spec.items.length + spec.creates.length > 0;
    requireVAppOperation(session, vapp.sharing, adds || spec.deletes.length ? [...VAPP_RIGHTS.create, ...VAPP_RIGHTS.edit] : VAPP_RIGHTS.edit);
    const stray = spec.deletes.find((id) => !vapp.vms.some((v) => v.id === id));
    if (stray) throw errors.invalidReference(`The DeleteItem /api/vApp/vm-${stray} is not a VM of vApp "${vapp.name}".`);
    const sources: Array<{ vm: TemplateVm; changes: VmChanges }> = [];
    for (const item of spec.items) for (const vm of await this.#sourceVms(session, item)) sources.push({ vm, changes: item.changes });
    for (const changes of spec.creates) sources.push({ vm: blankVm(changes.name ?? ''), changes });
    const vdc = adds ? await this.#vdcs.get(session, vapp.vdcId) : undefined;
    const plans = vdc ? this.#plansFrom(vdc, sources) : [];
    const staying = vapp.vms.filter((v) => !spec.deletes.includes(v.id));
    const clash = plans.find((p) => staying.some((v) => v.name.toLowerCase() === p.name.toLowerCase()));
    if (clash) throw errors.duplicateName(`A VM named "${clash.name}" already exists in vApp "${vapp.name}".`);
    if (staying.length + plans.length > VM_LIMITS.vms) throw errors.badRequest(`A vApp holds at most ${VM_LIMITS.vms} VMs.`);
    const networks = await this.#networksFor(vapp, plans.flatMap((p) => p.nics));
    const storage = new Set(plans.map((p) => p.storageProfileId));
    return this.#tasks.run({
      session, owner: vappOwner(vapp), operationName: 'vdcRecomposeVapp', operation: `Recomposing Virtual Application ${vapp.name}(${vapp.id})`,
      begin: async (trx, taskId) => {
        const now = await this.#current(trx, vapp, vapp.vms.map(vmOwner));
        for (const id of spec.deletes) {
          const vm = now.vms.find((v) => v.id === id);
          if (!vm) throw errors.invalidReference(`The DeleteItem /api/vApp/vm-${id} is not a VM of vApp "${vapp.name}".`);
          if (vm.deployed || vm.status === STATUS.POWERED_ON) {
            throw errors.badRequest(`The requested operation could not be executed on VM "${vm.name}". Stop the VM and try again.`);
          }
        }
        if (plans.length) {
          await this.#vdcs.reserve(trx, taskId, vapp.vdcId, {
            cpuMhz: 0, memoryMb: 0, vms: plans.length, storageMb: plans.reduce((a, p) => a + p.diskMb, 0),
            ...(storage.size === 1 && { storageProfileId: [...storage][0]! }),
          });
        }
      },
      work: async (trx) => {
        if (spec.deletes.length) {
          await this.#networks?.releaseIps(trx, spec.deletes);
          await trx.deleteFrom('metadata').where('entity_urn', 'in', spec.deletes.map((id) => urn('vm', id))).execute();
          await trx.deleteFrom('vms').where('id', 'in', spec.deletes).execute();
        }
        await this.#saveNetworks(trx, vapp.id, networks);
        const last = await trx.selectFrom('vms').select((eb) => eb.fn.max('position').as('p')).where('vapp_id', '=', vapp.id).executeTakeFirst();
        const first = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
        const off = { status: STATUS.POWERED_OFF, deployed: false };
        for (const [i, plan] of plans.entries()) await this.#insertVm(trx, { id: vapp.id, orgId: vapp.orgId, vdcId: vapp.vdcId }, first + i, plan, networks, off);
        if (spec.name !== undefined || spec.description !== undefined) await this.#rename(trx, vapp.id, spec);
        await this.#settle(trx, vapp.id, vapp.deployed);
      },
    });
  }

  /**
   * PUT of the NetworkConfigSection: the vApp's networks become those it lists (kept ones named by their
   * Link, renamed with their NICs), as a task. Refused, as VCD refuses it, when a network a VM's NIC uses
   * would go, or would change its parent or subnet under it.
   */
  async setNetworks(session: Session, vapp: VApp, specs: readonly VAppNetworkSpec[]): Promise<Task> {
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.edit);
    const networks = await this.#resolveNetworks(vapp.vdcId, specs, vapp.networks, true);
    return this.#changeNetworks(session, vapp, networks, 'vappUpdateNetworkConfigSection', `Updating Virtual Application ${vapp.name}(${vapp.id})`);
  }

  /** DELETE /api/network/{id} of a vApp network (go-vcloud-director's RemoveNetwork): the others stay. */
  async removeNetwork(session: Session, networkId: string): Promise<Task> {
    const { vapp, network } = await this.#vappNetwork(session, networkId);
    return this.#changeNetworks(session, vapp, vapp.networks.filter((n) => n.id !== networkId), 'vappUpdateNetworkConfigSection',
      `Deleting vApp network ${network.name}(${networkId})`);
  }

  /**
   * action/reset of a vApp network (its NetworkConfig's repair link): VCD redeploys the network's services;
   * a cell has none to redeploy, so the task changes nothing, but it is refused as VCD refuses it (busy vApp).
   */
  async resetNetwork(session: Session, networkId: string): Promise<Task> {
    const { vapp, network } = await this.#vappNetwork(session, networkId);
    return this.#tasks.run({
      session, owner: vappOwner(vapp), operationName: 'vappNetworkReset', operation: `Resetting vApp network ${network.name}(${networkId})`,
      begin: async (trx) => { await this.#current(trx, vapp, vapp.vms.map(vmOwner)); },
      work: async () => {},
    });
  }

  /** A vApp network by id, with its vApp, for a caller who may edit the vApp; else absent. */
  async #vappNetwork(session: Session, networkId: string): Promise<{ vapp: VApp; network: VAppNetwork }> {
    const row = await this.#db.selectFrom('vapp_networks').select('vapp_id').where('id', '=', networkId).executeTakeFirst();
    const vapp = row && await this.get(session, row.vapp_id).catch(() => undefined);
    const network = vapp?.networks.find((n) => n.id === networkId);
    if (!vapp || !network) throw noAccess(urn('network', networkId));
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.edit);
    return { vapp, network };
  }

  async #changeNetworks(session: Session, vapp: VApp, networks: readonly VAppNetwork[], operationName: string, operation: string): Promise<Task> {
    let before: VAppNetwork[] = [];
    return this.#tasks.run({
      session, owner: vappOwner(vapp), operationName, operation,
      begin: async (trx) => {
        const now = await this.#current(trx, vapp, vapp.vms.map(vmOwner));
        before = (await trx.selectFrom('vapp_networks').selectAll().where('vapp_id', '=', vapp.id).execute()).map(toNetwork);
        for (const old of before) {
          const users = now.vms.filter((v) => v.nics.some((nic) => nic.network === old.name)).map((v) => v.name);
          if (!users.length) continue;
          const next = networks.find((n) => n.id === old.id);
          if (!next) throw errors.badRequest(`The vApp network "${old.name}" cannot be removed: it is in use by VM ${users.map((u) => `"${u}"`).join(', ')}.`);
          if (next.networkId !== old.networkId || JSON.stringify(next.subnet) !== JSON.stringify(old.subnet)) {
            throw errors.badRequest(`The parent or subnet of vApp network "${old.name}" cannot change while VM ${users.map((u) => `"${u}"`).join(', ')} is connected to it.`);
          }
        }
      },
      work: async (trx) => {
        await trx.deleteFrom('vapp_networks').where('vapp_id', '=', vapp.id).execute();
        if (networks.length) await trx.insertInto('vapp_networks').values(networks.map((n) => networkRow(vapp.id, n))).execute();
        for (const n of networks) {
          const old = before.find((b) => b.id === n.id);
          if (old && old.name !== n.name) {
            await trx.updateTable('vm_nics').set({ network_name: n.name }).where('network_name', '=', old.name)
              .where('vm_id', 'in', (eb) => eb.selectFrom('vms').select('id').where('vapp_id', '=', vapp.id)).execute();
          }
        }
      },
    });
  }

  /** LeaseSettingsSection's PUT: the seconds until the vApp is undeployed and deleted (0: never); one left out stays. */
  async setLease(session: Session, vapp: VApp, changes: { deploymentSeconds?: number | undefined; storageSeconds?: number | undefined }): Promise<Task> {
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.edit);
    const lease = { deploymentSeconds: changes.deploymentSeconds ?? vapp.lease.deploymentSeconds, storageSeconds: changes.storageSeconds ?? vapp.lease.storageSeconds };
    return this.#tasks.run({
      session, owner: vappOwner(vapp), operationName: 'vappUpdateVApp', operation: `Updating Virtual Application ${vapp.name}(${vapp.id})`,
      work: async (trx) => {
        await trx.updateTable('vapps').set({ deployment_lease_seconds: lease.deploymentSeconds, storage_lease_seconds: lease.storageSeconds })
          .where('id', '=', vapp.id).execute();
      },
    });
  }

  /**
   * DELETE: refused while the vApp is deployed or any VM runs (VCD's wording, pyvcloud PR 489), unless
   * force; its VMs' addresses go back to their pools.
   */
  async delete(session: Session, vapp: VApp, force: boolean): Promise<Task> {
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.delete, 'FullControl');
    return this.#tasks.run({
      session, owner: vappOwner(vapp), operationName: 'vdcDeleteVapp', operation: `Deleting Virtual Application ${vapp.name}(${vapp.id})`,
      begin: async (trx) => {
        const now = await this.#current(trx, vapp, vapp.vms.map(vmOwner));
        if (!force && !removable(now.status, now.deployed, now.vms)) {
          throw errors.badRequest(`The requested operation could not be executed on vApp "${vapp.name}". Stop the vApp and try again.`);
        }
      },
      work: async (trx) => {
        const vms = await trx.selectFrom('vms').select('id').where('vapp_id', '=', vapp.id).execute();
        if (vms.length) {
          await this.#networks?.releaseIps(trx, vms.map((v) => v.id));
          await trx.deleteFrom('metadata').where('entity_urn', 'in', vms.map((v) => urn('vm', v.id))).execute();
        }
        await trx.deleteFrom('metadata').where('entity_urn', '=', urn('vapp', vapp.id)).execute();
        await trx.deleteFrom('vapps').where('id', '=', vapp.id).execute();
      },
    });
  }

  /** controlAccess: who the vApp is shared with (everyone in the org, users of its org by id) and how far. */
  async setAccess(session: Session, vapp: VApp, params: { everyone: AccessLevel | null; users: Array<{ userId: string; level: AccessLevel }> }): Promise<VApp> {
    requireVAppOperation(session, vapp.sharing, VAPP_RIGHTS.share, 'FullControl');
    const ids = [...new Set(params.users.map((u) => u.userId))];
    const found = ids.length
      ? await this.#db.selectFrom('users').select('id').where('id', 'in', ids).where('org_id', '=', vapp.orgId).execute() : [];
    if (found.length !== ids.length) throw errors.invalidReference('An AccessSetting names a user who is not in the vApp\'s organization.');
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('vapps').set({ shared_to_everyone: params.everyone ? 1 : 0, everyone_access: params.everyone }).where('id', '=', vapp.id).execute();
      await trx.deleteFrom('vapp_access').where('vapp_id', '=', vapp.id).execute();
      if (params.users.length) {
        await trx.insertInto('vapp_access').values(params.users.map((u) => ({ vapp_id: vapp.id, user_id: u.userId, access_level: u.level })))
          .onConflict((oc) => oc.doNothing()).execute();
      }
    });
    return (await loadVApp(this.#db, vapp.id, session.userId))!;
  }

  /**
   * A VM's changes (virtual hardware items, VmSpecSection, network connections, guest customization, a
   * reconfigureVm body), each gated by its right; more CPU or memory on a deployed VM must fit the VDC.
   */
  async changeVm(session: Session, vapp: VApp, vm: Vm, changes: VmChanges): Promise<Task> {
    const rights = new Set<string>();
    if (changes.cpus !== undefined || changes.coresPerSocket !== undefined) VAPP_RIGHTS.editCpu.forEach((r) => rights.add(r));
    if (changes.memoryMb !== undefined) VAPP_RIGHTS.editMemory.forEach((r) => rights.add(r));
    const disk = vm.disks[0];
    const diskMb = changes.diskMb === undefined || changes.diskMb === disk?.sizeMb ? undefined : changes.diskMb;
    if (diskMb !== undefined) VAPP_RIGHTS.editDisk.forEach((r) => rights.add(r));
    if (changes.nics !== undefined) VAPP_RIGHTS.editNetwork.forEach((r) => rights.add(r));
    if (changes.name !== undefined || changes.description !== undefined || changes.guest !== undefined || changes.osType !== undefined
      || changes.capabilities !== undefined || changes.boot !== undefined) {
      VAPP_RIGHTS.editVm.forEach((r) => rights.add(r));
    }
    requireVAppOperation(session, vapp.sharing, [...rights]);
    positive(changes.cpus, 'The number of CPUs', VM_LIMITS.cpus);
    positive(changes.memoryMb, 'The memory (MB)', VM_LIMITS.memoryMb);
    const cores = positive(changes.coresPerSocket, 'The cores per socket', VM_LIMITS.cpus);
    if (cores !== undefined && (changes.cpus ?? vm.cpus) % cores !== 0) {
      throw errors.badRequest(`The number of CPUs (${changes.cpus ?? vm.cpus}) must be a multiple of the cores per socket (${cores}).`);
    }
    if (changes.name !== undefined && changes.name !== vm.name && vapp.vms.some((v) => v.name.toLowerCase() === changes.name!.toLowerCase())) {
      throw errors.duplicateName(`A VM named "${changes.name}" already exists in vApp "${vapp.name}".`);
    }
    if (changes.nics) this.#checkNics(changes.nics);
    if (diskMb !== undefined) {
      positive(diskMb, 'The disk size (MB)', VM_LIMITS.diskMb);
      // a disk grows; VCD does not shrink one
      if (!disk || diskMb < disk.sizeMb) throw errors.badRequest(`The hard disk of VM "${vm.name}" cannot shrink (${disk?.sizeMb ?? 0} MB to ${diskMb} MB).`);
    }
    const networks = changes.nics ? await this.#networksFor(vapp, changes.nics) : vapp.networks;
    const work: TaskWork = async (trx) => {
      const g = changes.guest ?? {};
      const caps = changes.capabilities ?? {};
      const boot = changes.boot ?? {};
      const set = {
        ...(changes.name !== undefined && { name: changes.name }), ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.cpus !== undefined && { cpus: changes.cpus }), ...(changes.coresPerSocket !== undefined && { cores_per_socket: changes.coresPerSocket }),
        ...(changes.memoryMb !== undefined && { memory_mb: changes.memoryMb }), ...(changes.osType !== undefined && { os_type: changes.osType }),
        ...(changes.primaryNicIndex !== undefined && { primary_nic_index: changes.primaryNicIndex }),
        ...(g.enabled !== undefined && { gc_enabled: g.enabled ? 1 : 0 }), ...(g.changeSid !== undefined && { gc_change_sid: g.changeSid ? 1 : 0 }),
        ...(g.adminPasswordEnabled !== undefined && { gc_admin_password_enabled: g.adminPasswordEnabled ? 1 : 0 }),
        ...(g.adminPasswordAuto !== undefined && { gc_admin_password_auto: g.adminPasswordAuto ? 1 : 0 }),
        ...(g.resetPasswordRequired !== undefined && { gc_reset_password_required: g.resetPasswordRequired ? 1 : 0 }),
        ...(g.script !== undefined && { gc_script: g.script }), ...(g.computerName !== undefined && { computer_name: g.computerName }),
        ...(caps.memoryHotAdd !== undefined && { memory_hot_add: caps.memoryHotAdd ? 1 : 0 }),
        ...(caps.cpuHotAdd !== undefined && { cpu_hot_add: caps.cpuHotAdd ? 1 : 0 }),
        ...(boot.delayMs !== undefined && { boot_delay_ms: boot.delayMs }),
        ...(boot.enterBios !== undefined && { enter_bios_setup: boot.enterBios ? 1 : 0 }),
      };
      if (Object.keys(set).length) {
        try {
          await trx.updateTable('vms').set(set).where('id', '=', vm.id).execute();
        } catch (e) {
          if (isUniqueViolation(e)) throw errors.duplicateName(`A VM named "${changes.name}" already exists.`);
          throw e;
        }
      }
      if (diskMb !== undefined) {
        await trx.updateTable('vm_disks').set({ size_mb: diskMb }).where('vm_id', '=', vm.id).where('instance_id', '=', disk!.instanceId).execute();
      }
      if (changes.nics) {
        await this.#saveNetworks(trx, vapp.id, networks);
        await this.#networks?.releaseIps(trx, [vm.id]);
        await trx.deleteFrom('vm_nics').where('vm_id', '=', vm.id).execute();
        await this.#insertNics(trx, vm.id, changes.nics, networks, vm.nics);
      }
    };
    return this.#tasks.run({
      session, owner: vmOwner(vm), operationName: 'vappUpdateVm', operation: `Updating Virtual Machine ${vm.name}(${vm.id})`, work,
      // what the VM gains must fit the VDC: a larger disk, and more CPU or memory while it is deployed
      begin: async (trx, taskId) => {
        const now = (await this.#current(trx, vapp, [vappOwner(vapp)])).vms.find((v) => v.id === vm.id) ?? vm;
        const more = {
          disk: diskMb === undefined ? 0 : Math.max(0, diskMb - (now.disks[0]?.sizeMb ?? 0)),
          cpus: now.deployed ? Math.max(0, (changes.cpus ?? now.cpus) - now.cpus) : 0,
          memory: now.deployed ? Math.max(0, (changes.memoryMb ?? now.memoryMb) - now.memoryMb) : 0,
        };
        if (more.disk || more.cpus || more.memory) {
          await this.#vdcs.reserve(trx, taskId, vapp.vdcId, {
            cpuMhz: more.cpus * VCPU_MHZ, memoryMb: more.memory, vms: 0, storageMb: more.disk, ...(more.disk && { storageProfileId: now.storageProfileId }),
          });
        }
      },
    });
  }

  /** A VM's state after a change, read again (for documents that answer with the VM). */
  async reloadVm(id: string): Promise<Vm | undefined> {
    return (await loadVms(this.#db, { vmId: id }))[0];
  }

  /**
   * In the start of a task on a vApp or one of its VMs, once the task holds its owner: the vApp's row is
   * locked (PostgreSQL; on SQLite the transaction has the store's one connection to itself), so that the
   * starts of operations on a vApp and its VMs are decided one at a time; then BUSY_ENTITY while another
   * task holds one of `others`; then the vApp's state and its VMs as they are now, which nothing else can
   * change before the task ends. A vApp deleted meanwhile is absent.
   */
  async #current(trx: Transaction<Database>, vapp: VApp, others: readonly TaskOwner[]): Promise<PowerState & { vms: Vm[] }> {
    const locked = await trx.selectFrom('vapps').select('id').where('id', '=', vapp.id).$if(this.#rowLocks, (q) => q.forNoKeyUpdate()).executeTakeFirst();
    if (!locked) throw noAccess(urn('vapp', vapp.id));
    await this.#tasks.requireIdle(others, trx);
    const row = await trx.selectFrom('vapps').select(['status', 'deployed']).where('id', '=', vapp.id).executeTakeFirstOrThrow();
    return { status: row.status, deployed: row.deployed === 1, vms: await loadVms(trx, { vappId: vapp.id }) };
  }

  /** A new vApp's row: being created (UNRESOLVED) until #build has made its VMs. */
  async #insertVApp(trx: Transaction<Database>, id: string, vdc: Vdc, spec: { name: string; description?: string | undefined }, ownerId: string | null) {
    await trx.insertInto('vapps').values({
      id, org_id: vdc.orgId, vdc_id: vdc.id, name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '',
      status: STATUS.UNRESOLVED, deployed: 0, owner_id: ownerId, shared_to_everyone: 0, everyone_access: null, created_at: this.#clock.now(),
    }).execute();
  }

  /** A new vApp's networks and VMs (their NICs' addresses from the pools), and its state after. */
  async #build(trx: Transaction<Database>, id: string, vdc: Vdc, plans: readonly VmPlan[], networks: readonly VAppNetwork[], after: PowerState) {
    await this.#saveNetworks(trx, id, networks);
    for (const [position, plan] of plans.entries()) await this.#insertVm(trx, { id, orgId: vdc.orgId, vdcId: vdc.id }, position, plan, networks, after);
    const status = plans.length ? after.status : STATUS.RESOLVED;
    await trx.updateTable('vapps').set({ status, deployed: after.deployed ? 1 : 0 }).where('id', '=', id).execute();
  }

  /** The template VMs a creation builds from, with the request's changes, checked before anything is written. */
  async #plan(session: Session, vdc: Vdc, spec: VAppCreation): Promise<VmPlan[]> {
    const sources: Array<{ vm: TemplateVm; changes: VmChanges }> = [];
    const fromTemplate = async (id: string) => {
      const template = await this.#catalogs.template(session, id);
      if (template.status !== TEMPLATE_USABLE) throw errors.badRequest(`The vApp template "${template.name}" is not ready to be instantiated.`);
      return template.vms;
    };
    if (spec.templateId) {
      const vms = await fromTemplate(spec.templateId);
      for (const vm of vms) {
        const item = spec.items.find((i) => i.source.kind === 'templateVm' && i.source.id === vm.id);
        sources.push({ vm, changes: item?.changes ?? {} });
      }
      const stray = spec.items.find((i) => i.source.kind !== 'templateVm' || !vms.some((v) => v.id === i.source.id));
      if (stray) throw errors.invalidReference(`The SourcedItem ${stray.source.id} is not a VM of the template being instantiated.`);
    } else {
      for (const item of spec.items) for (const vm of await this.#sourceVms(session, item)) sources.push({ vm, changes: item.changes });
    }
    return this.#plansFrom(vdc, sources);
  }

  /** The VMs a SourcedItem copies: a template's (all of them), one template VM, or a VM of a vApp the caller sees. */
  async #sourceVms(session: Session, item: SourcedItem): Promise<TemplateVm[]> {
    if (item.source.kind === 'vAppTemplate') {
      const template = await this.#catalogs.template(session, item.source.id);
      if (template.status !== TEMPLATE_USABLE) throw errors.badRequest(`The vApp template "${template.name}" is not ready to be instantiated.`);
      return template.vms;
    }
    if (item.source.kind === 'templateVm') return [(await this.#catalogs.templateVm(session, item.source.id)).vm];
    const { vm } = await this.getVm(session, item.source.id);
    const nic = vm.nics.find((n) => n.index === vm.primaryNicIndex) ?? vm.nics[0];
    return [{
      id: vm.id, templateId: '', name: vm.name, computerName: vm.guest.computerName, cpus: vm.cpus, coresPerSocket: vm.coresPerSocket,
      memoryMb: vm.memoryMb, diskMb: vm.disks[0]?.sizeMb ?? 0, diskBus: vm.disks[0]?.busType ?? VM_DEFAULTS.diskBus, osType: vm.osType,
      network: nic && nic.network !== NO_NETWORK ? nic.network : undefined, nicAdapter: nic?.adapter ?? 'VMXNET3', mac: '', toolsVersion: vm.toolsVersion,
    }];
  }

  /** Each source VM with its changes applied, in the VDC's storage; refused as VCD refuses a bad request. */
  #plansFrom(vdc: Vdc, sources: ReadonlyArray<{ vm: TemplateVm; changes: VmChanges }>): VmPlan[] {
    if (sources.length > VM_LIMITS.vms) throw errors.badRequest(`A vApp holds at most ${VM_LIMITS.vms} VMs.`);
    const names = new Set<string>();
    return sources.map(({ vm, changes }) => {
      const name = changes.name ?? vm.name;
      if (names.has(name.toLowerCase())) throw errors.duplicateName(`The vApp would hold two VMs named "${name}".`);
      names.add(name.toLowerCase());
      const profile = changes.storageProfileId === undefined ? vdc.storageProfiles.find((p) => p.isDefault)
        : vdc.storageProfiles.find((p) => p.id === changes.storageProfileId);
      if (!profile) throw errors.invalidReference(`The storage profile ${changes.storageProfileId} is not one of VDC "${vdc.name}".`);
      const cpus = positive(changes.cpus, 'The number of CPUs', VM_LIMITS.cpus) ?? vm.cpus;
      const nics = changes.nics ?? [{
        index: 0, network: vm.network ?? NO_NETWORK, ipMode: vm.network === undefined ? 'NONE' : 'POOL', connected: vm.network !== undefined,
      } satisfies NicSpec];
      this.#checkNics(nics);
      return {
        id: newId(), name, description: changes.description ?? '', source: vm, cpus,
        coresPerSocket: positive(changes.coresPerSocket, 'The cores per socket', VM_LIMITS.cpus) ?? Math.min(vm.coresPerSocket, cpus),
        memoryMb: positive(changes.memoryMb, 'The memory (MB)', VM_LIMITS.memoryMb) ?? vm.memoryMb,
        diskMb: positive(changes.diskMb, 'The disk size (MB)', VM_LIMITS.diskMb) ?? vm.diskMb,
        osType: changes.osType ?? vm.osType, nics, primaryNicIndex: changes.primaryNicIndex ?? nics[0]?.index ?? 0,
        guest: changes.guest ?? {}, needsCustomization: changes.needsCustomization ?? true, storageProfileId: profile.id,
      };
    });
  }

  #checkNics(nics: readonly NicSpec[]): void {
    if (nics.length > VM_LIMITS.nics) throw errors.badRequest(`A VM has at most ${VM_LIMITS.nics} network connections.`);
    const indexes = new Set<number>();
    for (const nic of nics) {
      if (indexes.has(nic.index)) throw errors.badRequest(`NetworkConnectionIndex ${nic.index} is given twice.`);
      indexes.add(nic.index);
      if (nic.ipMode === 'MANUAL' && !nic.ip) throw errors.badRequest(`NIC ${nic.index} is MANUAL but names no IpAddress.`);
      if (nic.network === NO_NETWORK && nic.ipMode !== 'NONE') throw errors.badRequest(`NIC ${nic.index} is connected to no network; its IpAddressAllocationMode must be NONE.`);
    }
  }

  /**
   * The vApp networks of a new vApp: those the request configures (each bridged to the org VDC network its
   * ParentNetwork names, or isolated), then any other network a NIC names, bridged to the org VDC network
   * of that name when the VDC has one (the template's own network), else isolated.
   */
  async #vappNetworks(vdc: Vdc, configured: readonly VAppNetworkSpec[], plans: readonly VmPlan[]): Promise<VAppNetwork[]> {
    const networks = await this.#resolveNetworks(vdc.id, configured, [], false);
    return this.#addNicNetworks(vdc.id, networks, plans.flatMap((p) => p.nics));
  }

  /**
   * NetworkConfigs as vApp networks, checked as VCD checks them: names unique, a bridged or fenced one
   * behind an org VDC network of the vApp's VDC, an isolated one behind none (with an IpScope of its own
   * when it is new and `scopeForNew`), a subnet's ranges inside it. One whose Link names a network the vApp
   * has keeps that network's id; the others are new.
   */
  async #resolveNetworks(vdcId: string, specs: readonly VAppNetworkSpec[], existing: readonly VAppNetwork[], scopeForNew: boolean): Promise<VAppNetwork[]> {
    const names = new Set<string>();
    const ids = new Set<string>();
    const networks: VAppNetwork[] = [];
    for (const n of specs) {
      const where = `vApp network "${n.name}"`;
      if (names.has(n.name.toLowerCase())) throw errors.duplicateName(`The vApp would have two networks named "${n.name}".`);
      names.add(n.name.toLowerCase());
      if (!FENCE_MODES.includes(n.fenceMode)) throw errors.badRequest(`FenceMode of ${where} must be ${FENCE_MODES.join(', ')}, not "${n.fenceMode}".`);
      const hasParent = n.parentId !== undefined || n.parentName !== undefined;
      if (n.fenceMode === 'isolated' && hasParent) throw errors.badRequest(`The isolated ${where} cannot have a ParentNetwork.`);
      if (n.fenceMode !== 'isolated' && !hasParent) throw errors.badRequest(`The ${n.fenceMode} ${where} needs a ParentNetwork.`);
      if (n.fenceMode === 'bridged' && n.subnet) throw errors.badRequest(`The bridged ${where} takes its parent's addresses; it has no IpScope of its own.`);
      const known = n.id === undefined ? undefined : existing.find((e) => e.id === n.id);
      if (n.id !== undefined && (!known || ids.has(n.id))) throw errors.invalidReference(`The Link of ${where} names no network of this vApp.`);
      if (n.subnet) checkSubnet(n.subnet, where);
      else if (n.fenceMode === 'isolated' && scopeForNew && !known) throw errors.badRequest(`The isolated ${where} needs an IpScope with its Gateway and Netmask.`);
      let networkId: string | null = null;
      if (hasParent) {
        const byId = n.parentId !== undefined && this.#networks ? await this.#networks.findByIdForVdc(this.#db, vdcId, n.parentId) : undefined;
        const parent = byId ?? (n.parentId === undefined && this.#networks ? await this.#networks.findForVdc(this.#db, vdcId, n.parentName ?? n.name) : undefined);
        if (!parent) throw errors.invalidReference(`The ParentNetwork of ${where} is not a network of the vApp's VDC.`);
        networkId = parent.id;
      }
      const id = known?.id ?? newId();
      ids.add(id);
      networks.push({
        id, name: n.name, fenceMode: n.fenceMode, networkId, description: n.description ?? known?.description ?? '',
        retainNetInfo: n.retainNetInfo ?? known?.retainNetInfo ?? false, subnet: n.subnet ?? (n.fenceMode === 'isolated' ? known?.subnet : undefined),
      });
    }
    return networks;
  }

  async #networksFor(vapp: VApp, nics: readonly NicSpec[]): Promise<VAppNetwork[]> {
    return this.#addNicNetworks(vapp.vdcId, [...vapp.networks], nics);
  }

  async #addNicNetworks(vdcId: string, networks: VAppNetwork[], nics: readonly NicSpec[]): Promise<VAppNetwork[]> {
    for (const nic of nics) {
      if (nic.network === NO_NETWORK || networks.some((n) => n.name === nic.network)) continue;
      const orgNetwork = this.#networks && await this.#networks.findForVdc(this.#db, vdcId, nic.network);
      networks.push({
        id: newId(), name: nic.network, fenceMode: orgNetwork ? 'bridged' : 'isolated', networkId: orgNetwork?.id ?? null, description: '',
        retainNetInfo: false, subnet: undefined,
      });
    }
    return networks;
  }

  async #insertVm(trx: Transaction<Database>, vapp: { id: string; orgId: string; vdcId: string }, position: number, p: VmPlan,
    networks: readonly VAppNetwork[], state: PowerState): Promise<void> {
    const g = p.guest;
    await trx.insertInto('vms').values({
      id: p.id, vapp_id: vapp.id, org_id: vapp.orgId, vdc_id: vapp.vdcId, position, name: p.name, description: p.description,
      computer_name: g.computerName ?? p.source.computerName, status: state.status, deployed: state.deployed ? 1 : 0,
      cpus: p.cpus, cores_per_socket: p.coresPerSocket, memory_mb: p.memoryMb, os_type: p.osType, hardware_version: VM_DEFAULTS.hardwareVersion,
      tools_version: p.source.toolsVersion, storage_profile_id: p.storageProfileId, primary_nic_index: p.primaryNicIndex,
      gc_enabled: g.enabled === false ? 0 : 1, gc_change_sid: g.changeSid ? 1 : 0, gc_admin_password_enabled: g.adminPasswordEnabled === false ? 0 : 1,
      gc_admin_password_auto: g.adminPasswordAuto === false ? 0 : 1, gc_reset_password_required: g.resetPasswordRequired ? 1 : 0,
      gc_script: g.script ?? '', needs_customization: p.needsCustomization ? 1 : 0, created_at: this.#clock.now(),
    }).execute();
    if (p.diskMb > 0) {
      await trx.insertInto('vm_disks').values({
        vm_id: p.id, instance_id: 2000, size_mb: p.diskMb, bus_type: p.source.diskBus ?? VM_DEFAULTS.diskBus, bus_number: 0, unit_number: 0,
      }).execute();
    }
    await this.#insertNics(trx, p.id, p.nics, networks, [], p.source.nicAdapter);
  }

  /**
   * A VM's NICs: each on its vApp network's org VDC network, with a MAC unique in the cell (the one it had,
   * if it keeps its index) and an address as its mode says: POOL from the pool, MANUAL the one asked for
   * (the pool's check), DHCP and NONE none. An isolated network has no pool behind it here.
   */
  async #insertNics(trx: Transaction<Database>, vmId: string, nics: readonly NicSpec[], networks: readonly VAppNetwork[], had: Vm['nics'],
    defaultAdapter = 'VMXNET3'): Promise<void> {
    for (const nic of nics) {
      const previous = had.find((n) => n.index === nic.index);
      const network = networks.find((n) => n.name === nic.network);
      // a network with addresses of its own gives them; a bridged or fenced one takes its parent's
      const networkId = network?.subnet ? null : network?.networkId ?? null;
      let ip: string | null = null;
      if (network?.subnet && (nic.ipMode === 'POOL' || nic.ipMode === 'MANUAL')) {
        const requested = nic.ipMode === 'MANUAL' ? nic.ip : previous?.network === network.name ? previous.ip ?? undefined : undefined;
        ip = await this.#ownAddress(trx, vmId, network.name, network.subnet, requested);
      } else if (networkId && this.#networks && (nic.ipMode === 'POOL' || nic.ipMode === 'MANUAL')) {
        const requested = nic.ipMode === 'MANUAL' ? nic.ip : previous?.networkId === networkId ? previous.ip ?? undefined : undefined;
        ip = await this.#networks.allocateIp(trx, networkId, vmId, requested);
      } else if (nic.ipMode === 'MANUAL') {
        ip = nic.ip ?? null;
      }
      await trx.insertInto('vm_nics').values({
        vm_id: vmId, nic_index: nic.index, network_name: nic.network, network_id: networkId, ip_mode: nic.ipMode, ip,
        mac: nic.mac ?? previous?.mac ?? await this.#freeMac(trx), adapter: nic.adapter ?? previous?.adapter ?? defaultAdapter,
        is_connected: nic.connected ? 1 : 0,
      }).execute();
    }
  }

  /**
   * An address of a vApp network's own subnet for a NIC of `vmId`: `requested` when it is a free host
   * address of the subnet, else the lowest free one of its ranges. Free: no NIC of the vApp holds it there
   * (the vApp's row is locked by the task, so no other change of the vApp runs meanwhile).
   */
  async #ownAddress(trx: Transaction<Database>, vmId: string, networkName: string, subnet: VAppSubnet, requested?: string): Promise<string> {
    const { vapp_id: vappId } = await trx.selectFrom('vms').select('vapp_id').where('id', '=', vmId).executeTakeFirstOrThrow();
    const held = await trx.selectFrom('vm_nics').innerJoin('vms', 'vms.id', 'vm_nics.vm_id').select('vm_nics.ip')
      .where('vms.vapp_id', '=', vappId).where('vm_nics.network_name', '=', networkName).where('vm_nics.ip', 'is not', null).execute();
    const taken = new Set(held.map((h) => parseIpv4(h.ip!)));
    const gateway = parseIpv4(subnet.gateway)!;
    if (requested !== undefined) {
      const address = parseIpv4(requested)!;
      if (!isHostIn(address, subnetOf(gateway, subnet.prefixLength)) || address === gateway) {
        throw errors.badRequest(`The IP address ${requested} is not a host address of vApp network "${networkName}".`);
      }
      if (taken.has(address)) throw errors.badRequest(`The IP address ${requested} of vApp network "${networkName}" is in use.`);
      return requested;
    }
    for (const r of subnet.ranges) {
      for (let a = parseIpv4(r.start)!; a <= parseIpv4(r.end)!; a++) if (!taken.has(a)) return formatIpv4(a);
    }
    throw errors.badRequest(`The IP pool of vApp network "${networkName}" has no free address.`);
  }

  /** The vApp networks not yet recorded (those that are keep their configuration). */
  async #saveNetworks(trx: Transaction<Database>, vappId: string, networks: readonly VAppNetwork[]): Promise<void> {
    if (!networks.length) return;
    await trx.insertInto('vapp_networks').values(networks.map((n) => networkRow(vappId, n))).onConflict((oc) => oc.doNothing()).execute();
  }

  async #freeMac(trx: Transaction<Database>): Promise<string> {
    for (let i = 0; i < MAC_TRIES; i++) {
      const mac = vmwareMac();
      if (!await trx.selectFrom('vm_nics').select('mac').where('mac', '=', mac).executeTakeFirst()) return mac;
    }
    throw errors.internal();
  }

  /** A vApp's status and deployment from its VMs' after a change (`deployed` for a vApp with no VMs). */
  async #settle(trx: Transaction<Database>, vappId: string, deployed?: boolean): Promise<void> {
    const vms = await trx.selectFrom('vms').select(['status', 'deployed']).where('vapp_id', '=', vappId).execute();
    const states = vms.map((v) => ({ status: v.status, deployed: v.deployed === 1 }));
    const isDeployed = states.length ? states.some((s) => s.deployed) : deployed ?? false;
    await trx.updateTable('vapps').set({ status: vappStatus(states), deployed: isDeployed ? 1 : 0 }).where('id', '=', vappId).execute();
  }
}
