// The provider's legacy views of its backing: the extension root (VMWExtension) and its reference lists, a vCenter
// (VimServer), an NSX-T manager, a network pool, a provider VDC (the admin ProviderVdc and the extension's
// VMWProviderVdc), a provider VDC's storage profile; and the RegisterVimServerParams that attaching a vCenter sends.
// The extension's documents are in its namespace (vmwextensions.xsd), with what they inherit from the vcloud
// namespace's types (Link, Description, a provider VDC's capacity…) prefixed vcloud:.
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { attr, child, childText } from '../../representation/read.ts';
import { link } from '../../representation/session.ts';
import type { Named, ProviderVdc, ProviderVdcStorageProfile, VirtualCenter } from './service.ts';

const EXTENSION = '/api/admin/extension';
const vimServerPath = (id: string) => `${EXTENSION}/vimServer/${id}`;
const extensionProviderVdcPath = (id: string) => `${EXTENSION}/providervdc/${id}`;
const providerVdcPath = (id: string) => `/api/admin/providervdc/${id}`;
const networkPoolPath = (id: string) => `${EXTENSION}/networkPool/${id}`;
const nsxtManagerPath = (id: string) => `${EXTENSION}/nsxtManagers/${id}`;
const storageProfilePath = (id: string) => `/api/admin/pvdcStorageProfile/${id}`;

/** An element of a vcloud type inside an extension document, and all beneath it. */
export function inVcloud(e: Element): Element {
  return {
    ...e, name: `vcloud:${e.name}`,
    ...(e.children && { children: e.children.map((c) => (c === undefined ? c : Array.isArray(c) ? c.map(inVcloud) : inVcloud(c))) }),
  };
}

const extensionRoot = (name: string, attrs: Record<string, string | number | boolean | undefined>, children: Element['children']): Element =>
  el(name, { 'xmlns:vcloud': NS.vcloud, ...attrs }, children);

const reference = (ctx: RenderContext, name: string, path: string, family: string, r: Named, urnType?: string) =>
  el(name, { href: href(ctx, path), ...(urnType && { id: urn(urnType, r.id) }), type: mediaType(ctx, family), name: r.name });

/** The extension's reference lists: the path under /api/admin/extension, its family, element and entries' kind. */
export const REFERENCE_LISTS = {
  vimServerReferences: { family: 'admin.vmwVimServerReferences', root: 'VMWVimServerReferences', entry: 'VimServerReference', entryFamily: 'admin.vmwvirtualcenter', path: vimServerPath },
  providerVdcReferences: { family: 'admin.vmwProviderVdcReferences', root: 'VMWProviderVdcReferences', entry: 'ProviderVdcReference', entryFamily: 'admin.vmwprovidervdc', path: extensionProviderVdcPath },
  externalNetworkReferences: { family: 'admin.vmwExternalNetworkReferences', root: 'VMWExternalNetworkReferences', entry: 'ExternalNetworkReference', entryFamily: 'admin.vmwexternalnet', path: (id: string) => `${EXTENSION}/externalnet/${id}` },
  networkPoolReferences: { family: 'admin.vmwNetworkPoolReferences', root: 'VMWNetworkPoolReferences', entry: 'NetworkPoolReference', entryFamily: 'admin.vmwNetworkPool', path: networkPoolPath },
} as const;
export type ReferenceList = keyof typeof REFERENCE_LISTS;

/** GET /api/admin/extension: links down to the lists, and to attaching a vCenter. */
export function extensionDocument(ctx: RenderContext): VcdDocument {
  return {
    mediaType: 'admin.vmwExtension',
    namespace: NS.extension,
    root: extensionRoot('VMWExtension', { href: href(ctx, EXTENSION), type: mediaType(ctx, 'admin.vmwExtension') }, [[
      ...Object.entries(REFERENCE_LISTS).map(([path, list]) => inVcloud(link(ctx, 'down', `${EXTENSION}/${path}`, list.family))),
      inVcloud(link(ctx, 'add', `${EXTENSION}/action/registervimserver`, 'admin.registerVimServerParams')),
    ]]),
  };
}

export function referenceListDocument(ctx: RenderContext, list: ReferenceList, entries: readonly Named[]): VcdDocument {
  const l = REFERENCE_LISTS[list];
  return {
    mediaType: l.family,
    namespace: NS.extension,
    root: extensionRoot(l.root, { href: href(ctx, `${EXTENSION}/${list}`), type: mediaType(ctx, l.family) }, [
      [inVcloud(link(ctx, 'up', EXTENSION, 'admin.vmwExtension'))],
      entries.map((e) => reference(ctx, l.entry, l.path(e.id), l.entryFamily, e)),
    ]),
  };
}

