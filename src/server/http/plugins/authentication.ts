// Who is calling: every route but those marked public needs a live session, named by
// "Authorization: Bearer <token>" or the deprecated "x-vcloud-authorization: <token>"; a route's
// config.rights names the rights that session must hold.
import { missingRight } from '../../inventory/policy.ts';
import fp from 'fastify-plugin';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { errors } from '../../errors.ts';
import { hashSecret, sameSecret } from '../../services/secrets.ts';
import type { Session } from '../../inventory/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** the caller's session; set on every non-public route */
    session: Session;
  }
  interface FastifyContextConfig {
    /** no session needed (discovery, login, OAuth token endpoints) */
    public?: boolean;
    /** rights the caller's session must all hold (VCD right names); missing one → 403 */
    rights?: readonly string[];
  }
}

const BEARER = /^bearer\s/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (auth && BEARER.test(auth)) {
    const token = auth.slice(7).trim();
    if (token && !/\s/.test(token)) return token;
  }
  const legacy = request.headers['x-vcloud-authorization'];
  return typeof legacy === 'string' && legacy.trim() ? legacy.trim() : undefined;
}

/**
 * A keep-alive connection presents the same token on request after request: each socket remembers
 * the digest of the last token it presented, so that only a new token costs a hash.
 */
const lastTokenBySocket = new WeakMap<object, { token: string; digest: string }>();

function tokenDigest(request: FastifyRequest, token: string): string {
  const socket = request.raw.socket;
  const last = lastTokenBySocket.get(socket);
  if (last && sameSecret(last.token, token)) return last.digest;
  const digest = hashSecret(token);
  lastTokenBySocket.set(socket, { token, digest });
  return digest;
}

export default fp(async function authentication(app) {
  app.decorateRequest('session', null as unknown as Session);
  const { sessions } = app.services;

  const unauthorized = () => errors.unauthorized('Either no credentials were supplied, or the session has expired. Log in again.');
  // Callback hooks: the session comes from the cache once the store's cache versions say it still holds
  // (another cell may have ended or changed it), else from the store.
  const authenticate: onRequestHookHandler = (request, _reply, done) => {
    const token = bearerToken(request);
    if (!token) return done(unauthorized());
    sessions.resolveDigest(tokenDigest(request, token)).then((session) => {
      if (!session) return done(unauthorized());
      request.session = session;
      done();
    }, done);
  };
  const requireRights = (rights: readonly string[]): onRequestHookHandler => (request, _reply, done) => {
    const missing = missingRight(request.session, rights);
    done(missing ? errors.forbidden(`Missing right "${missing}": this operation is denied.`) : undefined);
  };

  // Decided once per route, when it is added: public routes get no check, the others a session
  // check, and those that name rights a rights check after it. They run on arrival (after content
  // negotiation), so nobody's body is read before they are known.
  app.addHook('onRoute', (route) => {
    if (route.config?.public) return;
    const rights = route.config?.rights;
    route.onRequest = [
      ...[route.onRequest ?? []].flat(), authenticate, ...(rights?.length ? [requireRights(rights)] : []),
    ];
  });
}, { name: 'vcdkit-authentication', dependencies: ['vcdkit-services', 'vcdkit-negotiation'] });
