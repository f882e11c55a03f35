// `vcdkit serve` in a child process, as a user starts it: for what only a whole process shows (its banner,
// its log, that it survives what would end it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

export interface Served {
  /** where it listens, as the banner says: http://… or https://… */
  url: string;
  /** everything the process has printed so far (banner and log) */
  output(): string;
  /** resolves once the output satisfies `done`; rejects, with the output, if the process exits first */
  waitForOutput(done: (output: string) => boolean): Promise<void>;
  /** whether the process is still running */
  running(): boolean;
  stop(): Promise<void>;
  /** ends the process as `kill -9` does: no shutdown, whatever it was doing is cut off */
  kill(): Promise<void>;
}

/**
 * Starts `vcdkit serve` and waits for its banner; VCDKIT_* variables stand in for some flags. `command` is the
 * vcdkit to run: the sources, unless a test gives another (an installed package's bin); `cwd` the directory it
 * starts in (where the default store, ./.vcdkit, goes).
 */
export async function serve(args: string[], env: Record<string, string> = {}, command = MAIN, cwd?: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [command, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd,
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`serve exited (${code ?? signal}):\n${out}`)));
  });
  exited.catch(() => {}); // observed by whoever waits
  const waitForOutput = (done: (output: string) => boolean) => Promise.race([exited, new Promise<void>((resolve) => {
    const check = () => {
      if (!done(out)) return;
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    check();
  })]);
  // no banner within 2 minutes: a start that hangs (the wait below rejects with the output); generous, so a loaded
  // machine's slow start is not mistaken for one
  const timeout = setTimeout(() => child.kill('SIGKILL'), 120_000);
  await waitForOutput((o) => /^API URL: /m.test(o) && /vcdkit cell listening on https?:\/\/127\.0\.0\.1:\d+ /.test(o));
  clearTimeout(timeout);
  return {
    url: /vcdkit cell listening on (https?:\/\/127\.0\.0\.1:\d+) /.exec(out)![1]!,
    output: () => out,
    waitForOutput,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
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
