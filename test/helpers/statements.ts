// The SQL a store runs while a piece of work runs, from the store's diagnostics channel: how tests check
// what a request costs (no write on a cached read, the same statements for every failed login).
import { statementChannel, type Db, type StatementEvent } from '../../src/server/store/db.ts';

export async function statementsDuring(db: Db, work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (message: unknown) => {
    const event = message as StatementEvent;
    if (event.db === db) seen.push(event.sql);
  };
  statementChannel.subscribe(listen);
  try {
    await work();
  } finally {
    statementChannel.unsubscribe(listen);
  }
  return seen;
}
