// Filtering, sorting and paging of a list in SQL, for lists too long to hold in memory: a ListQuery's
// FIQL filter becomes a WHERE over a map of the list's fields, then ORDER BY and LIMIT/OFFSET, the total in the same statement.
// It answers as the filter reads over records in memory (test/helpers/filter-oracle.ts, the suites'
// reference), the same on SQLite and PostgreSQL: text is compared and sorted byte by byte (PostgreSQL's "C"
// collation, SQLite's BINARY), wildcard matches are lower() LIKE lower() (PostgreSQL's LIKE is
// case-sensitive, SQLite's is not; under those collations both fold ASCII letters only), and % _ \ in values
// are escaped. A field's null is its smallest value ('' for text, before any time of a nullable time field).
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { errors } from '../errors.ts';
import { filterFields, type Filter, type Op } from './filter.ts';
import type { ListPage, ListQuery } from './listing.ts';
import type { SqlField, SqlFields } from '../inventory/sql.ts';

export interface SqlListing {
  engine: 'sqlite' | 'postgres';
  fields: SqlFields;
  /** columns (or fields, compared as the field is) that order rows the sort leaves tied, and every row when there is no sort */
  order: readonly (string | SqlField)[];
  /**
   * how a sort orders text: byte by byte (the default), or caseless first (ASCII letters folded, as the
   * legacy query service sorts names: "admin" before "Beta"), bytes breaking ties
   */
  textOrder?: 'bytes' | 'caseless';
}

const ESCAPE = '\\';
const COMPARE = { '=gt=': sql`>`, '=lt=': sql`<`, '=ge=': sql`>=`, '=le=': sql`<=` } as const;

/**
 * Applies a ListQuery in the store in one statement: the page's rows, each with the filtered total beside it (an
 * uncorrelated COUNT subquery, which both stores run once: it counts from an index where it can, and, unlike a
 * window count, holds no row), so no COUNT statement per page. Only a page that comes back empty past the first
 * asks for the total apart (a page past the end still answers the real total and page count, as VCD's pages do).
 */
export async function listInSql<DB, TB extends keyof DB, O>(
  from: SelectQueryBuilder<DB, TB, O>, q: ListQuery, listing: SqlListing,
): Promise<ListPage<O>> {
  checkFields(q, listing.fields);
  const sortName = q.sortAsc ?? q.sortDesc;
  const filtered = q.filter ? from.where(condition(q.filter, listing)) : from;
  const direction = q.sortDesc ? 'desc' : 'asc';
  let page = sortName ? orderBy(filtered, listing.fields[sortName]!, direction, listing) : filtered;
  for (const column of listing.order) {
    page = typeof column === 'string' ? page.orderBy(sql.ref(column), sortName ? direction : 'asc') : orderBy(page, column, sortName ? direction : 'asc', listing);
  }
  const offset = (q.page - 1) * q.pageSize;
  // an offset beyond what a store takes is past any end: only the total is asked for
  const count = filtered.clearSelect().select(sql<number | string>`count(*)`.as(TOTAL));
  const rows = Number.isSafeInteger(offset)
    ? await page.select(sql<number | string>`(${count})`.as(TOTAL)).limit(q.pageSize).offset(offset).execute() as Array<O & Counted>
    : [];
  const total = rows.length ? Number(rows[0]![TOTAL]) : offset === 0 ? 0 : Number((await count.executeTakeFirstOrThrow() as Counted)[TOTAL]);
  const items = rows.map(({ [TOTAL]: _, ...item }) => item as O);
  return { items, total, page: q.page, pageSize: q.pageSize, pageCount: Math.max(1, Math.ceil(total / q.pageSize)) };
}

/** the column the filtered total rides in beside each row of a page */
const TOTAL = 'vcdkit_list_total';
type Counted = { [TOTAL]: number | string };

/** A 400 for a field the filter or sort names that the list does not have, as VCD rejects unknown properties. */
export function checkFields(q: ListQuery, fields: SqlFields): void {
  for (const name of [...(q.filter ? filterFields(q.filter) : []), q.sortAsc ?? q.sortDesc]) {
    if (name !== undefined && !Object.hasOwn(fields, name)) throw errors.badRequest(`Unknown property "${name}" for filtering or sorting.`);
  }
}

function expression(field: SqlField): RawBuilder<unknown> {
  return typeof field.column === 'string' ? sql.ref(field.column) : field.column;
}

/** Text as compared and sorted: null as '', byte order on both stores. */
function textOf(field: SqlField, listing: SqlListing): RawBuilder<string> {
  if (field.type === 'boolean') return collated(booleanText(field), listing);
  return collated(sql`coalesce(${expression(field)}, '')`, listing);
}

function collated(text: RawBuilder<unknown> | string, listing: SqlListing): RawBuilder<string> {
  return sql<string>`(${text} collate ${sql.raw(listing.engine === 'postgres' ? '"C"' : 'binary')})`;
}

