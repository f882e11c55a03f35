// CloudAPI sessions: tenant and provider login, the current session, logout by id.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { noAccess } from '../../inventory/policy.ts';
import { cloudSession } from '../../representation/cloud-session.ts';
import type { LoginScope } from '../../services/login.ts';
import { parseBasic } from '../basic-auth.ts';
import { idOf } from './api-tokens.ts';
import { sendToken } from './legacy-sessions.ts';

export const cloudapiSessionRoutes: FastifyPluginAsync = async (app) => {
  const { login, sessions, site } = app.services;
  const render = (s: Parameters<typeof cloudSession>[0]) => cloudSession(s, site, sessions.timeouts.idleMinutes);

  const loginRoute = (scope: LoginScope) => async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const creds = parseBasic(request.headers.authorization);
    if (!creds) throw errors.authorizationRequired();
    const { token, session } = await login.login(creds, scope, request.ip);
    return sendToken(reply, token).sendCloud(render(session));
  };
  app.post('/cloudapi/1.0.0/sessions', { config: { public: true } }, loginRoute('tenant'));
  app.post('/cloudapi/1.0.0/sessions/provider', { config: { public: true } }, loginRoute('provider'));

  app.get('/cloudapi/1.0.0/sessions/current', async (request, reply) => reply.sendCloud(render(request.session)));

  /** A session can be read or ended by its owner only; anything else is indistinguishable from absent. */
  const ownSession = (id: string, mine: string) => {
    if (idOf(id, 'session') !== mine) throw noAccess(id);
  };

  app.get<{ Params: { id: string } }>('/cloudapi/1.0.0/sessions/:id', async (request, reply) => {
    ownSession(request.params.id, request.session.id);
    return reply.sendCloud(render(request.session));
  });

  app.delete<{ Params: { id: string } }>('/cloudapi/1.0.0/sessions/:id', async (request, reply) => {
    ownSession(request.params.id, request.session.id);
    await sessions.close(request.session);
    return reply.code(204).send();
  });
};
