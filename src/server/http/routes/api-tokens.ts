// CloudAPI tokens: list (paged, filterable), get and revoke API tokens.
import type { FastifyPluginAsync } from 'fastify';
import { noAccess } from '../../inventory/policy.ts';
import { parseUrn } from '../../ids.ts';
import { cloudToken } from '../../representation/oauth-clients.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';

/** The uuid of a urn:vcloud:<type>:<uuid> path id; another type names nothing here, as an unknown id does not. */
export function idOf(raw: string, type: string): string {
  const parsed = parseUrn(raw);
  if (parsed.type.toLowerCase() !== type.toLowerCase()) throw noAccess(raw);
  return parsed.uuid;
}

export const apiTokenRoutes: FastifyPluginAsync = async (app) => {
  const { apiTokens } = app.services;

  app.get('/cloudapi/1.0.0/tokens', async (request, reply) =>
    sendCloudPage(request, reply, await apiTokens.page(request.session, parseListQuery(request)), cloudToken));

  app.get<{ Params: { id: string } }>('/cloudapi/1.0.0/tokens/:id', async (request, reply) =>
    reply.sendCloud(cloudToken(await apiTokens.get(request.session, idOf(request.params.id, 'token')))));

  app.delete<{ Params: { id: string } }>('/cloudapi/1.0.0/tokens/:id', async (request, reply) => {
    await apiTokens.revoke(request.session, idOf(request.params.id, 'token'), request.ip);
    return reply.code(204).send();
  });
};
