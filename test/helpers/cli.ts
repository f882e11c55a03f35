// Runs the real `vcdkit` CLI as a child process (Node 24, TypeScript sources), with HOME and
// XDG_CONFIG_HOME in a temporary directory, so tests see exactly what a user's shell would.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  shell?: string;
  /** sees stderr as it arrives (e.g. a device-flow user code to grant while the CLI waits) */
  onStderr?: (soFar: string) => void;
  /** sees stdout as it arrives, and may answer on stdin (e.g. a prompt in a pseudo-terminal) */
  onStdout?: (soFar: string, stdin: NodeJS.WritableStream) => void;
  /** leave stdin open for onStdout to answer on (closed when the process ends) */
  interactive?: boolean;
}

export interface CliHome {
  dir: string;
  configDir: string;
  /** runs vcdkit with these arguments (or, with `shell`, that program, e.g. `script` for a pseudo-terminal) */
  run(args: string[], opts?: RunOptions): Promise<CliResult>;
  close(): Promise<void>;
}

/** A fresh home: its own profiles, nothing inherited from the developer's environment. */
export async function cliHome(): Promise<CliHome> {
  const dir = await mkdtemp(join(tmpdir(), 'vcdkit-cli-'));
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), LANG: 'C.UTF-8',
  };
  return {
    dir,
    configDir: join(dir, 'config', 'vcdkit'),
    run(args, opts = {}) {
      // Async on purpose: the cell under test runs in this process and must keep serving meanwhile.
      const child = spawn(opts.shell ?? process.execPath, opts.shell ? args : [MAIN, ...args], {
        env: Object.fromEntries(Object.entries({ ...base, ...opts.env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        opts.onStdout?.(stdout, child.stdin);
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        opts.onStderr?.(stderr);
      });
      // A child may exit without reading its stdin; the EPIPE that causes is no failure of the test.
      child.stdin.on('error', () => {});
      if (!opts.interactive) child.stdin.end(opts.input ?? '');
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh home already logged in (password from VCD_PASSWORD), as most suites start. */
export async function loggedInHome(url: string, org: string, user: string, password: string): Promise<CliHome> {
  const home = await cliHome();
  const r = await home.run(['login', url, org, user], { env: { VCD_PASSWORD: password } });
  if (r.code !== 0) {
    await home.close();
    throw new Error(`vcdkit login ${user}@${org} failed (${r.code}): ${r.stderr}`);
  }
  return home;
}
