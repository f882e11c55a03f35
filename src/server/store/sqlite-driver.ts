// Adapts node:sqlite's DatabaseSync to the better-sqlite3 shape Kysely's SqliteDialect expects,
// so the embedded store needs no native addon. Prepared statements are kept by SQL text: Kysely
// compiles the same few statements over and over, and preparing costs more than running them.
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every statement the code issues; `in (…)` lists of many lengths just cycle through. */
const STATEMENT_CACHE_SIZE = 500;

// WAL with synchronous=NORMAL: a commit is appended to the WAL file (in the operating system's cache) before it
// returns, and fsync'd only at checkpoints. A killed process loses nothing it committed (test/durability.test.ts);
// a power cut or kernel crash may take back the last commits, never corrupt the file. FULL's fsync per commit
// held the write path to a few hundred commits a second (README, Durability).
export function openSqlite(path: string): SqliteDatabase {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  const cache = new Map<string, { stmt: StatementSync; reader: boolean }>();
  const prepared = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const stmt = db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, entry);
    }
    return entry;
  };
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const { stmt, reader } = prepared(sql);
      const args = (params: ReadonlyArray<unknown>) => params as SQLInputValue[];
      return {
        reader,
        all: (params) => stmt.all(...args(params)),
        run: (params) => {
          const r = stmt.run(...args(params));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (params) => stmt.iterate(...args(params)) as IterableIterator<unknown>,
      };
    },
  };
}
