// What the catalog types (catalog, catalog item, vApp template, media) share: who sees a catalog and
// what it holds, and the record columns, fields and pointers their query types read.
import { sql, type RawBuilder } from 'kysely';
import { urn } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import type { Session } from '../../inventory/principal.ts';
import { constantField } from '../../inventory/sql.ts';
import { orgOrSharedScope } from '../../inventory/policy.ts';
import type { EntityPointer, QueryFields, Visibility } from '../../inventory/entity-type.ts';

/** Who sees a catalog: the provider every one; a tenant its org's and the published ones. */
export const catalogVisibility = (session: Session): Visibility => orgOrSharedScope(session, 'catalogs.org_id', 'catalogs.is_published');

/** What a catalog holds is seen by whoever sees the catalog (`catalogColumn` holds its id). */
export const inVisibleCatalog = (session: Session, catalogColumn: string): Visibility =>
  sql<boolean>`exists (select 1 from catalogs where catalogs.id = ${sql.ref(catalogColumn)} and ${catalogVisibility(session)})`;

/** The org of what a catalog holds: its catalog's. */
export const catalogOrg = (catalogColumn: string): RawBuilder<unknown> =>
  sql`(select catalogs.org_id from catalogs where catalogs.id = ${sql.ref(catalogColumn)})`;

/** One record's columns, as the catalog queries select them (some types use only some). */
export interface CatalogRecordRow {
  id: string;
  name: string;
  description: string;
  org_id: string;
  org_name: string;
  owner_id: string | null;
  owner_name: string | null;
  catalog_id: string;
  catalog_name: string;
  is_published: number;
  is_shared: number;
  created_at: number | string;
  /** catalogs: their templates and media; items: what they hold */
  templates: number | string;
  media: number | string;
  item_id: string;
  entity_type: string;
  entity_id: string;
  entity_name: string;
  status: number;
  size_bytes: number | string;
  /** templates and media: the VDC they are stored in, if the org has one */
  vdc_id: string | null;
  vdc_name: string | null;
}

export const text = (column: string | RawBuilder<unknown>) => ({ column, type: 'text' as const });
export const bool = (column: string) => ({ column, type: 'boolean' as const });
export const count = (column: string | RawBuilder<unknown>) => ({ column, type: 'number' as const });
export const time = (column: string) => ({ column, type: 'time' as const });
export const ref = (column: string) => ({ column, type: 'reference' as const });

export const iso = (ms: number | string) => new Date(Number(ms)).toISOString();
export const pointer = (path: string, id: string): EntityPointer => ({ path, urn: id });
export const orgRef = (r: CatalogRecordRow) => pointer(`/api/org/${r.org_id}`, urn('org', r.org_id));
export const ownerRef = (r: CatalogRecordRow): Record<string, EntityPointer> =>
  r.owner_id ? { owner: pointer(`/api/admin/user/${r.owner_id}`, urn('user', r.owner_id)) } : {};
export const catalogRef = (r: CatalogRecordRow) => pointer(`/api/catalog/${r.catalog_id}`, urn('catalog', r.catalog_id));
const itemRef = (r: CatalogRecordRow) => pointer(`/api/catalogItem/${r.item_id}`, urn('catalogitem', r.item_id));

/** VCD's template and media status names for the codes the model uses. */
export const STATUS: Record<number, string> = { 0: 'UNRESOLVED', 1: 'RESOLVED', 8: 'RESOLVED' };

/** The order of a table's records: creation, then id. */
export const creationOrder = (table: string) => [`${table}.created_at`, `${table}.id`];

type ContentTable = 'vapp_templates' | 'media';

/**
 * The VDC a catalog's templates and media are stored in (their records' vdc and vdcName). The cell models no
 * catalog storage placement, so content lives on its org's oldest VDC, as VCD places the content of a catalog
 * without a storage profile on one of the org's VDCs; none while the org has no VDC.
 */
const PLACEMENT = sql`(select v.id from vdcs v where v.org_id = catalogs.org_id order by v.created, v.id limit 1)`;

/** Templates and media as their queries select them: the entity's own row, its catalog and the item that holds it. */
export const contentSelect = (table: ContentTable) => (db: Db, session: Session) => db.selectFrom(table)
  .innerJoin('catalogs', 'catalogs.id', `${table}.catalog_id`)
  .innerJoin('orgs', 'orgs.id', 'catalogs.org_id')
  .innerJoin('catalog_items', 'catalog_items.entity_id', `${table}.id`)
  .leftJoin('users', 'users.id', `${table}.owner_id`)
  .leftJoin('vdcs', (join) => join.on(sql<boolean>`vdcs.id = ${PLACEMENT}`))
  .where(catalogVisibility(session))
  .select([
    `${table}.id`, `${table}.name`, `${table}.description`, 'catalogs.org_id', 'orgs.name as org_name', `${table}.owner_id`,
    'users.name as owner_name', 'catalogs.id as catalog_id', 'catalogs.name as catalog_name', 'catalogs.is_published',
    `${table}.created_at`, `${table}.status`, 'catalog_items.id as item_id', 'vdcs.id as vdc_id', 'vdcs.name as vdc_name',
    ...(table === 'media' ? [sql<number>`media.size_bytes`.as('size_bytes')] : []),
  ] as never);

export const contentFields = (table: ContentTable): QueryFields => ({
  name: text(`${table}.name`), ownerName: text('users.name'), catalogName: text('catalogs.name'), isPublished: bool('catalogs.is_published'),
  org: ref('catalogs.org_id'), creationDate: time(`${table}.created_at`), owner: ref(`${table}.owner_id`), catalog: ref('catalogs.id'),
  catalogItem: ref('catalog_items.id'), isBusy: constantField(false), vdc: ref('vdcs.id'), vdcName: text('vdcs.name'),
  status: text(sql`case when ${sql.ref(`${table}.status`)} = 0 then 'UNRESOLVED' else 'RESOLVED' end`),
});

export const contentAttributes = (r: CatalogRecordRow) => ({
  name: r.name, ownerName: r.owner_name ?? '', catalogName: r.catalog_name, isPublished: r.is_published === 1,
  creationDate: iso(r.created_at), isBusy: false, status: STATUS[r.status] ?? 'UNKNOWN', ...(r.vdc_name ? { vdcName: r.vdc_name } : {}),
});

export const contentReferences = (r: CatalogRecordRow) => ({
  org: orgRef(r), catalog: catalogRef(r), catalogItem: itemRef(r), ...ownerRef(r),
  ...(r.vdc_id ? { vdc: pointer(`/api/vdc/${r.vdc_id}`, urn('vdc', r.vdc_id)) } : {}),
});
