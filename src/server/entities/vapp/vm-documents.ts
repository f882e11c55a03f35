// What a template's VM and a vApp's VM show alike, built once for both: the virtual hardware as OVF RASD
// items (NICs (10), the SCSI controller (6), disks (17), CPU (3) and memory (4); the CPU and memory items
// stand alone too, as …/virtualHardwareSection/cpu and /memory serve and take them), the network
// connections and the guest customization.
import type { Element } from '../../representation/element.ts';
import { el, textEl } from '../../representation/element.ts';
import type { GuestCustomization, IpMode } from './model.ts';

export const VMW = 'http://www.vmware.com/schema/ovf';

export interface HardwareNic {
  index: number;
  mac: string;
  network: string;
  connected: boolean;
  adapter: string;
}

/** A NIC as its NetworkConnection shows it. */
export interface ConnectedNic extends HardwareNic {
  ip: string | null;
  ipMode: IpMode;
}

export interface NetworkConnections {
  primaryNicIndex: number;
  needsCustomization: boolean;
  nics: readonly ConnectedNic[];
}

/** The ovf:Info of each section. */
export const INFO = {
  hardware: 'Virtual hardware requirements',
  network: 'Specifies the available VM network connections',
  guest: 'Specifies Guest OS Customization Settings',
};

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

/** The SCSI controller and the hard disks on it (what …/virtualHardwareSection/disks lists). */
export function storageItems(disks: readonly HardwareDisk[]): Element[] {
  const bus = disks[0]?.busType ?? 'paravirtual';
  return [
    rasdItem([
      ['Address', 0], ['Description', 'SCSI Controller'], ['ElementName', 'SCSI Controller 0'], ['InstanceID', CONTROLLER_INSTANCE],
      ['ResourceSubType', bus === 'paravirtual' ? 'VirtualSCSI' : bus], ['ResourceType', 6],
    ]),
    ...disks.map((d) => rasdItem([
      ['AddressOnParent', d.unitNumber], ['Description', 'Hard disk'], ['ElementName', `Hard disk ${d.instanceId - 1999}`],
      ['InstanceID', d.instanceId], ['Parent', CONTROLLER_INSTANCE], ['ResourceType', 17], ['VirtualQuantity', d.sizeMb * 1024 * 1024],
      ['VirtualQuantityUnits', 'byte'],
    ])),
  ];
}

/** Every item of the hardware, in VCD's order. */
export function hardwareItems(h: Hardware): Element[] {
  return [
    ...h.nics.map((n) => rasdItem([
      ['Address', n.mac], ['AddressOnParent', n.index], ['AutomaticAllocation', n.connected], ['Connection', n.network],
      ['Description', `${n.adapter} ethernet adapter`], ['ElementName', `Network adapter ${n.index}`], ['InstanceID', n.index ? 10 + n.index : 1],
      ['ResourceSubType', n.adapter], ['ResourceType', 10],
    ])),
    ...storageItems(h.disks),
    cpuItem(h.cpus, h.coresPerSocket),
    memoryItem(h.memoryMb),
  ];
}

/** NetworkConnectionSection's content after its Info. */
export function networkConnectionBody(c: NetworkConnections): Element['children'] {
  return [
    textEl('PrimaryNetworkConnectionIndex', c.primaryNicIndex),
    c.nics.map((n) => el('NetworkConnection', { network: n.network, needsCustomization: c.needsCustomization }, [
      textEl('NetworkConnectionIndex', n.index),
      n.ip ? textEl('IpAddress', n.ip) : undefined,
      n.ip ? textEl('IpType', 'IPV4') : undefined,
      textEl('IsConnected', n.connected),
      textEl('MACAddress', n.mac),
      textEl('IpAddressAllocationMode', n.ipMode),
      textEl('NetworkAdapterType', n.adapter),
    ])),
  ];
}

/** GuestCustomizationSection's content after its Info. */
export function guestBody(vmId: string, g: GuestCustomization): Element['children'] {
  return [
    textEl('Enabled', g.enabled), textEl('ChangeSid', g.changeSid), textEl('VirtualMachineId', vmId), textEl('JoinDomainEnabled', false),
    textEl('UseOrgSettings', false), textEl('AdminPasswordEnabled', g.adminPasswordEnabled), textEl('AdminPasswordAuto', g.adminPasswordAuto),
    textEl('AdminAutoLogonEnabled', false), textEl('AdminAutoLogonCount', 0), textEl('ResetPasswordRequired', g.resetPasswordRequired),
    g.script ? textEl('CustomizationScript', g.script) : undefined,
    textEl('ComputerName', g.computerName),
  ];
}
