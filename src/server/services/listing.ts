// Filtering, sorting and paging of in-memory lists, as both query services present them.
import { errors } from '../errors.ts';
import { filterFields, matches, type Filter } from './filter.ts';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 128;

export interface ListQuery {
  page: number;
  pageSize: number;
  filter?: Filter | undefined;
  sortAsc?: string | undefined;
  sortDesc?: string | undefined;
}

export interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/** Reads a field, following dotted paths ("owner.name") into nested objects. */
export function readPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Applies a ListQuery. `fields` lists what may be filtered or sorted on; anything else is a 400,
 * as VCD rejects unknown properties.
 */
export function list<T>(records: T[], q: ListQuery, fields: readonly string[], get: (r: T, field: string) => unknown = readPath): ListPage<T> {
  const known = new Set(fields);
  for (const f of [...(q.filter ? filterFields(q.filter) : []), q.sortAsc, q.sortDesc]) {
    if (f !== undefined && !known.has(f)) throw errors.badRequest(`Unknown property "${f}" for filtering or sorting.`);
  }
  let rows = q.filter ? records.filter((r) => matches(q.filter!, (f) => get(r, f))) : [...records];
  const sortField = q.sortAsc ?? q.sortDesc;
  if (sortField) {
    const dir = q.sortAsc ? 1 : -1;
    rows.sort((a, b) => dir * compareValues(get(a, sortField), get(b, sortField)));
  }
  const total = rows.length;
  const start = (q.page - 1) * q.pageSize;
  rows = rows.slice(start, start + q.pageSize);
  return { items: rows, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
