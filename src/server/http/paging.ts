// Query parameters of paged lists (page, pageSize ≤ 128, filter, sortAsc/sortDesc), and the CloudAPI
// page envelope with its Link headers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import { parseFilter } from '../services/filter.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ListPage, type ListQuery } from '../services/listing.ts';

function positiveInt(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw errors.badRequest(`The parameter ${name} must be a positive integer, not "${String(raw)}".`);
  return n;
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw errors.badRequest(`The parameter ${name} may be given once.`);
  return typeof v === 'string' ? v : undefined;
}

export function parseListQuery(request: FastifyRequest): ListQuery {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const pageSize = positiveInt('pageSize', single(query, 'pageSize'), DEFAULT_PAGE_SIZE);
  if (pageSize > MAX_PAGE_SIZE) throw errors.badRequest(`The parameter pageSize must not exceed ${MAX_PAGE_SIZE}.`);
  const filter = single(query, 'filter');
  const sortAsc = single(query, 'sortAsc');
  const sortDesc = single(query, 'sortDesc');
  if (sortAsc && sortDesc) throw errors.badRequest('Use either sortAsc or sortDesc, not both.');
  return {
    page: positiveInt('page', single(query, 'page'), 1),
    pageSize,
    filter: filter ? parseFilter(filter) : undefined,
    sortAsc: sortAsc || undefined,
    sortDesc: sortDesc || undefined,
  };
}

/** The href of another page of the same request. */
export function pageHref(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, request.renderContext().baseUrl);
  url.searchParams.set('page', String(page));
  return url.toString();
}

/** Sends a CloudAPI page: {resultTotal, pageCount, page, pageSize, associations, values} plus Link headers. */
export function sendCloudPage<T>(request: FastifyRequest, reply: FastifyReply, page: ListPage<T>, render: (item: T) => unknown): FastifyReply {
  const links: string[] = [];
  const add = (rel: string, p: number) => links.push(`<${pageHref(request, p)}>;rel="${rel}";type="application/json"`);
  if (page.page > 1) { add('firstPage', 1); add('previousPage', page.page - 1); }
  if (page.page < page.pageCount) { add('nextPage', page.page + 1); add('lastPage', page.pageCount); }
  if (links.length) reply.header('link', links.join(', '));
  return reply.sendCloud({
    resultTotal: page.total,
    pageCount: page.pageCount,
    page: page.page,
    pageSize: page.pageSize,
    associations: [],
    values: page.items.map(render),
  });
}
