// A postgres:// URL may name a database that does not exist yet. As SQLite's file is made on a first start, the
// cell then creates it, through the server's `postgres` database with the same credentials, when that user may
// create databases; when it may not, the start stops with what to run instead.
import pg from 'pg';
import { StartRefused } from './start-refused.ts';

/** The URL's database is missing and the cell could not create it; `hint` says how to. */
export class MissingDatabaseError extends StartRefused {
  override name = 'MissingDatabaseError';
}

const INVALID_CATALOG_NAME = '3D000'; // the database does not exist
const DUPLICATE_DATABASE = '42P04'; // another start created it meanwhile

const codeOf = (err: unknown) => (err as { code?: unknown }).code;

/** An SQL identifier, quoted: the name is used exactly as the URL spells it. */
const identifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** A word as a POSIX shell reads it. */
const shellWord = (word: string) => (/^[\w.@%+=:,/-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** Runs `work` on a connection of its own to the URL's database. */
async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a connection lost meanwhile fails the statement instead
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Makes sure the URL's database exists; whether it was created now. */
export async function ensureDatabase(connectionString: string): Promise<boolean> {
  try {
    await withClient(connectionString, async () => {});
    return false;
  } catch (err) {
    // without a database in the URL, pg takes the user's name; that is not one to create unasked
    if (codeOf(err) !== INVALID_CATALOG_NAME || new URL(connectionString).pathname.length < 2) throw err;
  }
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  try {
    await withClient(maintenance.toString(), (client) => client.query(`create database ${identifier(name)}`));
    return true;
  } catch (err) {
    if (codeOf(err) === DUPLICATE_DATABASE) return false;
    const user = decodeURIComponent(url.username);
    const createdb = ['createdb', '-h', url.hostname || 'localhost', '-p', url.port || '5432', ...(user ? ['-O', user] : []), name];
    throw new MissingDatabaseError(
      `PostgreSQL database ${identifier(name)} does not exist on ${url.host || 'localhost'}, and ${user ? `user ${identifier(user)}` : 'the cell'} could not create it: ${(err as Error).message}`,
      `create it as a user who may, with \`${createdb.map(shellWord).join(' ')}\``
        + ` or, in psql, \`CREATE DATABASE ${identifier(name)}${user ? ` OWNER ${identifier(user)}` : ''};\`, then start the cell again`,
    );
  }
}
