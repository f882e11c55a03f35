// The vApp documents: VApp (with its VMs), Vm, a VM's sections on their own (virtual hardware and its
// CPU and memory items, network connections, guest customization) and a vApp's ControlAccessParams.
// Children in schema order (entity.xsd: Link*, Description?, Tasks?; vApp.xsd AbstractVAppType: sections,
// DateCreated; VAppType: Owner, InMaintenanceMode, Children; VmType: VAppScopedLocalId, StorageProfile).
// Links follow the state: only the actions it allows are offered, as pyvcloud posts only through them.
import { urn } from '../../ids.ts';
import type { Org } from '../../services/identity.ts';
import type { Task } from '../../services/tasks.ts';
import { VCPU_MHZ } from './type.ts';
import type { VApp, VAppNetwork, VAppPermissions, Vm, VmDisk } from './model.ts';
import { netmaskOf } from '../../ipv4.ts';
import { POWER_ACTIONS, linkRel, type Transition } from './power.ts';
import { OVF, RASD, ownerElement, section } from '../catalog/documents.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { link } from '../../representation/session.ts';
import { taskElement } from '../../representation/task.ts';
import { bootOptionsElement, capabilitiesElement, leaseSection, operatingSystemElement, vmSectionLinks } from './vm-section-documents.ts';
import { cpuItem, guestBody, hardwareItems, INFO, memoryItem, networkConnectionBody, VMW } from './vm-documents.ts';

export const vappPath = (id: string) => `/api/vApp/vapp-${id}`;
export const vmPath = (id: string) => `/api/vApp/vm-${id}`;

/** A vApp as its documents show it to the caller: with the caller's permissions on it (service.ts). */
export interface VAppView extends VAppPermissions {
  vapp: VApp;
  /** unfinished tasks on the vApp and its VMs */
  tasks: Task[];
  org: Org | undefined;
  /** whether the state offers `t` on the vApp, or on one VM */
  offers(t: Transition, vm?: Vm): boolean;
}

const NAMESPACES = { 'xmlns:ovf': OVF, 'xmlns:rasd': RASD, 'xmlns:vmw': VMW };

/** Every action, in the order VCD lists their links. */
const ACTIONS: readonly Transition[] = [
  { kind: 'deploy', powerOn: true }, { kind: 'undeploy', action: 'powerOff' },
  ...POWER_ACTIONS.map((action) => ({ kind: 'power', action }) as const), { kind: 'discardSuspendedState' },
];
const actionPath = (t: Transition) =>
  (t.kind === 'power' ? `power/action/${t.action}` : t.kind === 'discardSuspendedState' ? 'action/discardSuspendedState' : `action/${t.kind}`);
const actionFamily = (t: Transition) =>
  (t.kind === 'deploy' ? 'vcloud.deployVAppParams' : t.kind === 'undeploy' ? 'vcloud.undeployVAppParams' : undefined);

function actionLinks(ctx: RenderContext, view: VAppView, self: string, vm?: Vm): Element[] {
  if (!view.canChange) return [];
  return ACTIONS.filter((t) => view.offers(t, vm)).map((t) => link(ctx, linkRel(t), `${self}/${actionPath(t)}`, actionFamily(t)));
}

const tasksElement = (ctx: RenderContext, tasks: readonly Task[], org: Org | undefined): Element | undefined =>
  (tasks.length ? el('Tasks', {}, [tasks.map((t) => taskElement(ctx, t, org))]) : undefined);

const time = (ms: number) => new Date(ms).toISOString();

const hardware = (vm: Vm) => hardwareItems({
  nics: vm.nics, disks: vm.disks.map((d) => ({ ...d })), cpus: vm.cpus, coresPerSocket: vm.coresPerSocket, memoryMb: vm.memoryMb,
});

