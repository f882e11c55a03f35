// Waiting for a legacy Task: poll its href until it succeeds, fails, times out or is cancelled.
import { TaskFailedError, VcdTimeoutError } from './errors.ts';
import type { Task } from './types.ts';
import type { ClientClock } from './options.ts';

export interface WaitOptions {
  /** give up after this long (default 10 minutes); the task itself keeps running */
  timeoutMs?: number | undefined;
  /** polling interval (default 2 s) */
  intervalMs?: number | undefined;
  /** called whenever status or progress changes */
  onProgress?: ((task: Task) => void) | undefined;
  signal?: AbortSignal | undefined;
}

const FAILED = new Set(['error', 'canceled', 'aborted']);

export async function waitForTask(get: (href: string, signal?: AbortSignal) => Promise<Task>, clock: ClientClock, href: string, opts: WaitOptions = {}): Promise<Task> {
  const deadline = clock.now() + (opts.timeoutMs ?? 600_000);
  let seen = '';
  for (;;) {
    opts.signal?.throwIfAborted();
    const task = await get(href, opts.signal);
    const state = `${task.status}:${task.progress ?? ''}`;
    if (state !== seen) {
      seen = state;
      opts.onProgress?.(task);
    }
    if (task.status === 'success') return task;
    if (FAILED.has(task.status)) {
      const why = task.error?.message ? `: ${task.error.message}` : '';
      throw new TaskFailedError(`[vcdkit] task ${task.operationName ?? task.name ?? href} ended ${task.status}${why}`, task);
    }
    if (clock.now() >= deadline) throw new VcdTimeoutError(`[vcdkit] task ${href} still ${task.status} after ${opts.timeoutMs ?? 600_000} ms`);
    await clock.sleep(opts.intervalMs ?? 2000, opts.signal);
  }
}
