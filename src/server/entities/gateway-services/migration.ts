import type { Kysely } from 'kysely';

// An NSX-T Edge gateway's services through the CloudAPI: its NAT rules, its firewall rules (one ordered list)
// and its static routes, each a row of gateway_rules with an id of its own (not an entity with a URN: a
// sub-resource of its gateway), the model as VCD last took it in bounded JSON; the firewall groups and
// application port profiles a rule names, as rows, so that a group or profile in use is refused deletion in SQL.
// The DNS forwarder, one per gateway, is a column of the gateway's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('gateway_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edge_gateway_id', 'text', (c) => c.notNull().references('edge_gateways.id').onDelete('cascade'))
    // nat, firewall or staticRoute
    .addColumn('kind', 'text', (c) => c.notNull())
    // order within the gateway's rules of the kind (the firewall's is its evaluation order)
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gateway_rules_gateway').on('gateway_rules').columns(['edge_gateway_id', 'kind', 'position']).execute();

  await db.schema.createTable('gateway_rule_refs')
    .addColumn('rule_id', 'text', (c) => c.notNull().references('gateway_rules.id').onDelete('cascade'))
    // a firewall group's or application port profile's id
    .addColumn('target_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gateway_rule_refs_target').on('gateway_rule_refs').column('target_id').execute();

  await db.schema.alterTable('edge_gateways').addColumn('dns_forwarder', 'text').execute();
}