function vmSections(ctx: RenderContext, vm: Vm, canChange: boolean): Element[] {
  const self = vmPath(vm.id);
  const edit = (path: string, family: string) => (canChange ? [link(ctx, 'edit', `${self}/${path}`, family)] : []);
  return [
    section('ovf:VirtualHardwareSection', 'VirtualHardwareSection_Type', INFO.hardware, hardware(vm)),
    { ...operatingSystemElement(vm), json: { key: 'section', type: 'OperatingSystemSection_Type' } },
    section('NetworkConnectionSection', 'NetworkConnectionSectionType', INFO.network, [
      ...(networkConnectionBody(vm) ?? []), edit('networkConnectionSection/', 'vcloud.networkConnectionSection'),
    ]),
    section('GuestCustomizationSection', 'GuestCustomizationSectionType', INFO.guest, [
      ...(guestBody(vm.id, vm.guest) ?? []), edit('guestCustomizationSection/', 'vcloud.guestCustomizationSection'),
    ]),
    section('RuntimeInfoSection', 'RuntimeInfoSectionType', 'Specifies Runtime info', [el('VMWareTools', { version: String(vm.toolsVersion) })]),
    { ...section('VmSpecSection', 'VmSpecSectionType', 'Virtual Machine specification', [
      textEl('OsType', vm.osType), textEl('NumCpus', vm.cpus), textEl('NumCoresPerSocket', vm.coresPerSocket),
      el('CpuResourceMhz', {}, [textEl('Configured', vm.cpus * VCPU_MHZ)]), el('MemoryResourceMb', {}, [textEl('Configured', vm.memoryMb)]),
      el('DiskSection', {}, vm.disks.map(diskSettings)),
      textEl('HardwareVersion', vm.hardwareVersion), textEl('VmToolsVersion', String(vm.toolsVersion)),
    ]), attrs: { Modified: false } },
  ];
}

/** VCD's DiskSettings AdapterType codes by bus (pyvcloud names them back: 5 is Paravirtual SCSI). */
const ADAPTER_TYPES: Readonly<Record<string, number>> = { ide: 1, buslogic: 2, lsilogic: 3, lsilogicsas: 4, paravirtual: 5, sata: 6 };

const diskSettings = (d: VmDisk): Element => el('DiskSettings', {}, [
  textEl('DiskId', d.instanceId), textEl('SizeMb', d.sizeMb), textEl('UnitNumber', d.unitNumber), textEl('BusNumber', d.busNumber),
  textEl('AdapterType', ADAPTER_TYPES[d.busType] ?? ADAPTER_TYPES.paravirtual!), textEl('ThinProvisioned', true),
]);

function vmElement(ctx: RenderContext, view: VAppView, vm: Vm, standalone: boolean): Element {
  const self = vmPath(vm.id);
  const profile = view.vapp.vdcId && { href: href(ctx, `/api/vdcStorageProfile/${vm.storageProfileId}`), type: mediaType(ctx, 'vcloud.vdcStorageProfile') };
  return {
    ...el('Vm', {
      ...(standalone ? NAMESPACES : {}),
      needsCustomization: vm.needsCustomization, deployed: vm.deployed, status: vm.status, name: vm.name, id: urn('vm', vm.id),
      href: href(ctx, self), type: mediaType(ctx, 'vcloud.vm'),
    }, [
      [
        link(ctx, 'up', vappPath(view.vapp.id), 'vcloud.vApp'),
        ...actionLinks(ctx, view, self, vm),
        ...(view.canChange ? [link(ctx, 'edit', self, 'vcloud.vm'), link(ctx, 'reconfigureVm', `${self}/action/reconfigureVm`, 'vcloud.vm'),
          // independent disks (entities/disk/): go-vcloud-director finds these by rel and type
          ...(['attach', 'detach'] as const).map((a) => link(ctx, `disk:${a}`, `${self}/disk/action/${a}`, 'vcloud.diskAttachOrDetachParams'))] : []),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        link(ctx, 'down', `${self}/virtualHardwareSection/`, 'vcloud.virtualHardwareSection'),
        ...vmSectionLinks(ctx, vm),
      ],
      textEl('Description', vm.description),
      standalone ? tasksElement(ctx, view.tasks.filter((t) => t.owner.urn === urn('vm', vm.id)), view.org) : undefined,
      vmSections(ctx, vm, view.canChange),
      textEl('DateCreated', time(vm.createdAt)),
      textEl('VAppScopedLocalId', vm.name),
      capabilitiesElement(vm),
      el('StorageProfile', { ...profile, id: urn('vdcstorageProfile', vm.storageProfileId), name: vm.storageProfileName }),
      bootOptionsElement(vm),
    ]),
    json: { key: 'vm', type: 'VmType' },
  };
}

