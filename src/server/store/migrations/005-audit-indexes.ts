import type { Kysely } from 'kysely';

// The audit trail is paged in SQL in (timestamp, id) order, for the provider (every event) or one org,
// and purged oldest first. With id in the indexes, neither a page nor a purge sorts the table's rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_time').execute();
  await db.schema.dropIndex('audit_events_org').execute();
  await db.schema.createIndex('audit_events_time_id').on('audit_events').columns(['timestamp', 'id']).execute();
  await db.schema.createIndex('audit_events_org_time_id').on('audit_events').columns(['org_id', 'timestamp', 'id']).execute();
}
