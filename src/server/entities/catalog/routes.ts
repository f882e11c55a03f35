// The APIs of catalogs and what they hold (declarations the engine serves: http/entity-api.ts). Tenant view: GET
// /api/catalog/{id} (and its controlAccess), GET|PUT|DELETE /api/catalogItem/{id}, GET
// /api/vAppTemplate/vappTemplate-{id} and …/vm-{id} (one route: the engine serves each by its id's prefix), GET
// /api/media/{id}. Admin view: POST /api/admin/org/{id}/catalogs (201, the AdminCatalog with its creation task),
// GET|PUT|DELETE /api/admin/catalog/{id} (DELETE: 202 with the task). Metadata on catalogs, items and templates, read
// wherever the entity is visible and written by those who may edit its catalog.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { urn } from '../../ids.ts';
import type { EntityType, EntityView } from '../../inventory/entity-type.ts';
import {
  adminCatalogDocument, adminCatalogPath, catalogDocument, catalogItemDocument, controlAccessDocument, mediaDocument, readAdminCatalog,
  readCatalogItem, templateNetworks, templateVmDocument, vAppTemplateDocument,
} from './documents.ts';
import { canEditCatalog, managesCatalog, type Catalog, type CatalogChanges } from './service.ts';
import { catalogType } from './type.ts';
import { catalogItemType } from './catalog-item-type.ts';
import { vAppTemplateType } from './vapp-template-type.ts';
import { templateVmType } from './template-vm-type.ts';
import { mediaType } from './media-type.ts';
import { orgType } from '../org/type.ts';
import type { Services } from '../../services/index.ts';
import type { RenderContext } from '../../representation/context.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task } from '../../services/tasks.ts';
import { defineEntityApi, flag, findEntity, operation, routePattern, viewOf, type LegacyBody } from '../../http/entity-api.ts';
import { metadataRoutes } from '../../http/routes/metadata.ts';

const ADMIN = 'admin.catalog';
const adminCatalogBody: LegacyBody<CatalogChanges> = { family: ADMIN, root: 'AdminCatalog', read: readAdminCatalog };
/** A catalog's access settings, under its org's path (/api/org/{org}/catalog/{id}/controlAccess/): the org is the service's to check. */
const controlAccess: EntityView = { family: 'vcloud.controlAccess', path: (id) => `/api/org/:org/catalog/${id}/controlAccess/` };

const adminDocument = async (ctx: RenderContext, services: Services, session: Session, catalog: Catalog, task?: Task) =>
  adminCatalogDocument(ctx, catalog, await services.identity.getOrg(catalog.orgId), task !== undefined || managesCatalog(session, catalog), task);

/**
 * The metadata routes of a catalog, item or template under its view of `family`, written by those who may edit its
 * catalog; `get` reads the entity the engine's gate found.
 */
const metadataOf = (type: EntityType, idLabel: string, family: string, label: string,
  get: (services: Services, session: Session, id: string) => Promise<{ id: string; name: string; orgId: string }>): FastifyPluginAsync =>
  async (app) => {
    const view = viewOf(type, family);
    metadataRoutes(app, routePattern(view), async (request: FastifyRequest) => {
      const entity = await get(app.services, request.session, (await findEntity(request, type, { idLabel, view })).id);
      return {
        owner: { urn: urn(type.urnType, entity.id), name: entity.name, family, path: view.path(entity.id) },
        label, place: { parentPath: view.path(entity.id), parentFamily: family, writable: canEditCatalog(request.session, entity) },
      };
    }, { writes: true });
  };

