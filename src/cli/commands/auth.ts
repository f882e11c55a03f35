// `vcdkit auth status|token|logout|switch`, after `gh auth`.
import { Command } from 'commander';
import { configFromEnv, type VcdClient } from '../../sdk/index.ts';
import { activeProfile, connectFromEnv, connectProfile, contextFrom, emit, endSession, environmentActs, type Context } from '../context.ts';
import { CliError, describeProblem, notLoggedIn, usageError, type Problem } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import type { Factory } from '../factory.ts';
import { paint, success } from '../io.ts';
import { renderTable } from '../output.ts';

interface ProfileStatus {
  /** the profile's name, or "(environment)" for the VCD_* variables */
  name: string;
  source: 'profile' | 'environment';
  /** the profile `auth switch` chose */
  current: boolean;
  /** whether commands act as this one now */
  inUse: boolean;
  /** why this one is in use (only on the one that is) */
  reason?: string | undefined;
  url: string;
  org: string;
  user: string;
  auth: string;
  /** "ok", or why it cannot act now */
  status: string;
  apiVersion?: string | undefined;
}

const ENVIRONMENT = '(environment)';

/** Connects as given and lets go again, leaving whatever session it used as it was. */
async function check(status: Omit<ProfileStatus, 'status'>, connecting: () => Promise<{ client: VcdClient; ownSession: boolean }>): Promise<{ status: ProfileStatus; problem?: Problem }> {
  try {
    const { client, ownSession } = await connecting();
    await client.close({ logout: ownSession });
    return { status: { ...status, status: 'ok', apiVersion: client.apiVersion } };
  } catch (err) {
    const problem = describeProblem(err);
    return { status: { ...status, status: problem.message }, problem };
  }
}

/** The VCD_* variables' login, which acts instead of any profile when VCD_URL is set and no profile is named. */
function environmentCheck(ctx: Context) {
  const { env } = ctx.io;
  const reason = 'VCD_URL is set, so the VCD_* variables act instead of the current profile (unset VCD_URL, or pass --profile, to use a profile)';
  let authType = '';
  try {
    authType = configFromEnv(env).authType ?? 'none';
  } catch { /* connecting says what is wrong */ }
  return check(
    { name: ENVIRONMENT, source: 'environment', current: false, inUse: true, reason, url: env.VCD_URL!, org: env.VCD_SYS_ORG || env.VCD_ORG || '', user: env.VCD_USER ?? '', auth: authType },
    () => connectFromEnv(ctx),
  );
}

export interface StatusOptions { ctx: Context }

export async function statusRun({ ctx }: StatusOptions): Promise<void> {
  const file = await ctx.profiles.load();
  const only = ctx.profile;
  const fromEnv = environmentActs(ctx);
  const names = only ? [only] : Object.keys(file.profiles);
  if (!names.length && !fromEnv) throw notLoggedIn();
  const used = only ?? (fromEnv ? undefined : file.current);
  const why = only ? (ctx.io.env.VCDKIT_PROFILE === only ? 'VCDKIT_PROFILE names it' : '--profile names it') : 'it is the current profile';
  const checks = await Promise.all([
    ...(fromEnv ? [environmentCheck(ctx)] : []),
    ...names.map((name) => {
      const profile = file.profiles[name];
      if (!profile) throw notLoggedIn(name);
      const inUse = name === used;
      return check(
        { name, source: 'profile', current: name === file.current, inUse, reason: inUse ? why : undefined, url: profile.url, org: profile.org, user: profile.user, auth: profile.auth },
        async () => ({ client: await connectProfile(ctx, { name, profile }), ownSession: false }),
      );
    }),
  ]);
  const statuses = checks.map((c) => c.status);
  await emit(ctx, {
    data: statuses,
    table: (out) => renderTable({
      head: ['', 'profile', 'url', 'user', 'org', 'auth', 'status'],
      rows: statuses.map((s) => [s.inUse ? '*' : '', s.name, s.url, s.user, s.org, s.auth, s.status === 'ok' ? paint('green', 'ok', out) : paint('red', s.status, out)]),
    }, out),
  });
  const active = checks.find((c) => c.status.inUse);
  if (fromEnv && file.current) {
    ctx.io.stderr.write(`${paint('yellow', 'note:', ctx.io.stderr)} the VCD_* variables are in use, not the current profile ${file.current}: ${active!.status.reason}\n`);
  }
  // The exit code is that of the login in use: 4 when it is gone, 3 when its cell is unreachable.
  if (!active) throw new CliError('no current profile', EXIT.auth, 'choose one with `vcdkit auth switch <profile>`');
  if (active.problem) throw new CliError(`${active.status.source === 'environment' ? 'the VCD_* variables\' login' : `profile ${active.status.name}`} cannot act: ${active.problem.message}`, active.problem.code, active.problem.hint);
}

