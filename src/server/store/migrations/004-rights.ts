import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The rights catalogue, written from code at every start; role_rights keeps naming rights by name.
  await db.schema.createTable('rights')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('right_type', 'text', (c) => c.notNull())
    .execute();

  // Rights bundles: what the provider lets the orgs they are published to grant.
  await db.schema.createTable('rights_bundles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('publish_all', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.createTable('rights_bundle_rights')
    .addColumn('bundle_id', 'text', (c) => c.notNull().references('rights_bundles.id').onDelete('cascade'))
    .addColumn('right_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rights_bundle_rights_pk', ['bundle_id', 'right_name'])
    .execute();

  await db.schema.createTable('rights_bundle_tenants')
    .addColumn('bundle_id', 'text', (c) => c.notNull().references('rights_bundles.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('rights_bundle_tenants_pk', ['bundle_id', 'org_id'])
    .execute();
  await db.schema.createIndex('rights_bundle_tenants_org').on('rights_bundle_tenants').column('org_id').execute();
}
