// `vcdkit auth status|token|logout|switch`, after `gh auth`.
import { Command } from 'commander';
import { activeProfile, connectProfile, emit, endSession, globals } from '../context.ts';
import { CliError, describeProblem, notLoggedIn, usageError, type Problem } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import { paint, renderTable } from '../output.ts';
import { loadProfiles, saveProfiles, type Profile } from '../profiles.ts';

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

async function check(cmd: Command, name: string, p: Profile, current: boolean): Promise<{ status: ProfileStatus; problem?: Problem }> {
  const base = { name, current, url: p.url, org: p.org, user: p.user, auth: p.auth };
  try {
    const client = await connectProfile(cmd, p);
    await client.close({ logout: false });
    return { status: { ...base, status: 'ok', apiVersion: client.apiVersion } };
  } catch (err) {
    const problem = describeProblem(err);
    return { status: { ...base, status: problem.message }, problem };
  }
}

function statusCommand(): Command {
  return new Command('status')
    .description('show the saved profiles and whether each can still act (exit 4 when the active one cannot)')
    .action(async (_o, cmd: Command) => {
      const file = await loadProfiles();
      const only = globals(cmd).profile;
      const names = only ? [only] : Object.keys(file.profiles);
      if (!names.length) throw notLoggedIn();
      const checks = await Promise.all(names.map((n) => {
        const p = file.profiles[n];
        if (!p) throw notLoggedIn(n);
        return check(cmd, n, p, n === file.current);
      }));
      const statuses = checks.map((c) => c.status);
      await emit(cmd, {
        data: statuses,
        xmlRoot: 'Profiles', xmlItem: 'Profile',
        table: () => renderTable({
          head: ['', 'profile', 'url', 'user', 'org', 'auth', 'status'],
          rows: statuses.map((s) => [s.current ? '*' : '', s.name, s.url, s.user, s.org, s.auth, s.status === 'ok' ? paint('green', 'ok') : paint('red', s.status)]),
        }),
      });
      // The exit code is that of the active profile: 4 when its login is gone, 3 when its cell is unreachable.
      const active = checks.find((c) => (only ? c.status.name === only : c.status.current));
      if (!active) throw new CliError('no current profile', EXIT.auth, 'choose one with `vcdkit auth switch <profile>`');
      if (active.problem) throw new CliError(`profile ${active.status.name} cannot act: ${active.problem.message}`, active.problem.code, active.problem.hint);
    });
}

function tokenCommand(): Command {
  return new Command('token')
    .description('print the access token of the active profile, for curl and other tools (treat it as a secret)')
    .action(async (_o, cmd: Command) => {
      const { profile } = await activeProfile(cmd);
      const client = await connectProfile(cmd, profile);
      const token = client.accessToken;
      await client.close({ logout: false });
      if (!token) throw new CliError('the profile has no access token', EXIT.auth, 'run `vcdkit login` again');
      process.stdout.write(`${token}\n`);
    });
}

function logoutCommand(): Command {
  return new Command('logout')
    .description('end the session on the server and delete the profile (token files are left alone)')
    .action(async (_o, cmd: Command) => {
      const { name, profile } = await activeProfile(cmd);
      const note = await endSession(cmd, profile);
      const file = await loadProfiles();
      delete file.profiles[name];
      if (file.current === name) file.current = Object.keys(file.profiles)[0];
      await saveProfiles(file);
      process.stderr.write(`${paint('green', '✓', process.stderr)} Logged out of ${profile.url} as ${profile.user}@${profile.org} (profile ${name} deleted)${note}\n`);
      if (file.current) process.stderr.write(`Active profile is now ${file.current}\n`);
    });
}

function switchCommand(): Command {
  return new Command('switch')
    .description('make another profile the current one (with two profiles, the other one)')
    .argument('[profile]', 'the profile to switch to')
    .action(async (target: string | undefined) => {
      const file = await loadProfiles();
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
      await saveProfiles(file);
      const p = file.profiles[name]!;
      process.stderr.write(`${paint('green', '✓', process.stderr)} Switched to ${name} (${p.user}@${p.org} on ${p.url})\n`);
    });
}

export function authCommand(): Command {
  return new Command('auth')
    .description('manage the saved logins (profiles)')
    .addCommand(statusCommand())
    .addCommand(tokenCommand())
    .addCommand(logoutCommand())
    .addCommand(switchCommand());
}
