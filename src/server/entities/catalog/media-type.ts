// A medium (vcloud.media /api/media/{id}): an ISO or floppy image held by a catalog item, seen by whoever
// sees its catalog. Query types: media and adminMedia.
import { urn } from '../../ids.ts';
import { defineEntityType, defineQueryType, type QueryContext } from '../../inventory/entity-type.ts';
import {
  contentAttributes, contentFields, contentReferences, contentSelect, count, creationOrder, inVisibleCatalog, type CatalogRecordRow,
} from './records.ts';

const select = contentSelect('media');

const common = {
  entityFamily: 'vcloud.media',
  referencesElement: 'MediaReferences',
  fields: { ...contentFields('media'), storageB: count('media.size_bytes') },
  select: ({ db, session }: QueryContext) => select(db, session) as never,
  order: creationOrder('media'),
  path: (r: CatalogRecordRow) => `/api/media/${r.id}`,
  urn: (r: CatalogRecordRow) => urn('media', r.id),
  attributes: (r: CatalogRecordRow) => ({ ...contentAttributes(r), storageB: Number(r.size_bytes) }),
  references: contentReferences,
};

const mediaQuery = defineQueryType<CatalogRecordRow>({ ...common, name: 'media', recordElement: 'MediaRecord', recordType: 'QueryResultMediaRecordType' });
const adminMediaQuery = defineQueryType<CatalogRecordRow>({
  ...common, name: 'adminMedia', recordElement: 'AdminMediaRecord', recordType: 'QueryResultAdminMediaRecordType',
});

export const mediaType = defineEntityType({
  urnType: 'media',
  names: { set: 'media' },
  table: 'media',
  columns: { id: 'media.id', name: 'media.name', orgId: 'media.org_id' },
  parent: { type: 'catalog', column: 'media.catalog_id' },
  views: [{ family: 'vcloud.media', path: (id) => `/api/media/${id}` }],
  visibility: (session) => inVisibleCatalog(session, 'media.catalog_id'),
  queries: [mediaQuery, adminMediaQuery],
});
