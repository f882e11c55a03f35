// A list request (filter, sort, page) and the page it answers, as both query services present them;
// services/sql-listing.ts runs them in SQL.
import type { Filter } from './filter.ts';

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
