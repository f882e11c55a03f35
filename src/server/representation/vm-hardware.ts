// A VM's virtual hardware as OVF RASD items, the same for a template's VM and a vApp's: NICs (10), the
// SCSI controller (6), disks (17), CPU (3) and memory (4). The CPU and memory items stand alone too, as
// …/virtualHardwareSection/cpu and /memory serve and take them.
import type { Element } from './element.ts';
import { el, textEl } from './element.ts';

export const VMW = 'http://www.vmware.com/schema/ovf';

export interface HardwareNic {
  index: number;
  mac: string;
  network: string;
  connected: boolean;
  adapter: string;
}

export interface HardwareDisk {
  instanceId: number;
  sizeMb: number;
  busType: string;
  unitNumber: number;
}

export interface Hardware {
  nics: readonly HardwareNic[];
  disks: readonly HardwareDisk[];
  cpus: number;
  coresPerSocket: number;
  memoryMb: number;
}

/** NIC 0 is item 1, as VCD numbers it; further NICs sit clear of the controller (2), CPU (4) and memory (5). */
type Field = [string, string | number | boolean | undefined];

export const rasdItem = (fields: Field[], extra: Element[] = []): Element =>
  el('ovf:Item', {}, [...fields.filter(([, v]) => v !== undefined).map(([k, v]) => textEl(`rasd:${k}`, v!)), ...extra]);

const CONTROLLER_INSTANCE = 2;

export const cpuItem = (cpus: number, coresPerSocket: number, extra: Element[] = []): Element => rasdItem([
  ['AllocationUnits', 'hertz * 10^6'], ['Description', 'Number of Virtual CPUs'], ['ElementName', `${cpus} virtual CPU(s)`],
  ['InstanceID', 4], ['Reservation', 0], ['ResourceType', 3], ['VirtualQuantity', cpus], ['Weight', 0],
], [{ name: 'vmw:CoresPerSocket', attrs: { 'ovf:required': false }, text: coresPerSocket }, ...extra]);

export const memoryItem = (memoryMb: number, extra: Element[] = []): Element => rasdItem([
  ['AllocationUnits', 'byte * 2^20'], ['Description', 'Memory Size'], ['ElementName', `${memoryMb} MB of memory`],
  ['InstanceID', 5], ['Reservation', 0], ['ResourceType', 4], ['VirtualQuantity', memoryMb], ['Weight', 0],
], extra);

/** Every item of the hardware, in VCD's order. */
export function hardwareItems(h: Hardware): Element[] {
  const bus = h.disks[0]?.busType ?? 'paravirtual';
  return [
    ...h.nics.map((n) => rasdItem([
      ['Address', n.mac], ['AddressOnParent', n.index], ['AutomaticAllocation', n.connected], ['Connection', n.network],
      ['Description', `${n.adapter} ethernet adapter`], ['ElementName', `Network adapter ${n.index}`], ['InstanceID', n.index ? 10 + n.index : 1],
      ['ResourceSubType', n.adapter], ['ResourceType', 10],
    ])),
    rasdItem([
      ['Address', 0], ['Description', 'SCSI Controller'], ['ElementName', 'SCSI Controller 0'], ['InstanceID', CONTROLLER_INSTANCE],
      ['ResourceSubType', bus === 'paravirtual' ? 'VirtualSCSI' : bus], ['ResourceType', 6],
    ]),
    ...h.disks.map((d) => rasdItem([
      ['AddressOnParent', d.unitNumber], ['Description', 'Hard disk'], ['ElementName', `Hard disk ${d.instanceId - 1999}`],
      ['InstanceID', d.instanceId], ['Parent', CONTROLLER_INSTANCE], ['ResourceType', 17], ['VirtualQuantity', d.sizeMb * 1024 * 1024],
      ['VirtualQuantityUnits', 'byte'],
    ])),
    cpuItem(h.cpus, h.coresPerSocket),
    memoryItem(h.memoryMb),
  ];
}
