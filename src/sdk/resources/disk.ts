// Independent disks: created in a VDC (a task, whose entity is the Disk as created), attached to and detached from
// VMs (tasks on the VM), the VMs they are attached to, and metadata; get, list and delete as every set has them.
import { VcdError } from '../errors.ts';
import type { Reference, Resource, Task } from '../types.ts';
import { asArray, ResourceSetWithMetadata, sendXml, specOf, startTask, TaskHandle, type NamedEntity, type RecordOf, type Ref } from './resource.ts';
import { el, text, VCLOUD_NS } from './xml.ts';

/** GET /api/disk/{id} (application/vnd.vmware.vcloud.disk+json) */
export interface Disk extends NamedEntity {
  sizeMb: number;
  /** 5 IDE, 6 SCSI, 20 SATA */
  busType: string;
  busSubType: string;
  iops?: number | undefined;
  status: number;
  storageProfile?: Reference | undefined;
  owner?: { user?: Reference | undefined } | undefined;
  tasks?: { task?: Task | Task[] | undefined } | undefined;
}

/** What a new disk is: its size in MB; the bus (SCSI unless told) and storage profile (the VDC's default unless told). */
export interface DiskSpec {
  name: string;
  sizeMb: number;
  description?: string | undefined;
  busType?: '5' | '6' | '20' | undefined;
  busSubType?: string | undefined;
  /** the VDC's storage profile, by href */
  storageProfile?: string | undefined;
}

/** Independent disks (query type disk). */
export class Disks extends ResourceSetWithMetadata<Disk, RecordOf<'disk'>, RecordOf<'disk'>, TaskHandle> {
  protected readonly spec = specOf('disk');

  /** Creates a disk in a VDC (by href, id or urn): the creation's task, its `entity` the Disk as created. */
  async create(vdc: Ref, spec: DiskSpec): Promise<TaskHandle<Disk>> {
    const root = el('DiskCreateParams', { xmlns: VCLOUD_NS },
      el('Disk', { name: spec.name, sizeMb: spec.sizeMb, busType: spec.busType, busSubType: spec.busSubType },
        text('Description', spec.description), spec.storageProfile === undefined ? undefined : el('StorageProfile', { href: spec.storageProfile })));
    const disk = await sendXml<Disk>(this.client, 'POST', `${this.client.vdcs.href(vdc)}/disk`, 'vcloud.diskCreateParams', root);
    const [task] = asArray(disk.tasks?.task);
    if (!task) throw new VcdError(`[vcdkit] the cell created disk ${disk.name} without a task to follow`);
    return new TaskHandle(this.client, task, disk);
  }

  /** Attaches the disk to a VM (a task on the VM); `busNumber` and `unitNumber` place it, else the cell does. */
  attach(disk: Ref, vm: Ref, place: { busNumber?: number; unitNumber?: number } = {}): Promise<TaskHandle> {
    return this.#attachment('attach', disk, vm, place);
  }

  /** Detaches the disk from a VM (a task on the VM). */
  detach(disk: Ref, vm: Ref): Promise<TaskHandle> {
    return this.#attachment('detach', disk, vm, {});
  }

  /** The VMs the disk is attached to. */
  async attachedVms(disk: Ref): Promise<Reference[]> {
    return asArray((await this.client.get<Resource & { vmReference?: Reference | Reference[] }>(`${this.href(disk)}/attachedVms`)).vmReference);
  }

  #attachment(action: 'attach' | 'detach', disk: Ref, vm: Ref, place: { busNumber?: number; unitNumber?: number }): Promise<TaskHandle> {
    const root = el('DiskAttachOrDetachParams', { xmlns: VCLOUD_NS }, el('Disk', { href: this.href(disk) }),
      text('BusNumber', place.busNumber), text('UnitNumber', place.unitNumber));
    return startTask(this.client, 'POST', `${this.client.vms.href(vm)}/disk/action/${action}`, { mediaType: 'vcloud.diskAttachOrDetachParams', root });
  }
}
