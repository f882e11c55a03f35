// Documents of the legacy query service: the QueryList and a page of results in each format.
import { el, NS, type AttrValue, type Element, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import type { QueryFormat, QueryResult } from '../services/query/index.ts';
import type { AnyQueryTypeDefinition } from '../inventory/entity-type.ts';

const formatFamily = (format: QueryFormat) => `vcloud.query.${format}`;

export function queryListDocument(ctx: RenderContext, types: AnyQueryTypeDefinition[], formats: readonly QueryFormat[]): VcdDocument {
  return {
    mediaType: 'vcloud.query.queryList',
    namespace: NS.vcloud,
    root: el('QueryList', { href: href(ctx, '/api/query'), type: mediaType(ctx, 'vcloud.query.queryList') }, [
      types.flatMap((t) => formats.map((f) => el('Link', {
        rel: 'down',
        href: href(ctx, `/api/query?type=${t.name}&format=${f}`),
        type: mediaType(ctx, formatFamily(f)),
        name: t.name,
      }))),
    ]),
  };
}

export interface ResultLinks {
  self: string;
  page(n: number): string;
}

function pageLinks(ctx: RenderContext, family: string, { page, pageCount }: QueryResult['page'], links: ResultLinks): Element[] {
  const link = (rel: string, n: number) => el('Link', { rel, href: links.page(n), type: mediaType(ctx, family) });
  return [
    ...(page > 1 ? [link('firstPage', 1), link('previousPage', page - 1)] : []),
    ...(page < pageCount ? [link('nextPage', page + 1), link('lastPage', pageCount)] : []),
  ];
}

export function queryResultDocument(
  ctx: RenderContext, { type, page }: QueryResult, format: QueryFormat, links: ResultLinks, fields?: readonly string[],
): VcdDocument {
  const family = formatFamily(format);
  const container = { name: type.name, page: page.page, pageSize: page.pageSize, total: page.total, href: links.self, type: mediaType(ctx, family) };
  const navigation = pageLinks(ctx, family, page, links);

  if (format === 'references') {
    return {
      mediaType: family,
      namespace: NS.vcloud,
      root: el(type.referencesElement, container, [navigation, page.items.map((row) => ({
        ...el('Reference', { href: href(ctx, type.path(row)), id: type.urn(row), type: mediaType(ctx, type.entityFamily), name: type.attributes(row).name }),
        json: { key: 'reference', type: 'ReferenceType' },
      }))]),
    };
  }

  const selected = (row: unknown): Record<string, AttrValue> => {
    const pointers = Object.entries(type.references?.(row) ?? {})
      .map(([field, p]) => [field, format === 'idrecords' ? p.urn : href(ctx, p.path)] as const);
    const all = { ...type.attributes(row), ...Object.fromEntries(pointers) };
    return fields ? Object.fromEntries(fields.map((f) => [f, all[f]])) : all;
  };
  return {
    mediaType: family,
    namespace: NS.vcloud,
    root: el('QueryResultRecords', container, [navigation, page.items.map((row) => ({
      ...el(type.recordElement, {
        ...(format === 'idrecords' ? { id: type.urn(row) } : { href: href(ctx, type.path(row)) }),
        ...selected(row),
      }),
      json: { key: 'record', type: type.recordType },
    }))]),
  };
}
