// GET /cloudapi/1.0.0/auditTrail: a tenant administrator sees their org's events, the provider all.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { auditTrailEvent } from '../../representation/audit-event.ts';
import type { Filter } from '../../services/filter.ts';
import { list, readPath, type ListQuery } from '../../services/listing.ts';
import { RIGHTS } from '../../services/oauth-rights.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';

const FIELDS = ['eventId', 'eventType', 'type', 'eventStatus', 'timestamp', 'user.name', 'user.id', 'operatingOrg.name', 'operatingOrg.id', 'eventEntity.name', 'eventEntity.id'];

/** Timestamps compare as canonical ISO strings, so a filter's own spelling of one is normalised first. */
function canonicalTimes(f: Filter): Filter {
  if (f.kind !== 'cmp') return { kind: f.kind, items: f.items.map(canonicalTimes) };
  if (f.field !== 'timestamp') return f;
  const ms = Date.parse(f.value);
  if (Number.isNaN(ms)) throw errors.badRequest(`"${f.value}" is not a timestamp (use ISO 8601, e.g. 2026-01-01T00:00:00Z).`);
  return { ...f, value: new Date(ms).toISOString() };
}

export const auditTrailRoutes: FastifyPluginAsync = async (app) => {
  const { audit } = app.services;

  app.get('/cloudapi/1.0.0/auditTrail', { config: { rights: [RIGHTS.audit] } }, async (request, reply) => {
    const parsed = parseListQuery(request);
    const query: ListQuery = { ...parsed, filter: parsed.filter && canonicalTimes(parsed.filter) };
    const { session } = request;
    const events = (await audit.list(session.isProvider ? undefined : session.orgId)).map(auditTrailEvent);
    // "type" is accepted as a short form of eventType.
    const get = (e: (typeof events)[number], field: string) => readPath(e, field === 'type' ? 'eventType' : field);
    return sendCloudPage(request, reply, list(events, query, FIELDS, get), (e) => e);
  });
};
