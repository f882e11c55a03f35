// The cells on this store: GET /cloudapi/1.0.0/cells (provider only, paged, filterable), one cell by its URN,
// and the health check a load balancer polls, answered as Cloud Director answers /cloud/server_status.
import type { FastifyPluginAsync } from 'fastify';
import type { VersionCatalogue } from '../../api-versions.ts';
import { noAccess } from '../../inventory/policy.ts';
import { cloudCell } from '../../representation/cell.ts';
import { providerOnly } from '../provider-only.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import { idOf } from './api-tokens.ts';

const HEALTH = { config: { public: true, anyAccept: true } } as const;

export const cellRoutes: FastifyPluginAsync<{ catalogue: VersionCatalogue }> = async (app, { catalogue }) => {
  const { cells } = app.services;

  app.get('/cloudapi/1.0.0/cells', { preParsing: providerOnly }, async (request, reply) =>
    sendCloudPage(request, reply, await cells.list(parseListQuery(request)), (c) => cloudCell(c, catalogue)));

  app.get<{ Params: { id: string } }>('/cloudapi/1.0.0/cells/:id', { preParsing: providerOnly }, async (request, reply) => {
    const cell = await cells.get(idOf(request.params.id, 'cell'));
    if (!cell) throw noAccess(request.params.id);
    return reply.sendCloud(cloudCell(cell, catalogue));
  });

  // Up while this cell reaches its store (a cell that cannot would answer every request 503); HEAD answers
  // the status alone (Fastify's HEAD route from this GET).
  app.get('/cloud/server_status', HEALTH, async (_request, reply) => {
    const up = await cells.reachesStore();
    return reply.code(up ? 200 : 503).type('text/plain; charset=utf-8').send(up ? 'Service is up.' : 'Service is unavailable.');
  });
};