/** VimServerType's body after its attributes: links, ServerType's Username and Url, then its own. */
function vimServerBody(ctx: RenderContext, vc: VirtualCenter): Element['children'] {
  return [
    [inVcloud(link(ctx, 'up', `${EXTENSION}/vimServerReferences`, 'admin.vmwVimServerReferences'))],
    inVcloud(textEl('Description', vc.description)),
    textEl('Username', vc.username),
    textEl('Url', vc.url),
    textEl('IsEnabled', vc.enabled),
    textEl('IsConnected', true),
    textEl('Uuid', vc.id),
    textEl('VcVersion', vc.version),
    textEl('UseVsphereService', false),
    textEl('tenantScoped', false), textEl('providerScoped', true),
    textEl('listenerState', 'CONNECTED'),
    textEl('clusterHealthStatus', 'GREEN'),
    textEl('totalMemMb', vc.memoryTotalMb),
    textEl('totalCpuMhz', vc.cpuTotalMhz),
    textEl('totalStorageMb', vc.storageTotalMb),
  ];
}

const vimServerAttrs = (ctx: RenderContext, vc: VirtualCenter) =>
  ({ href: href(ctx, vimServerPath(vc.id)), id: urn('vimserver', vc.id), type: mediaType(ctx, 'admin.vmwvirtualcenter'), name: vc.name });

export function vimServerDocument(ctx: RenderContext, vc: VirtualCenter): VcdDocument {
  return {
    mediaType: 'admin.vmwvirtualcenter',
    namespace: NS.extension,
    root: extensionRoot('VimServer', vimServerAttrs(ctx, vc), vimServerBody(ctx, vc)),
  };
}

/** The answer to attaching a vCenter that is attached already: the params with the vCenter as it is. */
export function registeredVimServerDocument(ctx: RenderContext, vc: VirtualCenter): VcdDocument {
  return {
    mediaType: 'admin.registerVimServerParams',
    namespace: NS.extension,
    root: extensionRoot('RegisterVimServerParams', {}, [el('VimServer', vimServerAttrs(ctx, vc), vimServerBody(ctx, vc))]),
  };
}

/** RegisterVimServerParams: the vCenter's name and URL (its credentials are not kept: nothing is attached). */
export function readRegisterVimServer(e: Element): { name: string; url: string | undefined } {
  const server = child(e, 'vmext:VimServer');
  const name = server && attr(server, 'name')?.trim();
  if (!name) throw errors.badRequest('The RegisterVimServerParams has no VimServer with a name.');
  return { name, url: childText(server!, 'vmext:Url')?.trim() };
}

export function nsxtManagerDocument(ctx: RenderContext, m: Named & { description: string; url: string; version: string }): VcdDocument {
  return {
    mediaType: 'admin.nsxTmanager',
    namespace: NS.extension,
    root: extensionRoot('NsxTManager', { href: href(ctx, nsxtManagerPath(m.id)), id: urn('nsxtmanager', m.id), type: mediaType(ctx, 'admin.nsxTmanager'), name: m.name }, [
      inVcloud(textEl('Description', m.description)),
      textEl('Username', 'admin'),
      textEl('Url', m.url),
      textEl('DeploymentType', 'NSXT'),
      textEl('Version', m.version),
    ]),
  };
}

/** VMWNetworkPool (its base type: a GENEVE pool's own elements need xsi:type, which the JSON form cannot carry). */
export function networkPoolDocument(ctx: RenderContext, p: Named & { description: string }): VcdDocument {
  return {
    mediaType: 'admin.vmwNetworkPool',
    namespace: NS.extension,
    root: extensionRoot('VMWNetworkPool', { href: href(ctx, networkPoolPath(p.id)), id: urn('networkpool', p.id), type: mediaType(ctx, 'admin.vmwNetworkPool'), name: p.name, status: 1 }, [
      [inVcloud(link(ctx, 'up', `${EXTENSION}/networkPoolReferences`, 'admin.vmwNetworkPoolReferences'))],
      inVcloud(textEl('Description', p.description)),
    ]),
  };
}

const capacity = (name: string, units: string, c: { total: number; allocated: number; used: number }) => el(name, {}, [
  textEl('Units', units), textEl('Allocation', c.allocated), textEl('Total', c.total), textEl('Used', c.used), textEl('Overhead', 0),
]);

