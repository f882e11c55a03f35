import type { Kysely } from 'kysely';

// What a task holds of its VDC's capacity from its start to its end (a creation's VMs and disks, the CPU
// and memory of VMs it powers on), so that capacity counts the tasks still running beside what the VDC
// holds. A reservation counts while its task is running; it goes with its task when that expires.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('vdc_reservations')
    .addColumn('task_id', 'text', (c) => c.primaryKey().references('tasks.id').onDelete('cascade'))
    .addColumn('vdc_id', 'text', (c) => c.notNull().references('vdcs.id').onDelete('cascade'))
    .addColumn('storage_profile_id', 'text', (c) => c.notNull())
    .addColumn('cpu_mhz', 'bigint', (c) => c.notNull())
    .addColumn('memory_mb', 'bigint', (c) => c.notNull())
    .addColumn('vms', 'integer', (c) => c.notNull())
    .addColumn('storage_mb', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vdc_reservations_vdc').on('vdc_reservations').column('vdc_id').execute();
}
