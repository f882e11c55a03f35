// External networks: the provider's uplinks to the outside, each backed by an NSX-T manager's Tier-0 router (one
// network per router, as Cloud Director imports a Tier-0 once). A network's subnets (gateway, prefix, DNS, static
// IP ranges) are read and replaced whole, never searched, so they are one bounded JSON text; its tables are declared
// to the store's Database here, so the type touches no store file.
import type { Kysely } from 'kysely';

export interface ExternalNetworkTable {
  id: string;
  name: string;
  name_key: string;
  description: string;
  manager_id: string;
  /** NSX-T's id of the Tier-0 router (nsxt_resources.backing_id, kind tier0Router) */
  tier0_id: string;
  /** JSON array of ExternalSubnet (entities/external-network/service.ts) */
  subnets: string;
  created: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    external_networks: ExternalNetworkTable;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('external_networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('manager_id', 'text', (c) => c.notNull().references('nsxt_managers.id'))
    .addColumn('tier0_id', 'text', (c) => c.notNull())
    .addColumn('subnets', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('external_networks_tier0', ['manager_id', 'tier0_id'])
    .execute();
}
