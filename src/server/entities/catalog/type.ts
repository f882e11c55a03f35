// A catalog (vcloud.catalog /api/catalog/{id}; admin.catalog /api/admin/catalog/{id}, readable by whoever
// reads the catalog, editable by its org's administrators): its org's, and every org's once published.
// Query types: catalog and adminCatalog.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import type { Session } from '../../inventory/principal.ts';
import { defineEntityType, defineQueryType, type QueryContext, type QueryFields } from '../../inventory/entity-type.ts';
import {
  bool, catalogVisibility, count, creationOrder, iso, orgRef, ownerRef, ref, text, time, type CatalogRecordRow,
} from './records.ts';

/** The rights to create and delete an org's catalogs, and to edit them and what they hold. */
export const CATALOG_CREATE_RIGHT = 'Catalog: Create / Delete a Catalog';
export const CATALOG_EDIT_RIGHT = 'Catalog: Edit Properties';

const TEMPLATES = sql<number>`(select count(*) from vapp_templates t where t.catalog_id = catalogs.id)`;
const MEDIA = sql<number>`(select count(*) from media m where m.catalog_id = catalogs.id)`;

const select = (db: Db, session: Session) => db.selectFrom('catalogs')
  .innerJoin('orgs', 'orgs.id', 'catalogs.org_id')
  .leftJoin('users', 'users.id', 'catalogs.owner_id')
  .where(catalogVisibility(session))
  .select([
    'catalogs.id', 'catalogs.name', 'catalogs.description', 'catalogs.org_id', 'orgs.name as org_name', 'catalogs.owner_id',
    'users.name as owner_name', 'catalogs.is_published', 'catalogs.is_shared', 'catalogs.created_at',
    TEMPLATES.as('templates'), MEDIA.as('media'),
  ]);

const FIELDS: QueryFields = {
  name: text('catalogs.name'), description: text('catalogs.description'), isPublished: bool('catalogs.is_published'),
  isShared: bool('catalogs.is_shared'), creationDate: time('catalogs.created_at'), orgName: text('orgs.name'), ownerName: text('users.name'),
  numberOfMedia: count(MEDIA), owner: ref('catalogs.owner_id'), org: ref('catalogs.org_id'),
};

const common = {
  // queryReferenceView.xsd has no AdminCatalogReferences: catalogs are CatalogReferences in both queries
  referencesElement: 'CatalogReferences',
  select: ({ db, session }: QueryContext) => select(db, session) as never,
  order: creationOrder('catalogs'),
  urn: (r: CatalogRecordRow) => urn('catalog', r.id),
};

const attributes = (r: CatalogRecordRow) => ({
  name: r.name, isPublished: r.is_published === 1, isShared: r.is_shared === 1, creationDate: iso(r.created_at),
  orgName: r.org_name, ownerName: r.owner_name ?? '', numberOfMedia: Number(r.media),
});

const catalogQuery = defineQueryType<CatalogRecordRow>({
  ...common,
  name: 'catalog', recordElement: 'CatalogRecord', recordType: 'QueryResultCatalogRecordType', entityFamily: 'vcloud.catalog',
  fields: { ...FIELDS, numberOfVAppTemplates: count(TEMPLATES) },
  path: (r) => `/api/catalog/${r.id}`,
  attributes: (r) => ({ ...attributes(r), description: r.description, numberOfVAppTemplates: Number(r.templates) }),
  // a CatalogRecord has no org attribute, but filters name the org (org==<href>)
  references: ownerRef,
});

const adminCatalogQuery = defineQueryType<CatalogRecordRow>({
  ...common,
  name: 'adminCatalog', recordElement: 'AdminCatalogRecord', recordType: 'QueryResultAdminCatalogRecordType', entityFamily: 'admin.catalog',
  fields: { ...FIELDS, numberOfTemplates: count(TEMPLATES) },
  path: (r) => `/api/admin/catalog/${r.id}`,
  attributes: (r) => ({ ...attributes(r), numberOfTemplates: Number(r.templates) }),
  references: (r) => ({ ...ownerRef(r), org: orgRef(r) }),
});

export const catalogType = defineEntityType({
  urnType: 'catalog',
  table: 'catalogs',
  columns: { id: 'catalogs.id', name: 'catalogs.name', orgId: 'catalogs.org_id' },
  parent: { type: 'org', column: 'catalogs.org_id' },
  views: [
    { family: 'vcloud.catalog', path: (id) => `/api/catalog/${id}` },
    { family: 'admin.catalog', path: (id) => `/api/admin/catalog/${id}` },
  ],
  visibility: catalogVisibility,
  rights: { create: [CATALOG_CREATE_RIGHT], edit: [CATALOG_EDIT_RIGHT], delete: [CATALOG_CREATE_RIGHT] },
  queries: [catalogQuery, adminCatalogQuery],
});
