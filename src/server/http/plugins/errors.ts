// Every failure leaves as a VCD Error document (XML or JSON, as the request asked): VcdErrors as
// they are, Fastify's own 4xx (body too large, bad JSON, schema) mapped to their status, anything
// else a 500 without internals (a 503 when the store is out of reach). Unknown paths are 404; known
// paths with another method are 405.
import fp from 'fastify-plugin';
import FindMyWay from 'find-my-way';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { clientError, errors, VcdError } from '../../errors.ts';
import { errorDocument } from '../../representation/error.ts';
import { serialize } from '../../representation/serialize.ts';
import { formatOf, sendWithType } from './negotiation.ts';

export interface ErrorOptions {
  showStackTraces: boolean;
  /** where failures (5xx) are logged, with their request id */
  log: Pick<FastifyBaseLogger, 'error'>;
  /** whether a failure means the store is out of reach: a 503 the client may retry, not a 500 */
  storeUnavailable(err: unknown): boolean;
}

function toVcdError(err: FastifyError | VcdError): VcdError {
  if (err instanceof VcdError) return err;
  const status = err.statusCode;
  if (status && status >= 400 && status < 500) {
    return clientError(status, err.message);
  }
  return errors.internal();
}

export function sendError(request: FastifyRequest, reply: FastifyReply, e: VcdError, stackTrace?: string): FastifyReply {
  const doc = errorDocument({ status: e.status, minorErrorCode: e.minorErrorCode, message: e.message, stackTrace });
  const version = request.apiVersion ? `;version=${request.apiVersion}` : '';
  const cloud = request.url.startsWith('/cloudapi/');
  const type = cloud ? 'application/json' : `application/vnd.vmware.vcloud.error+${request.format}`;
  return sendWithType(reply.code(e.status).headers(e.headers), `${type}${version}`, serialize(doc, request.format));
}

/**
 * Fastify's `frameworkErrors` option: URLs its router rejects (bad percent-encoding, over-long parameters)
 * get an Error document too. Those requests skip every hook, so the format is read here.
 */
export function sendFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.format = formatOf(request);
  request.apiVersion = '';
  return sendError(request, reply, toVcdError(err));
}

export default fp(async function errorDocuments(app, opts: ErrorOptions) {
  // Our own index of route paths → methods (Fastify's router answers per method only), matching paths as
  // Fastify's router does, to tell 405 from 404 and to fill the Allow header.
  const known = FindMyWay({ ...app.initialConfig.routerOptions });
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    let methods = methodsByPath.get(route.url);
    if (!methods) {
      methods = new Set();
      methodsByPath.set(route.url, methods);
      known.on('GET', route.url, () => {}, methods);
    }
    for (const m of [route.method].flat()) methods.add(m);
  });
  /** the methods the request's path has routes for (HEAD where GET is), none for an unknown path */
  const methodsOf = (request: FastifyRequest): string[] => {
    const found = known.find('GET', request.url.split('?')[0] ?? '/');
    return [...(found?.store as Set<string> | undefined) ?? []];
  };

  app.setErrorHandler((err: FastifyError | VcdError, request, reply) => {
    const e = opts.storeUnavailable(err) ? errors.storeUnavailable() : toVcdError(err);
    if (e.status >= 500) opts.log.error({ err, reqId: request.id }, 'request failed');
    // A route may refuse its own method (POST /api/sessions from API 38.0): Allow still names the path's methods.
    if (e.status === 405 && !e.headers.allow) reply.header('allow', methodsOf(request).join(', '));
    return sendError(request, reply, e, opts.showStackTraces ? err.stack : undefined);
  });

  app.setNotFoundHandler((request, reply) => {
    request.format = formatOf(request); // no route, so no negotiation hook ran
    const methods = methodsOf(request);
    if (methods.length && !methods.includes(request.method)) {
      return sendError(request, reply, errors.methodNotAllowed(request.method, methods));
    }
    return sendError(request, reply, errors.notFound());
  });
}, { name: 'vcdkit-errors' });
