// The legacy query service: the query types the registered entity types carry (inventory/registry.ts),
// each run in SQL: the caller's visible rows filtered, sorted, counted and paged by the store as VCD does.
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import type { AnyQueryTypeDefinition } from '../../inventory/entity-type.ts';
import { queryTypes } from '../../inventory/registry.ts';
import type { Store } from '../../store/db.ts';
import type { ListPage, ListQuery } from '../listing.ts';
import type { Session } from '../../inventory/principal.ts';
import { checkFields, listInSql } from '../sql-listing.ts';

export type QueryFormat = 'records' | 'references' | 'idrecords';
export const QUERY_FORMATS: readonly QueryFormat[] = ['records', 'references', 'idrecords'];

export interface QueryResult {
  type: AnyQueryTypeDefinition;
  page: ListPage<unknown>;
}

export class QueryService {
  readonly #types = new Map<string, AnyQueryTypeDefinition>();
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    for (const t of queryTypes()) this.#types.set(t.name, t);
  }

  /** Query types in the order the QueryList names them. */
  types(): AnyQueryTypeDefinition[] {
    return [...this.#types.values()];
  }

  async run(session: Session, typeName: string, query: ListQuery): Promise<QueryResult> {
    const type = this.#types.get(typeName);
    if (!type) throw errors.badRequest(`No query type named "${typeName}". Known types: ${[...this.#types.keys()].join(', ')}.`);
    if (!type.select) return { type, page: noRows(query, type) };
    const from = type.select({ db: this.#store.db, session, now: this.#clock.now() });
    const page = await listInSql(from, query, { engine: this.#store.engine, fields: type.fields, order: type.order, textOrder: 'caseless' });
    return { type, page };
  }
}

/** A placeholder's answer: no records (after the same check of the fields a filter or sort names). */
function noRows(q: ListQuery, type: AnyQueryTypeDefinition): ListPage<unknown> {
  checkFields(q, type.fields);
  return { items: [], total: 0, page: q.page, pageSize: q.pageSize, pageCount: 1 };
}
