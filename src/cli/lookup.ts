// Finding the one object a command names, by name (case-insensitive, as VCD compares names) or id;
// none, or several of that name, is an error whose hint says what exists or how to be precise.
import { CliError } from './errors.ts';

export interface Named {
  name?: string | undefined;
  id?: string | undefined;
}

const idTail = (id: string) => id.replace(/^urn:vcloud:\w+:/i, '').toLowerCase();

/** The item named `nameOrId` among `items`; `what` names their kind and `listCommand` how to see them. */
export function pick<T extends Named>(items: T[], nameOrId: string, what: string, listCommand: string, idOf: (t: T) => string | undefined = (t) => t.id): T {
  const id = idTail(nameOrId);
  const byId = items.filter((t) => { const own = idOf(t); return own !== undefined && idTail(own) === id; });
  if (byId.length === 1) return byId[0]!;
  const byName = items.filter((t) => t.name?.toLowerCase() === nameOrId.toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new CliError(`${byName.length} ${what}s are named "${nameOrId}"`, undefined, `name it by id (see \`${listCommand}\`)`);
  const names = items.map((t) => t.name).filter(Boolean).sort();
  const shown = names.length > 20 ? `${names.slice(0, 20).join(', ')}…` : names.join(', ');
  throw new CliError(`no ${what} "${nameOrId}" among the ones you can see`, undefined, names.length ? `\`${listCommand}\` shows them: ${shown}` : `\`${listCommand}\` shows them`);
}

/** Every item of an async iterator (lists are bounded by the server's paging). */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
