// GET /api/entity/{urn}: the entity resolver.
import type { FastifyPluginAsync } from 'fastify';
import { entityDocument } from '../../representation/entity.ts';

export const entityRoutes: FastifyPluginAsync = async (app) => {
  const { entities } = app.services;
  app.get<{ Params: { urn: string } }>('/api/entity/:urn', async (request, reply) => {
    const entity = await entities.resolve(request.session, request.params.urn);
    return reply.sendDocument(entityDocument(request.renderContext(), entity));
  });
};
