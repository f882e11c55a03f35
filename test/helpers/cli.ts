// Runs the `vcdkit` CLI with HOME and XDG_CONFIG_HOME in a temporary directory: in this process by
// default (the whole command line through runCli, with buffers for streams, as gh's iostreams.Test()),
// or as a real child process (`spawn: true`, or a `shell`) for what only a process shows: its exit
// status, a pseudo-terminal, variables Node reads at start (NODE_EXTRA_CA_CERTS).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { systemFactory, type Factory } from '../../src/cli/factory.ts';
import { colourFor, type IOStreams, type Terminal } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  /** in-process: stdin, stdout and stderr are terminals (colour unless NO_COLOR) */
  tty?: boolean;
  /** in-process, with `tty`: the terminal's width */
  columns?: number;
  /** in-process: what the factory gives instead of the process's (a test's clock, its own Ctrl-C) */
  factory?: Partial<Pick<Factory, 'clock' | 'onInterrupt'>>;
  /** run a real `vcdkit` process */
  spawn?: boolean;
  shell?: string;
  /** sees stderr as it arrives (e.g. a device-flow user code to grant while the CLI waits) */
  onStderr?: (soFar: string) => void;
  /** sees stdout as it arrives, and may answer on stdin (e.g. a prompt in a pseudo-terminal; with `shell` only) */
  onStdout?: (soFar: string, stdin: NodeJS.WritableStream) => void;
  /** leave stdin open for onStdout to answer on (closed when the process ends) */
  interactive?: boolean;
}

export interface CliHome {
  dir: string;
  configDir: string;
  /** runs vcdkit with these arguments (or, with `shell`, that program, e.g. `script` for a pseudo-terminal) */
  run(args: string[], opts?: RunOptions): Promise<CliResult>;
  /** the environment a run sees (before its own `env`) */
  env: Record<string, string | undefined>;
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
    env: base,
    run(args, opts = {}) {
      if (!opts.spawn && !opts.shell) return inProcess(args, { ...base, ...opts.env }, opts);
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

/** A buffer that takes the place of stdout or stderr. */
function buffer(env: Record<string, string | undefined>, isTTY: boolean, onText?: (soFar: string) => void, columns?: number): Terminal & { text: string } {
  const t = {
    text: '', isTTY, colour: colourFor(isTTY, env), columns,
    write(chunk: string) { t.text += chunk; onText?.(t.text); return true; },
  };
  return t;
}

async function inProcess(args: string[], envIn: Record<string, string | undefined>, opts: RunOptions): Promise<CliResult> {
  const env = Object.fromEntries(Object.entries(envIn).filter(([, v]) => v !== undefined));
  const tty = Boolean(opts.tty);
  const stdin = Object.assign(Readable.from([opts.input ?? '']), { isTTY: tty });
  const stdout = buffer(env, tty, undefined, opts.columns);
  const stderr = buffer(env, tty, opts.onStderr);
  const io: IOStreams = { stdin, stdout, stderr, env };
  const code = await runCli(args, Object.assign(systemFactory(io), opts.factory));
  return { code, stdout: stdout.text, stderr: stderr.text };
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
