// What the vApp and VM types share: VCD's status names (records carry them as text), in SQL and in
// code, and the busy test of an entity a task holds.
import { sql, type RawBuilder } from 'kysely';

/** VCD's vApp and VM status codes by name (PG5.5; go-vcloud-director VAppStatuses). */
export const VAPP_STATUS_NAMES: Readonly<Record<number, string>> = {
  [-1]: 'FAILED_CREATION', 0: 'UNRESOLVED', 1: 'RESOLVED', 2: 'DEPLOYED', 3: 'SUSPENDED', 4: 'POWERED_ON', 5: 'WAITING_FOR_INPUT',
  6: 'UNKNOWN', 7: 'UNRECOGNIZED', 8: 'POWERED_OFF', 9: 'INCONSISTENT_STATE', 10: 'MIXED', 20: 'PARTIALLY_POWERED_OFF', 21: 'PARTIALLY_SUSPENDED',
};

export const statusName = (code: number): string => VAPP_STATUS_NAMES[code] ?? 'UNKNOWN';

/** A status column as its name, for filters and sorts. */
export const statusText = (column: string): RawBuilder<string> => sql<string>`(case ${sql.ref(column)} ${sql.join(
  Object.entries(VAPP_STATUS_NAMES).map(([code, name]) => sql`when ${sql.lit(Number(code))} then ${sql.lit(name)}`), sql` `,
)} else 'UNKNOWN' end)`;

/** 1 while a task holds the entity of that URN type whose id is in `idColumn`. */
export const busy = (urnType: string, idColumn: string): RawBuilder<number> =>
  sql<number>`(case when exists (select 1 from tasks where tasks.busy_owner = ${sql.lit(`urn:vcloud:${urnType}:`)} || ${sql.ref(idColumn)}) then 1 else 0 end)`;
