// Org VDCs: read (capacity, networks, vApps, storage profiles), renamed, deleted by the provider, metadata.
import type { QueryRecord, Reference } from '../types.ts';
import { asArray, nameAndDescription, ResourceSetWithMetadata, startTask, type Ref, type TaskHandle, type NamedEntity } from './resource.ts';

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
  allocationModel: 'AllocationVApp' | 'AllocationPool' | 'ReservationPool' | 'Flex' | (string & {});
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

const VAPP_TYPE = /vnd\.vmware\.vcloud\.vApp\+/;

/** Org VDCs (query type orgVdc). Metadata is read on the VDC and written through its admin view. */
export class Vdcs extends ResourceSetWithMetadata<Vdc, VdcRecord> {
  protected readonly spec = { queryType: 'orgVdc', path: (id: string) => `/api/vdc/${id}`, label: 'VDC' };

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

  /** Deletes the VDC (the provider only); `force` removes what it holds too. */
  delete(ref: Ref, opts: { force?: boolean } = {}): Promise<TaskHandle> {
    const href = this.href(ref).replace('/api/vdc/', '/api/admin/vdc/');
    return startTask(this.client, 'DELETE', opts.force ? `${href}?force=true` : href);
  }
}
