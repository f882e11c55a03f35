import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Several cells on one store.
// - cells: each running cell's row, its lease renewed by a heartbeat; a cell whose lease ran out is gone, and
//   the tasks it carried (tasks.cell_id) are ended by a live one.
// - cache_versions: one row, bumped by every change that a cell's cache of sessions (sessions) or of effective
//   rights (rights) may hold; each cell reads it per request, so that what one cell revoked no other still serves.
//   Triggers bump it, in the transaction of the change, whoever makes it (any cell, `vcdkit admin`, a service that
//   forgets to say so); on PostgreSQL at commit (deferred), so that the one row is locked last and briefly.
// - sign_in_tickets: the portal's pending sign-ins (after the password, before the code), so that the code
//   step may reach any cell. Known by the ticket's hash only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('cells')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('primary_ip', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('tasks').addColumn('cell_id', 'text').execute();
  await db.schema.createIndex('tasks_unfinished_cell').on('tasks').columns(['status', 'cell_id']).execute();

  await db.schema.createTable('cache_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('sessions', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rights', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into cache_versions (id, sessions, rights) values (1, 0, 0)`.execute(db);

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const column of ['sessions', 'rights']) {
      await sql.raw(`create function vcdkit_bump_${column}() returns trigger language plpgsql as $$
        begin update cache_versions set ${column} = ${column} + 1 where id = 1; return null; end $$`).execute(db);
    }
  }
  for (const v of VERSIONED) await bumpOn(db, v);

  await db.schema.createTable('sign_in_tickets')
    .addColumn('ticket_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('org_name', 'text', (c) => c.notNull())
    .addColumn('next', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('wrong_codes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('sign_in_tickets_expiry').on('sign_in_tickets').column('expires_at').execute();
}

/** Changes to `table` that make the cached `bumps` (a cache_versions column) stale. */
interface Versioned {
  table: string;
  bumps: 'sessions' | 'rights';
  /** 'end': its rows' deletion only; columns: their deletion and updates that change one of these; 'all': any change */
  changes: 'end' | string[] | 'all';
}

/**
 * What a cached session holds: the session row (only its end matters: a new session is in no cache), its
 * user's name, org, role and state, its org's name and state, its role's name; and what effective rights are
 * made of: the role's rights, the bundles' rights and the orgs they are published to.
 */
const VERSIONED: Versioned[] = [
  { table: 'sessions', bumps: 'sessions', changes: 'end' },
  { table: 'users', bumps: 'sessions', changes: ['name', 'org_id', 'role_id', 'is_enabled'] },
  { table: 'orgs', bumps: 'sessions', changes: ['name', 'is_enabled'] },
  { table: 'roles', bumps: 'sessions', changes: ['name'] },
  { table: 'role_rights', bumps: 'rights', changes: 'all' },
  { table: 'rights_bundle_rights', bumps: 'rights', changes: 'all' },
  { table: 'rights_bundle_tenants', bumps: 'rights', changes: 'all' },
];

async function bumpOn(db: Kysely<unknown>, v: Versioned): Promise<void> {
  const bump = `update cache_versions set ${v.bumps} = ${v.bumps} + 1 where id = 1`;
  const events = v.changes === 'end' ? ['delete'] : v.changes === 'all' ? ['insert', 'update', 'delete'] : ['update', 'delete'];
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const changed = Array.isArray(v.changes)
    ? v.changes.map((c) => `old.${c} ${postgres ? 'is distinct from' : 'is not'} new.${c}`).join(' or ')
    : undefined;
  const when = (event: string) => (event === 'update' && changed ? `when (${changed})` : '');
  for (const event of events) {
    const name = `${v.table}_${event}_bumps_${v.bumps}`;
    await sql.raw(postgres
      ? `create constraint trigger ${name} after ${event} on ${v.table} deferrable initially deferred
         for each row ${when(event)} execute function vcdkit_bump_${v.bumps}()`
      : `create trigger ${name} after ${event} on ${v.table} ${when(event)} begin ${bump}; end`).execute(db);
  }
}
