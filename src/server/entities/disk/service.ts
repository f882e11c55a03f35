// Independent disks, with Cloud Director's rules: who sees one (its org's users with the view right, the
// provider every one; another org's is forbidden, as one that does not exist), creation, edit and deletion
// as tasks whose start reserves the storage they add on the disk's profile (VdcService.reserve: the check
// and the reservation are one step), deletion refused while the disk is attached, and attaching to or
// detaching from a VM (a task on the VM) under the state rules VCD applies.
import { ownerOf } from '../../inventory/registry.ts';
import type { Transaction } from 'kysely';
import { errors, quote } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import { hasRights, noAccess, requireOperation, requireVAppOperation } from '../../inventory/policy.ts';
import { findVisible } from '../../inventory/registry.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';
import type { Vdc, VdcService } from '../vdc/service.ts';
import { vmOwner, type VAppService, VM_LIMITS } from '../vapp/service.ts';
import { STATUS } from '../vapp/power.ts';
import { vmType } from '../vapp/vm-type.ts';
import { BUS_TYPES, DISK_RIGHTS, diskType } from './type.ts';
import type { DiskTable } from './migration.ts';

/** A disk's status: being created, then ready (VCD's entity status codes). */
const CREATING = 0;
const READY = 1;
const IDE = '5';

/** The controllers (busSubType) of each bus type (disk.xsd), the first what VCD gives when the request names none. */
const SUB_TYPES: Readonly<Record<string, readonly string[]>> = {
  5: [''], 6: ['lsilogic', 'buslogic', 'lsilogicsas', 'VirtualSCSI'], 20: ['vmware.sata.ahci'],
};

export interface Disk {
  id: string;
  orgId: string;
  vdcId: string;
  name: string;
  description: string;
  sizeMb: number;
  busType: string;
  busSubType: string;
  iops: number;
  status: number;
  storageProfile: { id: string; name: string };
  owner: { id: string; name: string } | undefined;
}

/** What DiskCreateParams asks for; what it leaves out gets VCD's defaults (SCSI, the VDC's default profile). */
export interface DiskSpec {
  name: string;
  description?: string | undefined;
  sizeMb: number;
  busType?: string | undefined;
  busSubType?: string | undefined;
  iops?: number | undefined;
  storageProfileId?: string | undefined;
}

/** A Disk sent to PUT: VCD wants busType and busSubType given, and unchanged. */
export interface DiskChanges {
  name: string;
  description?: string | undefined;
  sizeMb?: number | undefined;
  busType?: string | undefined;
  busSubType?: string | undefined;
  iops?: number | undefined;
  storageProfileId?: string | undefined;
}

/** Where DiskAttachOrDetachParams puts the disk on the VM (both absent: the system chooses). */
export interface Placement {
  diskId: string;
  busNumber?: number | undefined;
  unitNumber?: number | undefined;
}

/** The Owner of a disk's tasks. */
export const diskOwner = (d: Pick<Disk, 'id' | 'name'>): TaskOwner => ownerOf(diskType, d);

