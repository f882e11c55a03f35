// Tasks: read, listed through the query service, waited for and cancelled.
import type { QueryRecord, Task } from '../types.ts';
import { waitForTask, type WaitOptions } from '../tasks.ts';
import { cancelTask, ResourceSet, TaskHandle, type Ref, specOf } from './resource.ts';

/** A record of the task query. */
export interface TaskRecord extends QueryRecord {
  href: string;
  /** the operation's name, e.g. vdcInstantiateVapp */
  name: string;
  operationFull: string;
  status: Task['status'];
  progress?: number | undefined;
  startDate: string;
  endDate?: string | undefined;
  /** the entity the task works on: its href, type (vapp, vm, …) and name */
  object: string;
  objectType: string;
  objectName: string;
  ownerName: string;
  orgName: string;
}

/** Tasks (query type task). */
export class Tasks extends ResourceSet<Task, TaskRecord> {
  protected readonly spec = specOf('task');

  /** A handle on a task started elsewhere (by its href, id or document). */
  async handle(ref: Ref): Promise<TaskHandle> {
    return new TaskHandle(this.client, await this.get(ref), undefined);
  }

  /** Waits for the task (by href, id or document) to succeed; throws TaskFailedError, VcdTimeoutError, or the signal's reason. */
  wait(ref: Ref, opts?: WaitOptions): Promise<Task> {
    const get = (href: string, signal?: AbortSignal) => this.client.get<Task>(href, { accept: 'application/vnd.vmware.vcloud.task+json', signal });
    return waitForTask(get, this.client.clock, this.href(ref), opts);
  }

  /** Asks the cell to cancel the task. */
  cancel(ref: Ref): Promise<void> {
    return cancelTask(this.client, this.href(ref));
  }
}
