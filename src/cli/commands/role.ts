// `vcdkit role list|show` and `vcdkit rights-bundle list|show`: roles and rights bundles, each shown
// with the rights it grants (a bundle also with the orgs it is published to).
import { Command } from 'commander';
import type { EntityReference } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import type { Terminal } from '../io.ts';
import { all, pick } from '../lookup.ts';
import { jsonOnly, renderFields, renderTable } from '../output.ts';
import { inOrg } from './user.ts';

type Kind = 'role' | 'rights-bundle';

interface Grouping { id: string; name: string; description?: string | undefined; readOnly?: boolean | undefined; publishAll?: boolean | undefined }

const names = (refs: EntityReference[]) => refs.map((r) => r.name).sort();

export interface ListOptions { ctx: Context; kind: Kind; org?: string | undefined }

export async function listRun({ ctx, kind, org }: ListOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const items: Grouping[] = kind === 'role' ? await all((await inOrg(client, org)).roles.list()) : await all(client.rightsBundles.list());
    await emit(ctx, {
      data: items,
      table: (out) => renderTable({ head: ['name', 'id', 'description'], rows: items.map((r) => [r.name, r.id, r.description]) }, out),
    });
  });
}

export interface ShowOptions { ctx: Context; kind: Kind; name: string; org?: string | undefined }

export async function showRun({ ctx, kind, name, org }: ShowOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const acting = kind === 'role' ? await inOrg(client, org) : client;
    const items: Grouping[] = kind === 'role' ? await all(acting.roles.list()) : await all(client.rightsBundles.list());
    const item = pick(items, name, kind.replace('-', ' '), `vcdkit ${kind} list`);
    const rights = names(await all((kind === 'role' ? acting.roles : client.rightsBundles).rights(item.id)));
    const tenants = kind === 'rights-bundle' ? names(await all(client.rightsBundles.tenants(item.id))) : undefined;
    await emit(ctx, {
      data: { ...item, rights, ...(tenants && { tenants }) },
      table: (out: Terminal) => [
        renderFields([['Name', item.name], ['Id', item.id], ['Description', item.description], ['Published to', tenants?.join(', ')],
          ['Rights', rights.length]], out),
        ...rights.map((r) => `  ${r}`),
      ].join('\n'),
    });
  });
}

function kindCommand(f: Factory, kind: Kind, description: string): Command {
  const org = (cmd: Command) => (kind === 'role' ? cmd.option('--org <org>', 'the org whose roles (the provider acting in a tenant org)') : cmd);
  // CloudAPI objects: the cell serves them as JSON only.
  return jsonOnly(new Command(kind)
    .description(description)
    .addCommand(org(new Command('list').alias('ls').description(`list the ${kind.replace('-', ' ')}s you can see`))
      .action((o: { org?: string }, cmd: Command) => listRun({ ctx: contextFrom(f, cmd), kind, org: o.org })))
    .addCommand(org(new Command('show').description(`show one ${kind.replace('-', ' ')} and the rights it grants`).argument('<name>', 'name or id'))
      .action((name: string, o: { org?: string }, cmd: Command) => showRun({ ctx: contextFrom(f, cmd), kind, name, org: o.org }))));
}

export const roleCommand = (f: Factory) => kindCommand(f, 'role', 'roles: named sets of rights given to users');
export const rightsBundleCommand = (f: Factory) => kindCommand(f, 'rights-bundle', 'rights bundles: the rights the provider publishes to orgs');
