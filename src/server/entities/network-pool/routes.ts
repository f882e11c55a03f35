// GET /cloudapi/1.0.0/networkPools/networkPoolSummaries: the network pools' collection (paged, filtered as the
// collection is) as summaries, without their backing.
import type { FastifyPluginAsync } from 'fastify';
import { parseListQuery, sendCloudPage } from '../../http/paging.ts';
import { cloudNetworkPoolSummary } from './cloudapi.ts';
import { networkPoolType, type NetworkPoolRow } from './type.ts';

export const networkPoolRoutes: FastifyPluginAsync = async (app) => {
  const { cloudEntities } = app.services;
  app.get('/cloudapi/1.0.0/networkPools/networkPoolSummaries', async (request, reply) =>
    sendCloudPage(request, reply, await cloudEntities.list(request.session, networkPoolType, parseListQuery(request)),
      (row) => cloudNetworkPoolSummary(row as NetworkPoolRow)));
};
