// The catalog documents: Catalog and AdminCatalog, CatalogItem, VAppTemplate (and a template's Vm),
// Media and a catalog's ControlAccessParams; and the AdminCatalog and CatalogItem bodies clients send.
// Children in schema order (entity.xsd: Link*, Description?, Tasks?; then each type's own).
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { Catalog, CatalogChanges, CatalogItem, Media, TemplateVm, UserRef, VAppTemplate } from './service.ts';
import type { Task } from '../../services/tasks.ts';
import type { Org } from '../../services/identity.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { attr, childText } from '../../representation/read.ts';
import { link } from '../../representation/session.ts';
import { taskElement } from '../../representation/task.ts';
import { guestBody, hardwareItems, INFO, networkConnectionBody, VMW } from '../vapp/vm-documents.ts';

export const OVF = 'http://schemas.dmtf.org/ovf/envelope/1';
export const RASD = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData';

export const catalogPath = (id: string) => `/api/catalog/${id}`;
export const adminCatalogPath = (id: string) => `/api/admin/catalog/${id}`;
export const catalogItemPath = (id: string) => `/api/catalogItem/${id}`;
export const templatePath = (id: string) => `/api/vAppTemplate/vappTemplate-${id}`;
export const templateVmPath = (id: string) => `/api/vAppTemplate/vm-${id}`;
export const mediaPath = (id: string) => `/api/media/${id}`;
export const controlAccessPath = (c: Pick<Catalog, 'id' | 'orgId'>) => `/api/org/${c.orgId}/catalog/${c.id}/controlAccess/`;

const time = (ms: number) => new Date(ms).toISOString();

export const ownerElement = (ctx: RenderContext, owner: UserRef | undefined): Element | undefined =>
  owner && el('Owner', { type: mediaType(ctx, 'vcloud.owner') }, [
    el('User', { href: href(ctx, `/api/admin/user/${owner.id}`), name: owner.name, type: mediaType(ctx, 'admin.user') }),
  ]);

/** The entity a catalog item holds: its path and media type family. */
export const itemEntity = (entity: CatalogItem['entity']) => entity.kind === 'media'
  ? { path: mediaPath(entity.id), family: 'vcloud.media', urn: urn('media', entity.id) }
  : { path: templatePath(entity.id), family: 'vcloud.vAppTemplate', urn: urn('vapptemplate', entity.id) };

function catalogBody(ctx: RenderContext, c: Catalog): Element['children'] {
  return [
    ownerElement(ctx, c.owner),
    el('CatalogItems', {}, [
      c.items.map((i) => el('CatalogItem', { href: href(ctx, catalogItemPath(i.id)), id: urn('catalogitem', i.id), name: i.name, type: mediaType(ctx, 'vcloud.catalogItem') })),
    ]),
    textEl('IsPublished', c.published),
    textEl('DateCreated', time(c.createdAt)),
  ];
}

/** The tenant view, with the links VCD gives it (`canAdd`: the caller may add items). */
export function catalogDocument(ctx: RenderContext, c: Catalog, canAdd: boolean): VcdDocument {
  return {
    mediaType: 'vcloud.catalog',
    namespace: NS.vcloud,
    root: el('Catalog', { href: href(ctx, catalogPath(c.id)), id: urn('catalog', c.id), name: c.name, type: mediaType(ctx, 'vcloud.catalog') }, [
      [
        link(ctx, 'up', `/api/org/${c.orgId}`, 'vcloud.org'),
        link(ctx, 'down', `${catalogPath(c.id)}/metadata`, 'vcloud.metadata'),
        link(ctx, 'down', controlAccessPath(c), 'vcloud.controlAccess'),
        canAdd ? link(ctx, 'add', `${catalogPath(c.id)}/catalogItems`, 'vcloud.catalogItem') : undefined,
      ].filter((l) => l !== undefined),
      textEl('Description', c.description),
      ...catalogBody(ctx, c)!,
    ]),
  };
}

/**
 * The admin view, which every reader of the catalog may GET (the Org's adminCatalog query points there);
 * `manage`: the caller administers its org and may edit it; `task` is the one a creation answers with.
 */
export function adminCatalogDocument(ctx: RenderContext, c: Catalog, org: Org | undefined, manage: boolean, task?: Task): VcdDocument {
  const self = adminCatalogPath(c.id);
  return {
    mediaType: 'admin.catalog',
    namespace: NS.vcloud,
    root: el('AdminCatalog', { href: href(ctx, self), id: urn('catalog', c.id), name: c.name, type: mediaType(ctx, 'admin.catalog') }, [
      [
        manage ? link(ctx, 'up', `/api/admin/org/${c.orgId}`, 'admin.organization') : link(ctx, 'up', `/api/org/${c.orgId}`, 'vcloud.org'),
        link(ctx, 'alternate', catalogPath(c.id), 'vcloud.catalog'),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        // as on the Catalog: vcd-cli's `catalog info` reads the access settings from the admin view
        link(ctx, 'down', controlAccessPath(c), 'vcloud.controlAccess'),
        ...(manage ? [link(ctx, 'edit', self, 'admin.catalog'), link(ctx, 'remove', self)] : []),
      ],
      textEl('Description', c.description),
      task ? el('Tasks', {}, [[taskElement(ctx, task, org)]]) : undefined,
      ...catalogBody(ctx, c)!,
    ]),
  };
}

