// What vApps and VMs share: power actions, deploy and undeploy, each a task on the entity.
import type { QueryRecord, Resource } from '../types.ts';
import { ResourceSetWithMetadata, startTask, type DeleteResultOf, type Ref, type TaskHandle } from './resource.ts';
import { el, text, VCLOUD_NS } from './xml.ts';

/** How undeploy leaves the VMs: powered off (the default), suspended, shut down through the guest, or as the VM's own setting. */
export type UndeployAction = 'powerOff' | 'suspend' | 'shutdown' | 'force' | 'default';

/** Cloud Director's status codes of vApps and VMs (8 powered off, 4 powered on, 3 suspended, …). */
export const VAPP_STATUS = {
  FAILED_CREATION: -1, UNRESOLVED: 0, RESOLVED: 1, DEPLOYED: 2, SUSPENDED: 3, POWERED_ON: 4, WAITING_FOR_INPUT: 5, UNKNOWN: 6,
  UNRECOGNIZED: 7, POWERED_OFF: 8, INCONSISTENT_STATE: 9, MIXED: 10, DESCRIPTOR_PENDING: 11, COPYING_CONTENTS: 12,
  DISK_CONTENTS_PENDING: 13, QUARANTINED: 14, QUARANTINE_EXPIRED: 15, REJECTED: 16, TRANSFER_TIMEOUT: 17,
  VAPP_UNDEPLOYED: 18, VAPP_PARTIALLY_DEPLOYED: 19,
  /** a VM powered off while still deployed (a guest shutdown, a power-off without undeploy) */
  PARTIALLY_POWERED_OFF: 20, PARTIALLY_SUSPENDED: 21,
} as const;

/** A vApp's or VM's power and deploy operations; all are tasks. */
export abstract class PowerResourceSet<D extends Resource, R extends QueryRecord, K extends 'vapp' | 'vm'> extends ResourceSetWithMetadata<D, R, R, DeleteResultOf<K>> {
  /** Powers on (deploying first if needed). */
  powerOn(ref: Ref): Promise<TaskHandle> { return this.#power(ref, 'powerOn'); }
  /** Powers off, as pulling the plug; it stays deployed. */
  powerOff(ref: Ref): Promise<TaskHandle> { return this.#power(ref, 'powerOff'); }
  /** Resets, as pressing the reset button. */
  reset(ref: Ref): Promise<TaskHandle> { return this.#power(ref, 'reset'); }
  /** Suspends. */
  suspend(ref: Ref): Promise<TaskHandle> { return this.#power(ref, 'suspend'); }
  /** Shuts the guest down (needs VMware Tools). */
  shutdown(ref: Ref): Promise<TaskHandle> { return this.#power(ref, 'shutdown'); }
  /** Reboots the guest (needs VMware Tools). */
  reboot(ref: Ref): Promise<TaskHandle> { return this.#power(ref, 'reboot'); }

  /** Deploys; powers on too unless `powerOn: false`. */
  deploy(ref: Ref, opts: { powerOn?: boolean } = {}): Promise<TaskHandle> {
    return startTask(this.client, 'POST', `${this.href(ref)}/action/deploy`,
      { mediaType: 'vcloud.deployVAppParams', root: el('DeployVAppParams', { xmlns: VCLOUD_NS, powerOn: opts.powerOn ?? true }) });
  }

  /** Undeploys, leaving the VMs as `action` says (powered off by default). */
  undeploy(ref: Ref, action: UndeployAction = 'powerOff'): Promise<TaskHandle> {
    return startTask(this.client, 'POST', `${this.href(ref)}/action/undeploy`,
      { mediaType: 'vcloud.undeployVAppParams', root: el('UndeployVAppParams', { xmlns: VCLOUD_NS }, text('UndeployPowerAction', action)) });
  }

  #power(ref: Ref, action: string): Promise<TaskHandle> {
    return startTask(this.client, 'POST', `${this.href(ref)}/power/action/${action}`);
  }
}
