// SQL pieces the entity types' query fields share.
import { sql, type RawBuilder } from 'kysely';

/**
 * A constant field (a count the model does not hold yet, say), usable in WHERE and ORDER BY: a bare integer
 * literal in ORDER BY would name a column position.
 */
export const constant = (value: number | string): RawBuilder<unknown> =>
  typeof value === 'number' ? sql`cast(${sql.lit(value)} as integer)` : sql`cast(${sql.lit(value)} as text)`;

/** The uuid at the end of a URN column (urn:vcloud:<type>:<uuid>). */
export const urnId = (column: string): RawBuilder<unknown> => sql`substr(${sql.ref(column)}, length(${sql.ref(column)}) - 35)`;

/** The type segment of a URN column. */
export const urnType = (column: string): RawBuilder<unknown> => sql`substr(${sql.ref(column)}, 12, length(${sql.ref(column)}) - 48)`;
