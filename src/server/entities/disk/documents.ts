// The independent disk documents: Disk (disk.xsd DiskType: ResourceEntityType's links, Description and
// Tasks, then StorageProfile and Owner), the Vms list of its attached VMs, and what clients send:
// DiskCreateParams, a Disk to PUT, DiskAttachOrDetachParams.
import { atLeast } from '../../api-versions.ts';
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { Org } from '../../services/identity.ts';
import type { Task } from '../../services/tasks.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { el, NS, textEl, type Element, type VcdDocument } from '../../representation/element.ts';
import { attr, child, childText } from '../../representation/read.ts';
import { link } from '../../representation/session.ts';
import { taskElement } from '../../representation/task.ts';
import { ownerElement } from '../catalog/documents.ts';
import { hrefId, int } from '../vapp/params.ts';
import type { Disk, DiskChanges, DiskSpec, Placement } from './service.ts';

export const diskPath = (id: string) => `/api/disk/${id}`;

export interface DiskView {
  disk: Disk;
  /** its unfinished tasks (the creation's, in createDisk's answer) */
  tasks: readonly Task[];
  org: Org | undefined;
  /** whether the caller may change it (edit link) and delete it (remove link) */
  canEdit: boolean;
  canRemove: boolean;
}

export function diskDocument(ctx: RenderContext, view: DiskView): VcdDocument {
  const { disk } = view;
  const self = diskPath(disk.id);
  // sizeMb replaced size (bytes) in API 33.0; encrypted came in 34.0, sharingType in 36.0
  const size = atLeast(ctx.version, '33.0') ? { sizeMb: disk.sizeMb } : { size: disk.sizeMb * 1024 * 1024 };
  return {
    mediaType: 'vcloud.disk',
    namespace: NS.vcloud,
    root: el('Disk', {
      href: href(ctx, self), type: mediaType(ctx, 'vcloud.disk'), name: disk.name, id: urn('disk', disk.id), status: disk.status,
      ...size, iops: disk.iops, busType: disk.busType, busSubType: disk.busSubType,
      ...(atLeast(ctx.version, '34.0') && { encrypted: false }), ...(atLeast(ctx.version, '36.0') && { sharingType: 'None' }),
    }, [
      [
        link(ctx, 'up', `/api/vdc/${disk.vdcId}`, 'vcloud.vdc'),
        ...(view.canEdit ? [link(ctx, 'edit', self, 'vcloud.disk')] : []),
        ...(view.canRemove ? [link(ctx, 'remove', self)] : []),
        link(ctx, 'down', `${self}/owner`, 'vcloud.owner'),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        link(ctx, 'down', `${self}/attachedVms`, 'vcloud.vms'),
      ],
      textEl('Description', disk.description),
      view.tasks.length ? el('Tasks', {}, [view.tasks.map((t) => taskElement(ctx, t, view.org))]) : undefined,
      el('StorageProfile', {
        href: href(ctx, `/api/vdcStorageProfile/${disk.storageProfile.id}`), id: urn('vdcstorageProfile', disk.storageProfile.id),
        type: mediaType(ctx, 'vcloud.vdcStorageProfile'), name: disk.storageProfile.name,
      }),
      ownerElement(ctx, disk.owner),
    ]),
  };
}

/** GET /api/disk/{id}/attachedVms: a Vms list (vms.xsd VmsType) of VmReference. */
export function attachedVmsDocument(ctx: RenderContext, disk: Disk, vms: ReadonlyArray<{ id: string; name: string }>): VcdDocument {
  return {
    mediaType: 'vcloud.vms',
    namespace: NS.vcloud,
    root: el('Vms', { href: href(ctx, `${diskPath(disk.id)}/attachedVms`), type: mediaType(ctx, 'vcloud.vms') }, [
      [link(ctx, 'up', diskPath(disk.id), 'vcloud.disk')],
      vms.map((vm) => el('VmReference', { href: href(ctx, `/api/vApp/vm-${vm.id}`), id: urn('vm', vm.id), type: mediaType(ctx, 'vcloud.vm'), name: vm.name })),
    ]),
  };
}

/** GET /api/disk/{id}/owner: the Owner document. */
export function diskOwnerDocument(ctx: RenderContext, disk: Disk): VcdDocument {
  const owner = ownerElement(ctx, disk.owner) ?? el('Owner', { type: mediaType(ctx, 'vcloud.owner') });
  return {
    mediaType: 'vcloud.owner',
    namespace: NS.vcloud,
    root: { ...owner, attrs: { ...owner.attrs, href: href(ctx, `${diskPath(disk.id)}/owner`) }, children: [[link(ctx, 'up', diskPath(disk.id), 'vcloud.disk')], ...(owner.children ?? [])] },
  };
}

/** A long attribute (MB, bytes, IOPS): a whole number of at most 15 digits. */
function longAttr(e: Element, name: string): number | undefined {
  const t = attr(e, name)?.trim();
  if (t === undefined || t === '') return undefined;
  if (!/^\d{1,15}$/.test(t)) throw errors.badRequest(`Disk/@${name} must be a whole number, not "${t.slice(0, 32)}".`);
  return Number(t);
}

const MB = 1024 * 1024;

/** The Disk element of a create or an edit: name, size (sizeMb, or size in bytes before API 33.0), bus, IOPS, storage profile. */
function readDisk(e: Element): DiskChanges {
  const name = attr(e, 'name')?.trim();
  if (!name) throw errors.badRequest('The Disk has no name.');
  const bytes = longAttr(e, 'size');
  const sizeMb = longAttr(e, 'sizeMb') ?? (bytes === undefined ? undefined : Math.ceil(bytes / MB));
  const profile = child(e, 'StorageProfile');
  return {
    name, description: childText(e, 'Description'), sizeMb,
    busType: attr(e, 'busType')?.trim() || undefined, busSubType: attr(e, 'busSubType')?.trim(), iops: longAttr(e, 'iops'),
    ...(profile && { storageProfileId: hrefId(attr(profile, 'href'), ['/api/vdcStorageProfile/'], 'The StorageProfile').id }),
  };
}

/** DiskCreateParams (XML or JSON): its Disk, which must give a size. */
export function readDiskCreateParams(e: Element): DiskSpec {
  const disk = child(e, 'Disk');
  if (!disk) throw errors.badRequest('The DiskCreateParams has no Disk.');
  const spec = readDisk(disk);
  if (spec.sizeMb === undefined) throw errors.badRequest('The Disk has no size (sizeMb).');
  return { ...spec, sizeMb: spec.sizeMb };
}

/** A Disk sent to PUT. */
export const readDiskEdit = readDisk;

/** DiskAttachOrDetachParams: the disk's reference, and where on the VM (BusNumber, then UnitNumber). */
export function readPlacement(e: Element): Placement {
  const disk = child(e, 'Disk');
  return {
    diskId: hrefId(disk && attr(disk, 'href'), ['/api/disk/'], 'The Disk').id,
    busNumber: int(e, 'BusNumber'), unitNumber: int(e, 'UnitNumber'),
  };
}
