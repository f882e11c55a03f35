// GET /api/admin (the provider's admin root), GET /api/admin/org/{uuid} and GET /api/admin/user/{uuid}.
import type { FastifyPluginAsync } from 'fastify';
import { errors, VcdError } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { adminOrgDocument, adminRootDocument, adminUserDocument } from '../../representation/admin.ts';
import { canAdministerOrg } from '../../services/entities.ts';

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { identity, users } = app.services;

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

  app.get<{ Params: { id: string } }>('/api/admin/user/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid user id.`);
    const forbidden = errors.forbidden(`Access to the resource /api/admin/user/${id} is forbidden.`);
    // The provider, and the administrators of the user's org; absent and out of reach answer alike.
    const user = await users.get(request.session, id.toLowerCase()).catch((e: unknown) => { throw e instanceof VcdError ? forbidden : e; });
    if (!canAdministerOrg(request.session, user.orgId)) throw forbidden;
    return reply.sendDocument(adminUserDocument(request.renderContext(), user));
  });
};
