// What the inventory commands share: an entity named by name, id, urn or href; `list` through the query
// service with --filter and --limit; `show` as key/value fields; operations that answer a task, waited
// on behind a progress bar (or, with --no-wait, printed as they stand).
import { Command, Option } from 'commander';
import type { QueryRecord, Resource, ResourceSet, Task, TaskHandle, VcdClient } from '../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from './context.ts';
import type { Factory } from './factory.ts';
import { noWaitOption, positiveInt } from './flags.ts';
import { success } from './io.ts';
import { queryPageXml, renderFields, renderTable, type Cell } from './output.ts';
import { waitWithProgress } from './task-progress.ts';

/** An id, urn or href names the entity; anything else is its name. */
export const isReference = (s: string) => /^(https?:\/\/|\/api\/)|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** The document of the entity a command names. */
export function resolve<D extends Resource>(set: ResourceSet<D, QueryRecord, unknown, unknown>, nameOrRef: string): Promise<D> {
  return isReference(nameOrRef) ? set.get(nameOrRef) : set.getByName(nameOrRef);
}

/** One kind of inventory entity as the shell sees it. */
export interface Noun<D extends Resource, R extends QueryRecord> {
  name: string;
  /** e.g. "VDC", "vApp" */
  label: string;
  set: (client: VcdClient) => ResourceSet<D, R, unknown, unknown>;
  columns: Array<[string, (r: R) => Cell]>;
  /** how `list` orders the records (by name unless told) */
  sort?: { sortAsc: string } | { sortDesc: string };
  /** what `show` prints, from the document (the client at hand for what the set derives) */
  fields: (d: D, client: VcdClient) => Array<[string, Cell]>;
}

export interface ListOptions { ctx: Context; filter?: string | undefined; limit?: number | undefined }

export async function listRun<D extends Resource, R extends QueryRecord>(noun: Noun<D, R>, o: ListOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const set = noun.set(client);
    const query = { filter: o.filter, ...(noun.sort ?? { sortAsc: 'name' }) };
    const records: R[] = [];
    for await (const r of set.records(query)) {
      records.push(r);
      if (o.limit && records.length >= o.limit) break;
    }
    await emit(o.ctx, {
      data: records,
      xml: queryPageXml(o.ctx.io.stderr, records.length, o.limit, (pageSize) => set.listDocument({ ...query, pageSize })),
      table: (out) => renderTable({ head: noun.columns.map(([h]) => h), rows: records.map((r) => noun.columns.map(([, cell]) => cell(r))) }, out),
    });
  });
}

export interface ShowOptions { ctx: Context; entity: string }

export async function showRun<D extends Resource, R extends QueryRecord>(noun: Noun<D, R>, o: ShowOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const doc = await resolve(noun.set(client), o.entity);
    await emit(o.ctx, {
      data: doc,
      xml: () => client.document(doc.href!),
      table: (out) => renderFields(noun.fields(doc, client), out),
    });
  });
}

/** An operation's options: the entity, --no-wait, and the operation's own flags. */
export interface OperationOptions<F = object> { ctx: Context; entity: string; wait: boolean; flags: F }

/** How an operation is told: while it runs ("Powering on") and once done ("Powered on"). */
export interface Verb { doing: string; done: string }

/** Runs an operation on the named entity and waits for its task. */
export async function operationRun<D extends Resource, R extends QueryRecord, F>(
  noun: Noun<D, R>, o: OperationOptions<F>, verb: Verb, start: (client: VcdClient, doc: D, flags: F) => Promise<TaskHandle<unknown>>,
): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const doc = await resolve(noun.set(client), o.entity);
    const op = await start(client, doc, o.flags);
    const name = (doc as { name?: string }).name ?? o.entity;
    if (!o.wait) return emitTask(o.ctx, client, op.task);
    await waitWithProgress(o.ctx, client, op.task, `${verb.doing} ${noun.label} ${name}`);
    success(o.ctx.io, `${verb.done} ${noun.label} ${name}`);
  });
}

/** A task as it stands, its XML the cell's Task document. */
export const emitTask = (ctx: Context, client: VcdClient, task: Task) =>
  emit(ctx, { data: task, xml: () => client.document(task.href!), table: (out) => renderFields(taskFields(task), out) });

/** A task as `show` prints it. */
export const taskFields = (t: { name?: string | undefined; operationName?: string | undefined; status: string; progress?: number | undefined; startTime?: string | undefined; endTime?: string | undefined; href?: string | undefined; error?: { message?: string } | undefined; operation?: string | undefined }): Array<[string, Cell]> => [
  ['Operation', t.operationName ?? t.name], ['Description', t.operation], ['Status', t.status], ['Progress', t.progress === undefined ? undefined : `${t.progress}%`],
  ['Started', t.startTime], ['Ended', t.endTime], ['Error', t.error?.message], ['Href', t.href],
];

/** `<noun> list` and `<noun> show`, wired. */
export function nounCommand<D extends Resource, R extends QueryRecord>(f: Factory, noun: Noun<D, R>, description: string): Command {
  return new Command(noun.name)
    .description(description)
    .addCommand(new Command('list')
      .alias('ls')
      .description(`list the ${noun.label}s you can see`)
      .option('--filter <fiql>', 'FIQL filter on the query\'s attributes, e.g. "name==web*"')
      .addOption(new Option('--limit <n>', 'stop after this many').argParser(positiveInt))
      .action((o: Omit<ListOptions, 'ctx'>, cmd: Command) => listRun(noun, { ctx: contextFrom(f, cmd), ...o })))
    .addCommand(new Command('show')
      .description(`show one ${noun.label}`)
      .argument(`<${noun.name}>`, 'name, id, urn or href')
      .action((entity: string, _o, cmd: Command) => showRun(noun, { ctx: contextFrom(f, cmd), entity })));
}

/** `<noun> <action> <entity> [--no-wait]`, an operation that answers a task. */
export function operationCommand<D extends Resource, R extends QueryRecord, F = object>(
  f: Factory, noun: Noun<D, R>, action: string, description: string, verb: Verb,
  start: (client: VcdClient, doc: D, flags: F) => Promise<TaskHandle<unknown>>, options: Option[] = [],
): Command {
  const cmd = new Command(action)
    .description(description)
    .argument(`<${noun.name}>`, 'name, id, urn or href')
    .addOption(noWaitOption());
  for (const option of options) cmd.addOption(option);
  return cmd.action((entity: string, o: F & { wait: boolean }, c: Command) =>
    operationRun(noun, { ctx: contextFrom(f, c), entity, wait: o.wait, flags: o }, verb, start));
}
