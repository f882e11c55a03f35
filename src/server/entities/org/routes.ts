// GET /api/org (the orgs the caller may see), GET /api/org/{uuid}, and what an Org links to: its metadata
// (read-only there; written under the admin view, /api/admin/org/{uuid}/metadata, as VCD does) and its task list.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid, urn } from '../../ids.ts';
import { orgDocument, orgListDocument } from './documents.ts';
import { tasksListDocument } from '../../representation/task.ts';
import { canAdministerOrg, canEditOrg, canSeeOrg, noAccess, orgScope } from '../../inventory/policy.ts';
import type { Org } from '../../services/identity.ts';
import { orgOwner } from './service.ts';
import { metadataRoutes, type MetadataTarget } from '../../http/routes/metadata.ts';

export const orgRoutes: FastifyPluginAsync = async (app) => {
  const { identity, tasks, catalogs } = app.services;

  app.get('/api/org', async (request, reply) => {
    const { session } = request;
    const orgs = await identity.listOrgs(orgScope(session, 'orgs.id'));
    reply.sendDocument(orgListDocument(request.renderContext(), orgs));
  });

  /**
   * The org a path names, if the caller may see it (in its admin view: administer it); another tenant's
   * is forbidden whether or not it exists, as VCD answers.
   */
  const visibleOrg = async (request: FastifyRequest, id: string, admin = false): Promise<Org> => {
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid organization id.`);
    const { session } = request;
    const org = await identity.getOrg(id.toLowerCase());
    const visible = org && (admin ? canAdministerOrg(session, org.id) : canSeeOrg(session, org.id));
    if (!org || !visible) throw noAccess(urn('org', id.toLowerCase()));
    return org;
  };

  app.get<{ Params: { id: string } }>('/api/org/:id', async (request, reply) => {
    const org = await visibleOrg(request, request.params.id);
    const [vdcs, catalogList] = await Promise.all([app.services.vdcs.namesInOrg(request.session, org.id), catalogs.catalogsOfOrg(org.id)]);
    return reply.sendDocument(orgDocument(request.renderContext(), org, canAdministerOrg(request.session, org.id), { vdcs, catalogs: catalogList }));
  });

  const orgMetadata = (admin: boolean) => async (request: FastifyRequest<{ Params: { id: string } }>): Promise<MetadataTarget> => {
    const org = await visibleOrg(request, request.params.id, admin);
    const parentPath = admin ? `/api/admin/org/${org.id}` : `/api/org/${org.id}`;
    return {
      owner: orgOwner(org),
      label: 'Organization',
      place: { parentPath, parentFamily: admin ? 'admin.organization' : 'vcloud.org', writable: admin && canEditOrg(request.session, org.id) },
    };
  };
  metadataRoutes(app, '/api/org/:id', orgMetadata(false), { writes: false });
  metadataRoutes(app, '/api/admin/org/:id', orgMetadata(true), { writes: true });

  app.get<{ Params: { id: string } }>('/api/tasksList/:id', async (request, reply) => {
    const org = await visibleOrg(request, request.params.id);
    const { tasks: list, more } = await tasks.listForOrg(request.session, org.id);
    return reply.sendDocument(tasksListDocument(request.renderContext(), org, list, more));
  });
};
