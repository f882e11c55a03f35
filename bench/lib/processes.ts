// Servers under test run in child processes, so the load generator (this process) never shares their
// event loop. Each child prints one line naming its URL; we wait for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const STARTUP_MS = 30_000;

const URL_PRINTED = /(http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts `node <args>` and resolves with the first http:// URL the child prints on stdout. With `outputFile`,
 * stdout goes to that file (as a cell's log would in production) rather than a pipe this process must drain.
 */
export async function startChild(args: string[], env: NodeJS.ProcessEnv = {}, outputFile?: string): Promise<Child> {
  const out = outputFile === undefined ? 'pipe' : openSync(outputFile, 'w');
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') closeSync(out); // the child has its own copy
  const url = await new Promise<string>((resolve, reject) => {
    let waiting = true;
    const found = (text: string) => {
      const m = URL_PRINTED.exec(text);
      if (!m || !waiting) return;
      waiting = false;
      clearTimeout(timer);
      resolve(m[1]!);
    };
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no URL within ${STARTUP_MS} ms`)), STARTUP_MS);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening`)));
    if (outputFile === undefined) {
      createInterface({ input: child.stdout! }).on('line', found);
    } else {
      void (async () => {
        while (waiting) {
          found(readFileSync(outputFile, 'utf8'));
          await sleep(50);
        }
      })();
    }
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
