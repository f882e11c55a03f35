import type { Kysely } from 'kysely';

// Edge gateways and org VDC networks, their IP ranges and the addresses allocated from them.
// Addresses (IPv4) are kept as numbers, so a range is two numbers and the lowest free address of a pool is
// found in SQL (services/networks.ts) without reading the allocations; documents show them dotted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('edge_gateways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('vdc_id', 'text', (c) => c.notNull().references('vdcs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // names are unique per org whatever their case: a network names its gateway within the org
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // VCD's gateway status: 0 being created, 1 ready, -1 error
    .addColumn('status', 'integer', (c) => c.notNull())
    // The NAT and firewall services as the last configureServices left them: each a bounded JSON text
    // (services/edge-gateways.ts caps the rules). They are only ever read and replaced whole, as documents,
    // never searched rule by rule, so rows per rule would only add joins; null: never configured.
    .addColumn('nat_service', 'text')
    .addColumn('firewall_service', 'text')
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('edge_gateways_org_name', ['org_id', 'name_key'])
    .execute();
  await db.schema.createIndex('edge_gateways_vdc').on('edge_gateways').columns(['vdc_id', 'created']).execute();

  await db.schema.createTable('networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('vdc_id', 'text', (c) => c.notNull().references('vdcs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // natRouted (through edge_gateway_id) or isolated
    .addColumn('fence_mode', 'text', (c) => c.notNull())
    .addColumn('edge_gateway_id', 'text', (c) => c.references('edge_gateways.id').onDelete('no action'))
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('prefix_length', 'integer', (c) => c.notNull())
    .addColumn('dns1', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dns2', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dns_suffix', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('networks_org_name', ['org_id', 'name_key'])
    .execute();
  await db.schema.createIndex('networks_vdc').on('networks').columns(['vdc_id', 'created']).execute();
  await db.schema.createIndex('networks_edge_gateway').on('networks').column('edge_gateway_id').execute();

  await db.schema.createTable('network_ip_ranges')
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // first and last address, as numbers, both in the pool
    .addColumn('start_ip', 'bigint', (c) => c.notNull())
    .addColumn('end_ip', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_ip_ranges_pk', ['network_id', 'position'])
    .execute();

  await db.schema.createTable('ip_allocations')
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    // the address as a number; one holder per address and network, which concurrent allocations rely on
    .addColumn('ip', 'bigint', (c) => c.notNull())
    // what holds it (a VM's NIC): opaque here, named by whoever allocated it
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('allocated', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('ip_allocations_network_ip', ['network_id', 'ip'])
    .execute();
  await db.schema.createIndex('ip_allocations_holder').on('ip_allocations').column('holder_id').execute();
}
