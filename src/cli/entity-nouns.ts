// `vcdkit <noun> get|list|delete` for every entity type the cell declares, from the SDK's table of them
// (ENTITY_TYPES): a noun the CLI has its own command for gains the verbs it lacks (`catalog delete`; its `show` is
// its `get`), a type without one gets a noun of its own (`catalog-item`). `list` reads what the SDK's set lists (the CloudAPI
// collection where the type has one), `delete` waits for the task where the cell runs one.
import { Command, Option } from 'commander';
import { ENTITY_TYPES, type EntityTypeInfo, type FindOptions, type PageOptions, type Ref, type TaskHandle, type VcdClient } from '../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from './context.ts';
import type { Factory } from './factory.ts';
import { noWaitOption, positiveInt } from './flags.ts';
import { emitTask, isReference } from './inventory-noun.ts';
import { success } from './io.ts';
import { renderFields, renderTable } from './output.ts';
import { waitWithProgress } from './task-progress.ts';

/** An entity as sets give it: its document, a CloudAPI item or a query record. */
interface Item { name?: string | undefined; username?: string | undefined; id?: string | undefined; href?: string | undefined; description?: string | undefined }

/** What the generic verbs use of a set (every set on the client has it; users are read over the CloudAPI). */
interface GenericSet {
  get(ref: string): Promise<Item>;
  getByName(name: string, opts?: FindOptions): Promise<Item>;
  list(opts?: PageOptions): AsyncGenerator<Item, void, undefined>;
  delete?(ref: Ref, opts?: { force?: boolean | undefined; recursive?: boolean | undefined }): Promise<TaskHandle | undefined>;
}

const setOf = (client: VcdClient, type: EntityTypeInfo) => (client as unknown as Record<string, GenericSet>)[type.set]!;

const nameOf = (item: Item) => item.name ?? item.username;

/** The entity a command names by id, urn, href or name. */
const resolve = (set: GenericSet, entity: string) => (isReference(entity) ? set.get(entity) : set.getByName(entity));

async function getRun(type: EntityTypeInfo, ctx: Context, entity: string): Promise<void> {
  await withClient(ctx, async (client) => {
    const item = await resolve(setOf(client, type), entity);
    await emit(ctx, {
      data: item,
      xml: item.href ? () => client.document(item.href!) : undefined,
      table: (out) => renderFields([['Name', nameOf(item)], ['Id', item.id], ['Description', item.description], ['Href', item.href]], out),
    });
  });
}

async function listRun(type: EntityTypeInfo, ctx: Context, o: { filter?: string; limit?: number }): Promise<void> {
  await withClient(ctx, async (client) => {
    const items: Item[] = [];
    for await (const item of setOf(client, type).list({ filter: o.filter })) {
      items.push(item);
      if (o.limit && items.length >= o.limit) break;
    }
    await emit(ctx, {
      data: items,
      table: (out) => renderTable({ head: ['name', 'id'], rows: items.map((i) => [nameOf(i), i.id ?? i.href]) }, out),
    });
  });
}

async function deleteRun(type: EntityTypeInfo, ctx: Context, entity: string, o: { force?: boolean; recursive?: boolean; wait: boolean }): Promise<void> {
  await withClient(ctx, async (client) => {
    const set = setOf(client, type);
    const item = await resolve(set, entity);
    const name = nameOf(item) ?? entity;
    const op = await set.delete!(item.href ?? item.id ?? entity, { force: o.force, recursive: o.recursive });
    if (op && !o.wait) return emitTask(ctx, client, op.task);
    if (op) await waitWithProgress(ctx, client, op.task, `Deleting ${type.noun} ${name}`);
    success(ctx.io, `Deleted ${type.noun} ${name}`);
  });
}

/** The generic verbs of one type, each only where the noun has no command of that name. */
function verbs(f: Factory, type: EntityTypeInfo): Command[] {
  const entity = `<${type.noun}>`;
  return [
    new Command('get')
      .description(`get one ${type.noun}`)
      .argument(entity, 'name, id, urn or href')
      .action((e: string, _o, cmd: Command) => getRun(type, contextFrom(f, cmd), e)),
    new Command('list')
      .description(`list the ${type.noun}s you can see`)
      .option('--filter <fiql>', 'FIQL filter, e.g. "name==web*"')
      .addOption(new Option('--limit <n>', 'stop after this many').argParser(positiveInt))
      .action((o: { filter?: string; limit?: number }, cmd: Command) => listRun(type, contextFrom(f, cmd), o)),
    ...(type.deletePath ? [new Command('delete')
      .description(`delete a ${type.noun} (waiting for the task where the cell runs one)`)
      .argument(entity, 'name, id, urn or href')
      .option('--force', 'also while it runs, is deployed or enabled')
      .option('--recursive', 'delete what it holds too')
      .addOption(noWaitOption())
      .action((e: string, o: { force?: boolean; recursive?: boolean; wait: boolean }, cmd: Command) => deleteRun(type, contextFrom(f, cmd), e, o))] : []),
  ];
}

/** Adds `get`, `list` and `delete` to every declared type's noun, making the noun where the program has none. */
export function addEntityNouns(f: Factory, program: Command): void {
  for (const type of Object.values(ENTITY_TYPES)) {
    let noun = program.commands.find((c) => c.name() === type.noun);
    if (!noun) {
      noun = new Command(type.noun).description(`${type.noun}s (urn:vcloud:${type.urnType}:…)`);
      program.addCommand(noun);
    }
    // a noun's own `show` is its `get`
    noun.commands.find((c) => c.name() === 'show')?.alias('get');
    const has = new Set(noun.commands.flatMap((c) => [c.name(), ...c.aliases()]));
    for (const verb of verbs(f, type)) if (!has.has(verb.name())) noun.addCommand(verb);
  }
}
