// `vcdkit query <type>`: the typed query service (/api/query), every page, through the SDK's iterator.
import { Argument, Command, Option } from 'commander';
import { QUERY_TYPES, type QueryRecord } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, withSpinner, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { positiveInt } from '../flags.ts';
import { queryPageXml, renderTable } from '../output.ts';

export interface QueryOptions {
  ctx: Context;
  type: string;
  filter?: string | undefined;
  sort?: string | undefined;
  fields?: string | undefined;
  pageSize?: number | undefined;
  limit?: number | undefined;
}

/** Columns: the asked-for fields, else the scalar attributes the records have (links, hrefs and _type aside). */
function columnsOf(records: QueryRecord[], fields: string[] | undefined): string[] {
  if (fields?.length) return ['name', ...fields.filter((f) => f !== 'name')];
  const keys = new Set<string>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) if (!['href', 'type', 'link', 'otherAttributes'].includes(k) && !k.startsWith('_') && (v === null || typeof v !== 'object')) keys.add(k);
  }
  return ['name', ...[...keys].filter((k) => k !== 'name')];
}

export async function queryRun(o: QueryOptions): Promise<void> {
  const { ctx, type } = o;
  await withClient(ctx, async (client) => {
    const fields = o.fields?.split(',').map((f) => f.trim()).filter(Boolean);
    const descending = o.sort?.startsWith('-');
    const attribute = o.sort?.replace(/^-/, '');
    const query = { filter: o.filter, fields, ...(descending ? { sortDesc: attribute } : { sortAsc: attribute }) };
    const records = await withSpinner(ctx, `Querying ${type}`, async () => {
      const out: QueryRecord[] = [];
      for await (const r of client.query(type, { ...query, pageSize: o.pageSize })) {
        out.push(r);
        if (o.limit && out.length >= o.limit) break;
      }
      return out;
    });
    const columns = columnsOf(records, fields);
    await emit(ctx, {
      data: records,
      xml: queryPageXml(ctx.io.stderr, records.length, Math.min(o.limit ?? Infinity, o.pageSize ?? Infinity),
        (pageSize) => client.queryDocument(type, { ...query, pageSize })),
      table: (out) => renderTable({ head: columns, rows: records.map((r) => columns.map((c) => (Object.hasOwn(r, c) ? r[c] : undefined) as string | number | boolean | undefined)) }, out),
    });
  });
}

export function queryCommand(f: Factory, runF = queryRun): Command {
  return new Command('query')
    .description('run a typed query (e.g. organization, user, adminOrgVdc), reading every page')
    // Listed in the help and offered by completion, not enforced: another Cloud Director may know more types.
    .addArgument(new Argument('<type>', 'the query type').choices(QUERY_TYPES).argParser((type) => type))
    .option('--filter <fiql>', 'FIQL filter, e.g. "name==Ex*;isEnabled==true"')
    .option('--sort <attribute>', 'sort by an attribute; prefix with - for descending (e.g. -name)')
    .option('--fields <list>', 'comma-separated attributes to return')
    .addOption(new Option('--page-size <n>', 'records per request (server maximum 128)').argParser(positiveInt))
    .addOption(new Option('--limit <n>', 'stop after this many records').argParser(positiveInt))
    .action((type: string, flags: Omit<QueryOptions, 'ctx' | 'type'>, cmd: Command) => runF({ ctx: contextFrom(f, cmd), type, ...flags }));
}
