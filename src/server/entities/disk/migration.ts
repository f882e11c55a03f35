// Independent (named) disks: a disk lives in a VDC, on one of its storage profiles, and is attached to at
// most one VM at a time (VCD's non-shared disks, the only kind served). Its tables are declared to the
// store's Database here, beside the migration that makes them, so the disk type touches no store file.
import type { Kysely } from 'kysely';

export interface DiskTable {
  id: string;
  org_id: string;
  vdc_id: string;
  storage_profile_id: string;
  /** the user who created it (VCD's Owner); null once that user is gone */
  owner_id: string | null;
  name: string;
  description: string;
  size_mb: number;
  /** VCD's bus type number as text: '5' IDE, '6' SCSI, '20' SATA */
  bus_type: string;
  bus_sub_type: string;
  iops: number;
  /** VCD's entity status: 0 while its creation runs, 1 once it is ready */
  status: number;
  created: number;
}

export interface DiskAttachmentTable {
  disk_id: string;
  vm_id: string;
  bus_number: number | null;
  unit_number: number | null;
}

declare module '../../store/schema.ts' {
  interface Database {
    disks: DiskTable;
    disk_attachments: DiskAttachmentTable;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('disks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('vdc_id', 'text', (c) => c.notNull().references('vdcs.id').onDelete('cascade'))
    .addColumn('storage_profile_id', 'text', (c) => c.notNull().references('vdc_storage_profiles.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('size_mb', 'bigint', (c) => c.notNull())
    .addColumn('bus_type', 'text', (c) => c.notNull())
    .addColumn('bus_sub_type', 'text', (c) => c.notNull())
    .addColumn('iops', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .execute();
  // listing in creation order (the query service's default), and a VDC's disks (its usage, its document)
  await db.schema.createIndex('disks_created').on('disks').columns(['created', 'id']).execute();
  await db.schema.createIndex('disks_vdc').on('disks').column('vdc_id').execute();

  // one VM per disk (the key); a VM's deletion detaches its disks
  await db.schema.createTable('disk_attachments')
    .addColumn('disk_id', 'text', (c) => c.primaryKey().references('disks.id').onDelete('cascade'))
    .addColumn('vm_id', 'text', (c) => c.notNull().references('vms.id').onDelete('cascade'))
    .addColumn('bus_number', 'integer')
    .addColumn('unit_number', 'integer')
    .execute();
  await db.schema.createIndex('disk_attachments_vm').on('disk_attachments').column('vm_id').execute();
}
