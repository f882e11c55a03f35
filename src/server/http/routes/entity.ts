// GET /api/entity/{urn}: the entity resolver.
import type { FastifyPluginAsync } from 'fastify';
import { entityDocument } from '../../representation/entity.ts';

export const entityRoutes: FastifyPluginAsync = async (app) => {
  const { inventory } = app.services;
  app.get<{ Params: { urn: string } }>('/api/entity/:urn', async (request, reply) => {
    const entity = await inventory.resolve(request.session, request.params.urn);
    return reply.sendDocument(entityDocument(request.renderContext(), entity));
  });
};
