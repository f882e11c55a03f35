import type { Kysely } from 'kysely';

// A VDC's network profile: the NSX-T edge cluster (its NSX-T id) its networks' services use (servicesEdgeCluster);
// null until the provider sets one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('vdcs').addColumn('services_edge_cluster_id', 'text').execute();
}
