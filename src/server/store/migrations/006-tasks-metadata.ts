import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Tasks: the long operations of the model. A task stays readable until its expiry time (start + 90
  // days, as VCD), so it copies the names it shows and has no foreign key but its org.
  await db.schema.createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('owner_urn', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('owner_family', 'text', (c) => c.notNull())
    .addColumn('owner_path', 'text', (c) => c.notNull())
    // The owner while the task is unfinished, null once it ended: unique, so that two tasks can never
    // hold one entity at once, whichever store and however many requests race for it.
    .addColumn('busy_owner', 'text', (c) => c.unique())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('operation_name', 'text', (c) => c.notNull())
    .addColumn('service_namespace', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('expiry_time', 'bigint', (c) => c.notNull())
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_status', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .execute();
  // An org's task list and a user's, newest first, paged in SQL; the purge by expiry.
  await db.schema.createIndex('tasks_org_time').on('tasks').columns(['org_id', 'start_time', 'id']).execute();
  await db.schema.createIndex('tasks_user_time').on('tasks').columns(['user_id', 'start_time', 'id']).execute();
  await db.schema.createIndex('tasks_expiry').on('tasks').column('expiry_time').execute();

  // Metadata of any entity, keyed by its URN; a key exists once per domain (GENERAL, SYSTEM).
  await db.schema.createTable('metadata')
    .addColumn('entity_urn', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('value_type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('metadata_pk', ['entity_urn', 'domain', 'key'])
    .execute();
}