/** A vApp network's IpScope: its own subnet, or the parent's (inherited) for a bridged or fenced one. */
function ipScope(n: VAppNetwork): Element | undefined {
  const own = n.subnet;
  if (!own) return undefined;
  return el('IpScopes', {}, [el('IpScope', {}, [
    textEl('IsInherited', false), textEl('Gateway', own.gateway), textEl('Netmask', netmaskOf(own.prefixLength)),
    textEl('SubnetPrefixLength', own.prefixLength), own.dns1 ? textEl('Dns1', own.dns1) : undefined, own.dns2 ? textEl('Dns2', own.dns2) : undefined,
    own.dnsSuffix ? textEl('DnsSuffix', own.dnsSuffix) : undefined, textEl('IsEnabled', true),
    own.ranges.length ? el('IpRanges', {}, [own.ranges.map((r) => el('IpRange', {}, [textEl('StartAddress', r.start), textEl('EndAddress', r.end)]))]) : undefined,
  ])]);
}

/** The NetworkConfigs of a vApp: each with its Link (go-vcloud-director reads a network's id from it). */
function networkConfigs(ctx: RenderContext, vapp: VApp): Element[] {
  return vapp.networks.map((n) => el('NetworkConfig', { networkName: n.name }, [
    link(ctx, 'repair', `/api/admin/network/${n.id}/action/reset`),
    textEl('Description', n.description),
    el('Configuration', {}, [
      ipScope(n),
      n.networkId ? el('ParentNetwork', { href: href(ctx, `/api/admin/network/${n.networkId}`), id: n.networkId, name: n.parentName ?? n.name }) : undefined,
      textEl('FenceMode', n.networkId ? n.fenceMode : 'isolated'),
      textEl('RetainNetInfoAcrossDeployments', n.retainNetInfo),
    ]),
    textEl('IsDeployed', vapp.deployed),
  ]));
}

const NETWORK_CONFIG_INFO = 'The configuration parameters for logical networks';

function networkSections(ctx: RenderContext, vapp: VApp, canChange: boolean): Element[] {
  const path = `${vappPath(vapp.id)}/networkConfigSection/`;
  return [
    section('ovf:NetworkSection', 'NetworkSection_Type', 'The list of logical networks', [
      vapp.networks.map((n) => el('ovf:Network', { 'ovf:name': n.name }, [textEl('ovf:Description', n.description)])),
    ]),
    { ...section('NetworkConfigSection', 'NetworkConfigSectionType', NETWORK_CONFIG_INFO, [
      canChange ? [link(ctx, 'edit', path, 'vcloud.networkConfigSection')] : undefined, networkConfigs(ctx, vapp),
    ]), attrs: { href: href(ctx, path), type: mediaType(ctx, 'vcloud.networkConfigSection') } },
  ];
}

/** …/networkConfigSection/: the vApp's networks on their own, with the edit link when the caller may change them. */
export function networkConfigSectionDocument(ctx: RenderContext, vapp: VApp, canChange: boolean): VcdDocument {
  const path = `${vappPath(vapp.id)}/networkConfigSection/`;
  return sectionDocument(ctx, 'vcloud.networkConfigSection', path, el('NetworkConfigSection', {}, [
    textEl('ovf:Info', NETWORK_CONFIG_INFO), canChange ? [link(ctx, 'edit', path, 'vcloud.networkConfigSection')] : undefined, networkConfigs(ctx, vapp),
  ]));
}

export function vAppDocument(ctx: RenderContext, view: VAppView, creationTask?: Task): VcdDocument {
  const { vapp } = view;
  const self = vappPath(vapp.id);
  const tasks = creationTask && !view.tasks.some((t) => t.id === creationTask.id) ? [creationTask, ...view.tasks] : view.tasks;
  return {
    mediaType: 'vcloud.vApp',
    namespace: NS.vcloud,
    root: el('VApp', {
      ...NAMESPACES, ovfDescriptorUploaded: true, deployed: vapp.deployed, status: vapp.status, name: vapp.name, id: urn('vapp', vapp.id),
      href: href(ctx, self), type: mediaType(ctx, 'vcloud.vApp'),
    }, [
      [
        link(ctx, 'up', `/api/vdc/${vapp.vdcId}`, 'vcloud.vdc'),
        ...actionLinks(ctx, view, self),
        ...(view.canChange ? [link(ctx, 'edit', self, 'vcloud.vApp'), link(ctx, 'recompose', `${self}/action/recomposeVApp`, 'vcloud.recomposeVAppParams')] : []),
        ...(view.canRemove ? [link(ctx, 'remove', self)] : []),
        link(ctx, 'down', `${self}/controlAccess/`, 'vcloud.controlAccess'),
        ...(view.canShare ? [link(ctx, 'controlAccess', `${self}/action/controlAccess`, 'vcloud.controlAccess')] : []),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        link(ctx, 'down', `/api/vdc/${vapp.vdcId}`, 'vcloud.vdc'),
      ],
      textEl('Description', vapp.description),
      tasksElement(ctx, tasks, view.org),
      [leaseSection(ctx, vapp.id, vapp.lease, view.canChange), ...networkSections(ctx, vapp, view.canChange)],
      textEl('DateCreated', time(vapp.createdAt)),
      ownerElement(ctx, vapp.owner),
      textEl('InMaintenanceMode', false),
      vapp.vms.length ? el('Children', {}, [vapp.vms.map((vm) => vmElement(ctx, view, vm, false))]) : undefined,
    ]),
  };
}

