// What every client command shares, given to its run(): the streams, the global options, the profile
// to act as, a connected SDK client (with the --debug hook), and a spinner for waits on a terminal.
import { rootCertificates } from 'node:tls';
import type { Command } from 'commander';
import {
  accessTokenAuth, apiTokenAuth, configFromEnv, resumeSession, serviceAccountAuth, SessionEndedError, type AuthStrategy, type ConnectOptions,
  type DebugEvent, type SavedSession, type TlsOptions, type VcdClient,
} from '../sdk/index.ts';
import { describeProblem, notLoggedIn } from './errors.ts';
import type { Factory } from './factory.ts';
import { paint, type IOStreams } from './io.ts';
import { render, type Format, type Result } from './output.ts';
import { updateProfile, type Profile, type ProfileStore } from './profiles.ts';
import { startSpinner, type Spinner } from './spinner.ts';

/** The options every command takes, wherever they are on the line. */
export interface GlobalOptions {
  profile?: string | undefined;
  output: Format;
  json?: boolean | undefined;
  debug?: boolean | undefined;
}

export interface Context {
  io: IOStreams;
  profiles: ProfileStore;
  format: Format;
  debug: boolean;
  /** --profile, else VCDKIT_PROFILE */
  profile: string | undefined;
  factory: Factory;
}

export function contextOf(factory: Factory, g: GlobalOptions): Context {
  const { io } = factory;
  return {
    io, profiles: factory.profiles, factory, format: g.json ? 'json' : g.output, debug: Boolean(g.debug), profile: g.profile ?? (io.env.VCDKIT_PROFILE || undefined),
  };
}

/** Prints a command's result in the chosen format. */
export async function emit(ctx: Context, result: Result): Promise<void> {
  const text = await render(result, ctx.format, ctx.io.stdout);
  if (text) ctx.io.stdout.write(`${text}\n`);
}

/** --debug: every request and response, redacted by the SDK before it reaches us, on stderr. */
function debugHook(ctx: Context): ((e: DebugEvent) => void) | undefined {
  if (!ctx.debug) return undefined;
  const err = ctx.io.stderr;
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

/** A spinner on stderr when it is a terminal (never with --debug, whose output it would garble); undefined otherwise. */
export function spinnerOn(ctx: Context, text: string): Spinner | undefined {
  if (!ctx.io.stderr.isTTY || ctx.debug || ctx.io.env.TERM === 'dumb') return undefined;
  return startSpinner(ctx.io.stderr, text);
}

/** Runs `work` behind a spinner on a terminal. */
export async function withSpinner<T>(ctx: Context, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = spinnerOn(ctx, text);
  try {
    return await work();
  } finally {
    spinner?.stop();
  }
}

/** A saved profile and its name. */
export interface NamedProfile { name: string; profile: Profile }

/** The profile a command acts as: --profile (or VCDKIT_PROFILE), else the current one. */
export async function activeProfile(ctx: Context): Promise<NamedProfile> {
  const file = await ctx.profiles.load();
  const name = ctx.profile ?? file.current;
  if (!name) throw notLoggedIn();
  const profile = file.profiles[name];
  if (!profile) throw notLoggedIn(name);
  return { name, profile };
}

/** The SDK login strategy a stored profile stands for (a password profile has only its session's token). */
export function strategyOf(p: Profile): AuthStrategy {
  switch (p.auth) {
    case 'password': return accessTokenAuth(p.accessToken ?? '');
    case 'api-token': return apiTokenAuth({ org: p.org, token: p.apiToken });
    case 'api-token-file': return apiTokenAuth({ org: p.org, tokenFile: p.tokenFile });
    case 'service-account': return serviceAccountAuth({ org: p.org, tokenFile: p.tokenFile });
  }
}

/** A session as a profile keeps it. */
export const sessionFields = (s: SavedSession): Pick<Profile, 'accessToken' | 'accessTokenExpiresAt'> => ({
  accessToken: s.token, accessTokenExpiresAt: s.expiresAt === undefined ? undefined : new Date(s.expiresAt).toISOString(),
});

/**
 * How a profile logs in: a token profile resumes the session it saved while that lives, and saves each new one
 * it opens, so that commands share one session instead of leaving one behind each.
 */
function authOf(ctx: Context, { name, profile: p }: NamedProfile): AuthStrategy {
  const strategy = strategyOf(p);
  if (p.auth === 'password') return strategy;
  return resumeSession(strategy, {
    saved: p.accessToken ? { token: p.accessToken, expiresAt: p.accessTokenExpiresAt ? Date.parse(p.accessTokenExpiresAt) : undefined } : undefined,
    onSession: (s) => updateProfile(ctx.profiles, name, sessionFields(s)),
  });
}

/** A profile's TLS trust: --insecure, or Node's bundled roots and the certificate kept at login (and any `also`). */
export function tlsOf(p: Profile, also: string[] = []): TlsOptions | undefined {
  if (p.insecure) return { insecure: true };
  const kept = p.ca ? [p.ca, ...also] : also;
  return kept.length ? { ca: [...rootCertificates, ...kept] } : undefined;
}

/**
 * A cell's URL as typed: a bare host[:port] (as vcd-cli users type it) is taken as https://host[:port], and
 * the user is told so on stderr.
 */
export function cellUrl(ctx: Context, typed: string): string {
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(typed)) return typed;
  const url = `https://${typed}`;
  ctx.io.stderr.write(`${paint('dim', 'note:', ctx.io.stderr)} no scheme given, so using ${url}\n`);
  return url;
}

