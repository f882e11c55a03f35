// Reading CloudAPI requests: JSON object bodies, and the org a provider names with
// X-VMWARE-VCLOUD-TENANT-CONTEXT (as go-vcloud-director and the UI do).
import { isProvider } from '../inventory/policy.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import { isUuid, parseUrn } from '../ids.ts';

export function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** The org named by the tenant-context header (provider only), else undefined. */
export function contextOrgId(request: FastifyRequest): string | undefined {
  const raw = request.headers['x-vmware-vcloud-tenant-context'];
  if (typeof raw !== 'string' || !raw || !isProvider(request.session)) return undefined;
  return isUuid(raw) ? raw.toLowerCase() : parseUrn(raw).uuid;
}

/** go-vcloud-director POSTs actions (revoke, publishAll) with Content-Type: application/json and no body at all. */
export function acceptEmptyJson(app: FastifyInstance): void {
  const strictJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    (body === '' ? done(null, undefined) : strictJson(request, String(body), done)));
}
