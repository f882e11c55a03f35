// `vcdkit serve` as a user starts it, in a child process: started until its banner, or run to its failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

export interface Served {
  /** where it listens, as the banner says: http://… or https://… */
  url: string;
  /** everything the process has printed so far (banner and log) */
  output(): string;
  /** whether the process is still running */
  running(): boolean;
  stop(): Promise<void>;
}

/** Starts `vcdkit serve` on a free loopback port and waits for its banner. */
export async function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner within 20 s:\n${out}`));
    }, 20_000);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
    child.stdout!.on('data', () => {
      const m = /^API URL: /m.test(out) && /vcdkit cell listening on (https?:\/\/127\.0\.0\.1:\d+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    output: () => out,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Runs `vcdkit serve` expecting it to stop before it serves: its exit code and what it printed. */
export function failedStart(args: string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [MAIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--log-level', 'silent', ...args], {
    env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 20_000,
  });
  return { status: run.status, output: run.stdout + run.stderr };
}