/** Connects through the factory, with the CLI's user agent and the --debug hook. */
export function connect(ctx: Context, url: string, extra: ConnectOptions = {}): Promise<VcdClient> {
  const debug = debugHook(ctx);
  return ctx.factory.connect(url, { userAgent: 'vcdkit-cli', ...extra, ...(debug && { debug }) });
}

export function connectProfile(ctx: Context, named: NamedProfile): Promise<VcdClient> {
  const p = named.profile;
  return connect(ctx, p.url, { auth: authOf(ctx, named), apiVersion: p.apiVersion, tls: tlsOf(p) });
}

/**
 * Ends the session a profile kept (its token would otherwise live until it times out); best effort, as an
 * unreachable cell must not stop what comes next. Returns a note on failure; a session that had ended
 * already needs none.
 */
export async function endSession(ctx: Context, p: Profile): Promise<string> {
  if (!p.accessToken) return '';
  try {
    const client = await connect(ctx, p.url, { auth: accessTokenAuth(p.accessToken), apiVersion: p.apiVersion, tls: tlsOf(p) });
    await client.close();
    return '';
  } catch (err) {
    if (err instanceof SessionEndedError) return '';
    return ` (the session could not be ended on the server: ${describeProblem(err).message})`;
  }
}

/** Whether the Terraform provider's variables act instead of a profile: VCD_URL is set and no profile is named. */
export const environmentActs = (ctx: Context) => Boolean(ctx.io.env.VCD_URL) && !ctx.profile;

/**
 * The Terraform provider's variables (VCD_URL, VCD_ORG, VCD_USER/VCD_PASSWORD, VCD_API_TOKEN…) act for
 * the commands when set, as GH_TOKEN does for gh, unless --profile (or VCDKIT_PROFILE) names a profile.
 */
export async function connectFromEnv(ctx: Context): Promise<{ client: VcdClient; ownSession: boolean }> {
  const { url, options } = configFromEnv(ctx.io.env);
  const client = await connect(ctx, url, options);
  // A bare access token (VCD_TOKEN) belongs to someone else's session: never log it out.
  return { client, ownSession: Boolean(options.auth?.renewable) };
}

/** Connects as the environment or the active profile, runs `work`, and releases the connection (a profile's session stays). */
export async function withClient<T>(ctx: Context, work: (client: VcdClient) => Promise<T>): Promise<T> {
  const named = environmentActs(ctx) ? undefined : await activeProfile(ctx);
  const { client, ownSession } = await withSpinner(ctx, `Connecting to ${named?.profile.url ?? ctx.io.env.VCD_URL}`, async () =>
    (named ? { client: await connectProfile(ctx, named), ownSession: false } : connectFromEnv(ctx)));
  try {
    return await work(client);
  } finally {
    await client.close({ logout: ownSession });
  }
}

/** The context of a parsed command line (the wiring's half: commander stays out of the commands' run()). */
export const contextFrom = (factory: Factory, cmd: Command) => contextOf(factory, cmd.optsWithGlobals<GlobalOptions>());
