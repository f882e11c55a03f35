import type { Kysely } from 'kysely';

// NSX-T firewall groups of Edge gateways: IP sets (their addresses) and static groups (their org VDC networks).
// A group's addresses are read and replaced whole, never searched, so they are one bounded JSON text; its member
// networks are rows (a network deleted leaves the groups it was in).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('firewall_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    // the owner: the Edge gateway the group's rules are on (gone with it)
    .addColumn('edge_gateway_id', 'text', (c) => c.notNull().references('edge_gateways.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // names are unique per gateway whatever their case, as NSX-T keeps them
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // IP_SET or STATIC_MEMBERS (VCD's typeValue)
    .addColumn('type_value', 'text', (c) => c.notNull())
    // JSON array of addresses, CIDR blocks and ranges (IP sets)
    .addColumn('ip_addresses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('firewall_groups_gateway_name', ['edge_gateway_id', 'name_key'])
    .execute();
  await db.schema.createIndex('firewall_groups_org').on('firewall_groups').columns(['org_id', 'created']).execute();

  await db.schema.createTable('firewall_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('firewall_groups.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('firewall_group_members_pk', ['group_id', 'position'])
    .execute();
  await db.schema.createIndex('firewall_group_members_network').on('firewall_group_members').column('network_id').execute();
}
