// The Org VDC documents: Vdc (the tenant view), AdminVdc (the admin view), VdcStorageProfile, and the
// CreateVdcParams a provider sends. Elements in the XSD's order (vdc.xsd VdcType, providerVdc.xsd).
import { errors, quote } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { AllocationModel, Capacity, CreateVdcRequest, RequestedStorageProfile, Vdc, VdcUsage, StorageProfile } from './service.ts';
import { hrefId } from '../vapp/params.ts';
import { VCPU_MHZ } from '../vapp/type.ts';
import { ALLOCATION_MODELS } from './service.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { attr, child, childBoolean, childrenNamed, childText } from '../../representation/read.ts';
import { link } from '../../representation/session.ts';
import { networkReference } from '../network/documents.ts';

export interface VdcView {
  vdc: Vdc;
  usage: VdcUsage;
  /** its org VDC networks the caller sees (AvailableNetworks) */
  networks: ReadonlyArray<{ id: string; name: string }>;
  /** whether the caller may open the admin view (the alternate link) */
  canAdminister: boolean;
  /** whether the caller may change it (edit link) and, as the provider, remove, enable and disable it */
  canEdit: boolean;
  canRemove: boolean;
  /** the VDC's vApps and independent disks the caller sees */
  vapps: Array<{ id: string; name: string }>;
  disks: Array<{ id: string; name: string }>;
  /** what it draws on, for the provider: its provider VDC and that one's network pool */
  backing?: { providerVdc: { id: string; name: string }; networkPool: { id: string; name: string } | undefined } | undefined;
}

const vdcPath = (id: string) => `/api/vdc/${id}`;
const PVDC_STORAGE_PROFILE = '/api/admin/pvdcStorageProfile/';
const PVDC_STORAGE_PROFILE_HREF = /\/api\/admin\/pvdcStorageProfile\/[0-9a-fA-F-]{36}\/?$/;
const adminVdcPath = (id: string) => `/api/admin/vdc/${id}`;

/** The action links that create things in a VDC, each with the params document it takes (pyvcloud finds them by rel and type). */
const ADD_ACTIONS: ReadonlyArray<[string, string]> = [
  ['action/instantiateVAppTemplate', 'vcloud.instantiateVAppTemplateParams'],
  ['action/composeVApp', 'vcloud.composeVAppParams'],
  ['action/uploadVAppTemplate', 'vcloud.uploadVAppTemplateParams'],
  ['media', 'vcloud.media'],
  ['disk', 'vcloud.diskCreateParams'],
];

const capacity = (name: string, units: string, c: Capacity, used: number): Element => el(name, {}, [
  textEl('Units', units), textEl('Allocated', c.allocated), textEl('Limit', c.limit), textEl('Reserved', c.reserved),
  textEl('Used', used), textEl('Overhead', 0),
]);

