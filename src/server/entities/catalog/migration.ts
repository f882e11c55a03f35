import type { Kysely } from 'kysely';

// Catalogs and what they hold: catalog items pointing at vApp templates (with their VMs) or media.
// A catalog belongs to an org; everything in it goes with it. Owners are users; a deleted owner leaves
// the object ownerless (null) rather than taking it away. vdc_id has no foreign key: the VDCs arrive
// in a migration of their own (008), and a template or medium may be declared before its VDC.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('catalogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('is_published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('catalogs_org_name', ['org_id', 'name_key'])
    .execute();

  await db.schema.createTable('catalog_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('catalog_id', 'text', (c) => c.notNull().references('catalogs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // 'vAppTemplate' or 'media', and the id of that row
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('catalog_items_catalog_name', ['catalog_id', 'name_key'])
    .execute();

  await db.schema.createTable('vapp_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('catalog_id', 'text', (c) => c.notNull().references('catalogs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // VCD's status code: 8 (powered off) is a usable template
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('vdc_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vapp_templates_catalog').on('vapp_templates').column('catalog_id').execute();

  await db.schema.createTable('template_vms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull().references('vapp_templates.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('computer_name', 'text', (c) => c.notNull())
    .addColumn('cpus', 'integer', (c) => c.notNull())
    .addColumn('cores_per_socket', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('disk_mb', 'integer', (c) => c.notNull())
    .addColumn('disk_bus', 'text', (c) => c.notNull())
    .addColumn('os_type', 'text', (c) => c.notNull())
    // the NIC: null network when it is not connected
    .addColumn('network_name', 'text')
    .addColumn('nic_adapter', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('tools_version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('template_vms_position', ['template_id', 'position'])
    .execute();

  await db.schema.createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('catalog_id', 'text', (c) => c.notNull().references('catalogs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('image_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('vdc_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_catalog').on('media').column('catalog_id').execute();
}
