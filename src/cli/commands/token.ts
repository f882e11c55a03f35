// `vcdkit token create|list|revoke`: the caller's API tokens, through the SDK.
import { Command, Option } from 'commander';
import { eq, type Token, type VcdClient } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import { CliError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { positiveInt } from '../flags.ts';
import { success } from '../io.ts';
import { all } from '../lookup.ts';
import { jsonOnly, renderTable } from '../output.ts';

const apiTokens = (client: VcdClient): Promise<Token[]> => all(client.tokens.list({ filter: eq('type', 'REFRESH') }));

export interface CreateOptions { ctx: Context; name: string; expiresIn?: number | undefined }

export async function createRun({ ctx, name, expiresIn }: CreateOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const created = await client.tokens.create(name, { expiresInSeconds: expiresIn && expiresIn * 86_400 });
    // The table form is the bare token, so `vcdkit token create ci > file` saves just the token.
    await emit(ctx, { data: created, table: () => created.token });
    success(ctx.io, `Created API token ${name}. Save it now: it cannot be shown again.`);
  });
}

export interface ListOptions { ctx: Context }

export async function listRun({ ctx }: ListOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const tokens = await apiTokens(client);
    await emit(ctx, {
      data: tokens,
      table: (out) => renderTable({
        head: ['name', 'id', 'owner', 'org', 'expires'],
        rows: tokens.map((t) => [t.name, t.id, t.owner?.name, t.org?.name, t.expirationTimeUtc]),
      }, out),
    });
  });
}

export interface RevokeOptions { ctx: Context; token: string }

export async function revokeRun({ ctx, token: nameOrId }: RevokeOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const hits = (await apiTokens(client)).filter((t) => t.id === nameOrId || t.name === nameOrId);
    if (hits.length !== 1) {
      throw new CliError(hits.length ? `${hits.length} API tokens are named "${nameOrId}"` : `no API token "${nameOrId}"`,
        undefined, hits.length ? 'revoke by id (see `vcdkit token list`)' : '`vcdkit token list` shows your API tokens');
    }
    await client.tokens.delete(hits[0]!.id);
    success(ctx.io, `Revoked API token ${hits[0]!.name} (${hits[0]!.id})`);
  });
}

export function tokenCommand(f: Factory): Command {
  // CloudAPI objects: the cell serves them as JSON only.
  return jsonOnly(new Command('token')
    .description('API tokens (long-lived logins for scripts and Terraform)')
    .addCommand(new Command('create')
      .description('create an API token for yourself; it is printed once, on stdout')
      .argument('<name>', 'a name to recognise it by')
      .addOption(new Option('--expires-in <days>', 'days until it stops working (default: never)').argParser(positiveInt))
      .addHelpText('after', `
Example:
  $ vcdkit token create ci > ci-token.txt
  $ vcdkit login https://vcd.example.com ExampleOrg --api-token-file ci-token.txt`)
      .action((name: string, o: { expiresIn?: number }, cmd: Command) => createRun({ ctx: contextFrom(f, cmd), name, expiresIn: o.expiresIn })))
    .addCommand(new Command('list')
      .alias('ls')
      .description('list your API tokens')
      .action((_o, cmd: Command) => listRun({ ctx: contextFrom(f, cmd) })))
    .addCommand(new Command('revoke')
      .description('revoke an API token by name or id; sessions opened with it end at once')
      .argument('<token>', 'name or id (urn:vcloud:token:…)')
      .action((token: string, _o, cmd: Command) => revokeRun({ ctx: contextFrom(f, cmd), token }))));
}
