// `vcdkit token create|list|revoke`: the caller's API tokens, through the SDK.
import { Command, Option } from 'commander';
import { eq, type Token, type VcdClient } from '../../sdk/index.ts';
import { emit, withClient } from '../context.ts';
import { CliError } from '../errors.ts';
import { paint, renderTable } from '../output.ts';
import { positiveInt } from './query.ts';

async function apiTokens(client: VcdClient): Promise<Token[]> {
  const out: Token[] = [];
  for await (const t of client.tokens({ filter: eq('type', 'REFRESH') })) out.push(t);
  return out;
}

function createCommand(): Command {
  return new Command('create')
    .description('create an API token for yourself; it is printed once, on stdout')
    .argument('<name>', 'a name to recognise it by')
    .addOption(new Option('--expires-in <days>', 'days until it stops working (default: never)').argParser(positiveInt))
    .addHelpText('after', `
Example:
  $ vcdkit token create ci > ci-token.txt
  $ vcdkit login https://vcd.example.com ExampleOrg --api-token-file ci-token.txt`)
    .action(async (name: string, o: { expiresIn?: number }, cmd: Command) => withClient(cmd, async (client) => {
      const created = await client.createApiToken(name, { expiresInSeconds: o.expiresIn && o.expiresIn * 86_400 });
      // The table form is the bare token, so `vcdkit token create ci > file` saves just the token.
      await emit(cmd, { data: created, xmlRoot: 'ApiToken', table: () => created.token });
      process.stderr.write(`${paint('green', '✓', process.stderr)} Created API token ${name}. Save it now: it cannot be shown again.\n`);
    }));
}

function listCommand(): Command {
  return new Command('list')
    .alias('ls')
    .description('list your API tokens')
    .action(async (_o, cmd: Command) => withClient(cmd, async (client) => {
      const tokens = await apiTokens(client);
      await emit(cmd, {
        data: tokens,
        xmlRoot: 'Tokens', xmlItem: 'Token',
        table: () => renderTable({
          head: ['name', 'id', 'owner', 'org', 'expires'],
          rows: tokens.map((t) => [t.name, t.id, t.owner?.name, t.org?.name, t.expirationTimeUtc]),
        }),
      });
    }));
}

function revokeCommand(): Command {
  return new Command('revoke')
    .description('revoke an API token by name or id; sessions opened with it end at once')
    .argument('<token>', 'name or id (urn:vcloud:token:…)')
    .action(async (nameOrId: string, _o, cmd: Command) => withClient(cmd, async (client) => {
      const tokens = await apiTokens(client);
      const hits = tokens.filter((t) => t.id === nameOrId || t.name === nameOrId);
      if (hits.length !== 1) {
        throw new CliError(hits.length ? `${hits.length} API tokens are named "${nameOrId}"` : `no API token "${nameOrId}"`,
          undefined, hits.length ? 'revoke by id (see `vcdkit token list`)' : '`vcdkit token list` shows your API tokens');
      }
      await client.revokeToken(hits[0]!.id);
      process.stderr.write(`${paint('green', '✓', process.stderr)} Revoked API token ${hits[0]!.name} (${hits[0]!.id})\n`);
    }));
}

export function tokenCommand(): Command {
  return new Command('token')
    .description('API tokens (long-lived logins for scripts and Terraform)')
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(revokeCommand());
}
