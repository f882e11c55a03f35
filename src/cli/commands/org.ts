// `vcdkit org list|show`: the orgs the caller can see, and one of them.
import { Command } from 'commander';
import type { Org, Reference, VcdClient } from '../../sdk/index.ts';
import { emit, withClient } from '../context.ts';
import { CliError } from '../errors.ts';
import { renderFields, renderTable } from '../output.ts';

const XML = { accept: 'application/*+xml' };
const uuidOf = (href: string) => /[0-9a-f-]{36}$/i.exec(href)?.[0];

function listCommand(): Command {
  return new Command('list')
    .alias('ls')
    .description('list the orgs you can see (all of them for the provider)')
    .action(async (_o, cmd: Command) => withClient(cmd, async (client) => {
      const orgs = await client.orgs();
      await emit(cmd, {
        data: orgs.map((o) => ({ name: o.name, id: uuidOf(o.href), href: o.href })),
        xml: async () => (await client.send<string>('GET', '/api/org', XML)).text,
        table: () => renderTable({ head: ['name', 'id', 'href'], rows: orgs.map((o) => [o.name, uuidOf(o.href), o.href]) }),
      });
    }));
}

/** An org by name (case-insensitive, as VCD compares org names), id or urn. */
async function findOrg(client: VcdClient, nameOrId: string): Promise<Reference> {
  const orgs = await client.orgs();
  const id = nameOrId.replace(/^urn:vcloud:org:/i, '').toLowerCase();
  const hit = orgs.find((o) => o.name?.toLowerCase() === nameOrId.toLowerCase()) ?? orgs.find((o) => uuidOf(o.href)?.toLowerCase() === id);
  if (!hit) throw new CliError(`no org "${nameOrId}" among the ones you can see`, undefined, `\`vcdkit org list\` shows them: ${orgs.map((o) => o.name).sort().join(', ')}`);
  return hit;
}

function showCommand(): Command {
  return new Command('show')
    .description('show one org')
    .argument('<org>', 'name, id or urn')
    .action(async (nameOrId: string, _o, cmd: Command) => withClient(cmd, async (client) => {
      const ref = await findOrg(client, nameOrId);
      const org = await client.org(ref);
      await emit(cmd, {
        data: org,
        xml: async () => (await client.send<string>('GET', ref.href, XML)).text,
        table: () => renderFields(fields(org)),
      });
    }));
}

const fields = (org: Org): Array<[string, string | boolean | undefined]> => [
  ['Name', org.name], ['Full name', org.fullName], ['Id', org.id], ['Enabled', org.isEnabled],
  ['Description', org.description], ['Href', org.href],
];

export function orgCommand(): Command {
  return new Command('org')
    .description('organizations')
    .addCommand(listCommand())
    .addCommand(showCommand());
}
