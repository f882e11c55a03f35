// A route's request document: the body must come as the media type the route consumes, in XML or
// VCD JSON (415 otherwise, as VCD answers a body it has no reader for), and is read into an Element tree.
import type { FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { errors } from '../errors.ts';
import type { Element } from '../representation/element.ts';
import { readDocument } from '../representation/read.ts';
import type { Format } from '../representation/serialize.ts';

/** The format of a body sent as application/vnd.vmware.<family>+xml or +json (parameters aside), else undefined. */
function bodyFormat(request: FastifyRequest, family: string): Format | undefined {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const expected = `application/vnd.vmware.${family}`.toLowerCase();
  return contentType === `${expected}+xml` ? 'xml' : contentType === `${expected}+json` ? 'json' : undefined;
}

/** A route's preParsing hook: a body of another media type is refused before it is read. */
export const consumes = (family: string): preParsingAsyncHookHandler => async (request, _reply, payload) => {
  if (!bodyFormat(request, family)) {
    const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim() || 'none';
    throw errors.unsupportedMediaType(
      `The request has an unsupported media type "${sent}"; this resource consumes application/vnd.vmware.${family}+xml or +json.`);
  }
  return payload;
};

/**
 * The body as the root element `root` of the media type family `family` (e.g. 'admin.organization',
 * 'AdminOrg'), on a route that `consumes(family)`.
 */
export function requestDocument(request: FastifyRequest, family: string, root: string): Element {
  const format = bodyFormat(request, family);
  if (!format) throw errors.unsupportedMediaType(`This resource consumes application/vnd.vmware.${family}+xml or +json.`);
  if (typeof request.body !== 'string' || !request.body.trim()) throw errors.badRequest('The request has no document.');
  return readDocument(request.body, format, root);
}