/** GET of a catalog's access settings: shared with everyone in its org, or only with its owner. */
export function controlAccessDocument(ctx: RenderContext, c: Catalog): VcdDocument {
  return {
    mediaType: 'vcloud.controlAccess',
    namespace: NS.vcloud,
    root: el('ControlAccessParams', {}, [
      textEl('IsSharedToEveryone', c.shared),
      c.shared ? textEl('EveryoneAccessLevel', 'ReadOnly') : undefined,
    ]),
  };
}

export function catalogItemDocument(ctx: RenderContext, i: CatalogItem, canEdit: boolean): VcdDocument {
  const self = catalogItemPath(i.id);
  const entity = itemEntity(i.entity);
  return {
    mediaType: 'vcloud.catalogItem',
    namespace: NS.vcloud,
    root: el('CatalogItem', { href: href(ctx, self), id: urn('catalogitem', i.id), name: i.name, type: mediaType(ctx, 'vcloud.catalogItem') }, [
      [
        link(ctx, 'up', catalogPath(i.catalogId), 'vcloud.catalog'),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        ...(canEdit ? [link(ctx, 'edit', self, 'vcloud.catalogItem'), link(ctx, 'remove', self)] : []),
      ],
      textEl('Description', i.description),
      el('Entity', { href: href(ctx, entity.path), id: entity.urn, name: i.entity.name, type: mediaType(ctx, entity.family) }),
      textEl('DateCreated', time(i.createdAt)),
    ]),
  };
}

/** An ovf: or VCD section: ovf:Info first; JSON lists sections under "section" with their type. */
export const section = (name: string, type: string, info: string, children: Element['children']): Element => ({
  ...el(name, {}, [textEl('ovf:Info', info), ...(children ?? [])]),
  json: { key: 'section', type },
});

/** A template VM's one NIC: on its network (POOL), or on none. */
const templateNics = (vm: TemplateVm) => [{
  index: 0, mac: vm.mac, network: vm.network ?? 'none', connected: vm.network !== undefined, adapter: vm.nicAdapter,
  ip: null, ipMode: vm.network !== undefined ? 'POOL' as const : 'NONE' as const,
}];

/** What VCD shows of a template VM's guest customization: its defaults, with the VM's computer name. */
const templateGuest = (vm: TemplateVm) => ({
  enabled: true, changeSid: false, adminPasswordEnabled: true, adminPasswordAuto: true, resetPasswordRequired: false, script: '',
  computerName: vm.computerName,
});

/**
 * A template's VM: inside the template a Vm of VAppTemplateType; on its own (`standalone`) the Vm
 * element of VmType, which has no goldMaster and puts DateCreated before VAppScopedLocalId.
 */
function vmElement(ctx: RenderContext, t: VAppTemplate, vm: TemplateVm, standalone: boolean): Element {
  const nics = templateNics(vm);
  const sections = [
    section('NetworkConnectionSection', 'NetworkConnectionSectionType', INFO.network,
      networkConnectionBody({ primaryNicIndex: 0, needsCustomization: true, nics })),
    section('ovf:VirtualHardwareSection', 'VirtualHardwareSection_Type', INFO.hardware, hardwareItems({
      nics, disks: [{ instanceId: 2000, sizeMb: vm.diskMb, busType: vm.diskBus, unitNumber: 0 }],
      cpus: vm.cpus, coresPerSocket: vm.coresPerSocket, memoryMb: vm.memoryMb,
    })),
    section('GuestCustomizationSection', 'GuestCustomizationSectionType', INFO.guest, guestBody(vm.id, templateGuest(vm))),
  ];
  const localId = textEl('VAppScopedLocalId', vm.name);
  const created = textEl('DateCreated', time(t.createdAt));
  return {
    ...el('Vm', {
      ...(standalone ? { 'xmlns:ovf': OVF, 'xmlns:rasd': RASD, 'xmlns:vmw': VMW } : { goldMaster: false }),
      status: t.status, name: vm.name, id: urn('vm', vm.id), href: href(ctx, templateVmPath(vm.id)), type: mediaType(ctx, 'vcloud.vm'),
    }, [
      [link(ctx, 'up', templatePath(t.id), 'vcloud.vAppTemplate')],
      textEl('Description', ''),
      sections,
      ...(standalone ? [created, localId] : [localId, created]),
    ]),
    json: { key: 'vm', type: standalone ? 'VmType' : 'VAppTemplateType' },
  };
}

