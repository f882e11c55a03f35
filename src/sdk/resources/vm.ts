// VMs of vApps: powered, deployed and undeployed on their own, renamed, CPU and memory changed, their NICs
// and addresses read, metadata. Each change is a task.
import type { QueryRecord, Reference } from '../types.ts';
import { eq } from '../filter.ts';
import { PowerResourceSet } from './power.ts';
import { asArray, nameAndDescription, startTask, type Ref, type TaskHandle, type NamedEntity, specOf } from './resource.ts';
import type { IpAllocationMode } from './vapp.ts';
import { el, OVF_NS, RASD_NS, text } from './xml.ts';

const VMW_NS = 'http://www.vmware.com/schema/ovf';

/** A section of a VM as VCD JSON gives it, told apart by `_type` (e.g. NetworkConnectionSectionType). */
export interface Section {
  _type: string;
  [member: string]: unknown;
}

/** A NIC of a VM. */
export interface NetworkConnection {
  network: string;
  networkConnectionIndex: number;
  ipAddress?: string | undefined;
  isConnected: boolean;
  mACAddress?: string | undefined;
  ipAddressAllocationMode: IpAllocationMode;
  networkAdapterType?: string | undefined;
}

/** GET /api/vApp/vm-{id} (application/vnd.vmware.vcloud.vm+json) */
export interface Vm extends NamedEntity {
  /** see VAPP_STATUS */
  status: number;
  deployed: boolean;
  needsCustomization?: boolean | undefined;
  vAppScopedLocalId?: string | undefined;
  storageProfile?: Reference | undefined;
  section?: Section[] | undefined;
  dateCreated?: string | undefined;
}

/** A record of the vm query. */
export interface VmRecord extends QueryRecord {
  href: string;
  name: string;
  /** the vApp's href and name */
  container: string;
  containerName: string;
  vdc: string;
  vdcName: string;
  guestOs: string;
  numberOfCpus: number;
  memoryMB: number;
  /** POWERED_OFF, POWERED_ON, SUSPENDED, … */
  status: string;
  networkName?: string | undefined;
  ipAddress?: string | undefined;
  isDeployed: boolean;
  isBusy: boolean;
  isVAppTemplate: boolean;
}

const section = (vm: Vm, type: string): Section | undefined => asArray(vm.section).find((s) => s._type === type);

/** VMs of vApps (query type vm). */
export class Vms extends PowerResourceSet<Vm, VmRecord, 'vm'> {
  protected readonly spec = { ...specOf('vm', 'VM'), scope: eq('isVAppTemplate', false) };

  /** The VM's NICs, by NetworkConnectionIndex. */
  nics(vm: Vm): NetworkConnection[] {
    return asArray(section(vm, 'NetworkConnectionSectionType')?.networkConnection as NetworkConnection | NetworkConnection[] | undefined)
      .sort((a, b) => a.networkConnectionIndex - b.networkConnectionIndex);
  }

  /** The addresses the VM's NICs hold. */
  ipAddresses(vm: Vm): string[] {
    return this.nics(vm).map((n) => n.ipAddress).filter((ip): ip is string => ip !== undefined);
  }

  /** The number of virtual CPUs. */
  cpus(vm: Vm): number | undefined {
    return section(vm, 'VmSpecSectionType')?.numCpus as number | undefined;
  }

  /** The memory, in MB (the virtual hardware's memory item). */
  memoryMb(vm: Vm): number | undefined {
    const items = asArray(section(vm, 'VirtualHardwareSection_Type')?.item as Array<{ resourceType: number; virtualQuantity: number }> | undefined);
    return items.find((i) => i.resourceType === 4)?.virtualQuantity;
  }

  /** Renames the VM and sets its description (a task). The name stays when only the description is given. */
  async edit(ref: Ref, changes: { name?: string | undefined; description?: string | undefined }): Promise<TaskHandle> {
    const name = changes.name ?? (await this.get(ref)).name;
    return startTask(this.client, 'PUT', this.href(ref), { mediaType: 'vcloud.vm', root: nameAndDescription('Vm', name, changes.description) });
  }

  /** Sets the number of virtual CPUs (and cores per socket, which must divide it); a task. */
  setCpus(ref: Ref, cpus: number, opts: { coresPerSocket?: number } = {}): Promise<TaskHandle> {
    const root = el('ovf:Item', { 'xmlns:ovf': OVF_NS, 'xmlns:rasd': RASD_NS, 'xmlns:vmw': VMW_NS },
      text('rasd:AllocationUnits', 'hertz * 10^6'), text('rasd:Description', 'Number of Virtual CPUs'), text('rasd:ElementName', `${cpus} virtual CPU(s)`),
      text('rasd:InstanceID', 4), text('rasd:ResourceType', 3), text('rasd:VirtualQuantity', cpus),
      text('vmw:CoresPerSocket', opts.coresPerSocket, { 'ovf:required': false }));
    return startTask(this.client, 'PUT', `${this.href(ref)}/virtualHardwareSection/cpu`, { mediaType: 'vcloud.rasdItem', root });
  }

  /** Sets the memory in MB; a task. */
  setMemory(ref: Ref, memoryMb: number): Promise<TaskHandle> {
    const root = el('ovf:Item', { 'xmlns:ovf': OVF_NS, 'xmlns:rasd': RASD_NS },
      text('rasd:AllocationUnits', 'byte * 2^20'), text('rasd:Description', 'Memory Size'), text('rasd:ElementName', `${memoryMb} MB of memory`),
      text('rasd:InstanceID', 5), text('rasd:ResourceType', 4), text('rasd:VirtualQuantity', memoryMb));
    return startTask(this.client, 'PUT', `${this.href(ref)}/virtualHardwareSection/memory`, { mediaType: 'vcloud.rasdItem', root });
  }
}
