// `vcdkit user list|show|create|enable|disable|unlock`: an org's local users (/cloudapi/1.0.0/users).
// The provider names the org with --org; a tenant administrator acts in their own.
import { Command } from 'commander';
import { eq, type User, type VcdClient } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { success } from '../io.ts';
import { all, pick } from '../lookup.ts';
import { jsonOnly, renderFields, renderTable } from '../output.ts';
import { readNewPassword } from '../secrets-input.ts';
import { findOrg } from './org.ts';

const uuidOf = (href: string) => /[0-9a-f-]{36}$/i.exec(href)![0];

/** The client acting in the org --org names (the provider's tenant context), or as it is. */
export async function inOrg(client: VcdClient, org: string | undefined): Promise<VcdClient> {
  return org ? client.actAs(uuidOf((await findOrg(client, org)).href)) : client;
}

async function findUser(client: VcdClient, nameOrId: string): Promise<User> {
  return pick((await all(client.users.list())).map((u) => ({ ...u, name: u.username })), nameOrId, 'user', 'vcdkit user list');
}

const row = (u: User) => [u.username, u.fullName, u.roleEntityRefs[0]?.name, u.orgEntityRef.name, u.enabled, u.locked];
const fields = (u: User): Array<[string, string | boolean | undefined]> => [
  ['Username', u.username], ['Full name', u.fullName], ['Email', u.email], ['Role', u.roleEntityRefs[0]?.name], ['Org', u.orgEntityRef.name],
  ['Enabled', u.enabled], ['Locked', u.locked], ['Id', u.id],
];

export interface ListOptions { ctx: Context; org?: string | undefined }

export async function listRun({ ctx, org }: ListOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const list = await all((await inOrg(client, org)).users.list());
    await emit(ctx, {
      data: list,
      table: (out) => renderTable({ head: ['username', 'fullName', 'role', 'org', 'enabled', 'locked'], rows: list.map(row) }, out),
    });
  });
}

export interface ShowOptions { ctx: Context; user: string; org?: string | undefined }

export async function showRun({ ctx, user, org }: ShowOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const u = await findUser(await inOrg(client, org), user);
    await emit(ctx, { data: u, table: (out) => renderFields(fields(u), out) });
  });
}

export interface CreateOptions {
  ctx: Context; username: string; role: string; org?: string | undefined;
  fullName?: string | undefined; email?: string | undefined; passwordStdin?: boolean | undefined; disabled?: boolean | undefined;
}

export async function createRun(o: CreateOptions): Promise<void> {
  const password = await readNewPassword(o.ctx.factory, o, o.username);
  await withClient(o.ctx, async (client) => {
    const acting = await inOrg(client, o.org);
    const role = pick(await all(acting.roles.list({ filter: eq('name', o.role) })), o.role, 'role', 'vcdkit role list');
    const u = await acting.users.create({ username: o.username, password, roleId: role.id, fullName: o.fullName, email: o.email, enabled: !o.disabled });
    await emit(o.ctx, { data: u, table: (out) => renderFields(fields(u), out) });
    success(o.ctx.io, `Created user ${u.username} in ${u.orgEntityRef.name} (${role.name})`);
  });
}

const CHANGES = {
  enable: { change: { enabled: true }, done: 'Enabled' },
  disable: { change: { enabled: false }, done: 'Disabled' },
  unlock: { change: { locked: false }, done: 'Unlocked' },
} as const;

export interface ChangeOptions { ctx: Context; user: string; org?: string | undefined; action: keyof typeof CHANGES }

export async function changeRun({ ctx, user, org, action }: ChangeOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const acting = await inOrg(client, org);
    const u = await findUser(acting, user);
    await acting.users.update(u.id, CHANGES[action].change);
    success(ctx.io, `${CHANGES[action].done} user ${u.username} of ${u.orgEntityRef.name}`);
  });
}

const orgOption = '--org <org>';
const orgHelp = 'the org (the provider acting in a tenant org; default: your own)';

export function userCommand(f: Factory): Command {
  const change = (action: keyof typeof CHANGES, description: string) => new Command(action)
    .description(description)
    .argument('<user>', 'username or id')
    .option(orgOption, orgHelp)
    .action((user: string, o: { org?: string }, cmd: Command) => changeRun({ ctx: contextFrom(f, cmd), user, org: o.org, action }));
  // CloudAPI objects: the cell serves them as JSON only.
  return jsonOnly(new Command('user')
    .description('an org\'s local users')
    .addCommand(new Command('list')
      .alias('ls')
      .description('list the users of your org (or of --org, for the provider)')
      .option(orgOption, orgHelp)
      .action((o: { org?: string }, cmd: Command) => listRun({ ctx: contextFrom(f, cmd), org: o.org })))
    .addCommand(new Command('show')
      .description('show one user')
      .argument('<user>', 'username or id')
      .option(orgOption, orgHelp)
      .action((user: string, o: { org?: string }, cmd: Command) => showRun({ ctx: contextFrom(f, cmd), user, org: o.org })))
    .addCommand(new Command('create')
      .description('create a local user with a role; the password is piped (--password-stdin) or asked twice')
      .argument('<username>', 'the login name')
      .requiredOption('--role <role>', 'the role, by name (see `vcdkit role list`)')
      .option(orgOption, orgHelp)
      .option('--full-name <text>', 'the display name')
      .option('--email <address>', 'the email address')
      .option('--password-stdin', 'read the password from stdin')
      .option('--disabled', 'create it disabled')
      .addHelpText('after', '\nExample:\n  $ echo "$PASSWORD" | vcdkit user create alice --role "vApp Author" --password-stdin')
      .action((username: string, o: Omit<CreateOptions, 'ctx' | 'username'>, cmd: Command) => createRun({ ctx: contextFrom(f, cmd), username, ...o })))
    .addCommand(change('enable', 'let a user log in again'))
    .addCommand(change('disable', 'stop a user from logging in'))
    .addCommand(change('unlock', 'unlock a user locked out by failed logins')));
}
