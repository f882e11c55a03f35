// The catalog query types (catalog, adminCatalog, catalogItem, vAppTemplate, adminVAppTemplate, media,
// adminMedia), answered in SQL: visibility, filter, sort and page are one statement each for the count
// and the page, over the catalogs a caller may see (services/catalogs.ts decides which).
import { sql, type RawBuilder } from 'kysely';
import { urn } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import { orgOrSharedScope } from '../../inventory/policy.ts';
import { defineQueryType, type AnyQueryTypeDefinition, type EntityPointer, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import type { Session } from '../sessions.ts';
import { constantField } from '../sql-listing.ts';

/** Who sees a catalog (and what it holds): the provider every one; a tenant its org's and the published. */
export const catalogVisibility = (session: Session): Visibility => orgOrSharedScope(session, 'catalogs.org_id', 'catalogs.is_published');

/** One record's columns, as every catalog query selects them (some types use only some). */
interface CatalogRecordRow {
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
}

const text = (column: string | RawBuilder<unknown>) => ({ column, type: 'text' as const });
const bool = (column: string) => ({ column, type: 'boolean' as const });
const count = (column: string | RawBuilder<unknown>) => ({ column, type: 'number' as const });
const time = (column: string) => ({ column, type: 'time' as const });
const ref = (column: string) => ({ column, type: 'reference' as const });

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();
const pointer = (path: string, id: string): EntityPointer => ({ path, urn: id });
const orgRef = (r: CatalogRecordRow) => pointer(`/api/org/${r.org_id}`, urn('org', r.org_id));
const ownerRef = (r: CatalogRecordRow): Record<string, EntityPointer> =>
  r.owner_id ? { owner: pointer(`/api/admin/user/${r.owner_id}`, urn('user', r.owner_id)) } : {};
const catalogRef = (r: CatalogRecordRow) => pointer(`/api/catalog/${r.catalog_id}`, urn('catalog', r.catalog_id));
const itemRef = (r: CatalogRecordRow) => pointer(`/api/catalogItem/${r.item_id}`, urn('catalogitem', r.item_id));

/** VCD's template and media status names for the codes the model uses. */
const STATUS: Record<number, string> = { 0: 'UNRESOLVED', 1: 'RESOLVED', 8: 'RESOLVED' };

interface Shape {
  name: string;
  recordElement: string;
  recordType: string;
  referencesElement: string;
  entityFamily: string;
  fields: QueryFields;
  from: (db: Db, session: Session) => unknown;
  path: (r: CatalogRecordRow) => string;
  urn: (r: CatalogRecordRow) => string;
  attributes: (r: CatalogRecordRow) => Record<string, string | number | boolean>;
  references: (r: CatalogRecordRow) => Record<string, EntityPointer>;
  order: string;
}

export function catalogQueries(): AnyQueryTypeDefinition[] {
  const catalogs = (db: Db, session: Session) => db.selectFrom('catalogs')
    .innerJoin('orgs', 'orgs.id', 'catalogs.org_id')
    .leftJoin('users', 'users.id', 'catalogs.owner_id')
    .where(catalogVisibility(session))
    .select([
      'catalogs.id', 'catalogs.name', 'catalogs.description', 'catalogs.org_id', 'orgs.name as org_name', 'catalogs.owner_id',
      'users.name as owner_name', 'catalogs.id as catalog_id', 'catalogs.name as catalog_name', 'catalogs.is_published', 'catalogs.is_shared',
      'catalogs.created_at',
      sql<number>`(select count(*) from vapp_templates t where t.catalog_id = catalogs.id)`.as('templates'),
      sql<number>`(select count(*) from media m where m.catalog_id = catalogs.id)`.as('media'),
    ]);
  const items = (db: Db, session: Session) => db.selectFrom('catalog_items')
    .innerJoin('catalogs', 'catalogs.id', 'catalog_items.catalog_id')
    .leftJoin('vapp_templates', 'vapp_templates.id', 'catalog_items.entity_id')
    .leftJoin('media', 'media.id', 'catalog_items.entity_id')
    .leftJoin('users', 'users.id', 'catalogs.owner_id')
    .where(catalogVisibility(session))
    .select([
      'catalog_items.id', 'catalog_items.name', 'catalog_items.description', 'catalogs.org_id', 'catalogs.owner_id', 'users.name as owner_name',
      'catalogs.id as catalog_id', 'catalogs.name as catalog_name', 'catalogs.is_published', 'catalog_items.created_at',
      'catalog_items.id as item_id', 'catalog_items.entity_type', 'catalog_items.entity_id',
      sql<string>`coalesce(vapp_templates.name, media.name)`.as('entity_name'),
      sql<number>`coalesce(vapp_templates.status, media.status)`.as('status'),
    ]);
  // templates and media: the entity's own row, its catalog and the item that holds it
  const entities = (table: 'vapp_templates' | 'media') => (db: Db, session: Session) => db.selectFrom(table)
    .innerJoin('catalogs', 'catalogs.id', `${table}.catalog_id`)
    .innerJoin('orgs', 'orgs.id', 'catalogs.org_id')
    .innerJoin('catalog_items', 'catalog_items.entity_id', `${table}.id`)
    .leftJoin('users', 'users.id', `${table}.owner_id`)
    .where(catalogVisibility(session))
    .select([
      `${table}.id`, `${table}.name`, `${table}.description`, 'catalogs.org_id', 'orgs.name as org_name', `${table}.owner_id`,
      'users.name as owner_name', 'catalogs.id as catalog_id', 'catalogs.name as catalog_name', 'catalogs.is_published',
      `${table}.created_at`, `${table}.status`, 'catalog_items.id as item_id',
      ...(table === 'media' ? [sql<number>`media.size_bytes`.as('size_bytes')] : []),
    ] as never);

  const catalogFields = {
    name: text('catalogs.name'), description: text('catalogs.description'), isPublished: bool('catalogs.is_published'),
    isShared: bool('catalogs.is_shared'), creationDate: time('catalogs.created_at'), orgName: text('orgs.name'), ownerName: text('users.name'),
    numberOfMedia: count(sql`(select count(*) from media m where m.catalog_id = catalogs.id)`),
    owner: ref('catalogs.owner_id'), org: ref('catalogs.org_id'),
  } as const;
  const numberOfTemplates = count(sql`(select count(*) from vapp_templates t where t.catalog_id = catalogs.id)`);
  const catalogCommon = {
    referencesElement: 'CatalogReferences',
    from: catalogs,
    path: (r: CatalogRecordRow) => `/api/catalog/${r.id}`,
    urn: (r: CatalogRecordRow) => urn('catalog', r.id),
    order: 'catalogs',
  };
  const catalogAttributes = (r: CatalogRecordRow) => ({
    name: r.name, isPublished: r.is_published === 1, isShared: r.is_shared === 1, creationDate: iso(r.created_at),
    orgName: r.org_name, ownerName: r.owner_name ?? '', numberOfMedia: Number(r.media),
  });

  const entityFields = (table: 'vapp_templates' | 'media') => ({
    name: text(`${table}.name`), ownerName: text('users.name'), catalogName: text('catalogs.name'), isPublished: bool('catalogs.is_published'),
    org: ref('catalogs.org_id'), creationDate: time(`${table}.created_at`), owner: ref(`${table}.owner_id`), catalog: ref('catalogs.id'),
    catalogItem: ref('catalog_items.id'), isBusy: constantField(false), status: text(sql`case when ${sql.ref(`${table}.status`)} = 0 then 'UNRESOLVED' else 'RESOLVED' end`),
  });
  const entityAttributes = (r: CatalogRecordRow) => ({
    name: r.name, ownerName: r.owner_name ?? '', catalogName: r.catalog_name, isPublished: r.is_published === 1,
    creationDate: iso(r.created_at), isBusy: false, status: STATUS[r.status] ?? 'UNKNOWN',
  });
  const entityReferences = (r: CatalogRecordRow) => ({ org: orgRef(r), catalog: catalogRef(r), catalogItem: itemRef(r), ...ownerRef(r) });
  const template = {
    entityFamily: 'vcloud.vAppTemplate', referencesElement: 'VAppTemplateReferences', from: entities('vapp_templates'),
    path: (r: CatalogRecordRow) => `/api/vAppTemplate/vappTemplate-${r.id}`, urn: (r: CatalogRecordRow) => urn('vapptemplate', r.id),
    references: entityReferences, order: 'vapp_templates',
    fields: { ...entityFields('vapp_templates'), description: text('vapp_templates.description'), isGoldMaster: constantField(false), isEnabled: constantField(true), isDeployed: constantField(false), isExpired: constantField(false) },
  };
  const templateAttributes = (r: CatalogRecordRow) => ({ ...entityAttributes(r), isGoldMaster: false, isEnabled: true, isDeployed: false, isExpired: false });
  const media = {
    entityFamily: 'vcloud.media', referencesElement: 'MediaReferences', from: entities('media'),
    path: (r: CatalogRecordRow) => `/api/media/${r.id}`, urn: (r: CatalogRecordRow) => urn('media', r.id),
    references: entityReferences, order: 'media',
    fields: { ...entityFields('media'), storageB: count('media.size_bytes') },
  };
  const mediaAttributes = (r: CatalogRecordRow) => ({ ...entityAttributes(r), storageB: Number(r.size_bytes) });

  const shapes: Shape[] = [
    {
      ...catalogCommon, name: 'catalog', recordElement: 'CatalogRecord', recordType: 'QueryResultCatalogRecordType', entityFamily: 'vcloud.catalog',
      fields: { ...catalogFields, numberOfVAppTemplates: numberOfTemplates },
      attributes: (r) => ({ ...catalogAttributes(r), description: r.description, numberOfVAppTemplates: Number(r.templates) }),
      // a CatalogRecord has no org attribute, but filters name the org (org==<href>)
      references: ownerRef,
    },
    {
      // queryReferenceView.xsd has no AdminCatalogReferences: catalogs are CatalogReferences in both queries
      ...catalogCommon, name: 'adminCatalog', recordElement: 'AdminCatalogRecord', recordType: 'QueryResultAdminCatalogRecordType',
      entityFamily: 'admin.catalog', path: (r) => `/api/admin/catalog/${r.id}`,
      fields: { ...catalogFields, numberOfTemplates },
      attributes: (r) => ({ ...catalogAttributes(r), numberOfTemplates: Number(r.templates) }),
      references: (r) => ({ ...ownerRef(r), org: orgRef(r) }),
    },
    {
      name: 'catalogItem', recordElement: 'CatalogItemRecord', recordType: 'QueryResultCatalogItemRecordType', referencesElement: 'CatalogItemReferences',
      entityFamily: 'vcloud.catalogItem', from: items, order: 'catalog_items',
      fields: {
        name: text('catalog_items.name'), entityName: text(sql`coalesce(vapp_templates.name, media.name)`),
        entityType: text('catalog_items.entity_type'), catalog: ref('catalogs.id'), catalogName: text('catalogs.name'), ownerName: text('users.name'),
        owner: ref('catalogs.owner_id'), isPublished: bool('catalogs.is_published'), creationDate: time('catalog_items.created_at'),
        entity: ref('catalog_items.entity_id'), status: text(sql`case when coalesce(vapp_templates.status, media.status) = 0 then 'UNRESOLVED' else 'RESOLVED' end`),
      },
      path: (r) => `/api/catalogItem/${r.id}`, urn: (r) => urn('catalogitem', r.id),
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
    },
    { ...template, name: 'vAppTemplate', recordElement: 'VAppTemplateRecord', recordType: 'QueryResultVAppTemplateRecordType', attributes: (r) => ({ ...templateAttributes(r), description: r.description }) },
    { ...template, name: 'adminVAppTemplate', recordElement: 'AdminVAppTemplateRecord', recordType: 'QueryResultAdminVAppTemplateRecordType', attributes: templateAttributes },
    { ...media, name: 'media', recordElement: 'MediaRecord', recordType: 'QueryResultMediaRecordType', attributes: mediaAttributes },
    { ...media, name: 'adminMedia', recordElement: 'AdminMediaRecord', recordType: 'QueryResultAdminMediaRecordType', attributes: mediaAttributes },
  ];

  return shapes.map((s) => defineQueryType<CatalogRecordRow>({
    name: s.name, recordElement: s.recordElement, recordType: s.recordType, referencesElement: s.referencesElement, entityFamily: s.entityFamily,
    fields: s.fields,
    select: ({ db, session }) => s.from(db, session) as never,
    order: [`${s.order}.created_at`, `${s.order}.id`],
    path: s.path, urn: s.urn, attributes: s.attributes, references: s.references,
  }));
}
