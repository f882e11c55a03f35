// `vcdkit task list|show|wait|cancel`: the tasks the caller can see.
import { Command } from 'commander';
import type { Task, TaskRecord } from '../../sdk/index.ts';
import { contextFrom, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { success } from '../io.ts';
import { emitTask, nounCommand, taskFields, type Noun } from '../inventory-noun.ts';
import { waitWithProgress } from '../task-progress.ts';

export const TASK: Noun<Task, TaskRecord> = {
  name: 'task', label: 'task',
  set: (client) => client.tasks,
  sort: { sortDesc: 'startDate' },
  columns: [['operation', (r) => r.name], ['status', (r) => r.status], ['object', (r) => r.objectName], ['objectType', (r) => r.objectType],
    ['owner', (r) => r.ownerName], ['started', (r) => r.startDate], ['href', (r) => r.href]],
  fields: (t) => taskFields(t),
};

export interface TaskOptions { ctx: Context; task: string }

export async function waitRun({ ctx, task }: TaskOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const current = await client.tasks.get(task);
    const done = await waitWithProgress(ctx, client, current, `Waiting for ${current.operationName ?? 'the task'}`);
    await emitTask(ctx, client, done);
  });
}

export async function cancelRun({ ctx, task }: TaskOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    await client.tasks.cancel(task);
    success(ctx.io, `Asked the cell to cancel the task ${task}`);
  });
}

export function taskCommand(f: Factory): Command {
  return nounCommand(f, TASK, 'tasks: the long operations of the cell, running and done')
    .addCommand(new Command('wait')
      .description('wait for a task to end (exit 1 when it fails or is cancelled)')
      .argument('<task>', 'id, urn or href')
      .action((task: string, _o, cmd: Command) => waitRun({ ctx: contextFrom(f, cmd), task })))
    .addCommand(new Command('cancel')
      .description('cancel a running task (its work is undone)')
      .argument('<task>', 'id, urn or href')
      .action((task: string, _o, cmd: Command) => cancelRun({ ctx: contextFrom(f, cmd), task })));
}
