// Servers under test run in child processes, so the load generator (this process) never shares their
// event loop. Each child prints one line naming its URL; we wait for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const STARTUP_MS = 30_000;

/** Starts `node <args>` and resolves with the first http:// URL the child prints on stdout. */
export async function startChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no URL within ${STARTUP_MS} ms`)), STARTUP_MS);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening`)));
    lines.on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
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
