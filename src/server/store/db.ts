// Opens the store: embedded SQLite (node:sqlite) by default, PostgreSQL (pg) for a postgres:// URL.
// Both sit behind one typed Kysely instance and run the same migrations.
import { channel } from 'node:diagnostics_channel';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';
import { openSqlite } from './sqlite-driver.ts';

export type Db = Kysely<Database>;

/** What `statementChannel` publishes: which store ran a statement, and its SQL text (never its parameters). */
export interface StatementEvent {
  db: Db;
  sql: string;
}

/**
 * Every statement a store runs, for whoever subscribes (tracing, or tests that check which statements a
 * request costs); publishing costs nothing while no one listens.
 */
export const statementChannel = channel('vcdkit:store:statement');

export interface StoreOptions {
  /** a postgres:// URL; when absent, SQLite in dataDir */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface Store {
  db: Db;
  engine: 'sqlite' | 'postgres';
  /** where it lives, for the start-up banner (no credentials) */
  description: string;
  close(): Promise<void>;
}

// int8 columns (epoch milliseconds) come back as strings by default; they fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function publishStatement(db: Db, event: LogEvent): void {
  if (statementChannel.hasSubscribers) statementChannel.publish({ db, sql: event.query.sql } satisfies StatementEvent);
}

export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Db;
  let engine: Store['engine'];
  let description: string;
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new Error(`unsupported database URL scheme "${url.protocol}" (use postgres://)`);
    }
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 10 }) }),
      log: (event) => publishStatement(db, event),
    });
    engine = 'postgres';
    description = `PostgreSQL ${url.host}${url.pathname}`;
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, 'vcdkit.sqlite');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }), log: (event) => publishStatement(db, event) });
    engine = 'sqlite';
    description = `SQLite ${file}`;
  }
  // Kysely looks for its migration table in every schema it can see; name ours, so that cells sharing
  // a PostgreSQL database in separate schemas (as the tests do) never mistake another's for theirs.
  const schema = engine === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({
    db,
    ...(schema && { migrationTableSchema: schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'vcdkit_migrations',
    migrationLockTableName: 'vcdkit_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return { db, engine, description, close: () => db.destroy() };
}

/** Whether a statement failed on a unique key (SQLite's UNIQUE constraint, PostgreSQL's 23505). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; errcode?: unknown; message?: unknown };
  return err.code === '23505' || err.errcode === 2067 || (typeof err.message === 'string' && err.message.startsWith('UNIQUE constraint failed'));
}
