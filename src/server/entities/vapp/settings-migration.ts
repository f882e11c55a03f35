import type { Kysely } from 'kysely';

// What a VM's vmCapabilities and bootOptions sections say (hot add of memory and CPUs, the boot delay and
// whether it enters the BIOS setup once), and a vApp's leases (0: never expires), as VCD keeps them.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['memory_hot_add', 'cpu_hot_add', 'boot_delay_ms', 'enter_bios_setup']) {
    await db.schema.alterTable('vms').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  for (const column of ['deployment_lease_seconds', 'storage_lease_seconds']) {
    await db.schema.alterTable('vapps').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
}
