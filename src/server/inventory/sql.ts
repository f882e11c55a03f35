// SQL pieces the entity types' query fields share.
import { sql, type RawBuilder } from 'kysely';

/** The uuid at the end of a URN column (urn:vcloud:<type>:<uuid>). */
export const urnId = (column: string): RawBuilder<unknown> => sql`substr(${sql.ref(column)}, length(${sql.ref(column)}) - 35)`;

/** The type segment of a URN column. */
export const urnType = (column: string): RawBuilder<unknown> => sql`substr(${sql.ref(column)}, 12, length(${sql.ref(column)}) - 48)`;
