// A catalog item (vcloud.catalogItem /api/catalogItem/{id}): one vApp template or medium in a catalog,
// seen by whoever sees the catalog. Query type: catalogItem.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import { defineEntityType, defineQueryType } from '../../inventory/entity-type.ts';
import {
  bool, catalogOrg, catalogRef, catalogVisibility, creationOrder, inVisibleCatalog, iso, ownerRef, pointer, ref, STATUS, text, time,
  type CatalogRecordRow,
} from './records.ts';
import { CATALOG_EDIT_RIGHT } from './type.ts';

const catalogItemQuery = defineQueryType<CatalogRecordRow>({
  name: 'catalogItem', recordElement: 'CatalogItemRecord', recordType: 'QueryResultCatalogItemRecordType', referencesElement: 'CatalogItemReferences',
  entityFamily: 'vcloud.catalogItem',
  fields: {
    name: text('catalog_items.name'), entityName: text(sql`coalesce(vapp_templates.name, media.name)`),
    entityType: text('catalog_items.entity_type'), catalog: ref('catalogs.id'), catalogName: text('catalogs.name'), ownerName: text('users.name'),
    owner: ref('catalogs.owner_id'), isPublished: bool('catalogs.is_published'), creationDate: time('catalog_items.created_at'),
    entity: ref('catalog_items.entity_id'),
    status: text(sql`case when coalesce(vapp_templates.status, media.status) = 0 then 'UNRESOLVED' else 'RESOLVED' end`),
  },
  select: ({ db, session }) => db.selectFrom('catalog_items')
    .innerJoin('catalogs', 'catalogs.id', 'catalog_items.catalog_id')
    .leftJoin('vapp_templates', 'vapp_templates.id', 'catalog_items.entity_id')
    .leftJoin('media', 'media.id', 'catalog_items.entity_id')
    .leftJoin('users', 'users.id', 'catalogs.owner_id')
    .where(catalogVisibility(session))
    .select([
      'catalog_items.id', 'catalog_items.name', 'catalogs.owner_id', 'users.name as owner_name',
      'catalogs.id as catalog_id', 'catalogs.name as catalog_name', 'catalogs.is_published', 'catalog_items.created_at',
      'catalog_items.entity_type', 'catalog_items.entity_id',
      sql<string>`coalesce(vapp_templates.name, media.name)`.as('entity_name'),
      sql<number>`coalesce(vapp_templates.status, media.status)`.as('status'),
    ]) as never,
  order: creationOrder('catalog_items'),
  path: (r) => `/api/catalogItem/${r.id}`,
  urn: (r) => urn('catalogitem', r.id),
  attributes: (r) => ({
    name: r.name, entityName: r.entity_name, entityType: r.entity_type === 'media' ? 'media' : 'vapptemplate', catalogName: r.catalog_name,
    ownerName: r.owner_name ?? '', isPublished: r.is_published === 1, creationDate: iso(r.created_at), status: STATUS[r.status] ?? 'UNKNOWN',
  }),
  references: (r) => ({
    catalog: catalogRef(r), ...ownerRef(r),
    entity: r.entity_type === 'media'
      ? pointer(`/api/media/${r.entity_id}`, urn('media', r.entity_id))
      : pointer(`/api/vAppTemplate/vappTemplate-${r.entity_id}`, urn('vapptemplate', r.entity_id)),
  }),
});

export const catalogItemType = defineEntityType({
  urnType: 'catalogitem',
  names: { set: 'catalogItems', noun: 'catalog-item' },
  table: 'catalog_items',
  columns: { id: 'catalog_items.id', name: 'catalog_items.name', orgId: catalogOrg('catalog_items.catalog_id') },
  parent: { type: 'catalog', column: 'catalog_items.catalog_id' },
  views: [{ family: 'vcloud.catalogItem', path: (id) => `/api/catalogItem/${id}` }],
  visibility: (session) => inVisibleCatalog(session, 'catalog_items.catalog_id'),
  // an item is changed and removed with its catalog's edit right
  rights: { edit: [CATALOG_EDIT_RIGHT], delete: [CATALOG_EDIT_RIGHT] },
  queries: [catalogItemQuery],
});
