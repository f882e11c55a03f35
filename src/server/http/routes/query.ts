// GET /api/query: the QueryList, or one typed query in records, references or idrecords format; and the
// same answer for the lists that are a query narrowed to one parent (a VDC's edgeGateways and networks).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import type { Filter } from '../../services/filter.ts';
import { QUERY_FORMATS, type QueryFormat, type QueryService } from '../../services/query/index.ts';
import { queryListDocument, queryResultDocument } from '../../representation/query.ts';
import { pageHref, parseListQuery } from '../paging.ts';

interface QueryParams {
  format?: string;
  fields?: string;
}

/**
 * Answers query type `type` as /api/query would, in the request's format, page, filter and fields;
 * `within` (e.g. vdc==<id>) narrows it further, whatever filter the caller adds.
 */
export async function sendQuery(query: QueryService, request: FastifyRequest, reply: FastifyReply, type: string, within?: Filter): Promise<FastifyReply> {
  const ctx = request.renderContext();
  const { format = 'records', fields } = request.query as QueryParams;
  if (!QUERY_FORMATS.includes(format as QueryFormat)) {
    throw errors.badRequest(`Unknown query format "${String(format)}"; use one of ${QUERY_FORMATS.join(', ')}.`);
  }
  const list = parseListQuery(request);
  if (within) list.filter = list.filter ? { kind: 'and', items: [within, list.filter] } : within;
  const result = await query.run(request.session, type, list);
  const selected = typeof fields === 'string' && fields ? fields.split(',').map((f) => f.trim()) : undefined;
  const unknown = selected?.find((f) => !Object.hasOwn(result.type.fields, f));
  if (unknown) throw errors.badRequest(`Unknown field "${unknown}" for query type ${type}.`);
  const links = { self: new URL(request.url, ctx.baseUrl).toString(), page: (n: number) => pageHref(request, n) };
  return reply.sendDocument(queryResultDocument(ctx, result, format as QueryFormat, links, selected));
}

export const queryRoutes: FastifyPluginAsync = async (app) => {
  const { query } = app.services;

  app.get<{ Querystring: QueryParams & { type?: string } }>('/api/query', async (request, reply) => {
    const { type } = request.query;
    if (typeof type !== 'string' || !type) return reply.sendDocument(queryListDocument(request.renderContext(), query.types(), QUERY_FORMATS));
    return sendQuery(query, request, reply, type);
  });
};
