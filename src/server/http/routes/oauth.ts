// The OAuth endpoints VCD serves under /oauth/tenant/{org} and /oauth/provider:
//   register              RFC 7591 client registration (an API token, or with software_id a service account)
//   token                 RFC 6749 token endpoint (form body or query string)
//   device_authorization  RFC 8628 device authorization (service accounts)
// All take any Accept. register needs a session; token and device_authorization authenticate by
// their own grant and answer failures as RFC 6749 §5.2 JSON, never as VCD Error documents.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { errors, VcdError } from '../../errors.ts';
import { clientRegistration, deviceAuthorization, oauthErrorBody, tokenResponse } from '../../representation/oauth.ts';
import { canSeeOrg } from '../../inventory/policy.ts';
import { scopeOrg, type OAuthScope } from '../../services/oauth-clients.ts';
import { OAuthError, oauthError, type OAuthErrorCode } from '../../services/oauth-error.ts';
import { clientRegistration as registrationSchema, type ClientRegistration } from '../schemas.ts';

type ScopedRequest = FastifyRequest<{ Params: { org?: string } }>;

const SCOPES: Array<{ prefix: string; scope: (r: ScopedRequest) => OAuthScope }> = [
  { prefix: '/oauth/tenant/:org', scope: (r) => ({ kind: 'tenant', org: r.params.org ?? '' }) },
  { prefix: '/oauth/provider', scope: () => ({ kind: 'provider' }) },
];

/** The request's parameters from query string and body together; each may appear once. */
function oauthParams(request: FastifyRequest): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  for (const source of [request.query, request.body]) {
    if (source === undefined || source === null) continue;
    if (typeof source !== 'object' || Array.isArray(source)) throw oauthError('invalid_request', 'Parameters must be form-encoded.');
    for (const [name, value] of Object.entries(source)) {
      if (typeof value !== 'string' || (name in params && params[name] !== value)) {
        throw oauthError('invalid_request', `The parameter ${name.slice(0, 64)} must be given once.`);
      }
      params[name] = value;
    }
  }
  return params;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

function sendOAuthError(reply: FastifyReply, code: OAuthErrorCode, description: string, status = 400): FastifyReply {
  return reply.code(status).headers(NO_STORE).type('application/json').send(oauthErrorBody(code, description, status));
}

/** token and device_authorization, with OAuth-shaped failures. */
const grantRoutes: FastifyPluginAsync = async (app) => {
  const { identity, oauth, serviceAccounts } = app.services;

  app.setErrorHandler((err: FastifyError | VcdError | OAuthError, _request, reply) => {
    if (err instanceof OAuthError) return sendOAuthError(reply, err.code, err.message);
    // What the edge refuses before the handler: a text no store holds (plugins/request-text.ts)
    if (err instanceof VcdError && err.status === 400) return sendOAuthError(reply, 'invalid_request', err.message);
    // What Fastify refuses before the handler (unreadable body, unknown content type, too large).
    if (!(err instanceof VcdError) && err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return err.statusCode === 413
        ? sendOAuthError(reply, 'invalid_request', 'The request body is too large.', 413)
        : sendOAuthError(reply, 'invalid_request', 'The request could not be read as form parameters.');
    }
    throw err;
  });

  for (const { prefix, scope } of SCOPES) {
    app.post(`${prefix}/token`, { config: { public: true, anyAccept: true } }, async (request: ScopedRequest, reply) => {
      const params = oauthParams(request);
      const org = await scopeOrg(scope(request), identity);
      const result = await oauth.token(org, params, request.ip);
      return reply.headers(NO_STORE).type('application/json').send(tokenResponse(result));
    });

    app.post(`${prefix}/device_authorization`, { config: { public: true, anyAccept: true } }, async (request: ScopedRequest, reply) => {
      const params = oauthParams(request);
      const target = scope(request);
      const org = await scopeOrg(target, identity);
      if (!org) throw oauthError('invalid_client', 'Unknown client.');
      const granted = await serviceAccounts.requestDevice(org, params.client_id, request.ip);
      const page = target.kind === 'provider' ? '/provider' : `/tenant/${encodeURIComponent(org.name)}`;
      return reply.headers(NO_STORE).type('application/json').send(deviceAuthorization(granted, `${request.renderContext().baseUrl}${page}`));
    });
  }
};

export const oauthRoutes: FastifyPluginAsync = async (app) => {
  await app.register(formbody);
  await app.register(grantRoutes);
  const { identity, apiTokens, serviceAccounts } = app.services;

  for (const { prefix, scope } of SCOPES) {
    app.post<{ Params: { org?: string }; Body: ClientRegistration }>(`${prefix}/register`, { config: { anyAccept: true }, schema: { body: registrationSchema } }, async (request, reply) => {
      const spec = request.body;
      const org = await scopeOrg(scope(request), identity);
      // another org is answered as one that does not exist
      if (!org || !canSeeOrg(request.session, org.id)) throw errors.forbidden('No access to that organization.');
      const client = spec.software_id !== undefined
        ? await serviceAccounts.create(request.session, org, {
          name: spec.client_name, softwareId: spec.software_id, softwareVersion: spec.software_version, uri: spec.client_uri, role: spec.scope,
        }, request.ip)
        : await apiTokens.register(request.session, org, { name: spec.client_name, expiresIn: spec.expires_in }, request.ip);
      return reply.type('application/json').send(clientRegistration(client));
    });
  }
};
