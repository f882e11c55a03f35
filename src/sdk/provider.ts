// What the provider does to the tenancy: orgs created and deleted (POST /api/admin/orgs, DELETE
// /api/admin/org/{id}, which answers a Task) and VDCs created in an org (POST …/vdcsparams).
import type { VcdClient } from './client.ts';
import type { Org, Resource, Task } from './types.ts';

/** The uuid an org is named by: its id, its urn or its href. */
const uuid = (ref: string) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/?$/i.exec(ref)?.[0].replace(/\/$/, '') ?? ref;

export interface OrgSpec {
  name: string;
  fullName: string;
  description?: string | undefined;
  /** default true */
  enabled?: boolean | undefined;
}

/** Creates an org (the provider only); answers its AdminOrg. */
export function createOrg(client: VcdClient, spec: OrgSpec): Promise<Org> {
  return client.post<Org>('/api/admin/orgs', {
    name: spec.name, fullName: spec.fullName, description: spec.description, isEnabled: spec.enabled ?? true, settings: {},
  }, { contentType: 'application/vnd.vmware.admin.organization+json' });
}

/**
 * Deletes an org (by id, urn or href); answers the deletion's Task (wait on it with client.waitForTask). `force` with `recursive`
 * removes what it holds; without them an enabled org or one with content is refused.
 */
export function deleteOrg(client: VcdClient, org: string, opts: { force?: boolean; recursive?: boolean } = {}): Promise<Task> {
  return client.delete<Task>(`/api/admin/org/${uuid(org)}`, { query: { force: opts.force || undefined, recursive: opts.recursive || undefined } });
}

export type AllocationModel = 'AllocationVApp' | 'AllocationPool' | 'ReservationPool' | 'Flex';

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
  tasks?: { task?: Task[] | undefined } | undefined;
}

/** Creates a VDC in an org (by id, urn or href; the provider only). */
export function createVdc(client: VcdClient, org: string, spec: VdcSpec): Promise<AdminVdc> {
  const capacity = (units: string, limit: number, allocated?: number) => ({ units, limit, allocated: allocated ?? limit });
  return client.post<AdminVdc>(`/api/admin/org/${uuid(org)}/vdcsparams`, {
    name: spec.name, description: spec.description, allocationModel: spec.allocationModel,
    computeCapacity: { cpu: capacity('MHz', spec.cpuLimitMhz, spec.cpuAllocatedMhz), memory: capacity('MB', spec.memoryLimitMb, spec.memoryAllocatedMb) },
    networkQuota: spec.networkQuota, isEnabled: spec.enabled ?? true,
    vdcStorageProfile: [{ enabled: true, units: 'MB', limit: spec.storageLimitMb, default: true, providerVdcStorageProfile: { name: spec.storageProfile } }],
  }, { contentType: 'application/vnd.vmware.admin.createVdcParams+json' });
}