/** The VdcType body shared by Vdc and AdminVdc: links, then the sequence. */
function vdcBody(ctx: RenderContext, view: VdcView, admin: boolean): Element['children'] {
  const { vdc, usage } = view;
  const self = admin ? adminVdcPath(vdc.id) : vdcPath(vdc.id);
  const family = admin ? 'admin.vdc' : 'vcloud.vdc';
  const storageUsed = [...usage.storageMb.values()].reduce((a, b) => a + b, 0);
  const storageLimit = vdc.storageProfiles.reduce((a, p) => a + p.limitMb, 0);
  return [
    [
      admin
        ? link(ctx, 'up', `/api/admin/org/${vdc.orgId}`, 'admin.organization')
        : link(ctx, 'up', `/api/org/${vdc.orgId}`, 'vcloud.org'),
      ...(admin ? [link(ctx, 'alternate', vdcPath(vdc.id), 'vcloud.vdc')] : [
        ...ADD_ACTIONS.map(([action, params]) => link(ctx, 'add', `${vdcPath(vdc.id)}/${action}`, params)),
        link(ctx, 'edgeGateways', `${adminVdcPath(vdc.id)}/edgeGateways`, 'vcloud.query.records'),
        link(ctx, 'orgVdcNetworks', `${adminVdcPath(vdc.id)}/networks`, 'vcloud.query.records'),
        ...(view.canAdminister ? [link(ctx, 'alternate', adminVdcPath(vdc.id), 'admin.vdc')] : []),
      ]),
      link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
      ...(view.canEdit ? [link(ctx, 'edit', self, family)] : []),
      ...(view.canRemove ? [link(ctx, 'remove', self)] : []),
      // the provider's switch, as on the AdminOrg: the action that applies now (pyvcloud's VDC.enable_vdc follows it)
      ...(admin && view.canRemove
        ? [vdc.enabled ? link(ctx, 'disable', `${self}/action/disable`) : link(ctx, 'enable', `${self}/action/enable`)]
        : []),
    ],
    textEl('Description', vdc.description),
    textEl('AllocationModel', vdc.allocationModel),
    el('StorageCapacity', {}, [textEl('Units', 'MB'), textEl('Limit', storageLimit), textEl('Used', storageUsed)]),
    el('ComputeCapacity', {}, [capacity('Cpu', 'MHz', vdc.cpu, usage.cpuMhz), capacity('Memory', 'MB', vdc.memory, usage.memoryMb)]),
    el('ResourceEntities', {}, [[
      ...view.vapps.map((v) => resourceEntity(ctx, `/api/vApp/vapp-${v.id}`, urn('vapp', v.id), 'vcloud.vApp', v.name)),
      ...view.disks.map((d) => resourceEntity(ctx, `/api/disk/${d.id}`, urn('disk', d.id), 'vcloud.disk', d.name)),
    ]]),
    el('AvailableNetworks', {}, [view.networks.map((n) => networkReference(ctx, 'Network', n))]),
    el('Capabilities', {}, [el('SupportedHardwareVersions', {}, [[textEl('SupportedHardwareVersion', 'vmx-19')]])]),
    textEl('NicQuota', vdc.nicQuota),
    textEl('NetworkQuota', vdc.networkQuota),
    textEl('UsedNetworkCount', usage.networks),
    textEl('VmQuota', vdc.vmQuota),
    textEl('IsEnabled', vdc.enabled),
    el('VdcStorageProfiles', {}, [vdc.storageProfiles.map((p) => storageProfileReference(ctx, p))]),
  ];
}

const resourceEntity = (ctx: RenderContext, path: string, id: string, family: string, name: string) =>
  el('ResourceEntity', { href: href(ctx, path), id, type: mediaType(ctx, family), name });

const storageProfileReference = (ctx: RenderContext, p: StorageProfile) =>
  el('VdcStorageProfile', { href: href(ctx, `/api/vdcStorageProfile/${p.id}`), id: urn('vdcstorageProfile', p.id), type: mediaType(ctx, 'vcloud.vdcStorageProfile'), name: p.name });

const rootAttrs = (ctx: RenderContext, vdc: Vdc, path: string, family: string) =>
  ({ href: href(ctx, path), type: mediaType(ctx, family), name: vdc.name, id: urn('vdc', vdc.id), status: vdc.status });

export function vdcDocument(ctx: RenderContext, view: VdcView): VcdDocument {
  return {
    mediaType: 'vcloud.vdc',
    namespace: NS.vcloud,
    root: el('Vdc', rootAttrs(ctx, view.vdc, vdcPath(view.vdc.id), 'vcloud.vdc'), vdcBody(ctx, view, false)),
  };
}

/** What share of its allocation a VDC reserves, for the models VCD states it for (not a reservation pool: all of it). */
const guarantees = (vdc: Vdc): Element[] => vdc.allocationModel === 'ReservationPool' ? [] : [
  textEl('ResourceGuaranteedMemory', share(vdc.memory)), textEl('ResourceGuaranteedCpu', share(vdc.cpu)),
];
const share = (c: Capacity) => c.allocated > 0 ? Math.round((c.reserved / c.allocated) * 100) / 100 : 0;

