import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Every OAuth client: a user's API token (REFRESH) or a service account (SERVICE_ACCOUNT, whose
  // principal is a backing user row). Only a hash of the current refresh token is kept.
  await db.schema.createTable('oauth_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('refresh_hash', 'text', (c) => c.unique())
    .addColumn('issued_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_address', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('oauth_clients_org').on('oauth_clients').column('org_id').execute();
  await db.schema.createIndex('oauth_clients_user').on('oauth_clients').column('user_id').execute();

  await db.schema.createTable('service_accounts')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('software_id', 'text', (c) => c.notNull())
    .addColumn('software_version', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('uri', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // RFC 8628 device authorizations; both codes are stored as hashes.
  await db.schema.createTable('device_codes')
    .addColumn('device_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('last_polled_at', 'bigint')
    .addColumn('granted_by', 'text')
    .execute();

  // The audit trail outlives what it describes, so it copies names and has no foreign keys.
  await db.schema.createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('org_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'text')
    .addColumn('user_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entity_id', 'text')
    .addColumn('entity_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('client_address', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('audit_events_time').on('audit_events').column('timestamp').execute();
  await db.schema.createIndex('audit_events_org').on('audit_events').columns(['org_id', 'timestamp']).execute();
}