export interface TokenOptions { ctx: Context }

export async function tokenRun({ ctx }: TokenOptions): Promise<void> {
  const client = await connectProfile(ctx, await activeProfile(ctx));
  const token = client.accessToken;
  await client.close({ logout: false });
  if (!token) throw new CliError('the profile has no access token', EXIT.auth, 'run `vcdkit login` again');
  ctx.io.stdout.write(`${token}\n`);
}

export interface LogoutOptions { ctx: Context }

export async function logoutRun({ ctx }: LogoutOptions): Promise<void> {
  const { name, profile } = await activeProfile(ctx);
  const note = await endSession(ctx, profile);
  const file = await ctx.profiles.load();
  delete file.profiles[name];
  if (file.current === name) file.current = Object.keys(file.profiles)[0];
  await ctx.profiles.save(file);
  success(ctx.io, `Logged out of ${profile.url} as ${profile.user}@${profile.org} (profile ${name} deleted)${note}`);
  if (file.current) ctx.io.stderr.write(`Active profile is now ${file.current}\n`);
}

export interface SwitchOptions { ctx: Context; target?: string | undefined }

export async function switchRun({ ctx, target }: SwitchOptions): Promise<void> {
  const file = await ctx.profiles.load();
  const names = Object.keys(file.profiles);
  if (!names.length) throw notLoggedIn();
  const others = names.filter((n) => n !== file.current);
  if (!others.length && (target === undefined || target === file.current)) {
    throw new CliError(`there is only one profile, ${file.current}, and it is already the current one`, EXIT.error,
      'log in to another cell, org or user to add one: vcdkit login <url> <org> <user>');
  }
  const name = target ?? (others.length === 1 ? others[0]! : undefined);
  if (!name) throw usageError('which profile?', `one of: ${names.join(', ')}`);
  if (!file.profiles[name]) throw usageError(`no profile named "${name}"`, `one of: ${names.join(', ')}`);
  file.current = name;
  await ctx.profiles.save(file);
  const p = file.profiles[name]!;
  success(ctx.io, `Switched to ${name} (${p.user}@${p.org} on ${p.url})`);
}

export function authCommand(f: Factory): Command {
  return new Command('auth')
    .description('manage the saved logins (profiles)')
    .addCommand(new Command('status')
      .description('show the saved profiles, which login commands use (a profile, or the VCD_* variables), and whether each can still act (exit 4 when the one in use cannot)')
      .action((_o, cmd: Command) => statusRun({ ctx: contextFrom(f, cmd) })))
    .addCommand(new Command('token')
      .description('print the access token of the active profile, for curl and other tools (treat it as a secret)')
      .action((_o, cmd: Command) => tokenRun({ ctx: contextFrom(f, cmd) })))
    .addCommand(new Command('logout')
      .description('end the session on the server and delete the profile (token files are left alone)')
      .action((_o, cmd: Command) => logoutRun({ ctx: contextFrom(f, cmd) })))
    .addCommand(new Command('switch')
      .description('make another profile the current one (with two profiles, the other one)')
      .argument('[profile]', 'the profile to switch to')
      .action((target: string | undefined, _o, cmd: Command) => switchRun({ ctx: contextFrom(f, cmd), target })));
}
