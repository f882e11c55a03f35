// GET /api/org (the orgs the caller may see), GET /api/org/{uuid}, and what an Org links to: its metadata
// and its task list.
// Plain (not async) handlers: orgs are in memory, and these are the hottest reads a cell serves.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { orgDocument, orgListDocument, orgMetadataDocument, tasksListDocument } from '../../representation/org.ts';
import { canAdministerOrg } from '../../services/entities.ts';
import type { Org } from '../../services/identity.ts';

export const orgRoutes: FastifyPluginAsync = async (app) => {
  const { identity } = app.services;

  app.get('/api/org', (request, reply) => {
    const { session } = request;
    const orgs = session.isProvider ? identity.listOrgs() : [identity.getOrg(session.orgId)].filter((o) => o !== undefined);
    reply.sendDocument(orgListDocument(request.renderContext(), orgs));
  });

  /** The org a path names, if the caller may see it; another tenant's is forbidden whether or not it exists, as VCD answers. */
  const visibleOrg = (request: FastifyRequest, id: string): Org => {
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid organization id.`);
    const { session } = request;
    const org = identity.getOrg(id.toLowerCase());
    if (!org || (!session.isProvider && org.id !== session.orgId)) throw errors.forbidden(`Access to the resource ${request.url.split('?')[0]} is forbidden.`);
    return org;
  };

  app.get<{ Params: { id: string } }>('/api/org/:id', (request, reply) => {
    const org = visibleOrg(request, request.params.id);
    reply.sendDocument(orgDocument(request.renderContext(), org, canAdministerOrg(request.session, org.id)));
  });

  app.get<{ Params: { id: string } }>('/api/org/:id/metadata', (request, reply) => {
    reply.sendDocument(orgMetadataDocument(request.renderContext(), visibleOrg(request, request.params.id)));
  });

  app.get<{ Params: { id: string } }>('/api/tasksList/:id', (request, reply) => {
    reply.sendDocument(tasksListDocument(request.renderContext(), visibleOrg(request, request.params.id)));
  });
};