export const catalogApi = defineEntityApi(catalogType, {
  idLabel: 'catalog',
  operations: [
    operation({
      api: 'legacy', method: 'GET', view: 'vcloud.catalog',
      run: ({ services, session, entity }) => services.catalogs.catalog(session, entity.id),
      render: (ctx, catalog, { session }) => catalogDocument(ctx, catalog, canEditCatalog(session, catalog)),
    }),
    operation({
      api: 'legacy', method: 'GET', view: controlAccess,
      run: ({ services, session, entity, request }) => services.catalogs.accessSettings(session, entity.id, (request.params as { org: string }).org),
      render: (ctx, catalog) => controlAccessDocument(ctx, catalog),
    }),
    // VCD answers with the new catalog and the task that creates it (vcd-cli prints Tasks.Task[0]).
    operation({
      api: 'legacy', method: 'POST', of: orgType, idLabel: 'organization', view: 'admin.organization', path: '/catalogs', rights: 'create',
      body: adminCatalogBody, status: 201,
      run: ({ services, session, entity, body }) => services.catalogs.create(session, entity.id, body),
      location: ({ catalog }) => adminCatalogPath(catalog.id),
      render: (ctx, { catalog, task }, { services, session }) => adminDocument(ctx, services, session, catalog, task),
    }),
    operation({
      api: 'legacy', method: 'GET', view: ADMIN,
      run: ({ services, session, entity }) => services.catalogs.catalog(session, entity.id),
      render: (ctx, catalog, { services, session }) => adminDocument(ctx, services, session, catalog),
    }),
    operation({
      api: 'legacy', method: 'PUT', view: ADMIN, rights: 'edit', body: adminCatalogBody,
      run: ({ services, session, entity, body }) => services.catalogs.update(session, entity.id, body),
      render: async (ctx, catalog, { services }) => adminCatalogDocument(ctx, catalog, await services.identity.getOrg(catalog.orgId), true),
    }),
    operation({
      api: 'legacy', method: 'DELETE', view: ADMIN, rights: 'delete', task: true,
      run: ({ services, session, entity, query }) => services.catalogs.delete(session, entity.id, flag(query.recursive)),
    }),
  ],
  routes: async (app) => {
    for (const family of ['vcloud.catalog', ADMIN]) {
      await app.register(metadataOf(catalogType, 'catalog', family, 'Catalog', (services, session, id) => services.catalogs.catalog(session, id)));
    }
  },
});

const catalogItemBody: LegacyBody<CatalogChanges> = { family: 'vcloud.catalogItem', root: 'CatalogItem', read: readCatalogItem };

export const catalogItemApi = defineEntityApi(catalogItemType, {
  idLabel: 'catalog item',
  operations: [
    operation({
      api: 'legacy', method: 'GET',
      run: ({ services, session, entity }) => services.catalogs.item(session, entity.id),
      render: (ctx, item, { session }) => catalogItemDocument(ctx, item, canEditCatalog(session, item)),
    }),
    operation({
      api: 'legacy', method: 'PUT', rights: 'edit', body: catalogItemBody,
      run: ({ services, session, entity, body }) => services.catalogs.updateItem(session, entity.id, body),
      render: (ctx, item) => catalogItemDocument(ctx, item, true),
    }),
    operation({
      api: 'legacy', method: 'DELETE', rights: 'delete', status: 204,
      run: ({ services, session, entity }) => services.catalogs.deleteItem(session, entity.id),
    }),
  ],
  routes: metadataOf(catalogItemType, 'catalog item', 'vcloud.catalogItem', 'CatalogItem', (services, session, id) => services.catalogs.item(session, id)),
});

export const vAppTemplateApi = defineEntityApi(vAppTemplateType, {
  idLabel: 'vApp template',
  operations: [
    operation({
      api: 'legacy', method: 'GET',
      run: async ({ services, session, entity }) => {
        const template = await services.catalogs.template(session, entity.id);
        return { template, parents: await services.networks.namedInOrg(template.orgId, templateNetworks(template)) };
      },
      render: (ctx, { template, parents }, { session }) => vAppTemplateDocument(ctx, template, canEditCatalog(session, template), parents),
    }),
  ],
  routes: metadataOf(vAppTemplateType, 'vApp template', 'vcloud.vAppTemplate', 'VAppTemplate', (services, session, id) => services.catalogs.template(session, id)),
});

export const templateVmApi = defineEntityApi(templateVmType, {
  idLabel: 'VM',
  operations: [
    operation({
      api: 'legacy', method: 'GET',
      run: ({ services, session, entity }) => services.catalogs.templateVm(session, entity.id),
      render: (ctx, { template, vm }) => templateVmDocument(ctx, template, vm),
    }),
  ],
});

export const mediaApi = defineEntityApi(mediaType, {
  idLabel: 'media',
  operations: [
    operation({
      api: 'legacy', method: 'GET',
      run: ({ services, session, entity }) => services.catalogs.media(session, entity.id),
      render: (ctx, media) => mediaDocument(ctx, media),
    }),
  ],
});
