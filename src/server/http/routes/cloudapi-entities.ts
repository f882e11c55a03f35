// The CloudAPI collections of the entity types that declare one (entities/*/type.ts `cloudApi`): for each,
// GET /cloudapi/1.0.0/<collection> (the page envelope and Link headers, FIQL filter, sortAsc/sortDesc, in SQL) and
// GET …/<collection>/{urn} (the model, or the one 403 for an entity out of reach or absent). Writes are the types'
// declared operations (http/routes/entity-apis.ts).
import type { FastifyPluginAsync } from 'fastify';
import { ENTITY_TYPES } from '../../inventory/registry.ts';
import { cloudModel } from '../../representation/cloudapi/index.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import { CLOUDAPI as API } from './entity-apis.ts';

export const cloudEntityRoutes: FastifyPluginAsync = async (app) => {
  const { cloudEntities } = app.services;
  for (const type of ENTITY_TYPES) {
    const view = type.cloudApi;
    if (!view) continue;
    const model = cloudModel(view);
    app.get(`${API}/${view.collection}`, async (request, reply) =>
      sendCloudPage(request, reply, await cloudEntities.list(request.session, type, parseListQuery(request)), model));
    app.get<{ Params: { urn: string } }>(`${API}/${view.collection}/:urn`, async (request, reply) =>
      reply.sendCloud(model(await cloudEntities.get(request.session, type, request.params.urn))));
  }

};