/** ProviderVdcType's body (vcloud namespace): capacity, storage profiles, hardware, org VDCs, the network pool. */
function providerVdcBody(ctx: RenderContext, p: ProviderVdc): Element[] {
  return [
    textEl('Description', p.description),
    el('ComputeCapacity', {}, [capacity('Cpu', 'MHz', p.cpu), capacity('Memory', 'MB', p.memory)]),
    el('StorageCapacity', {}, [textEl('Units', 'MB'), textEl('Total', p.storage.total), textEl('Used', p.storage.used)]),
    el('AvailableNetworks'),
    el('StorageProfiles', {}, [p.storageProfiles.map((s) => reference(ctx, 'ProviderVdcStorageProfile', storageProfilePath(s.id), 'admin.pvdcStorageProfile', s))]),
    el('Capabilities', {}, [el('SupportedHardwareVersions', {}, [[textEl('SupportedHardwareVersion', 'vmx-19')]])]),
    el('Vdcs', {}, [p.vdcs.map((v) => reference(ctx, 'Vdc', `/api/admin/vdc/${v.id}`, 'admin.vdc', v))]),
    textEl('IsEnabled', p.enabled),
    el('NetworkPoolReferences', {}, [p.networkPool ? [reference(ctx, 'NetworkPoolReference', networkPoolPath(p.networkPool.id), 'admin.vmwNetworkPool', p.networkPool)] : []]),
  ];
}

const providerVdcAttrs = (ctx: RenderContext, p: ProviderVdc, path: string, family: string) =>
  ({ href: href(ctx, path), id: urn('providervdc', p.id), type: mediaType(ctx, family), name: p.name, status: 1 });

/** GET /api/admin/providervdc/{id}: the admin ProviderVdc. */
export function providerVdcDocument(ctx: RenderContext, p: ProviderVdc): VcdDocument {
  return {
    mediaType: 'admin.providervdc',
    namespace: NS.vcloud,
    root: el('ProviderVdc', providerVdcAttrs(ctx, p, providerVdcPath(p.id), 'admin.providervdc'), [
      [link(ctx, 'alternate', extensionProviderVdcPath(p.id), 'admin.vmwprovidervdc')],
      ...providerVdcBody(ctx, p),
    ]),
  };
}

const vimObjectRef = (ctx: RenderContext, vc: Named, moref: string, type: string) => el('VimObjectRef', {}, [
  reference(ctx, 'VimServerRef', vimServerPath(vc.id), 'admin.vmwvirtualcenter', vc), textEl('MoRef', moref), textEl('VimObjectType', type),
]);

/** GET /api/admin/extension/providervdc/{id}: VMWProviderVdc, the ProviderVdc with its vSphere and NSX-T backing. */
export function vmwProviderVdcDocument(ctx: RenderContext, p: ProviderVdc): VcdDocument {
  return {
    mediaType: 'admin.vmwprovidervdc',
    namespace: NS.extension,
    root: extensionRoot('VMWProviderVdc', providerVdcAttrs(ctx, p, extensionProviderVdcPath(p.id), 'admin.vmwprovidervdc'), [
      [
        inVcloud(link(ctx, 'alternate', providerVdcPath(p.id), 'admin.providervdc')),
        inVcloud(link(ctx, 'up', `${EXTENSION}/providerVdcReferences`, 'admin.vmwProviderVdcReferences')),
      ],
      ...providerVdcBody(ctx, p).map(inVcloud),
      el('DataStoreRefs'),
      el('ResourcePoolRefs', {}, [[vimObjectRef(ctx, p.vc, p.resourcePool.moref, 'RESOURCE_POOL')]]),
      [reference(ctx, 'VimServer', vimServerPath(p.vc.id), 'admin.vmwvirtualcenter', p.vc, 'vimserver')],
      p.nsxTManager && reference(ctx, 'NsxTManagerReference', nsxtManagerPath(p.nsxTManager.id), 'admin.nsxTmanager', p.nsxTManager, 'nsxtmanager'),
      textEl('HighestSupportedHardwareVersion', 'vmx-19'),
    ]),
  };
}

/** GET /api/admin/pvdcStorageProfile/{id}: a provider VDC's storage profile, with what its org VDCs use of it. */
export function providerVdcStorageProfileDocument(ctx: RenderContext, s: ProviderVdcStorageProfile): VcdDocument {
  return {
    mediaType: 'admin.pvdcStorageProfile',
    namespace: NS.vcloud,
    root: el('ProviderVdcStorageProfile', { href: href(ctx, storageProfilePath(s.id)), id: urn('providervdcstorageprofile', s.id), type: mediaType(ctx, 'admin.pvdcStorageProfile'), name: s.name }, [
      [link(ctx, 'up', providerVdcPath(s.providerVdcId), 'admin.providervdc')],
      textEl('Enabled', s.enabled),
      textEl('Units', 'MB'),
      textEl('CapacityTotal', s.totalMb),
      textEl('CapacityUsed', s.usedMb),
    ]),
  };
}
