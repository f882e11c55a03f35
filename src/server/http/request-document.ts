// A route's request document: the body must come as the media type the route consumes, in XML or
// VCD JSON (415 otherwise, as VCD answers a body it has no reader for), and is read into an Element tree.
import type { FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import type { Element } from '../representation/element.ts';
import { readDocument } from '../representation/read.ts';
import type { Format } from '../representation/serialize.ts';

/**
 * The body as the root element `root` of the media type family `family` (e.g. 'admin.organization',
 * 'AdminOrg'): Content-Type application/vnd.vmware.<family>+xml or +json, parameters aside.
 */
export function requestDocument(request: FastifyRequest, family: string, root: string): Element {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const expected = `application/vnd.vmware.${family}`.toLowerCase();
  const format: Format | undefined = contentType === `${expected}+xml` ? 'xml' : contentType === `${expected}+json` ? 'json' : undefined;
  if (!format) {
    throw errors.unsupportedMediaType(
      `The request has an unsupported media type "${contentType || 'none'}"; this resource consumes application/vnd.vmware.${family}+xml or +json.`);
  }
  if (typeof request.body !== 'string' || !request.body.trim()) throw errors.badRequest('The request has no document.');
  return readDocument(request.body, format, root);
}
