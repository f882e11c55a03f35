// GET /api/query: the QueryList, or one typed query in records, references or idrecords format.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '../../errors.ts';
import { QUERY_FORMATS, type QueryFormat } from '../../services/query/index.ts';
import { queryListDocument, queryResultDocument } from '../../representation/query.ts';
import { pageHref, parseListQuery } from '../paging.ts';

interface QueryParams {
  type?: string;
  format?: string;
  fields?: string;
}

export const queryRoutes: FastifyPluginAsync = async (app) => {
  const { query } = app.services;

  app.get<{ Querystring: QueryParams }>('/api/query', async (request, reply) => {
    const ctx = request.renderContext();
    const { type, format = 'records', fields } = request.query;
    if (typeof type !== 'string' || !type) return reply.sendDocument(queryListDocument(ctx, query.types(), QUERY_FORMATS));
    if (!QUERY_FORMATS.includes(format as QueryFormat)) {
      throw errors.badRequest(`Unknown query format "${String(format)}"; use one of ${QUERY_FORMATS.join(', ')}.`);
    }
    const result = await query.run(request.session, type, parseListQuery(request));
    const selected = typeof fields === 'string' && fields ? fields.split(',').map((f) => f.trim()) : undefined;
    const unknown = selected?.find((f) => !Object.hasOwn(result.type.fields, f));
    if (unknown) throw errors.badRequest(`Unknown field "${unknown}" for query type ${type}.`);
    const links = { self: new URL(request.url, ctx.baseUrl).toString(), page: (n: number) => pageHref(request, n) };
    return reply.sendDocument(queryResultDocument(ctx, result, format as QueryFormat, links, selected));
  });
};