/** AdminVdc: VdcType, then the admin elements the model knows (the provider VDC and network pool for the provider). */
export function adminVdcDocument(ctx: RenderContext, view: VdcView): VcdDocument {
  const { vdc } = view;
  return {
    mediaType: 'admin.vdc',
    namespace: NS.vcloud,
    root: el('AdminVdc', rootAttrs(ctx, view.vdc, adminVdcPath(view.vdc.id), 'admin.vdc'), [
      ...(vdcBody(ctx, view, true) ?? []),
      ...guarantees(vdc),
      textEl('VCpuInMhz', VCPU_MHZ),
      textEl('IsThinProvision', true),
      view.backing?.networkPool && el('NetworkPoolReference', {
        href: href(ctx, `/api/admin/extension/networkPool/${view.backing.networkPool.id}`), type: mediaType(ctx, 'admin.vmwNetworkPool'), name: view.backing.networkPool.name,
      }),
      view.backing && el('ProviderVdcReference', {
        href: href(ctx, `/api/admin/providervdc/${view.backing.providerVdc.id}`), id: urn('providervdc', view.backing.providerVdc.id),
        type: mediaType(ctx, 'admin.providervdc'), name: view.backing.providerVdc.name,
      }),
      textEl('UsesFastProvisioning', false),
      textEl('OverCommitAllowed', true),
    ]),
  };
}

export function vdcStorageProfileDocument(ctx: RenderContext, p: StorageProfile): VcdDocument {
  const self = `/api/vdcStorageProfile/${p.id}`;
  return {
    mediaType: 'vcloud.vdcStorageProfile',
    namespace: NS.vcloud,
    root: el('VdcStorageProfile', { href: href(ctx, self), type: mediaType(ctx, 'vcloud.vdcStorageProfile'), name: p.name, id: urn('vdcstorageProfile', p.id) }, [
      [link(ctx, 'up', vdcPath(p.vdcId), 'vcloud.vdc')],
      textEl('Enabled', p.enabled),
      textEl('Units', 'MB'),
      textEl('Limit', p.limitMb),
      textEl('Default', p.isDefault),
      textEl('StorageUsedMB', p.usedMb),
    ]),
  };
}

const long = (e: Element | undefined, name: string, where: string): number | undefined => {
  const text = e && childText(e, name)?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d{1,15}$/.test(text)) throw errors.badRequest(`${where}/${name} must be a whole number, not "${text}".`);
  return Number(text);
};

/** The units VCD takes (case aside), as factors of the MHz and MB the model keeps; a Map, as the name comes from the body. */
const UNITS = new Map([['mhz', 1], ['ghz', 1000], ['mb', 1], ['gb', 1024]]);
const scaled = (e: Element | undefined, name: string, where: string) => {
  const v = long(e, name, where);
  const units = e && childText(e, 'Units')?.trim();
  if (v === undefined || !units) return v;
  const factor = UNITS.get(units.toLowerCase());
  if (factor === undefined) throw errors.badRequest(`${where}/Units must be MHz, GHz, MB or GB, not ${quote(units)}.`);
  return v * factor;
};

/** A fraction of 0 to 1 (ResourceGuaranteedCpu, ResourceGuaranteedMemory), else a 400. */
const fraction = (e: Element, name: string): number | undefined => {
  const text = childText(e, name)?.trim();
  if (text === undefined || text === '') return undefined;
  const v = /^\d{1,3}(\.\d{1,12})?$/.test(text) ? Number(text) : NaN;
  if (!(v >= 0 && v <= 1)) throw errors.badRequest(`CreateVdcParams/${name} must be a number from 0 to 1, not ${quote(text.slice(0, 32))}.`);
  return v;
};

/** The uuid of a reference the params name by href (go-vcloud-director sends href alone). */
const referenced = (e: Element, name: string, prefixes: readonly string[]): string | undefined => {
  const ref = child(e, name);
  return ref && hrefId(attr(ref, 'href'), prefixes, name).id;
};

