// Catalogs and what they hold. Tenant view: GET /api/catalog/{id} (and its controlAccess), GET|PUT|DELETE
// /api/catalogItem/{id}, GET /api/vAppTemplate/vappTemplate-{id} and …/vm-{id}, GET /api/media/{id}.
// Admin view: POST /api/admin/org/{id}/catalogs (201, the AdminCatalog with its creation task), GET|PUT|DELETE
// /api/admin/catalog/{id} (DELETE: 202 with the task). Metadata on catalogs, items and templates.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid, urn } from '../../ids.ts';
import {
  adminCatalogDocument, adminCatalogPath, catalogDocument, catalogItemDocument, catalogItemPath, catalogPath, controlAccessDocument,
  mediaDocument, readAdminCatalog, readCatalogItem, templateNetworks, templatePath, templateVmDocument, vAppTemplateDocument,
} from './documents.ts';
import { CATALOG_EDIT_RIGHT, canManageCatalogs, type Catalog } from './service.ts';
import { canAdministerOrg, noAccess } from '../../inventory/policy.ts';
import { consumes, requestDocument } from '../../http/request-document.ts';
import { metadataRoutes, type MetadataTarget } from '../../http/routes/metadata.ts';
import { sendTask } from '../../http/routes/tasks.ts';

type Id = { Params: { id: string } };

/** A path's id: a UUID, else 400 (VCD's answer to a malformed id). */
const idOf = (raw: string, what: string): string => {
  if (!isUuid(raw)) throw errors.badRequest(`"${raw}" is not a valid ${what} id.`);
  return raw.toLowerCase();
};

/** pyvcloud sends Python's True/False, so only a case-insensitive "true" is true. */
const flag = (value: string | undefined) => value?.toLowerCase() === 'true';

