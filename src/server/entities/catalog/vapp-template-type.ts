// A vApp template (vcloud.vAppTemplate /api/vAppTemplate/vappTemplate-{id}), held by a catalog item and
// seen by whoever sees its catalog. Query types: vAppTemplate and adminVAppTemplate.
import { urn } from '../../ids.ts';
import { constantField } from '../../inventory/sql.ts';
import { defineEntityType, defineQueryType, type QueryContext } from '../../inventory/entity-type.ts';
import {
  contentAttributes, contentFields, contentReferences, contentSelect, creationOrder, inVisibleCatalog, text, type CatalogRecordRow,
} from './records.ts';

const select = contentSelect('vapp_templates');

const common = {
  entityFamily: 'vcloud.vAppTemplate',
  referencesElement: 'VAppTemplateReferences',
  fields: {
    ...contentFields('vapp_templates'), description: text('vapp_templates.description'),
    isGoldMaster: constantField(false), isEnabled: constantField(true), isDeployed: constantField(false), isExpired: constantField(false),
  },
  select: ({ db, session }: QueryContext) => select(db, session) as never,
  order: creationOrder('vapp_templates'),
  path: (r: CatalogRecordRow) => `/api/vAppTemplate/vappTemplate-${r.id}`,
  urn: (r: CatalogRecordRow) => urn('vapptemplate', r.id),
  references: contentReferences,
};

const attributes = (r: CatalogRecordRow) => ({ ...contentAttributes(r), isGoldMaster: false, isEnabled: true, isDeployed: false, isExpired: false });

const vAppTemplateQuery = defineQueryType<CatalogRecordRow>({
  ...common,
  name: 'vAppTemplate', recordElement: 'VAppTemplateRecord', recordType: 'QueryResultVAppTemplateRecordType',
  attributes: (r) => ({ ...attributes(r), description: r.description }),
});

const adminVAppTemplateQuery = defineQueryType<CatalogRecordRow>({
  ...common,
  name: 'adminVAppTemplate', recordElement: 'AdminVAppTemplateRecord', recordType: 'QueryResultAdminVAppTemplateRecordType',
  attributes,
});

export const vAppTemplateType = defineEntityType({
  urnType: 'vapptemplate',
  names: { set: 'templates', noun: 'template' },
  table: 'vapp_templates',
  columns: { id: 'vapp_templates.id', name: 'vapp_templates.name', orgId: 'vapp_templates.org_id' },
  parent: { type: 'catalog', column: 'vapp_templates.catalog_id' },
  views: [{ family: 'vcloud.vAppTemplate', path: (id) => `/api/vAppTemplate/vappTemplate-${id}`, prefix: 'vappTemplate-' }],
  visibility: (session) => inVisibleCatalog(session, 'vapp_templates.catalog_id'),
  queries: [vAppTemplateQuery, adminVAppTemplateQuery],
});