/** Booleans as text, for wildcard matches: 'true' and 'false'. */
function booleanText(field: SqlField): RawBuilder<string> {
  return sql<string>`(case when ${expression(field)} = 1 then 'true' else 'false' end)`;
}

function orderBy<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>, field: SqlField, direction: 'asc' | 'desc', listing: SqlListing,
): SelectQueryBuilder<DB, TB, O> {
  if (field.type === 'text' || field.type === 'reference') {
    const text = textOf(field, listing);
    return listing.textOrder === 'caseless' ? q.orderBy(collated(sql`lower(${text})`, listing), direction).orderBy(text, direction) : q.orderBy(text, direction);
  }
  if (!field.nullable) return q.orderBy(expression(field), direction);
  // null first ascending, last descending, on both stores (PostgreSQL would put it last ascending)
  return q.orderBy(expression(field), (ob) => (direction === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()));
}

/** The uuid at the end of an href, a URN or a bare id (lower case); anything else as given. */
export const entityId = (value: string): string => /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.exec(value)?.[0].toLowerCase() ?? value;

/** A filter value of a boolean or number field, as the column holds it. */
function scalar(field: SqlField, name: string, value: string): number {
  if (field.type === 'boolean') {
    const v = value.toLowerCase();
    if (v !== 'true' && v !== 'false') throw errors.badRequest(`"${value}" is not a boolean (${name} is true or false).`);
    return v === 'true' ? 1 : 0;
  }
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw errors.badRequest(`"${value}" is not a number (${name} is numeric).`);
  return n;
}

function condition(f: Filter, listing: SqlListing): RawBuilder<SqlBool> {
  if (f.kind !== 'cmp') {
    const parts = f.items.map((item) => condition(item, listing));
    return sql<SqlBool>`(${sql.join(parts, f.kind === 'and' ? sql` and ` : sql` or `)})`;
  }
  const field = listing.fields[f.field]!;
  if (field.values && !field.values.includes(f.value)) throw errors.badRequest(`Value '${f.value}' not found.`);
  if (field.matches) {
    if (f.op !== '==') throw errors.badRequest(`${f.field} is only compared with ==.`);
    return field.matches(entityId(f.value));
  }
  if (field.type === 'time') return timeCondition(expression(field), f.op, f.value, field.nullable === true);
  if (field.type === 'number' || (field.type === 'boolean' && !f.value.includes('*'))) {
    const op = f.op === '==' ? sql`=` : f.op === '!=' ? sql`<>` : COMPARE[f.op];
    return sql<SqlBool>`(${expression(field)} ${op} ${scalar(field, f.field, f.value)})`;
  }
  const text = textOf(field, listing);
  // a reference named by href, URN or id compares by id; a wildcard matches the id's text
  const value = field.type === 'reference' && !f.value.includes('*') ? entityId(f.value) : f.value;
  switch (f.op) {
    case '==': return equals(text, value, listing);
    case '!=': return sql<SqlBool>`(not ${equals(text, value, listing)})`;
    default: return sql<SqlBool>`(${text} ${COMPARE[f.op]} ${value})`;
  }
}

/** A time compared with an ISO 8601 value; if nullable, null is before every time, and an empty value names it. */
function timeCondition(column: RawBuilder<unknown>, op: Op, value: string, nullable: boolean): RawBuilder<SqlBool> {
  if (nullable && value === '' && (op === '==' || op === '!=')) return sql<SqlBool>`(${column} is ${sql.raw(op === '==' ? '' : 'not ')}null)`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw errors.badRequest(`"${value}" is not a timestamp (use ISO 8601, e.g. 2026-01-01T00:00:00Z).`);
  if (!nullable) return sql<SqlBool>`(${column} ${op === '==' ? sql`=` : op === '!=' ? sql`<>` : COMPARE[op]} ${ms})`;
  switch (op) {
    case '==': return sql<SqlBool>`(${column} = ${ms})`;
    case '!=': return sql<SqlBool>`(${column} is null or ${column} <> ${ms})`;
    case '=lt=': case '=le=': return sql<SqlBool>`(${column} is null or ${column} ${COMPARE[op]} ${ms})`;
    default: return sql<SqlBool>`(${column} ${COMPARE[op]} ${ms})`;
  }
}

/** Exact and case-sensitive; with a "*", a case-insensitive wildcard match, as the in-memory reference matches. */
function equals(text: RawBuilder<string>, value: string, listing: SqlListing): RawBuilder<SqlBool> {
  if (!value.includes('*')) return sql<SqlBool>`(${text} = ${value})`;
  const pattern = value.replace(/[\\%_]/g, (c) => ESCAPE + c).replaceAll('*', '%');
  return sql<SqlBool>`(lower(${text}) like lower(${collated(pattern, listing)}) escape ${ESCAPE})`;
}
