// Org VDCs: read (capacity, networks, vApps, storage profiles), renamed, created (POST
// /api/admin/org/{id}/vdcsparams) and deleted by the provider, metadata.
import { VcdError } from '../errors.ts';
import type { QueryRecord, Reference, Resource, Task } from '../types.ts';
import { asArray, nameAndDescription, ResourceSetWithMetadata, startTask, TaskHandle, uuidOf, type Ref, type NamedEntity, specOf, type CloudItemOf, type DeleteResultOf } from './resource.ts';

/** One of a VDC's compute capacities (MHz of CPU, MB of memory). */
export interface Capacity {
  units: string;
  allocated?: number | undefined;
  limit: number;
  reserved?: number | undefined;
  used: number;
  overhead?: number | undefined;
}

/** GET /api/vdc/{id} (application/vnd.vmware.vcloud.vdc+json) */
export interface Vdc extends NamedEntity {
  status: number;
  isEnabled: boolean;
  allocationModel: AllocationModel | (string & {});
  computeCapacity: { cpu: Capacity; memory: Capacity };
  storageCapacity?: { units: string; limit: number; used: number } | undefined;
  resourceEntities?: { resourceEntity?: Reference[] | undefined } | undefined;
  availableNetworks?: { network?: Reference[] | undefined } | undefined;
  vdcStorageProfiles?: { vdcStorageProfile?: Reference[] | undefined } | undefined;
  vmQuota?: number | undefined;
  networkQuota?: number | undefined;
  nicQuota?: number | undefined;
  usedNetworkCount?: number | undefined;
}

/** A record of the orgVdc query. */
export interface VdcRecord extends QueryRecord {
  href: string;
  name: string;
  description?: string | undefined;
  isEnabled: boolean;
  orgName: string;
  cpuAllocationMhz: number;
  cpuLimitMhz: number;
  cpuUsedMhz: number;
  memoryAllocationMB: number;
  memoryLimitMB: number;
  memoryUsedMB: number;
  storageLimitMB: number;
  storageUsedMB: number;
  numberOfVApps: number;
  numberOfVMs: number;
  numberOfRunningVMs: number;
  numberOfVAppTemplates: number;
  numberOfMedia: number;
  isBusy: boolean;
  status: string;
}

export type AllocationModel = 'AllocationVApp' | 'AllocationPool' | 'ReservationPool' | 'Flex';

/** What creating a VDC takes. */
export interface VdcSpec {
  name: string;
  description?: string | undefined;
  allocationModel: AllocationModel;
  cpuLimitMhz: number;
  cpuAllocatedMhz?: number | undefined;
  memoryLimitMb: number;
  memoryAllocatedMb?: number | undefined;
  /** the provider VDC storage profile (by name) and how much of it, in MB (0: unlimited) */
  storageProfile: string;
  storageLimitMb: number;
  networkQuota?: number | undefined;
  enabled?: boolean | undefined;
}

/** The AdminVdc as created; its `tasks.task` carries the creation's Task. */
export interface AdminVdc extends Resource {
  id: string;
  name: string;
  tasks?: { task?: Task | Task[] | undefined } | undefined;
}

const VAPP_TYPE = /vnd\.vmware\.vcloud\.vApp\+/;

/** Org VDCs (query type orgVdc). Metadata is read on the VDC and written through its admin view. */
export class Vdcs extends ResourceSetWithMetadata<Vdc, VdcRecord, CloudItemOf<'vdc'>, DeleteResultOf<'vdc'>> {
  protected readonly spec = specOf('vdc', 'VDC');

  protected override metadataWriteHref(href: string): string { return href.replace('/api/vdc/', '/api/admin/vdc/'); }

  /** The networks the VDC offers its vApps. */
  networks(vdc: Vdc): Reference[] { return asArray(vdc.availableNetworks?.network); }

  /** The vApps in the VDC. */
  vapps(vdc: Vdc): Reference[] { return asArray(vdc.resourceEntities?.resourceEntity).filter((r) => VAPP_TYPE.test(r.type ?? '')); }

  /** The VDC's storage profiles. */
  storageProfiles(vdc: Vdc): Reference[] { return asArray(vdc.vdcStorageProfiles?.vdcStorageProfile); }

  /** Renames the VDC and sets its description (a task). The name stays when only the description is given. */
  async edit(ref: Ref, changes: { name?: string | undefined; description?: string | undefined }): Promise<TaskHandle> {
    const name = changes.name ?? (await this.get(ref)).name;
    return startTask(this.client, 'PUT', this.href(ref), { mediaType: 'vcloud.vdc', root: nameAndDescription('Vdc', name, changes.description) });
  }

  /** Creates a VDC in an org (by href, id or urn; the provider only): the creation's task, its `entity` the AdminVdc as created. */
  async create(org: Ref, spec: VdcSpec): Promise<TaskHandle<AdminVdc>> {
    const capacity = (units: string, limit: number, allocated?: number) => ({ units, limit, allocated: allocated ?? limit });
    const vdc = await this.client.post<AdminVdc>(`/api/admin/org/${uuidOf(typeof org === 'string' ? org : org.href ?? '')}/vdcsparams`, {
      name: spec.name, description: spec.description, allocationModel: spec.allocationModel,
      computeCapacity: { cpu: capacity('MHz', spec.cpuLimitMhz, spec.cpuAllocatedMhz), memory: capacity('MB', spec.memoryLimitMb, spec.memoryAllocatedMb) },
      networkQuota: spec.networkQuota, isEnabled: spec.enabled ?? true,
      vdcStorageProfile: [{ enabled: true, units: 'MB', limit: spec.storageLimitMb, default: true, providerVdcStorageProfile: { name: spec.storageProfile } }],
    }, { contentType: 'application/vnd.vmware.admin.createVdcParams+json' });
    // JSON gives one Task child as an object, not an array (see asArray).
    const [task] = asArray(vdc.tasks?.task);
    if (!task) throw new VcdError(`[vcdkit] the cell created VDC ${vdc.name} without a task to follow`);
    return new TaskHandle(this.client, task, vdc);
  }
}