export const catalogRoutes: FastifyPluginAsync = async (app) => {
  const { catalogs, identity } = app.services;
  const canEdit = (request: FastifyRequest, c: Pick<Catalog, 'orgId'>) => canManageCatalogs(request.session, c.orgId, CATALOG_EDIT_RIGHT);

  app.get<Id>('/api/catalog/:id', async (request, reply) => {
    const catalog = await catalogs.catalog(request.session, idOf(request.params.id, 'catalog'));
    return reply.sendDocument(catalogDocument(request.renderContext(), catalog, canEdit(request, catalog)));
  });

  app.get<{ Params: { org: string; id: string } }>('/api/org/:org/catalog/:id/controlAccess/', async (request, reply) => {
    const id = idOf(request.params.id, 'catalog');
    const catalog = await catalogs.catalog(request.session, id);
    // another org's catalog (a published one, which the caller sees) is none of this org's
    if (catalog.orgId !== request.params.org.toLowerCase()) throw noAccess(urn('catalog', id));
    return reply.sendDocument(controlAccessDocument(request.renderContext(), catalog));
  });

  app.post<Id>('/api/admin/org/:id/catalogs', { preParsing: consumes('admin.catalog') }, async (request, reply) => {
    const orgId = idOf(request.params.id, 'organization');
    const org = await identity.getOrg(orgId);
    if (!org || !canAdministerOrg(request.session, org.id)) throw noAccess(urn('org', orgId));
    const spec = readAdminCatalog(requestDocument(request, 'admin.catalog', 'AdminCatalog'));
    // VCD answers with the new catalog and the task that creates it (vcd-cli prints Tasks.Task[0]).
    const { catalog, task } = await catalogs.create(request.session, org.id, spec);
    const ctx = request.renderContext();
    return reply.code(201).header('location', `${ctx.baseUrl}${adminCatalogPath(catalog.id)}`)
      .sendDocument(adminCatalogDocument(ctx, catalog, org, true, task));
  });

  const adminCatalog = (request: FastifyRequest<Id>) => catalogs.catalog(request.session, idOf(request.params.id, 'catalog'));
  const manages = (request: FastifyRequest, c: Catalog) => canAdministerOrg(request.session, c.orgId) && canEdit(request, c);

  app.get<Id>('/api/admin/catalog/:id', async (request, reply) => {
    const catalog = await adminCatalog(request);
    return reply.sendDocument(adminCatalogDocument(request.renderContext(), catalog, await identity.getOrg(catalog.orgId), manages(request, catalog)));
  });

  app.put<Id>('/api/admin/catalog/:id', { preParsing: consumes('admin.catalog') }, async (request, reply) => {
    const changes = readAdminCatalog(requestDocument(request, 'admin.catalog', 'AdminCatalog'));
    const catalog = await catalogs.update(request.session, idOf(request.params.id, 'catalog'), changes);
    return reply.sendDocument(adminCatalogDocument(request.renderContext(), catalog, await identity.getOrg(catalog.orgId), true));
  });

  app.delete<{ Params: { id: string }; Querystring: { recursive?: string; force?: string } }>('/api/admin/catalog/:id', async (request, reply) => {
    return sendTask(reply, await catalogs.delete(request.session, idOf(request.params.id, 'catalog'), flag(request.query.recursive)));
  });

  app.get<Id>('/api/catalogItem/:id', async (request, reply) => {
    const item = await catalogs.item(request.session, idOf(request.params.id, 'catalog item'));
    return reply.sendDocument(catalogItemDocument(request.renderContext(), item, canEdit(request, item)));
  });

  app.put<Id>('/api/catalogItem/:id', { preParsing: consumes('vcloud.catalogItem') }, async (request, reply) => {
    const changes = readCatalogItem(requestDocument(request, 'vcloud.catalogItem', 'CatalogItem'));
    const item = await catalogs.updateItem(request.session, idOf(request.params.id, 'catalog item'), changes);
    return reply.sendDocument(catalogItemDocument(request.renderContext(), item, true));
  });

  app.delete<Id>('/api/catalogItem/:id', async (request, reply) => {
    await catalogs.deleteItem(request.session, idOf(request.params.id, 'catalog item'));
    return reply.code(204).send();
  });

  // One path segment names a template (vappTemplate-{uuid}) or one of its VMs (vm-{uuid}).
  app.get<{ Params: { ref: string } }>('/api/vAppTemplate/:ref', async (request, reply) => {
    const [, kind, raw] = /^(vappTemplate|vm)-(.*)$/.exec(request.params.ref) ?? [];
    if (!kind || raw === undefined) throw errors.badRequest(`"${request.params.ref}" is not a vApp template (vappTemplate-<id>) or a VM (vm-<id>).`);
    const ctx = request.renderContext();
    if (kind === 'vm') {
      const { template, vm } = await catalogs.templateVm(request.session, idOf(raw, 'VM'));
      return reply.sendDocument(templateVmDocument(ctx, template, vm));
    }
    const template = await catalogs.template(request.session, idOf(raw, 'vApp template'));
    const parents = await app.services.networks.namedInOrg(template.orgId, templateNetworks(template));
    return reply.sendDocument(vAppTemplateDocument(ctx, template, canEdit(request, template), parents));
  });

  app.get<Id>('/api/media/:id', async (request, reply) => {
    const media = await catalogs.media(request.session, idOf(request.params.id, 'media'));
    return reply.sendDocument(mediaDocument(request.renderContext(), media));
  });

  // Metadata: read wherever the entity is visible, written by those who may edit its catalog.
  const place = (request: FastifyRequest, parentPath: string, parentFamily: string, c: Pick<Catalog, 'orgId'>) =>
    ({ parentPath, parentFamily, writable: canEdit(request, c) });
  metadataRoutes(app, '/api/catalog/:id', async (request): Promise<MetadataTarget> => {
    const c = await catalogs.catalog(request.session, idOf(request.params.id, 'catalog'));
    return {
      owner: { urn: urn('catalog', c.id), name: c.name, family: 'vcloud.catalog', path: catalogPath(c.id) },
      label: 'Catalog', place: place(request, catalogPath(c.id), 'vcloud.catalog', c),
    };
  }, { writes: true });
  metadataRoutes(app, '/api/admin/catalog/:id', async (request): Promise<MetadataTarget> => {
    const c = await adminCatalog(request);
    return {
      owner: { urn: urn('catalog', c.id), name: c.name, family: 'admin.catalog', path: adminCatalogPath(c.id) },
      label: 'Catalog', place: place(request, adminCatalogPath(c.id), 'admin.catalog', c),
    };
  }, { writes: true });
  metadataRoutes(app, '/api/catalogItem/:id', async (request): Promise<MetadataTarget> => {
    const i = await catalogs.item(request.session, idOf(request.params.id, 'catalog item'));
    return {
      owner: { urn: urn('catalogitem', i.id), name: i.name, family: 'vcloud.catalogItem', path: catalogItemPath(i.id) },
      label: 'CatalogItem', place: place(request, catalogItemPath(i.id), 'vcloud.catalogItem', i),
    };
  }, { writes: true });
  metadataRoutes(app, '/api/vAppTemplate/:id', async (request): Promise<MetadataTarget> => {
    const raw = /^vappTemplate-(.*)$/.exec(request.params.id)?.[1];
    if (raw === undefined) throw errors.notFound();
    const t = await catalogs.template(request.session, idOf(raw, 'vApp template'));
    return {
      owner: { urn: urn('vapptemplate', t.id), name: t.name, family: 'vcloud.vAppTemplate', path: templatePath(t.id) },
      label: 'VAppTemplate', place: place(request, templatePath(t.id), 'vcloud.vAppTemplate', t),
    };
  }, { writes: true });
};
