// Paged reads as async iterators: the legacy query service (/api/query, following rel="nextPage")
// and CloudAPI lists (page/pageCount, or the Link header's rel="nextPage").
import { findLinks } from './links.ts';
import type { Filter } from './filter.ts';
import type { CloudPage, QueryRecord, QueryResultRecords } from './types.ts';
import type { RequestOptions, VcdResponse } from './options.ts';
import { ENTITY_TYPES } from './resources/entity-types.generated.ts';

/** What the iterators need from a client. */
export interface PageSource {
  send<T>(method: string, path: string, opts?: RequestOptions): Promise<VcdResponse<T>>;
}

export interface PageOptions {
  filter?: Filter | string | undefined;
  /** records per request (VCD's maximum, 128, by default) */
  pageSize?: number | undefined;
  /** the page to start from (the first by default); the pages after it follow as you iterate */
  page?: number | undefined;
  sortAsc?: string | undefined;
  sortDesc?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface QueryOptions extends PageOptions {
  format?: 'records' | 'idrecords' | 'references' | undefined;
  /** attributes to return (fields=…) */
  fields?: string[] | undefined;
  /** ask for each record's links (links=true) */
  links?: boolean | undefined;
}

/** The query service's largest page (VCD's). */
export const MAX_PAGE_SIZE = 128;

/**
 * The query types a vcdkit cell serves, by Cloud Director's names, from its entity types' table (the CLI lists them;
 * a real Cloud Director has more). test/sdk-query.test.ts holds this list to the cell's QueryList.
 */
export const QUERY_TYPES: readonly string[] = Object.values(ENTITY_TYPES).flatMap((type): string[] => {
  const { tenant, admin, more }: { tenant?: { name: string }; admin?: { name: string }; more?: readonly string[] } = type.queries;
  return [tenant?.name, admin?.name, ...(more ?? [])].filter((name) => name !== undefined);
});

/** A result page's items: "record" in records and idrecords format, "reference" in references format. */
const itemsOf = <R>(page: QueryResultRecords<R>): R[] => page.record ?? page.reference ?? [];

/** The /api/query parameters of a typed query's page (the first unless told). */
export function queryParameters(type: string, opts: QueryOptions): NonNullable<RequestOptions['query']> {
  return {
    type,
    format: opts.format ?? 'records',
    page: opts.page ?? 1,
    pageSize: opts.pageSize ?? MAX_PAGE_SIZE,
    filter: opts.filter === undefined ? undefined : String(opts.filter),
    sortAsc: opts.sortAsc,
    sortDesc: opts.sortDesc,
    fields: opts.fields?.join(','),
    links: opts.links,
  };
}

/** Iterates every record of a typed legacy query, page by page. */
export async function* legacyQuery<R = QueryRecord>(source: PageSource, type: string, opts: QueryOptions = {}): AsyncGenerator<R, void, undefined> {
  let path: string | undefined = '/api/query';
  let query: RequestOptions['query'] = queryParameters(type, opts);
  while (path) {
    const { body }: VcdResponse<QueryResultRecords<R>> = await source.send<QueryResultRecords<R>>('GET', path, { query, signal: opts.signal });
    yield* itemsOf(body);
    // The nextPage href carries every parameter already.
    path = findLinks(body, 'nextPage')[0]?.href;
    query = undefined;
  }
}

/** The rel="nextPage" target of a Link header, if any. */
export function nextPageFromLinkHeader(header: string | null): string | undefined {
  for (const part of header?.split(/,(?=\s*<)/) ?? []) {
    const m = /^\s*<([^>]+)>(.*)$/.exec(part);
    if (m && /;\s*rel="?nextPage"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

/** Iterates every item of a CloudAPI list (e.g. /cloudapi/1.0.0/tokens), page by page. */
export async function* cloudPages<T>(source: PageSource, path: string, opts: PageOptions = {}): AsyncGenerator<T, void, undefined> {
  const base = {
    pageSize: opts.pageSize ?? MAX_PAGE_SIZE,
    filter: opts.filter === undefined ? undefined : String(opts.filter),
    sortAsc: opts.sortAsc,
    sortDesc: opts.sortDesc,
  };
  let next: { path: string; query: RequestOptions['query'] } | undefined = { path, query: { ...base, page: opts.page ?? 1 } };
  while (next) {
    const res: VcdResponse<CloudPage<T>> = await source.send<CloudPage<T>>('GET', next.path, { query: next.query, signal: opts.signal });
    yield* res.body.values;
    const linked = nextPageFromLinkHeader(res.headers.get('link'));
    const { page, pageCount } = res.body;
    next = linked ? { path: linked, query: undefined }
      : page < pageCount ? { path, query: { ...base, page: page + 1 } } : undefined;
  }
}
