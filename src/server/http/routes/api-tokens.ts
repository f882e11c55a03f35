// CloudAPI tokens: list (paged, filterable), get and revoke API tokens.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { parseUrn } from '../../ids.ts';
import { cloudToken } from '../../representation/oauth-clients.ts';
import { list } from '../../services/listing.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';

const FIELDS = ['id', 'name', 'type', 'owner.name', 'owner.id', 'org.name', 'org.id', 'expirationTimeUtc', 'createdTimeUtc', 'lastUsedTimeUtc', 'lastUsedAddress'];

/** The uuid of a urn:vcloud:<type>:<uuid> path id; another type names nothing here. */
export function idOf(raw: string, type: string): string {
  const parsed = parseUrn(raw);
  if (parsed.type.toLowerCase() !== type.toLowerCase()) throw errors.notFound(`"${raw}" is not a ${type} id.`);
  return parsed.uuid;
}

export const apiTokenRoutes: FastifyPluginAsync = async (app) => {
  const { apiTokens } = app.services;

  app.get('/cloudapi/1.0.0/tokens', async (request, reply) => {
    const query = parseListQuery(request);
    const tokens = (await apiTokens.visible(request.session)).map(cloudToken);
    return sendCloudPage(request, reply, list(tokens, query, FIELDS), (t) => t);
  });

  app.get<{ Params: { id: string } }>('/cloudapi/1.0.0/tokens/:id', async (request, reply) =>
    reply.sendCloud(cloudToken(await apiTokens.get(request.session, idOf(request.params.id, 'token')))));

  app.delete<{ Params: { id: string } }>('/cloudapi/1.0.0/tokens/:id', async (request, reply) => {
    await apiTokens.revoke(request.session, idOf(request.params.id, 'token'), request.ip);
    return reply.code(204).send();
  });
};
