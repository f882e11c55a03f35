// The System view: GET /api/admin (the provider's admin root, with the build in its Description) and GET
// /api/admin/role/{uuid} and /api/admin/user/{uuid}. The AdminOrg is the org's API (entities/org/routes.ts).
import type { FastifyPluginAsync } from 'fastify';
import { buildDescription, type VersionCatalogue } from '../../api-versions.ts';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { adminRoleDocument, adminRootDocument, adminUserDocument } from '../../representation/admin.ts';
import { providerOnly } from '../provider-only.ts';

export const adminRoutes: FastifyPluginAsync<{ catalogue: VersionCatalogue }> = async (app, { catalogue }) => {
  const { identity, users, roles, providerBacking } = app.services;
  const description = buildDescription(catalogue);

  app.get('/api/admin', { preParsing: providerOnly }, async (request, reply) =>
    reply.sendDocument(adminRootDocument(request.renderContext(), await identity.listOrgs(), await providerBacking.list('provider_vdcs'), description)));

  app.get<{ Params: { id: string } }>('/api/admin/role/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid role id.`);
    return reply.sendDocument(adminRoleDocument(request.renderContext(), await roles.get(request.session, id.toLowerCase())));
  });

  app.get<{ Params: { id: string } }>('/api/admin/user/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid user id.`);
    return reply.sendDocument(adminUserDocument(request.renderContext(), await users.getAdmin(request.session, id.toLowerCase())));
  });
};
