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
import { ensureDatabase } from './postgres-database.ts';
import { StartRefused } from './start-refused.ts';

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
  /** where a lost database connection is reported (the cell log) */
  log: { warn(fields: object, msg: string): void };
}

export interface Store {
  db: Db;
  engine: 'sqlite' | 'postgres';
  /** where it lives, for the start-up banner (no credentials) */
  description: string;
  close(): Promise<void>;
  /** whether a failure means the database is out of reach (a lost or refused connection), not a bad statement */
  isUnavailable(err: unknown): boolean;
  /**
   * Runs `work` while no other cell runs its own (a PostgreSQL advisory lock, held on a connection of its
   * own; cells starting together wait for each other). SQLite serialises writers itself.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}

/** The advisory lock key under which cells migrate and prepare a shared PostgreSQL store ("vcdkit" in ASCII). */
const START_LOCK = 0x7663646b6974;

// int8 columns (epoch milliseconds) come back as strings by default; they fit a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function publishStatement(db: Db, event: LogEvent): void {
  if (statementChannel.hasSubscribers) statementChannel.publish({ db, sql: event.query.sql } satisfies StatementEvent);
}

/** The embedded SQLite store's file in a data directory. */
export const sqliteFile = (dataDir: string) => join(dataDir, 'vcdkit.sqlite');

export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Db;
  let engine: Store['engine'];
  let description: string;
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new Error(`unsupported database URL scheme "${url.protocol}" (use postgres://)`);
    }
    const created = await ensureDatabase(options.databaseUrl);
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: postgresPool(options.databaseUrl, options.log) }),
      log: (event) => publishStatement(db, event),
    });
    engine = 'postgres';
    description = `PostgreSQL ${url.host}${url.pathname}${created ? ', created now' : ''}`;
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const file = sqliteFile(options.dataDir);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }), log: (event) => publishStatement(db, event) });
    engine = 'sqlite';
    description = `SQLite ${file}`;
  }
  // Kysely looks for its migration table in every schema it can see; name ours, so that cells sharing
  // a PostgreSQL database in separate schemas (as the tests do) never mistake another's for theirs.
  const schema = engine === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const exclusively = engine === 'postgres' ? advisoryLock(options.databaseUrl!) : <T>(work: () => Promise<T>) => work();
  const migrator = new Migrator({
    db,
    ...(schema && { migrationTableSchema: schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'vcdkit_migrations',
    migrationLockTableName: 'vcdkit_migrations_lock',
  });
  const { error } = await exclusively(async () => {
    await refuseNewerSchema(db);
    return migrator.migrateToLatest();
  }).catch((err: unknown) => ({ error: err }));
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return {
    db, engine, description, exclusively,
    close: () => db.destroy(),
    isUnavailable: engine === 'postgres' ? connectionLost : () => false,
  };
}

/**
 * A store migrated by a newer vcdkit holds what this cell does not know how to keep: the cell refuses to
 * start rather than serve it (the newer cells keep working).
 */
async function refuseNewerSchema(db: Db): Promise<void> {
  const applied = await sql<{ name: string }>`select name from vcdkit_migrations`.execute(db).then((r) => r.rows, () => []);
  const unknown = applied.map((m) => m.name).filter((name) => !Object.hasOwn(migrations, name)).sort();
  if (unknown.length) {
    throw new StartRefused(
      `The store's schema is newer than this cell knows: it has migration ${unknown.join(', ')}, which this version of vcdkit does not.`,
      'run every cell of this database on the vcdkit version that migrated it, or a later one',
    );
  }
}

/** exclusively(), on PostgreSQL: a session advisory lock on a connection of its own, released when the work ends. */
function advisoryLock(connectionString: string) {
  return async <T>(work: () => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    client.on('error', () => {}); // a lost connection drops the lock; the work's own statements then fail or finish alone
    await client.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [START_LOCK]);
      return await work();
    } finally {
      await client.end().catch(() => {});
    }
  };
}

/**
 * PostgreSQL ends connections on its own (restart, failover, idle timeout, pg_terminate_backend, DROP DATABASE …
 * WITH (FORCE)). pg reports that as an 'error' event on the client, idle in the pool or checked out by a query;
 * unheard, that event ends the process. So every client gets a listener that logs the loss once; pg then drops
 * the client (it is no longer queryable), the query that was running on it fails its one request, and the next
 * query opens a fresh connection.
 */
function postgresPool(connectionString: string, log: StoreOptions['log']): pg.Pool {
  // A database that cannot be reached fails a request within seconds rather than leave it waiting.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  pool.on('connect', (client) => {
    let reported = false;
    client.on('error', (err) => {
      if (!reported) log.warn({ err, backendPid: (client as pg.Client & { processID?: number }).processID }, 'PostgreSQL connection lost; it is dropped and a new one opened when needed');
      reported = true;
    });
  });
  pool.on('error', () => {}); // an idle client's loss, already reported by its own listener above
  return pool;
}

// SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many connections, disk full),
// 57P (operator intervention: admin or crash shutdown, cannot connect now) and 3D000 (the database is gone),
// and the errors pg and Node raise for a connection that is lost or never came.
const LOST_SQLSTATE = /^(08|53|57P|3D000)/;
const LOST_MESSAGE = /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/;
const LOST_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

function connectionLost(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && (LOST_SQLSTATE.test(code) || LOST_ERRNO.has(code))) || LOST_MESSAGE.test(err.message);
}

/** Whether a statement failed on a unique key (SQLite's UNIQUE constraint, PostgreSQL's 23505). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as { code?: unknown; errcode?: unknown; message?: unknown };
  return err.code === '23505' || err.errcode === 2067 || (typeof err.message === 'string' && err.message.startsWith('UNIQUE constraint failed'));
}
