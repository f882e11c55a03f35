// An independent disk (vcloud.disk /api/disk/{id}): its org's users with the view right see it, the
// provider every one. Query types disk and adminDisk, in SQL; filters name the VDC (vdc==<href>) and the
// storage profile by href. A disk's size counts against its storage profile and its VDC.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { ADMINISTER_ORG, orgScope } from '../../inventory/policy.ts';
import { defineEntityType, defineQueryType, type EntityPointer, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { constantField } from '../../inventory/sql.ts';
import type { Session } from '../../inventory/principal.ts';
import { count, pointer, ref, text } from '../catalog/records.ts';
import { statusName, statusText } from '../vapp/records.ts';

/** The rights of the disk operations (VCD's "Organization vDC Named Disk" rights; attaching changes a VM's hard disks). */
export const DISK_RIGHTS = {
  view: ['Organization vDC Named Disk: View Properties'],
  create: ['Organization vDC Named Disk: Create'],
  edit: ['Organization vDC Named Disk: Edit Properties'],
  delete: ['Organization vDC Named Disk: Delete'],
  attach: ['vApp: Edit VM Hard Disk'],
} as const;

/** VCD's bus types (DiskType busType) and the name records give them (busTypeDesc). */
export const BUS_TYPES: Readonly<Record<string, string>> = { 5: 'IDE', 6: 'SCSI', 20: 'SATA' };

const diskVisibility = (session: Session): Visibility => orgScope(session, 'disks.org_id', ...DISK_RIGHTS.view);

interface DiskRecordRow {
  id: string;
  org_id: string;
  vdc_id: string;
  vdc_name: string;
  storage_profile_id: string;
  storage_profile_name: string;
  owner_id: string | null;
  owner_name: string | null;
  name: string;
  description: string;
  size_mb: number | string;
  iops: number | string;
  bus_type: string;
  bus_sub_type: string;
  status: number;
  attached_vms: number | string;
}

const ATTACHED_VMS = sql<number>`(select count(*) from disk_attachments where disk_attachments.disk_id = disks.id)`;
const BUS_TYPE_DESC = sql<string>`(case disks.bus_type ${sql.join(
  Object.entries(BUS_TYPES).map(([code, name]) => sql`when ${sql.lit(code)} then ${sql.lit(name)}`), sql` `)} else '' end)`;

const FIELDS: QueryFields = {
  name: text('disks.name'), description: text('disks.description'), vdc: ref('disks.vdc_id'), vdcName: text('vdcs.name'),
  org: ref('disks.org_id'), owner: ref('disks.owner_id'), ownerName: text('users.name'),
  sizeMb: count('disks.size_mb'), sizeB: count(sql`(disks.size_mb * 1048576)`), iops: count('disks.iops'),
  storageProfile: ref('disks.storage_profile_id'), storageProfileName: text('vdc_storage_profiles.name'),
  status: text(statusText('disks.status')), busType: text('disks.bus_type'), busTypeDesc: text(BUS_TYPE_DESC), busSubType: text('disks.bus_sub_type'),
  attachedVmCount: count(ATTACHED_VMS), isAttached: { column: sql`(case when ${ATTACHED_VMS} > 0 then 1 else 0 end)`, type: 'boolean' },
  encrypted: constantField(false), isShareable: constantField(false), sharingType: constantField('None'),
};

function select({ db }: QueryContext, where: Visibility) {
  return db.selectFrom('disks').innerJoin('vdcs', 'vdcs.id', 'disks.vdc_id')
    .innerJoin('vdc_storage_profiles', 'vdc_storage_profiles.id', 'disks.storage_profile_id').leftJoin('users', 'users.id', 'disks.owner_id')
    .select(['disks.id', 'disks.org_id', 'disks.vdc_id', 'vdcs.name as vdc_name', 'disks.storage_profile_id', 'vdc_storage_profiles.name as storage_profile_name',
      'disks.owner_id', 'users.name as owner_name', 'disks.name', 'disks.description', 'disks.size_mb', 'disks.iops', 'disks.bus_type',
      'disks.bus_sub_type', 'disks.status', ATTACHED_VMS.as('attached_vms')])
    .where(where);
}

const attributes = (r: DiskRecordRow) => ({
  name: r.name, description: r.description, vdcName: r.vdc_name, ownerName: r.owner_name ?? '',
  sizeMb: Number(r.size_mb), sizeB: Number(r.size_mb) * 1048576, storageProfileName: r.storage_profile_name,
  status: statusName(r.status), busType: r.bus_type, busTypeDesc: BUS_TYPES[r.bus_type] ?? '', busSubType: r.bus_sub_type,
  attachedVmCount: Number(r.attached_vms), isAttached: Number(r.attached_vms) > 0,
});

const references = (r: DiskRecordRow): Record<string, EntityPointer> => ({
  vdc: pointer(`/api/vdc/${r.vdc_id}`, urn('vdc', r.vdc_id)),
  storageProfile: pointer(`/api/vdcStorageProfile/${r.storage_profile_id}`, urn('vdcstorageProfile', r.storage_profile_id)),
  ...(r.owner_id ? { owner: pointer(`/api/admin/user/${r.owner_id}`, urn('user', r.owner_id)) } : {}),
});

const common = {
  fields: FIELDS,
  order: ['disks.created', 'disks.id'],
  entityFamily: 'vcloud.disk',
  path: (r: DiskRecordRow) => `/api/disk/${r.id}`,
  urn: (r: DiskRecordRow) => urn('disk', r.id),
};

const diskQuery = defineQueryType<DiskRecordRow>({
  ...common,
  name: 'disk', recordElement: 'DiskRecord', recordType: 'QueryResultDiskRecordType', referencesElement: 'DiskReferences',
  select: (ctx) => select(ctx, diskVisibility(ctx.session)),
  attributes: (r) => ({ ...attributes(r), iops: Number(r.iops), encrypted: false, isShareable: false, sharingType: 'None' }),
  references,
});

// adminDisk records (the provider's and the org administrators' view) also name the org
const adminDiskQuery = defineQueryType<DiskRecordRow>({
  ...common,
  name: 'adminDisk', recordElement: 'AdminDiskRecord', recordType: 'QueryResultAdminDiskRecordType', referencesElement: 'DiskReferences',
  select: (ctx) => select(ctx, orgScope(ctx.session, 'disks.org_id', ADMINISTER_ORG)),
  attributes,
  references: (r) => ({ ...references(r), org: pointer(`/api/org/${r.org_id}`, urn('org', r.org_id)) }),
});

export const diskType = defineEntityType({
  urnType: 'disk',
  table: 'disks',
  columns: { id: 'disks.id', name: 'disks.name', orgId: 'disks.org_id' },
  parent: { type: 'vdc', column: 'disks.vdc_id' },
  views: [{ family: 'vcloud.disk', path: (id) => `/api/disk/${id}` }],
  visibility: diskVisibility,
  rights: DISK_RIGHTS,
  queries: [diskQuery, adminDiskQuery],
});
