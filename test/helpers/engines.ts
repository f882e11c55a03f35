// Which stores the suites run on. PostgreSQL is probed once by scripts/test.ts, which passes the
// verdict down; a run without it says so (and fails under CI).
import pg from 'pg';

export const PG_URL = process.env.VCDKIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Engine = 'sqlite' | 'postgres';

export function engines(): Engine[] {
  return process.env.VCDKIT_TEST_PG === '0' ? ['sqlite'] : ['sqlite', 'postgres'];
}

/**
 * A pg client for the tests' own statements. PostgreSQL may end its connection (another run's cleanup, an
 * administrator); the statement running then fails on its own, and the 'error' event that follows must not
 * end the test process.
 */
export function testClient(config: pg.ClientConfig = {}): pg.Client {
  const client = new pg.Client({ connectionString: PG_URL, ...config });
  client.on('error', () => {});
  return client;
}

export async function postgresAvailable(): Promise<string | undefined> {
  const client = testClient({ connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL not reachable at ${new URL(PG_URL).host} (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A fresh database per cell, so suites (and parallel runs) never see each other's rows. A database
 * rather than a schema: Kysely's migrator introspects every schema it can see, and a schema that
 * another test process drops mid-scan fails that scan ("schema ... does not exist").
 */
export async function freshPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vcdkit_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => { await adminQuery(`drop database if exists ${name} with (force)`); },
  };
}

/** One statement on a connection of its own, to the server's `test` database (or `url`). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = [], url = PG_URL): Promise<R[]> {
  const client = testClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
