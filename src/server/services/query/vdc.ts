// type=orgVdc and type=adminOrgVdc: the VDCs the caller may see, listed in SQL (filter, sort, page and
// count in the store, never by loading every row). Filters name the org by href, URN or id (org==<href>,
// as the Org document's query link does). Usage figures come from VdcService.usage(), zero until VDCs
// hold vApps. Shaped as the entity registry's query definitions (select, fields, order), to move there.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import type { Db, Store } from '../../store/db.ts';
import { canAdministerOrg } from '../entities.ts';
import { canSeeVdc, VDC_STATUS } from '../vdcs.ts';
import type { Session } from '../sessions.ts';
import { listInSql, type SqlFields } from '../sql-listing.ts';
import type { IdentityService } from '../identity.ts';
import { defineQueryType } from './query-type.ts';

interface VdcRecordRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  is_enabled: number;
  status: number;
  cpu_allocated_mhz: number;
  cpu_limit_mhz: number;
  cpu_reserved_mhz: number;
  memory_allocated_mb: number;
  memory_limit_mb: number;
  memory_reserved_mb: number;
  storage_limit_mb: number | string | null;
  storage_used_mb: number | string | null;
  storage_profiles: number | string | null;
}

const SQL_FIELDS: SqlFields = {
  name: { column: 'vdcs.name', type: 'text' },
  description: { column: 'vdcs.description', type: 'text' },
  org: { column: 'vdcs.org_id', type: 'text' },
  isEnabled: { column: sql`(case when vdcs.is_enabled = 1 then 'true' else 'false' end)`, type: 'text' },
  status: { column: sql`(case vdcs.status when 1 then 'READY' when 0 then 'NOT_READY' when -1 then 'FAILED_CREATION' else 'UNKNOWN' end)`, type: 'text' },
};

const COMMON = ['name', 'description', 'isEnabled', 'cpuAllocationMhz', 'cpuLimitMhz', 'cpuUsedMhz', 'memoryAllocationMB',
  'memoryLimitMB', 'memoryUsedMB', 'storageLimitMB', 'storageUsedMB', 'orgName', 'numberOfVApps', 'numberOfVMs',
  'numberOfRunningVMs', 'numberOfMedia', 'numberOfVAppTemplates', 'numberOfStorageProfiles', 'isBusy', 'status'] as const;

function select(db: Db, session: Session, admin: boolean) {
  let q = db.selectFrom('vdcs')
    .selectAll('vdcs')
    .select((eb) => [
      eb.selectFrom('vdc_storage_profiles').whereRef('vdc_id', '=', 'vdcs.id').select(sql<number>`sum(limit_mb)`.as('s')).as('storage_limit_mb'),
      eb.selectFrom('vdc_storage_profiles').whereRef('vdc_id', '=', 'vdcs.id').select(sql<number>`sum(used_mb)`.as('s')).as('storage_used_mb'),
      eb.selectFrom('vdc_storage_profiles').whereRef('vdc_id', '=', 'vdcs.id').select(sql<number>`count(*)`.as('s')).as('storage_profiles'),
      sql<number>`(case when exists (select 1 from tasks where tasks.busy_owner = ${sql.lit('urn:vcloud:vdc:')} || vdcs.id) then 1 else 0 end)`.as('busy'),
    ]);
  // The provider sees every VDC; a tenant its org's, with the view right (the admin records, which point at
  // the admin view: its administrators); nobody else any.
  const sees = admin ? canAdministerOrg(session, session.orgId) : canSeeVdc(session, session.orgId);
  if (!session.isProvider) q = sees ? q.where('vdcs.org_id', '=', session.orgId) : q.where(sql<boolean>`1 = 0`);
  return q;
}

function vdcQuery(identity: IdentityService, store: Store, admin: boolean) {
  return defineQueryType<VdcRecordRow & { busy: number }>({
    name: admin ? 'adminOrgVdc' : 'orgVdc',
    recordElement: admin ? 'AdminVdcRecord' : 'OrgVdcRecord',
    recordType: admin ? 'QueryResultAdminVdcRecordType' : 'QueryResultOrgVdcRecordType',
    referencesElement: admin ? 'AdminVdcReferences' : 'OrgVdcReferences',
    entityFamily: admin ? 'admin.vdc' : 'vcloud.vdc',
    // OrgVdcRecord has no org attribute (queryRecordView.xsd), yet its query filters on it
    fields: admin ? [...COMMON, 'org'] : [...COMMON],
    referenceFields: ['org'],
    list: (session, query) => listInSql(select(store.db, session, admin), query, { engine: store.engine, fields: SQL_FIELDS, order: ['vdcs.created', 'vdcs.id'] }),
    path: (r) => (admin ? `/api/admin/vdc/${r.id}` : `/api/vdc/${r.id}`),
    urn: (r) => urn('vdc', r.id),
    attributes: (r) => ({
      name: r.name,
      description: r.description,
      isEnabled: Boolean(r.is_enabled),
      cpuAllocationMhz: Number(r.cpu_allocated_mhz),
      cpuLimitMhz: Number(r.cpu_limit_mhz),
      cpuUsedMhz: 0,
      memoryAllocationMB: Number(r.memory_allocated_mb),
      memoryLimitMB: Number(r.memory_limit_mb),
      memoryUsedMB: 0,
      storageLimitMB: Number(r.storage_limit_mb ?? 0),
      storageUsedMB: Number(r.storage_used_mb ?? 0),
      orgName: identity.getOrg(r.org_id)?.name ?? '',
      // counts of what a VDC holds: no vApps, VMs, media or templates are placed in VDCs yet
      numberOfVApps: 0,
      numberOfVMs: 0,
      numberOfRunningVMs: 0,
      numberOfMedia: 0,
      numberOfVAppTemplates: 0,
      numberOfStorageProfiles: Number(r.storage_profiles ?? 0),
      isBusy: Boolean(r.busy),
      status: VDC_STATUS[String(r.status) as keyof typeof VDC_STATUS] ?? 'UNKNOWN',
    }),
    ...(admin && { references: (r: VdcRecordRow) => ({ org: { path: `/api/org/${r.org_id}`, urn: urn('org', r.org_id) } }) }),
  });
}

export const orgVdcQuery = (identity: IdentityService, store: Store) => vdcQuery(identity, store, false);
export const adminOrgVdcQuery = (identity: IdentityService, store: Store) => vdcQuery(identity, store, true);
