// GET /api/org (the orgs the caller may see) and GET /api/org/{uuid}.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { orgDocument, orgListDocument } from '../../representation/org.ts';

export const orgRoutes: FastifyPluginAsync = async (app) => {
  const { identity } = app.services;

  app.get('/api/org', async (request, reply) => {
    const { session } = request;
    const orgs = session.isProvider ? await identity.listOrgs() : [await identity.getOrg(session.orgId)].filter((o) => o !== undefined);
    return reply.sendDocument(orgListDocument(request.renderContext(), orgs));
  });

  app.get<{ Params: { id: string } }>('/api/org/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid organization id.`);
    const { session } = request;
    const org = await identity.getOrg(id.toLowerCase());
    // Another tenant's org is forbidden whether or not it exists, as VCD answers.
    if (!session.isProvider && org?.id !== session.orgId) throw errors.forbidden(`Access to the resource /api/org/${id} is forbidden.`);
    if (!org) throw errors.forbidden(`Access to the resource /api/org/${id} is forbidden.`);
    return reply.sendDocument(orgDocument(request.renderContext(), org));
  });
};
