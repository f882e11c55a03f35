// What every client command shares: the global options, the profile to act as, a connected SDK
// client (with the --debug hook), and a spinner for waits on a terminal.
import type { Command } from 'commander';
import yoctoSpinner from 'yocto-spinner';
import {
  VcdClient, accessTokenAuth, apiTokenAuth, configFromEnv, serviceAccountAuth, type AuthStrategy, type ConnectOptions, type DebugEvent,
} from '../sdk/index.ts';
import { describeProblem, notLoggedIn } from './errors.ts';
import { render, paint, type Format, type Result } from './output.ts';
import { loadProfiles, type Profile } from './profiles.ts';

export interface GlobalOptions {
  profile?: string | undefined;
  output: Format;
  json?: boolean | undefined;
  debug?: boolean | undefined;
}

export const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();

export const formatOf = (cmd: Command): Format => {
  const o = globals(cmd);
  return o.json ? 'json' : o.output;
};

/** Prints a command's result in the chosen format. */
export async function emit(cmd: Command, result: Result): Promise<void> {
  const text = await render(result, formatOf(cmd));
  if (text) process.stdout.write(`${text}\n`);
}

/** --debug: every request and response, redacted by the SDK before it reaches us, on stderr. */
export function debugHook(cmd: Command): ((e: DebugEvent) => void) | undefined {
  if (!globals(cmd).debug) return undefined;
  const err = process.stderr;
  const headers = (h: Record<string, string>, mark: string) =>
    Object.entries(h).map(([k, v]) => `${mark} ${k}: ${v}\n`).join('');
  const body = (b: string | undefined) => (b ? `${b}\n` : '');
  return (e) => {
    if (e.type === 'request') {
      err.write(paint('cyan', `> ${e.method} ${e.url}`, err) + '\n' + headers(e.headers, '>') + body(e.body));
    } else if (e.type === 'response') {
      err.write(paint('cyan', `< ${e.status} ${e.method} ${e.url} (${Math.round(e.durationMs)} ms)`, err) + '\n' + headers(e.headers, '<') + body(e.body));
    } else {
      err.write(`* ${e.status} on ${e.method} ${e.url}: retry ${e.attempt} in ${e.delayMs} ms\n`);
    }
  };
}

/** Runs `work` behind a spinner on stderr when it is a terminal (never with --debug, whose output it would garble). */
export async function withSpinner<T>(cmd: Command, text: string, work: () => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY || globals(cmd).debug) return work();
  const spinner = yoctoSpinner({ text, stream: process.stderr }).start();
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}

/** The profile a command acts as: --profile (or VCDKIT_PROFILE), else the current one. */
export async function activeProfile(cmd: Command): Promise<{ name: string; profile: Profile }> {
  const file = await loadProfiles();
  const name = globals(cmd).profile ?? file.current;
  if (!name) throw notLoggedIn();
  const profile = file.profiles[name];
  if (!profile) throw notLoggedIn(name);
  return { name, profile };
}

/** The SDK login strategy a stored profile stands for. */
export function authOf(p: Profile): AuthStrategy {
  switch (p.auth) {
    case 'password': return accessTokenAuth(p.accessToken ?? '');
    case 'api-token': return apiTokenAuth({ org: p.org, token: p.apiToken });
    case 'api-token-file': return apiTokenAuth({ org: p.org, tokenFile: p.tokenFile });
    case 'service-account': return serviceAccountAuth({ org: p.org, tokenFile: p.tokenFile });
  }
}

export function connectOptions(cmd: Command, extra: ConnectOptions = {}): ConnectOptions {
  return { debug: debugHook(cmd), userAgent: 'vcdkit-cli', ...extra };
}

export async function connectProfile(cmd: Command, p: Profile): Promise<VcdClient> {
  return VcdClient.connect(p.url, connectOptions(cmd, {
    auth: authOf(p), apiVersion: p.apiVersion, ...(p.insecure && { tls: { insecure: true } }),
  }));
}

/**
 * Ends a password profile's session on the server (its token would otherwise live until it times out); best
 * effort, as an expired session or an unreachable cell must not stop what comes next. Returns a note on failure.
 */
export async function endSession(cmd: Command, p: Profile): Promise<string> {
  if (p.auth !== 'password') return '';
  try {
    const client = await connectProfile(cmd, p);
    await client.close();
    return '';
  } catch (err) {
    return ` (the session could not be ended on the server: ${describeProblem(err).message})`;
  }
}

/** The client of the command that failed, so the error report can name the server's versions. */
export let lastClient: VcdClient | undefined;

/**
 * The Terraform provider's variables (VCD_URL, VCD_ORG, VCD_USER/VCD_PASSWORD, VCD_API_TOKEN…) act for
 * the commands when set, as GH_TOKEN does for gh, unless --profile (or VCDKIT_PROFILE) names a profile.
 */
const useEnv = (cmd: Command) => Boolean(process.env.VCD_URL) && !globals(cmd).profile;

/** Connects as the variables say; `ownSession` when the connection made its session (so ends it after use). */
async function connectFromEnv(cmd: Command): Promise<{ client: VcdClient; ownSession: boolean }> {
  const { url, options } = configFromEnv(process.env);
  const debug = debugHook(cmd);
  const client = await VcdClient.connect(url, { ...options, userAgent: 'vcdkit-cli', ...(debug && { debug }) });
  // A bare access token (VCD_TOKEN) belongs to someone else's session: never log it out.
  return { client, ownSession: Boolean(options.auth?.renewable) };
}

/** Connects as the environment or the active profile, runs `work`, and releases the connection (a profile's session stays). */
export async function withClient<T>(cmd: Command, work: (client: VcdClient) => Promise<T>): Promise<T> {
  const profile = useEnv(cmd) ? undefined : (await activeProfile(cmd)).profile;
  const { client, ownSession } = await withSpinner(cmd, `Connecting to ${profile?.url ?? process.env.VCD_URL}`, async () =>
    (profile ? { client: await connectProfile(cmd, profile), ownSession: false } : connectFromEnv(cmd)));
  lastClient = client;
  try {
    return await work(client);
  } finally {
    await client.close({ logout: ownSession });
  }
}
