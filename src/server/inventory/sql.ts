// How a field of a list reads in SQL (the query types' fields, the CloudAPI lists'), and the SQL pieces the
// entity types' fields share. services/sql-listing.ts filters and sorts by them.
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** The uuid at the end of a URN column (urn:vcloud:<type>:<uuid>). */
export const urnId = (column: string): RawBuilder<unknown> => sql`substr(${sql.ref(column)}, length(${sql.ref(column)}) - 35)`;

/** The type segment of a URN column. */
export const urnType = (column: string): RawBuilder<unknown> => sql`substr(${sql.ref(column)}, 12, length(${sql.ref(column)}) - 48)`;

export interface SqlField {
  /** a column, or an expression of columns (a URN built from an id, say) */
  column: string | RawBuilder<unknown>;
  /**
   * text: compared as text, null as ''; time: epoch milliseconds, given in filters as ISO 8601;
   * boolean: a 0/1 column, given as true or false (a wildcard matches the text 'true' or 'false');
   * number: given as a number; reference: an entity's bare id, given as its href, URN or id (the uuid at
   * the end is compared)
   */
  type: 'text' | 'time' | 'boolean' | 'number' | 'reference';
  /**
   * a time that may be absent: null is before every time (in filters and in both sort directions), and an
   * empty value names it (`expirationTimeUtc==` is "never"). Others keep to plain comparisons, which an
   * index on the column serves.
   */
  nullable?: boolean;
  /**
   * an enumeration (a task's status): a filter names one of these exactly, as VCD matches them, and any
   * other value is a 400 ("Value 'RUNNING' not found.", as VCD answers vcd-cli's upper-case statuses)
   */
  values?: readonly string[];
  /**
   * a field no column holds, only `==` on it: the condition on the row given the id its value names (href, URN or
   * id), e.g. CloudAPI's `_context==<gateway URN>`: what may be used there. Its column is a constant, for sorts.
   */
  matches?: (id: string) => RawBuilder<SqlBool>;
}

/** A URN-valued field built from a uuid column, as urn() builds it in JavaScript. */
export const urnField = (type: string, column: string): SqlField =>
  ({ column: sql`${sql.lit(`urn:vcloud:${type}:`)} || ${sql.ref(column)}`, type: 'text' });

/**
 * A field every row has the same value of (VCD's bundleKey, a count the model does not hold yet), usable in
 * WHERE and ORDER BY: cast, since a bare integer literal in ORDER BY would name a column position.
 */
export function constantField(value: string | number | boolean): SqlField {
  switch (typeof value) {
    case 'string': return { column: sql`cast(${sql.lit(value)} as text)`, type: 'text' };
    case 'number': return { column: sql`cast(${sql.lit(value)} as integer)`, type: 'number' };
    default: return { column: sql`cast(${sql.lit(value ? 1 : 0)} as integer)`, type: 'boolean' };
  }
}

/** A list's fields by the names its API gives them. */
export type SqlFields = Readonly<Record<string, SqlField>>;
