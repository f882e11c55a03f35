// Which stores the suites run on. PostgreSQL is probed once by scripts/test.ts, which passes the
// verdict down; a run without it says so (and fails under CI).
import pg from 'pg';

export const PG_URL = process.env.VCDKIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Engine = 'sqlite' | 'postgres';

export function engines(): Engine[] {
  return process.env.VCDKIT_TEST_PG === '0' ? ['sqlite'] : ['sqlite', 'postgres'];
}

export async function postgresAvailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
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

/** A fresh schema per cell, so suites (and parallel runs) never see each other's rows. */
export async function freshPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
