// A VM's sections served on their own, as VCD serves them under /api/vApp/vm-{id}/: productSections/
// (ProductSectionList), operatingSystemSection/, runtimeInfoSection, vmCapabilities/, bootOptions/ and
// virtualHardwareSection/disks (a RasdItemsList: the SCSI controller and the hard disks); and a vApp's
// leaseSettingsSection/. The OVF sections carry vcloud:href and vcloud:type, the vCloud ones href and type;
// each has its edit link where VCD takes a change (SECTION_EDITS) and the caller may change the VM.
import type { Vm } from './model.ts';
import { OVF, RASD } from '../catalog/documents.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { link } from '../../representation/session.ts';
import { storageItems, VMW } from './vm-documents.ts';

const NAMESPACES = { 'xmlns:ovf': OVF, 'xmlns:rasd': RASD, 'xmlns:vmw': VMW };
const vmPath = (id: string) => `/api/vApp/vm-${id}`;

/** A VM section's path under the VM, and the media-type family it is served and taken as. */
export const VM_SECTIONS = {
  productSections: { path: 'productSections/', family: 'vcloud.productSections' },
  operatingSystem: { path: 'operatingSystemSection/', family: 'vcloud.operatingSystemSection' },
  runtimeInfo: { path: 'runtimeInfoSection', family: 'vcloud.runtimeInfoSection' },
  capabilities: { path: 'vmCapabilities/', family: 'vcloud.vmCapabilitiesSection' },
  bootOptions: { path: 'bootOptions/', family: 'vcloud.bootOptionsSection' },
  disks: { path: 'virtualHardwareSection/disks', family: 'vcloud.rasdItemsList' },
} as const;
type SectionName = keyof typeof VM_SECTIONS;

/** Where VCD takes a changed section (a Task answers): a PUT of the section, or the boot options POSTed to action/bootOptions. */
export const SECTION_EDITS: Partial<Record<SectionName, { method: 'PUT' | 'POST'; path: string }>> = {
  operatingSystem: { method: 'PUT', path: VM_SECTIONS.operatingSystem.path },
  capabilities: { method: 'PUT', path: VM_SECTIONS.capabilities.path },
  bootOptions: { method: 'POST', path: 'action/bootOptions' },
};

/** The links down to each section, for the Vm. */
export const vmSectionLinks = (ctx: RenderContext, vm: Vm): Element[] =>
  Object.values(VM_SECTIONS).map((s) => link(ctx, 'down', `${vmPath(vm.id)}/${s.path}`, s.family));

function document(ctx: RenderContext, vm: Vm, name: SectionName, canChange: boolean, ovf: boolean, root: Element): VcdDocument {
  const { path, family } = VM_SECTIONS[name];
  const self = `${vmPath(vm.id)}/${path}`;
  const editPath = SECTION_EDITS[name]?.path;
  const edit = canChange && editPath ? [link(ctx, 'edit', `${vmPath(vm.id)}/${editPath}`, family)] : [];
  const where = ovf
    ? { 'xmlns:vcloud': NS.vcloud, 'vcloud:href': href(ctx, self), 'vcloud:type': mediaType(ctx, family) }
    : { href: href(ctx, self), type: mediaType(ctx, family) };
  // ResourceType puts its links first; an OVF section takes them after its own content
  const children = ovf ? [...(root.children ?? []), edit] : [edit, ...(root.children ?? [])];
  return { mediaType: family, namespace: NS.vcloud, root: { ...root, attrs: { ...NAMESPACES, ...root.attrs, ...where }, children } };
}

/** The VM's OVF product sections: none of its own (its template brings none). */
export const productSectionsDocument = (ctx: RenderContext, vm: Vm, canChange: boolean): VcdDocument =>
  document(ctx, vm, 'productSections', canChange, false, el('ProductSectionList', {}));

/** The guest OS, as the Vm holds it and as its own document. */
export const operatingSystemElement = (vm: Vm): Element => el('ovf:OperatingSystemSection', { 'ovf:id': 94, 'vmw:osType': vm.osType }, [
  textEl('ovf:Info', 'Specifies the operating system installed'), textEl('ovf:Description', vm.osType),
]);

export const operatingSystemSectionDocument = (ctx: RenderContext, vm: Vm, canChange: boolean): VcdDocument =>
  document(ctx, vm, 'operatingSystem', canChange, true, operatingSystemElement(vm));

export const runtimeInfoSectionDocument = (ctx: RenderContext, vm: Vm): VcdDocument =>
  document(ctx, vm, 'runtimeInfo', false, true, el('RuntimeInfoSection', {}, [
    textEl('ovf:Info', 'Specifies Runtime info'), el('VMWareTools', { version: String(vm.toolsVersion) }),
  ]));

/** VmCapabilities and BootOptions, as the Vm holds them and as their own documents. */
export const capabilitiesElement = (vm: Vm): Element => el('VmCapabilities', {}, [
  textEl('MemoryHotAddEnabled', vm.capabilities.memoryHotAdd), textEl('CpuHotAddEnabled', vm.capabilities.cpuHotAdd),
]);
export const bootOptionsElement = (vm: Vm): Element => el('BootOptions', {}, [
  textEl('BootDelay', vm.boot.delayMs), textEl('EnterBIOSSetup', vm.boot.enterBios),
]);

export const vmCapabilitiesDocument = (ctx: RenderContext, vm: Vm, canChange: boolean): VcdDocument =>
  document(ctx, vm, 'capabilities', canChange, false, capabilitiesElement(vm));

export const bootOptionsDocument = (ctx: RenderContext, vm: Vm, canChange: boolean): VcdDocument =>
  document(ctx, vm, 'bootOptions', canChange, false, bootOptionsElement(vm));

/** The SCSI controller and hard disks of the virtual hardware, as …/virtualHardwareSection/disks lists them (vCloud Items). */
export const disksDocument = (ctx: RenderContext, vm: Vm): VcdDocument =>
  document(ctx, vm, 'disks', false, false, el('RasdItemsList', {}, [storageItems(vm.disks).map((item) => ({ ...item, name: 'Item' }))]));

type Lease = { deploymentSeconds: number; storageSeconds: number };
const leasePath = (vappId: string) => `/api/vApp/vapp-${vappId}/leaseSettingsSection/`;

/** A vApp's lease: its seconds (0: never), with its href and, for those who may change the vApp, its edit link. */
export function leaseSection(ctx: RenderContext, vappId: string, lease: Lease, canChange: boolean): Element {
  const self = leasePath(vappId);
  return {
    ...el('LeaseSettingsSection', { href: href(ctx, self), type: mediaType(ctx, 'vcloud.leaseSettingsSection') }, [
      textEl('ovf:Info', 'Lease settings section'),
      canChange ? link(ctx, 'edit', self, 'vcloud.leaseSettingsSection') : undefined,
      textEl('DeploymentLeaseInSeconds', lease.deploymentSeconds), textEl('StorageLeaseInSeconds', lease.storageSeconds),
    ]),
    json: { key: 'section', type: 'LeaseSettingsSectionType' },
  };
}

/** …/leaseSettingsSection/ on its own. */
export function leaseSettingsDocument(ctx: RenderContext, vappId: string, lease: Lease, canChange: boolean): VcdDocument {
  const section = leaseSection(ctx, vappId, lease, canChange);
  return { mediaType: 'vcloud.leaseSettingsSection', namespace: NS.vcloud, root: { ...section, json: undefined, attrs: { ...NAMESPACES, ...section.attrs } } };
}
