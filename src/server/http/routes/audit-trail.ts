// GET /cloudapi/1.0.0/auditTrail: a tenant administrator sees their org's events, the provider all.
// Filtered, sorted and paged in the store (the trail is far too long to hold in memory).
import type { FastifyPluginAsync } from 'fastify';
import { auditTrailEvent } from '../../representation/audit-event.ts';
import { RIGHTS } from '../../services/oauth-rights.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';

export const auditTrailRoutes: FastifyPluginAsync = async (app) => {
  const { audit } = app.services;

  app.get('/cloudapi/1.0.0/auditTrail', { config: { rights: [RIGHTS.audit] } }, async (request, reply) => {
    const page = await audit.list(request.session, parseListQuery(request));
    return sendCloudPage(request, reply, page, auditTrailEvent);
  });
};
