import type { Kysely } from 'kysely';

// The provider's backing, modelled as data (no vCenter or NSX-T behind it; seeded, as vcsim's inventory is):
// vCenters with their resource pools and storage profiles, NSX-T managers with what they offer to import (Tier-0
// routers, edge clusters, transport zones), GENEVE network pools, provider VDCs with their storage profiles, and
// the provider VDC an org VDC draws on. Capacities in MHz and MB, as the VDCs keep theirs.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('virtual_centers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('vc_resource_pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vc_id', 'text', (c) => c.notNull().references('virtual_centers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('moref', 'text', (c) => c.notNull())
    .addColumn('cpu_mhz', 'bigint', (c) => c.notNull())
    .addColumn('memory_mb', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('vc_resource_pools_name', ['vc_id', 'name'])
    .execute();
  await db.schema.createTable('vc_storage_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vc_id', 'text', (c) => c.notNull().references('virtual_centers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('moref', 'text', (c) => c.notNull())
    .addColumn('total_mb', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('vc_storage_profiles_name', ['vc_id', 'name'])
    .execute();

  await db.schema.createTable('nsxt_managers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();
  // kind: tier0Router, edgeCluster or transportZone; backing_id: NSX-T's own id of it
  await db.schema.createTable('nsxt_resources')
    .addColumn('manager_id', 'text', (c) => c.notNull().references('nsxt_managers.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('backing_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('nsxt_resources_pk', ['manager_id', 'kind', 'backing_id'])
    .addUniqueConstraint('nsxt_resources_name', ['manager_id', 'kind', 'name'])
    .execute();

  await db.schema.createTable('network_pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pool_type', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'text', (c) => c.notNull().references('nsxt_managers.id'))
    .addColumn('transport_zone_id', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('provider_vdcs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vc_id', 'text', (c) => c.notNull().references('virtual_centers.id'))
    .addColumn('resource_pool_id', 'text', (c) => c.notNull().references('vc_resource_pools.id'))
    .addColumn('manager_id', 'text', (c) => c.references('nsxt_managers.id'))
    .addColumn('network_pool_id', 'text', (c) => c.references('network_pools.id'))
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createTable('provider_vdc_storage_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider_vdc_id', 'text', (c) => c.notNull().references('provider_vdcs.id').onDelete('cascade'))
    .addColumn('vc_storage_profile_id', 'text', (c) => c.notNull().references('vc_storage_profiles.id'))
    .addColumn('is_enabled', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('provider_vdc_storage_profiles_profile', ['provider_vdc_id', 'vc_storage_profile_id'])
    .execute();

  // the provider VDC an org VDC draws on (none for one made before provider VDCs were modelled)
  await db.schema.alterTable('vdcs').addColumn('provider_vdc_id', 'text', (c) => c.references('provider_vdcs.id')).execute();
  await db.schema.createIndex('vdcs_provider_vdc').on('vdcs').column('provider_vdc_id').execute();
}
