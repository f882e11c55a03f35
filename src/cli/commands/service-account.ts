// `vcdkit service-account list|create|grant|revoke`: OAuth clients that log in as a role (API 37.0+).
import { Command } from 'commander';
import type { ServiceAccount, VcdClient } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { success } from '../io.ts';
import { all, pick } from '../lookup.ts';
import { jsonOnly, renderFields, renderTable } from '../output.ts';

const fields = (s: ServiceAccount): Array<[string, string | undefined]> => [
  ['Name', s.name], ['Id', s.id], ['Client id', s.id.split(':').pop()], ['Status', s.status], ['Role', s.role?.name], ['Org', s.org?.name],
  ['Software id', s.softwareId], ['Software version', s.softwareVersion], ['Uri', s.uri],
];

async function find(client: VcdClient, nameOrId: string): Promise<ServiceAccount> {
  return pick(await all(client.serviceAccounts.list()), nameOrId, 'service account', 'vcdkit service-account list');
}

export interface ListOptions { ctx: Context }

export async function listRun({ ctx }: ListOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const list = await all(client.serviceAccounts.list());
    await emit(ctx, {
      data: list,
      table: (out) => renderTable({ head: ['name', 'status', 'role', 'org', 'id'], rows: list.map((s) => [s.name, s.status, s.role?.name, s.org?.name, s.id]) }, out),
    });
  });
}

export interface ShowOptions { ctx: Context; account: string }

export async function showRun({ ctx, account }: ShowOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const s = await find(client, account);
    await emit(ctx, { data: s, table: (out) => renderFields(fields(s), out) });
  });
}

export interface CreateOptions { ctx: Context; name: string; role: string; softwareId: string; softwareVersion?: string | undefined; uri?: string | undefined }

export async function createRun(o: CreateOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const s = await client.serviceAccounts.create({ name: o.name, role: o.role, softwareId: o.softwareId, softwareVersion: o.softwareVersion, uri: o.uri });
    await emit(o.ctx, { data: s, table: (out) => renderFields(fields(s), out) });
    success(o.ctx.io, `Created service account ${s.name}; log in with: vcdkit login <url> ${s.org?.name ?? '<org>'} --service-account-file <file> --client-id ${s.id.split(':').pop()}`);
  });
}

export interface GrantOptions { ctx: Context; userCode: string }

export async function grantRun({ ctx, userCode }: GrantOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    await client.serviceAccounts.grant(userCode);
    success(ctx.io, `Granted the code ${userCode}`);
  });
}

export interface RevokeOptions { ctx: Context; account: string }

export async function revokeRun({ ctx, account }: RevokeOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const s = await find(client, account);
    await client.serviceAccounts.revoke(s.id);
    success(ctx.io, `Revoked service account ${s.name}: its sessions are ended, and it must be granted again`);
  });
}

export function serviceAccountCommand(f: Factory): Command {
  // CloudAPI objects: the cell serves them as JSON only.
  return jsonOnly(new Command('service-account')
    .description('service accounts: OAuth clients (scripts, CI) that log in with a role')
    .addCommand(new Command('list').alias('ls').description('list the service accounts you can see')
      .action((_o, cmd: Command) => listRun({ ctx: contextFrom(f, cmd) })))
    .addCommand(new Command('show').description('show one service account').argument('<account>', 'name or id')
      .action((account: string, _o, cmd: Command) => showRun({ ctx: contextFrom(f, cmd), account })))
    .addCommand(new Command('create').description('create a service account in your org')
      .argument('<name>', 'its name')
      .requiredOption('--role <role>', 'the role it acts with, by name')
      .requiredOption('--software-id <uuid>', 'the software id (a UUID naming the client program)')
      .option('--software-version <version>', 'the client program\'s version')
      .option('--uri <uri>', 'a URL about the client program')
      .action((name: string, o: Omit<CreateOptions, 'ctx' | 'name'>, cmd: Command) => createRun({ ctx: contextFrom(f, cmd), name, ...o })))
    .addCommand(new Command('grant').description('grant a pending device login by the user code it printed')
      .argument('<user-code>', 'the code, e.g. ABCD-EFGH')
      .action((userCode: string, _o, cmd: Command) => grantRun({ ctx: contextFrom(f, cmd), userCode })))
    .addCommand(new Command('revoke').description('revoke its tokens: its sessions end and it must be granted again').argument('<account>', 'name or id')
      .action((account: string, _o, cmd: Command) => revokeRun({ ctx: contextFrom(f, cmd), account }))));
}