/** The networks a template's VMs connect to, in the order they first appear. */
export const templateNetworks = (t: VAppTemplate) => [...new Set(t.vms.flatMap((v) => (v.network === undefined ? [] : [v.network])))];

/** A template network's parent: the org VDC network of that name, as VCD references it (the admin path). */
const parentNetwork = (ctx: RenderContext, n: { id: string; name: string }) =>
  el('ParentNetwork', { href: href(ctx, `/api/admin/network/${n.id}`), id: urn('network', n.id), name: n.name });

/**
 * `parents` are the org VDC networks the template's networks are bridged to, by lower-cased name; a network
 * without one (no such org network) is shown unconnected.
 */
export function vAppTemplateDocument(ctx: RenderContext, t: VAppTemplate, canEdit: boolean,
  parents: ReadonlyMap<string, { id: string; name: string }>): VcdDocument {
  const self = templatePath(t.id);
  const networks = templateNetworks(t);
  return {
    mediaType: 'vcloud.vAppTemplate',
    namespace: NS.vcloud,
    root: el('VAppTemplate', {
      'xmlns:ovf': OVF, 'xmlns:rasd': RASD, 'xmlns:vmw': VMW,
      goldMaster: false, ovfDescriptorUploaded: true, status: t.status, name: t.name, id: urn('vapptemplate', t.id),
      href: href(ctx, self), type: mediaType(ctx, 'vcloud.vAppTemplate'),
    }, [
      [
        link(ctx, 'catalogItem', catalogItemPath(t.catalogItemId), 'vcloud.catalogItem'),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        ...(canEdit ? [link(ctx, 'remove', self)] : []),
      ],
      textEl('Description', t.description),
      ownerElement(ctx, t.owner),
      el('Children', {}, [t.vms.map((vm) => vmElement(ctx, t, vm, false))]),
      [
        section('NetworkConfigSection', 'NetworkConfigSectionType', 'The configuration parameters for logical networks', [
          networks.map((n) => el('NetworkConfig', { networkName: n }, [
            textEl('Description', ''),
            el('Configuration', {}, [
              parents.has(n.toLowerCase()) ? parentNetwork(ctx, parents.get(n.toLowerCase())!) : undefined,
              textEl('FenceMode', parents.has(n.toLowerCase()) ? 'bridged' : 'isolated'),
              textEl('RetainNetInfoAcrossDeployments', false),
            ]),
            textEl('IsDeployed', false),
          ])),
        ]),
        section('LeaseSettingsSection', 'LeaseSettingsSectionType', 'Lease settings section', [
          // 90 days, VCD's default storage lease for templates
          textEl('StorageLeaseInSeconds', 7_776_000),
        ]),
        section('ovf:NetworkSection', 'NetworkSection_Type', 'The list of logical networks', [
          networks.map((n) => el('ovf:Network', { 'ovf:name': n }, [textEl('ovf:Description', '')])),
        ]),
      ],
      textEl('DateCreated', time(t.createdAt)),
    ]),
  };
}

/** A template's VM on its own, as /api/vAppTemplate/vm-{id} serves it. */
export function templateVmDocument(ctx: RenderContext, t: VAppTemplate, vm: TemplateVm): VcdDocument {
  return { mediaType: 'vcloud.vm', namespace: NS.vcloud, root: vmElement(ctx, t, vm, true) };
}

export function mediaDocument(ctx: RenderContext, m: Media): VcdDocument {
  return {
    mediaType: 'vcloud.media',
    namespace: NS.vcloud,
    root: el('Media', {
      imageType: m.imageType, size: m.sizeBytes, status: m.status, name: m.name, id: urn('media', m.id),
      href: href(ctx, mediaPath(m.id)), type: mediaType(ctx, 'vcloud.media'),
    }, [
      [link(ctx, 'catalogItem', catalogItemPath(m.catalogItemId), 'vcloud.catalogItem')],
      textEl('Description', m.description),
      ownerElement(ctx, m.owner),
    ]),
  };
}

/** Catalog and item names: what VCD takes, at most 128 characters, not blank. */
function readName(e: Element, what: string): string {
  const name = attr(e, 'name')?.trim();
  if (!name) throw errors.badRequest(`The ${what} has no name.`);
  if (name.length > 128) throw errors.badRequest(`The ${what}'s name is longer than 128 characters.`);
  return name;
}

/** An AdminCatalog body (create or update): its name and Description. */
export function readAdminCatalog(e: Element): CatalogChanges {
  return { name: readName(e, 'AdminCatalog'), description: childText(e, 'Description') };
}

/** A CatalogItem body (update): its name and Description; the Entity cannot change. */
export function readCatalogItem(e: Element): CatalogChanges {
  return { name: readName(e, 'CatalogItem'), description: childText(e, 'Description') };
}
