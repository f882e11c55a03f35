// GET /api/admin (the provider's admin root) and GET /api/admin/org/{uuid}.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { adminOrgDocument, adminRootDocument } from '../../representation/admin.ts';
import { canAdministerOrg } from '../../services/entities.ts';

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { identity } = app.services;

  app.get('/api/admin', async (request, reply) => {
    if (!request.session.isProvider) throw errors.forbidden('Access to the resource /api/admin is forbidden.');
    return reply.sendDocument(adminRootDocument(request.renderContext(), identity.listOrgs()));
  });

  app.get<{ Params: { id: string } }>('/api/admin/org/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid organization id.`);
    const org = identity.getOrg(id.toLowerCase());
    // Absent and out of reach answer alike, as VCD does.
    if (!org || !canAdministerOrg(request.session, org.id)) throw errors.forbidden(`Access to the resource /api/admin/org/${id} is forbidden.`);
    return reply.sendDocument(adminOrgDocument(request.renderContext(), org));
  });
};
