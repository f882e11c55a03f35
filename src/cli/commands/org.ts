// `vcdkit org list|show|create|delete`: the orgs the caller can see; the provider makes and removes them.
import { Command } from 'commander';
import type { Org, Reference, VcdClient } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { noWaitOption } from '../flags.ts';
import { success } from '../io.ts';
import { emitTask } from '../inventory-noun.ts';
import { pick } from '../lookup.ts';
import { renderFields, renderTable } from '../output.ts';
import { waitWithProgress } from '../task-progress.ts';

const uuidOf = (href: string) => /[0-9a-f-]{36}$/i.exec(href)?.[0];

/** An org by name (case-insensitive, as VCD compares org names), id or urn. */
export async function findOrg(client: VcdClient, nameOrId: string): Promise<Reference> {
  return pick(await client.orgs.references(), nameOrId, 'org', 'vcdkit org list', (o) => uuidOf(o.href));
}

export interface ListOptions { ctx: Context }

export async function listRun({ ctx }: ListOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const orgs = await client.orgs.references();
    await emit(ctx, {
      data: orgs.map((o) => ({ name: o.name, id: uuidOf(o.href), href: o.href })),
      xml: () => client.document('/api/org'),
      table: (out) => renderTable({ head: ['name', 'id', 'href'], rows: orgs.map((o) => [o.name, uuidOf(o.href), o.href]) }, out),
    });
  });
}

export interface ShowOptions { ctx: Context; org: string }

const fields = (org: Org): Array<[string, string | boolean | undefined]> => [
  ['Name', org.name], ['Full name', org.fullName], ['Id', org.id], ['Enabled', org.isEnabled],
  ['Description', org.description], ['Href', org.href],
];

export async function showRun({ ctx, org: nameOrId }: ShowOptions): Promise<void> {
  await withClient(ctx, async (client) => {
    const ref = await findOrg(client, nameOrId);
    const org = await client.orgs.get(ref);
    await emit(ctx, {
      data: org,
      xml: () => client.document(ref.href),
      table: (out) => renderFields(fields(org), out),
    });
  });
}

export interface CreateOptions { ctx: Context; name: string; fullName?: string | undefined; description?: string | undefined; disabled: boolean }

export async function createRun(o: CreateOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const org = await client.orgs.create({ name: o.name, fullName: o.fullName ?? o.name, description: o.description, enabled: !o.disabled });
    await emit(o.ctx, { data: org, xml: () => client.document(org.href!), table: (out) => renderFields(fields(org), out) });
    success(o.ctx.io, `Created org ${org.name} (${org.id})`);
  });
}

export interface DeleteOptions { ctx: Context; org: string; force: boolean; recursive: boolean; wait: boolean }

export async function deleteRun(o: DeleteOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const ref = await findOrg(client, o.org);
    const { task } = await client.orgs.delete(ref, { force: o.force, recursive: o.recursive });
    if (!o.wait) return emitTask(o.ctx, client, task);
    await waitWithProgress(o.ctx, client, task, `Deleting org ${ref.name}`);
    success(o.ctx.io, `Deleted org ${ref.name}`);
  });
}

export function orgCommand(f: Factory): Command {
  return new Command('org')
    .description('organizations')
    .addCommand(new Command('list')
      .alias('ls')
      .description('list the orgs you can see (all of them for the provider)')
      .action((_o, cmd: Command) => listRun({ ctx: contextFrom(f, cmd) })))
    .addCommand(new Command('show')
      .description('show one org')
      .argument('<org>', 'name, id or urn')
      .action((org: string, _o, cmd: Command) => showRun({ ctx: contextFrom(f, cmd), org })))
    .addCommand(new Command('create')
      .description('create an org (the provider only)')
      .argument('<name>', 'letters, digits, "-", "_" or "."')
      .option('--full-name <text>', 'the display name (default: the name)')
      .option('--description <text>', 'what it is for')
      .option('--disabled', 'create it disabled (no logins until enabled)')
      .action((name: string, o: { fullName?: string; description?: string; disabled?: boolean }, cmd: Command) =>
        createRun({ ctx: contextFrom(f, cmd), name, ...o, disabled: Boolean(o.disabled) })))
    .addCommand(new Command('delete')
      .description('delete an org (the provider only) and wait for the deletion to finish')
      .argument('<org>', 'name, id or urn')
      .option('--force', 'also when enabled (with --recursive: with everything it holds)')
      .option('--recursive', 'delete what it holds too (VDCs, catalogs, users)')
      .addOption(noWaitOption())
      .action((org: string, o: { force?: boolean; recursive?: boolean; wait: boolean }, cmd: Command) =>
        deleteRun({ ctx: contextFrom(f, cmd), org, force: Boolean(o.force), recursive: Boolean(o.recursive), wait: o.wait })));
}