export function vmDocument(ctx: RenderContext, view: VAppView, vm: Vm): VcdDocument {
  return { mediaType: 'vcloud.vm', namespace: NS.vcloud, root: vmElement(ctx, view, vm, true) };
}

/** A section served on its own: the section's element as the root, with its href and type. */
function sectionDocument(ctx: RenderContext, family: string, path: string, e: Element): VcdDocument {
  return {
    mediaType: family, namespace: NS.vcloud,
    root: { ...e, json: undefined, attrs: { ...NAMESPACES, ...e.attrs, href: href(ctx, path), type: mediaType(ctx, family) } } as Element,
  };
}

export function virtualHardwareDocument(ctx: RenderContext, vm: Vm): VcdDocument {
  const path = `${vmPath(vm.id)}/virtualHardwareSection/`;
  return sectionDocument(ctx, 'vcloud.virtualHardwareSection', path,
    el('ovf:VirtualHardwareSection', {}, [textEl('ovf:Info', INFO.hardware), hardware(vm)]));
}

/** …/virtualHardwareSection/cpu and /memory: one RASD item, with its edit link. */
export function rasdItemDocument(ctx: RenderContext, vm: Vm, which: 'cpu' | 'memory', canChange: boolean): VcdDocument {
  const path = `${vmPath(vm.id)}/virtualHardwareSection/${which}`;
  const edit = canChange ? [link(ctx, 'edit', path, 'vcloud.rasdItem')] : [];
  const item = which === 'cpu' ? cpuItem(vm.cpus, vm.coresPerSocket, edit) : memoryItem(vm.memoryMb, edit);
  return {
    mediaType: 'vcloud.rasdItem', namespace: NS.vcloud,
    root: { ...item, attrs: { ...NAMESPACES, 'vcloud:href': href(ctx, path), 'vcloud:type': mediaType(ctx, 'vcloud.rasdItem'), 'xmlns:vcloud': NS.vcloud } },
  };
}

export function networkConnectionSectionDocument(ctx: RenderContext, vm: Vm, canChange: boolean): VcdDocument {
  const path = `${vmPath(vm.id)}/networkConnectionSection/`;
  return sectionDocument(ctx, 'vcloud.networkConnectionSection', path, el('NetworkConnectionSection', {}, [
    textEl('ovf:Info', INFO.network), ...(networkConnectionBody(vm) ?? []),
    canChange ? [link(ctx, 'edit', path, 'vcloud.networkConnectionSection')] : undefined,
  ]));
}

export function guestCustomizationSectionDocument(ctx: RenderContext, vm: Vm, canChange: boolean): VcdDocument {
  const path = `${vmPath(vm.id)}/guestCustomizationSection/`;
  return sectionDocument(ctx, 'vcloud.guestCustomizationSection', path, el('GuestCustomizationSection', {}, [
    textEl('ovf:Info', INFO.guest), ...(guestBody(vm.id, vm.guest) ?? []),
    canChange ? [link(ctx, 'edit', path, 'vcloud.guestCustomizationSection')] : undefined,
  ]));
}

/** A vApp's sharing: everyone in the org (and how far), then each user it is shared with. */
export function vAppControlAccessDocument(ctx: RenderContext, vapp: VApp): VcdDocument {
  return {
    mediaType: 'vcloud.controlAccess',
    namespace: NS.vcloud,
    root: el('ControlAccessParams', {}, [
      textEl('IsSharedToEveryone', vapp.sharedToEveryone),
      vapp.sharedToEveryone ? textEl('EveryoneAccessLevel', vapp.sharing.everyoneAccess ?? 'ReadOnly') : undefined,
      vapp.access.length ? el('AccessSettings', {}, [vapp.access.map((a) => el('AccessSetting', {}, [
        el('Subject', { href: href(ctx, `/api/admin/user/${a.user.id}`), name: a.user.name, type: mediaType(ctx, 'admin.user') }),
        textEl('AccessLevel', a.level),
      ]))]) : undefined,
    ]),
  };
}
