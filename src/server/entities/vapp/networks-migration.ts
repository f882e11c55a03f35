import type { Kysely } from 'kysely';
import { newId } from '../../ids.ts';

// vApp networks as objects of their own, as VCD's are (NetworkConfig links to /api/admin/network/{id}):
// an id, a description, whether they keep addresses across deployments, and the subnet of a network with
// addresses of its own (isolated, or routed behind a parent with its own IpScope): gateway, prefix, DNS,
// and its static ranges as JSON ([{start, end}], at most a few). A fenced or bridged one has none: its
// NICs take addresses from the org VDC network behind it.
export async function up(db: Kysely<unknown>): Promise<void> {
  const table = () => db.schema.alterTable('vapp_networks');
  await table().addColumn('id', 'text').execute();
  await table().addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
  await table().addColumn('retain_net_info', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await table().addColumn('gateway', 'text').execute();
  await table().addColumn('prefix_length', 'integer').execute();
  await table().addColumn('dns1', 'text').execute();
  await table().addColumn('dns2', 'text').execute();
  await table().addColumn('dns_suffix', 'text').execute();
  await table().addColumn('ip_ranges', 'text').execute();
  const rows = await (db as Kysely<{ vapp_networks: { vapp_id: string; name: string; id: string | null } }>)
    .selectFrom('vapp_networks').select(['vapp_id', 'name']).execute();
  for (const r of rows) {
    await (db as Kysely<{ vapp_networks: { vapp_id: string; name: string; id: string | null } }>)
      .updateTable('vapp_networks').set({ id: newId() }).where('vapp_id', '=', r.vapp_id).where('name', '=', r.name).execute();
  }
  await db.schema.createIndex('vapp_networks_id').on('vapp_networks').column('id').unique().execute();
}
