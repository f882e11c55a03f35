// Text the store can hold, the same on both stores: PostgreSQL's text refuses a NUL (a 500 had it reached SQL),
// and a string with an unpaired UTF-16 surrogate has no UTF-8 form (the drivers would store U+FFFD in its place).
// Every text a request brings is checked once, at the edge (http/plugins/request-text.ts) and in the reader of
// VCD JSON documents (representation/read.ts), before any of it reaches SQL.

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds a NUL or an unpaired surrogate. */
export const unstorable = (text: string): boolean => UNSTORABLE.test(text);

/**
 * Where in a parsed value (its strings and its objects' keys, however deep) the first unstorable text is, as a path
 * from `at` (e.g. "body/values/0/name"); undefined when there is none.
 */
export function findUnstorable(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, v] of Object.entries(value)) {
    if (unstorable(key)) return at;
    const found = findUnstorable(v, `${at}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