/**
 * CreateVdcParams (XML or JSON): name, AllocationModel, ComputeCapacity, at least one VdcStorageProfile, the
 * ProviderVdcReference and NetworkPoolReference. A storage profile names its provider VDC's profile by href
 * (as go-vcloud-director sends it) or by name.
 */
export function readCreateVdcParams(e: Element): CreateVdcRequest {
  const name = attr(e, 'name')?.trim();
  if (!name) throw errors.badRequest('The CreateVdcParams has no name.');
  const model = childText(e, 'AllocationModel')?.trim();
  if (!ALLOCATION_MODELS.includes(model as AllocationModel)) {
    throw errors.badRequest(`AllocationModel must be one of ${ALLOCATION_MODELS.join(', ')}, not "${model ?? ''}".`);
  }
  const compute = child(e, 'ComputeCapacity');
  if (!compute) throw errors.badRequest('The CreateVdcParams has no ComputeCapacity.');
  const cpu = child(compute, 'Cpu');
  const memory = child(compute, 'Memory');
  const profiles = childrenNamed(e, 'VdcStorageProfile');
  if (!profiles.length) throw errors.badRequest('The CreateVdcParams has no VdcStorageProfile.');
  const storageProfiles: RequestedStorageProfile[] = profiles.map((p, i) => {
    const where = `VdcStorageProfile[${i}]`;
    const ref = child(p, 'ProviderVdcStorageProfile');
    const profileName = (ref && attr(ref, 'name')?.trim()) || childText(p, 'Name')?.trim() || undefined;
    // the href when it names a provider VDC storage profile; without a name it must
    const href = ref && attr(ref, 'href');
    const providerProfileId = href && (!profileName || PVDC_STORAGE_PROFILE_HREF.test(href))
      ? hrefId(href, [PVDC_STORAGE_PROFILE], `${where}/ProviderVdcStorageProfile`).id : undefined;
    if (!profileName && !providerProfileId) throw errors.badRequest(`${where}/ProviderVdcStorageProfile has neither an href nor a name.`);
    return {
      name: profileName, providerProfileId,
      limitMb: scaled(p, 'Limit', where) ?? 0, default: childBoolean(p, 'Default') ?? false, enabled: childBoolean(p, 'Enabled') ?? true,
    };
  });
  return {
    name, description: childText(e, 'Description'), allocationModel: model as AllocationModel,
    cpuLimitMhz: scaled(cpu, 'Limit', 'Cpu'), cpuAllocatedMhz: scaled(cpu, 'Allocated', 'Cpu'), cpuReservedMhz: scaled(cpu, 'Reserved', 'Cpu'),
    memoryLimitMb: scaled(memory, 'Limit', 'Memory'), memoryAllocatedMb: scaled(memory, 'Allocated', 'Memory'), memoryReservedMb: scaled(memory, 'Reserved', 'Memory'),
    cpuGuaranteed: fraction(e, 'ResourceGuaranteedCpu'), memoryGuaranteed: fraction(e, 'ResourceGuaranteedMemory'),
    nicQuota: long(e, 'NicQuota', 'CreateVdcParams'), networkQuota: long(e, 'NetworkQuota', 'CreateVdcParams'), vmQuota: long(e, 'VmQuota', 'CreateVdcParams'),
    enabled: childBoolean(e, 'IsEnabled'), storageProfiles,
    providerVdcId: referenced(e, 'ProviderVdcReference', ['/api/admin/providervdc/', '/api/admin/extension/providervdc/']),
    networkPoolId: referenced(e, 'NetworkPoolReference', ['/api/admin/extension/networkPool/']),
  };
}

/** A Vdc sent to PUT: its name (required) and description. */
export function readVdcEdit(e: Element): { name: string; description?: string | undefined } {
  const name = attr(e, 'name')?.trim();
  if (!name) throw errors.badRequest('The Vdc has no name.');
  return { name, description: childText(e, 'Description') };
}
