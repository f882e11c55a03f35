// GET /api/org (the orgs the caller may see) and GET /api/org/{uuid}.
// Plain (not async) handlers: orgs are in memory, and these are the hottest reads a cell serves.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { orgDocument, orgListDocument } from '../../representation/org.ts';

export const orgRoutes: FastifyPluginAsync = async (app) => {
  const { identity } = app.services;

  app.get('/api/org', (request, reply) => {
    const { session } = request;
    const orgs = session.isProvider ? identity.listOrgs() : [identity.getOrg(session.orgId)].filter((o) => o !== undefined);
    reply.sendDocument(orgListDocument(request.renderContext(), orgs));
  });

  app.get<{ Params: { id: string } }>('/api/org/:id', (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid organization id.`);
    const { session } = request;
    const org = identity.getOrg(id.toLowerCase());
    // Another tenant's org is forbidden whether or not it exists, as VCD answers.
    if (!org || (!session.isProvider && org.id !== session.orgId)) throw errors.forbidden(`Access to the resource /api/org/${id} is forbidden.`);
    reply.sendDocument(orgDocument(request.renderContext(), org));
  });
};
