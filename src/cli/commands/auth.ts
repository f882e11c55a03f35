// `vcdkit auth status|token|logout|switch`, after `gh auth`.
import { Command } from 'commander';
import { activeProfile, connectProfile, contextFrom, emit, endSession, type Context } from '../context.ts';
import { CliError, describeProblem, notLoggedIn, usageError, type Problem } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import type { Factory } from '../factory.ts';
import { paint, success } from '../io.ts';
import { renderTable } from '../output.ts';
import type { Profile } from '../profiles.ts';

interface ProfileStatus {
  name: string;
  current: boolean;
  url: string;
  org: string;
  user: string;
  auth: Profile['auth'];
  /** "ok", or why the profile cannot act now */
  status: string;
  apiVersion?: string | undefined;
}

async function check(ctx: Context, name: string, p: Profile, current: boolean): Promise<{ status: ProfileStatus; problem?: Problem }> {
  const base = { name, current, url: p.url, org: p.org, user: p.user, auth: p.auth };
  try {
    const client = await connectProfile(ctx, p);
    await client.close({ logout: false });
    return { status: { ...base, status: 'ok', apiVersion: client.apiVersion } };
  } catch (err) {
    const problem = describeProblem(err);
    return { status: { ...base, status: problem.message }, problem };
  }
}

export interface StatusOptions { ctx: Context }

export async function statusRun({ ctx }: StatusOptions): Promise<void> {
  const file = await ctx.profiles.load();
  const only = ctx.profile;
  const names = only ? [only] : Object.keys(file.profiles);
  if (!names.length) throw notLoggedIn();
  const checks = await Promise.all(names.map((n) => {
    const p = file.profiles[n];
    if (!p) throw notLoggedIn(n);
    return check(ctx, n, p, n === file.current);
  }));
  const statuses = checks.map((c) => c.status);
  await emit(ctx, {
    data: statuses,
    xmlRoot: 'Profiles', xmlItem: 'Profile',
    table: (out) => renderTable({
      head: ['', 'profile', 'url', 'user', 'org', 'auth', 'status'],
      rows: statuses.map((s) => [s.current ? '*' : '', s.name, s.url, s.user, s.org, s.auth, s.status === 'ok' ? paint('green', 'ok', out) : paint('red', s.status, out)]),
    }, out),
  });
  // The exit code is that of the active profile: 4 when its login is gone, 3 when its cell is unreachable.
  const active = checks.find((c) => (only ? c.status.name === only : c.status.current));
  if (!active) throw new CliError('no current profile', EXIT.auth, 'choose one with `vcdkit auth switch <profile>`');
  if (active.problem) throw new CliError(`profile ${active.status.name} cannot act: ${active.problem.message}`, active.problem.code, active.problem.hint);
}

export interface TokenOptions { ctx: Context }

export async function tokenRun({ ctx }: TokenOptions): Promise<void> {
  const { profile } = await activeProfile(ctx);
  const client = await connectProfile(ctx, profile);
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
      .description('show the saved profiles and whether each can still act (exit 4 when the active one cannot)')
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
