import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Org VDCs. Limits, allocations and reservations are kept in the units VCD lists them in (MHz, MB);
  // usage is not stored: it is computed from what the VDC holds (services/vdcs.ts).
  await db.schema.createTable('vdcs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // names are unique per org whatever their case, as VCD's are
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('allocation_model', 'text', (c) => c.notNull())
    .addColumn('cpu_allocated_mhz', 'bigint', (c) => c.notNull())
    .addColumn('cpu_limit_mhz', 'bigint', (c) => c.notNull())
    .addColumn('cpu_reserved_mhz', 'bigint', (c) => c.notNull())
    .addColumn('memory_allocated_mb', 'bigint', (c) => c.notNull())
    .addColumn('memory_limit_mb', 'bigint', (c) => c.notNull())
    .addColumn('memory_reserved_mb', 'bigint', (c) => c.notNull())
    .addColumn('nic_quota', 'integer', (c) => c.notNull())
    .addColumn('network_quota', 'integer', (c) => c.notNull())
    .addColumn('vm_quota', 'integer', (c) => c.notNull())
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('vdcs_org_name', ['org_id', 'name_key'])
    .execute();
  // Listing in creation order (the query service's default order).
  await db.schema.createIndex('vdcs_created').on('vdcs').columns(['created', 'id']).execute();

  await db.schema.createTable('vdc_storage_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vdc_id', 'text', (c) => c.notNull().references('vdcs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('limit_mb', 'bigint', (c) => c.notNull())
    .addColumn('used_mb', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('vdc_storage_profiles_name', ['vdc_id', 'name'])
    .execute();
}
