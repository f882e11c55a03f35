// The legacy login: POST /api/sessions (removed from API 38.0 on), GET and DELETE /api/session.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { atLeast } from '../../api-versions.ts';
import { errors } from '../../errors.ts';
import { sessionDocument } from '../../representation/session.ts';
import { parseBasic } from '../basic-auth.ts';

/** The response headers of every login: the bearer token, and the deprecated x-vcloud-authorization. */
export function sendToken(reply: FastifyReply, token: string): FastifyReply {
  return reply.headers({
    'x-vmware-vcloud-access-token': token,
    'x-vmware-vcloud-token-type': 'Bearer',
    'x-vcloud-authorization': token,
  });
}

export const legacySessionRoutes: FastifyPluginAsync = async (app) => {
  const { login, sessions, site } = app.services;

  app.post('/api/sessions', { config: { public: true } }, async (request, reply) => {
    if (atLeast(request.apiVersion, '38.0')) throw errors.legacyLoginRemoved(request.apiVersion);
    const creds = parseBasic(request.headers.authorization);
    if (!creds) throw errors.authorizationRequired();
    const { token, session } = await login.login(creds, 'any', request.ip);
    return sendToken(reply, token).sendDocument(sessionDocument(request.renderContext(), session, site));
  });

  app.get('/api/session', async (request, reply) =>
    reply.sendDocument(sessionDocument(request.renderContext(), request.session, site)));

  app.delete('/api/session', async (request, reply) => {
    await sessions.close(request.session);
    return reply.code(204).send();
  });
};