export class DiskService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;
  readonly #vdcs: VdcService;
  readonly #vapps: VAppService;

  constructor(db: Db, clock: Clock, deps: { tasks: TaskService; vdcs: VdcService; vapps: VAppService }) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = deps.tasks;
    this.#vdcs = deps.vdcs;
    this.#vapps = deps.vapps;
    // a creation that ends without success leaves no disk behind
    this.#tasks.whenFailed(async (trx, owners) => {
      const ids = owners.filter((o) => o.startsWith('urn:vcloud:disk:')).map((o) => o.slice('urn:vcloud:disk:'.length));
      if (ids.length) await trx.deleteFrom('disks').where('id', 'in', ids).where('status', '=', CREATING).execute();
    });
  }

  /** A disk the caller may see; else noAccess, as for none. */
  async get(session: Session, id: string): Promise<Disk> {
    const disk = await findVisible(this.#db, session, diskType, id) && await this.#load(id);
    if (!disk) throw noAccess(urn('disk', id));
    return disk;
  }

  /** What the caller may do to the disks it sees (the edit and remove links). */
  offers(session: Session): { canEdit: boolean; canRemove: boolean } {
    return { canEdit: hasRights(session, ...DISK_RIGHTS.edit), canRemove: hasRights(session, ...DISK_RIGHTS.delete) };
  }

  /** The VMs a disk is attached to that the caller sees (GET /api/disk/{id}/attachedVms). */
  async attachedVms(session: Session, disk: Disk): Promise<Array<{ id: string; name: string }>> {
    return this.#db.selectFrom('disk_attachments').innerJoin('vms', 'vms.id', 'disk_attachments.vm_id')
      .where('disk_attachments.disk_id', '=', disk.id).where(vmType.visibility(session))
      .select(['vms.id', 'vms.name']).orderBy('vms.created_at').orderBy('vms.id').execute();
  }

  /** A VDC's disks the caller sees, by name and id (the VDC's ResourceEntities). */
  async inVdc(session: Session, vdcId: string): Promise<Array<{ id: string; name: string }>> {
    return this.#db.selectFrom('disks').select(['disks.id', 'disks.name']).where('vdc_id', '=', vdcId)
      .where(diskType.visibility(session)).orderBy('created').orderBy('id').execute();
  }

  /** createDisk: the disk at once (being created), its storage reserved by the creation's task. */
  async create(session: Session, vdc: Vdc, spec: DiskSpec): Promise<{ disk: Disk; task: Task }> {
    requireOperation(session, diskType, 'create');
    const busType = spec.busType ?? '6';
    const busSubType = this.#busSubType(busType, spec.busSubType);
    checkSize(spec.sizeMb);
    const profile = spec.storageProfileId === undefined
      ? vdc.storageProfiles.find((p) => p.isDefault)
      : this.#profileIn(vdc, spec.storageProfileId);
    if (!profile) throw errors.badRequest(`The VDC "${vdc.name}" has no default storage profile.`);
    const id = newId();
    const task = await this.#tasks.run({
      session, owner: diskOwner({ id, name: spec.name }), operationName: 'vdcCreateDisk', operation: `Creating Disk ${spec.name}(${id})`,
      begin: async (trx, taskId) => {
        await this.#vdcs.reserve(trx, taskId, vdc.id, { cpuMhz: 0, memoryMb: 0, vms: 0, storageMb: spec.sizeMb, storageProfileId: profile.id });
        const row: DiskTable = {
          id, org_id: vdc.orgId, vdc_id: vdc.id, storage_profile_id: profile.id, owner_id: session.userId, name: spec.name,
          description: spec.description ?? '', size_mb: spec.sizeMb, bus_type: busType, bus_sub_type: busSubType, iops: spec.iops ?? 0,
          status: CREATING, created: this.#clock.now(),
        };
        await trx.insertInto('disks').values(row).execute();
      },
      work: async (trx) => {
        await trx.updateTable('disks').set({ status: READY }).where('id', '=', id).execute();
      },
    });
    return { disk: (await this.#load(id))!, task };
  }

  /**
   * PUT: name, description, size (it may grow, not shrink), IOPS and storage profile, through a task whose
   * start reserves what the change adds on the profile. The bus is given, as VCD wants it, and cannot change.
   * The edit right is checked by the engine (routes.ts declares it).
   */
  async update(session: Session, disk: Disk, changes: DiskChanges): Promise<Task> {
    if ((changes.busType !== undefined && changes.busType !== disk.busType) || (changes.busSubType !== undefined && changes.busSubType !== disk.busSubType)) {
      throw errors.badRequest(`The bus type and sub type of disk "${disk.name}" cannot be changed.`);
    }
    const sizeMb = changes.sizeMb ?? disk.sizeMb;
    checkSize(sizeMb);
    if (sizeMb < disk.sizeMb) throw errors.badRequest(`The size of disk "${disk.name}" cannot be reduced (${disk.sizeMb} MB to ${sizeMb} MB).`);
    const vdc = await this.#vdcs.get(session, disk.vdcId);
    const profileId = changes.storageProfileId === undefined ? disk.storageProfile.id : this.#profileIn(vdc, changes.storageProfileId).id;
    // on another profile the whole disk is new there; on its own, only what it grows by
    const adds = profileId === disk.storageProfile.id ? sizeMb - disk.sizeMb : sizeMb;
    return this.#tasks.run({
      session, owner: diskOwner(disk), operationName: 'vdcUpdateDisk', operation: `Updating Disk ${disk.name}(${disk.id})`,
      begin: async (trx, taskId) => {
        if (adds > 0) await this.#vdcs.reserve(trx, taskId, vdc.id, { cpuMhz: 0, memoryMb: 0, vms: 0, storageMb: adds, storageProfileId: profileId });
      },
      work: async (trx) => {
        await trx.updateTable('disks').set({
          name: changes.name, size_mb: sizeMb, storage_profile_id: profileId,
          ...(changes.description !== undefined && { description: changes.description }), ...(changes.iops !== undefined && { iops: changes.iops }),
        }).where('id', '=', disk.id).execute();
      },
    });
  }

  /** DELETE: refused while the disk is attached to a VM, as VCD refuses it (the delete right: the engine's, as declared). */
  async delete(session: Session, disk: Disk): Promise<Task> {
    return this.#tasks.run({
      session, owner: diskOwner(disk), operationName: 'vdcDeleteDisk', operation: `Deleting Disk ${disk.name}(${disk.id})`,
      begin: async (trx) => {
        const attached = await trx.selectFrom('disk_attachments').select('vm_id').where('disk_id', '=', disk.id).executeTakeFirst();
        if (attached) throw errors.badRequest(`The disk "${disk.name}" is attached to a VM; detach it before deleting it.`);
      },
      work: async (trx) => {
        await trx.deleteFrom('metadata').where('entity_urn', '=', urn('disk', disk.id)).execute();
        await trx.deleteFrom('disks').where('id', '=', disk.id).execute();
      },
    });
  }

  /** POST /api/vApp/vm-{id}/disk/action/attach: a task on the VM. */
  async attach(session: Session, vmId: string, placement: Placement): Promise<Task> {
    return this.#attachment(session, vmId, placement, true);
  }

  /** POST /api/vApp/vm-{id}/disk/action/detach: a task on the VM. */
  async detach(session: Session, vmId: string, placement: Placement): Promise<Task> {
    return this.#attachment(session, vmId, placement, false);
  }

  /**
   * Attaching and detaching: the VM's vApp must let the caller change its hard disks, the disk must be one the
   * caller sees, in the VM's VDC. In the task's start (the store as it is then): neither the disk nor the VM
   * busy; a suspended VM is refused, and so is a powered-on one for an IDE disk (IDE takes no hot plug); a
   * disk attached elsewhere is refused, and so is detaching a disk the VM does not have.
   */
  async #attachment(session: Session, vmId: string, placement: Placement, attach: boolean): Promise<Task> {
    const { vapp, vm } = await this.#vapps.getVm(session, vmId);
    const disk = await this.get(session, placement.diskId);
    requireVAppOperation(session, vapp.sharing, DISK_RIGHTS.attach);
    if (disk.vdcId !== vm.vdcId) throw errors.badRequest(`The disk "${disk.name}" is not in the VDC of VM "${vm.name}"; move it there first.`);
    const verb = attach ? 'Attaching' : 'Detaching';
    return this.#tasks.run({
      session, owner: vmOwner(vm), operationName: attach ? 'vappAttachDisk' : 'vappDetachDisk',
      operation: `${verb} Disk ${disk.name}(${disk.id}) ${attach ? 'to' : 'from'} Virtual Machine ${vm.name}(${vm.id})`,
      begin: async (trx) => {
        await this.#tasks.requireIdle([diskOwner(disk)], trx);
        const now = await trx.selectFrom('vms').select('status').where('id', '=', vm.id).executeTakeFirst();
        const status = now?.status ?? vm.status;
        if (status === STATUS.SUSPENDED) {
          throw errors.badRequest(`The requested operation could not be executed since VM "${vm.name}" is suspended. Discard its suspended state or power it on first.`);
        }
        if (disk.busType === IDE && status === STATUS.POWERED_ON) {
          throw errors.badRequest(`The IDE disk "${disk.name}" cannot be ${attach ? 'attached to' : 'detached from'} VM "${vm.name}" while it is powered on. Power it off first.`);
        }
        const where = await this.#attachedTo(trx, disk.id);
        if (attach && where) {
          throw errors.badRequest(where === vm.id
            ? `The disk "${disk.name}" is already attached to VM "${vm.name}".`
            : `The disk "${disk.name}" is already attached to another VM; detach it first.`);
        }
        if (!attach && where !== vm.id) throw errors.badRequest(`The disk "${disk.name}" is not attached to VM "${vm.name}".`);
      },
      work: async (trx) => {
        if (!attach) {
          await trx.deleteFrom('disk_attachments').where('disk_id', '=', disk.id).where('vm_id', '=', vm.id).execute();
          return;
        }
        try {
          await trx.insertInto('disk_attachments').values({
            disk_id: disk.id, vm_id: vm.id, bus_number: placement.busNumber ?? null, unit_number: placement.busNumber === undefined ? null : placement.unitNumber ?? null,
          }).execute();
        } catch (e) {
          if (isUniqueViolation(e)) throw errors.badRequest(`The disk "${disk.name}" is already attached to a VM; detach it first.`);
          throw e;
        }
      },
    });
  }

  /** The VM a disk is attached to, if any (a disk is attached to one VM at most: shared disks are not served). */
  async #attachedTo(trx: Transaction<Database>, diskId: string): Promise<string | undefined> {
    return (await trx.selectFrom('disk_attachments').select('vm_id').where('disk_id', '=', diskId).executeTakeFirst())?.vm_id;
  }

  #profileIn(vdc: Vdc, id: string) {
    const profile = vdc.storageProfiles.find((p) => p.id === id);
    if (!profile) throw errors.invalidReference(`The storage profile "${urn('vdcstorageProfile', id)}" is not one of VDC "${vdc.name}".`);
    return profile;
  }

  #busSubType(busType: string, subType: string | undefined): string {
    const known = Object.hasOwn(SUB_TYPES, busType) ? SUB_TYPES[busType]! : undefined;
    if (!known) throw errors.badRequest(`The bus type ${quote(busType)} is not one of ${Object.keys(BUS_TYPES).join(', ')} (IDE, SCSI, SATA).`);
    if (subType !== undefined && !known.includes(subType)) {
      throw errors.badRequest(`The bus sub type ${quote(subType)} is not one of bus type ${busType} (${BUS_TYPES[busType]}): ${known.map((s) => JSON.stringify(s)).join(', ')}.`);
    }
    return subType ?? known[0]!;
  }

  async #load(id: string): Promise<Disk | undefined> {
    const r = await this.#db.selectFrom('disks').innerJoin('vdc_storage_profiles', 'vdc_storage_profiles.id', 'disks.storage_profile_id')
      .leftJoin('users', 'users.id', 'disks.owner_id')
      .selectAll('disks').select(['vdc_storage_profiles.name as profile_name', 'users.name as owner_name'])
      .where('disks.id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id, orgId: r.org_id, vdcId: r.vdc_id, name: r.name, description: r.description, sizeMb: Number(r.size_mb),
      busType: r.bus_type, busSubType: r.bus_sub_type, iops: Number(r.iops), status: r.status,
      storageProfile: { id: r.storage_profile_id, name: r.profile_name },
      owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : undefined,
    };
  }
}

/** A disk's size: at least 1 MB, at most what a VM's disk may be. */
function checkSize(sizeMb: number): void {
  if (!Number.isSafeInteger(sizeMb) || sizeMb < 1 || sizeMb > VM_LIMITS.diskMb) {
    throw errors.badRequest(`The disk size must be between 1 MB and ${VM_LIMITS.diskMb} MB, not ${sizeMb} MB.`);
  }
}
