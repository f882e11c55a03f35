// Long operations answer a Task: the CLI waits for it behind a progress bar on a terminal (plain
// waiting when piped), or with --no-wait prints the task as it stands and leaves it running.
import type { Task, VcdClient } from '../sdk/index.ts';
import { spinnerOn, type Context } from './context.ts';
import { CliError } from './errors.ts';
import { EXIT } from './exit-codes.ts';

const WIDTH = 20;

/** "Deleting org [██████░░░░░░░░░░░░░░] 30%" */
export function progressLine(label: string, task: Task): string {
  const pct = Math.max(0, Math.min(100, task.progress ?? 0));
  const filled = Math.round((pct / 100) * WIDTH);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${pct}% ${task.status}`;
}

/**
 * Waits for the task to succeed (TaskFailedError otherwise), drawing its progress on a terminal. Ctrl-C
 * stops the wait, not the task: it exits 130 and says how to wait again or cancel.
 */
export async function waitWithProgress(ctx: Context, client: VcdClient, task: Task, label: string): Promise<Task> {
  const bar = spinnerOn(ctx, progressLine(label, task));
  const interrupt = new AbortController();
  const stopListening = ctx.factory.onInterrupt(() => interrupt.abort());
  try {
    return await client.tasks.wait(task, { onProgress: (t) => bar?.update(progressLine(label, t)), signal: interrupt.signal });
  } catch (err) {
    if (!interrupt.signal.aborted) throw err;
    throw new CliError(`interrupted; the task goes on: ${task.href}`, EXIT.interrupted,
      `\`vcdkit task wait ${task.href}\` waits again, \`vcdkit task cancel ${task.href}\` cancels it`);
  } finally {
    stopListening();
    bar?.stop();
  }
}
