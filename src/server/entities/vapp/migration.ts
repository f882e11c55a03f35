import type { Kysely } from 'kysely';

// vApps and their VMs, placed in an org VDC. A vApp's name is unique in its VDC whatever its case, as
// VCD's is. A VM's NICs and disks go with it; a VM's MAC is unique in the cell. vApp networks bridge
// the vApp to an org VDC network (network_id; no foreign key: the networks arrive in a migration of
// their own). Access settings list the users a vApp is shared with, beside its everyone-in-the-org flag.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('vapps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('vdc_id', 'text', (c) => c.notNull().references('vdcs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // VCD's status code (0 while it is being created, -1 when its creation failed; else its VMs')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('deployed', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('shared_to_everyone', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('everyone_access', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('vapps_vdc_name', ['vdc_id', 'name_key'])
    .execute();
  await db.schema.createIndex('vapps_created').on('vapps').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('vapps_org').on('vapps').column('org_id').execute();

  await db.schema.createTable('vms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vapp_id', 'text', (c) => c.notNull().references('vapps.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('vdc_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('computer_name', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('deployed', 'integer', (c) => c.notNull())
    .addColumn('cpus', 'integer', (c) => c.notNull())
    .addColumn('cores_per_socket', 'integer', (c) => c.notNull())
    .addColumn('memory_mb', 'integer', (c) => c.notNull())
    .addColumn('os_type', 'text', (c) => c.notNull())
    .addColumn('hardware_version', 'text', (c) => c.notNull())
    .addColumn('tools_version', 'integer', (c) => c.notNull())
    .addColumn('storage_profile_id', 'text', (c) => c.notNull())
    .addColumn('primary_nic_index', 'integer', (c) => c.notNull())
    // guest customization (an admin password is never kept: VCD would show it, we only say one was set)
    .addColumn('gc_enabled', 'integer', (c) => c.notNull())
    .addColumn('gc_change_sid', 'integer', (c) => c.notNull())
    .addColumn('gc_admin_password_enabled', 'integer', (c) => c.notNull())
    .addColumn('gc_admin_password_auto', 'integer', (c) => c.notNull())
    .addColumn('gc_reset_password_required', 'integer', (c) => c.notNull())
    .addColumn('gc_script', 'text', (c) => c.notNull())
    .addColumn('needs_customization', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('vms_position', ['vapp_id', 'position'])
    .execute();
  await db.schema.createIndex('vms_created').on('vms').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('vms_vdc').on('vms').column('vdc_id').execute();
  await db.schema.createIndex('vms_org').on('vms').column('org_id').execute();

  await db.schema.createTable('vm_disks')
    .addColumn('vm_id', 'text', (c) => c.notNull().references('vms.id').onDelete('cascade'))
    // the RASD InstanceID (2000, 2001, …) and where it sits on its controller
    .addColumn('instance_id', 'integer', (c) => c.notNull())
    .addColumn('size_mb', 'bigint', (c) => c.notNull())
    .addColumn('bus_type', 'text', (c) => c.notNull())
    .addColumn('bus_number', 'integer', (c) => c.notNull())
    .addColumn('unit_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('vm_disks_pk', ['vm_id', 'instance_id'])
    .execute();

  await db.schema.createTable('vm_nics')
    .addColumn('vm_id', 'text', (c) => c.notNull().references('vms.id').onDelete('cascade'))
    .addColumn('nic_index', 'integer', (c) => c.notNull())
    // the vApp network it connects to by name ('none': not connected), and the org VDC network behind it
    .addColumn('network_name', 'text', (c) => c.notNull())
    .addColumn('network_id', 'text')
    .addColumn('ip_mode', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('mac', 'text', (c) => c.notNull().unique())
    .addColumn('adapter', 'text', (c) => c.notNull())
    .addColumn('is_connected', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('vm_nics_pk', ['vm_id', 'nic_index'])
    .execute();
  await db.schema.createIndex('vm_nics_network').on('vm_nics').column('network_id').execute();

  await db.schema.createTable('vapp_networks')
    .addColumn('vapp_id', 'text', (c) => c.notNull().references('vapps.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('fence_mode', 'text', (c) => c.notNull())
    .addColumn('network_id', 'text')
    .addPrimaryKeyConstraint('vapp_networks_pk', ['vapp_id', 'name'])
    .execute();

  await db.schema.createTable('vapp_access')
    .addColumn('vapp_id', 'text', (c) => c.notNull().references('vapps.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // ReadOnly, Change or FullControl
    .addColumn('access_level', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vapp_access_pk', ['vapp_id', 'user_id'])
    .execute();
  await db.schema.createIndex('vapp_access_user').on('vapp_access').column('user_id').execute();
}
