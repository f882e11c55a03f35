// The legacy query service: a registry of typed queries, each answering with the caller's rows
// filtered, sorted and paged as VCD does.
import { errors } from '../../errors.ts';
import type { IdentityService } from '../identity.ts';
import type { Filter } from '../filter.ts';
import { list, type ListPage, type ListQuery } from '../listing.ts';
import type { Session } from '../sessions.ts';
import { organizationQuery } from './organization.ts';
import { edgeGatewayQuery } from './unmodelled.ts';
import { catalogQueries } from './catalogs.ts';
import { adminOrgVdcQuery, orgVdcQuery } from './vdc.ts';
import type { Store } from '../../store/db.ts';
import type { AnyQueryType } from './query-type.ts';
import type { UserService } from '../users.ts';
import { adminUserQuery, userQuery } from './user.ts';

export type QueryFormat = 'records' | 'references' | 'idrecords';
export const QUERY_FORMATS: readonly QueryFormat[] = ['records', 'references', 'idrecords'];

export interface QueryResult {
  type: AnyQueryType;
  page: ListPage<unknown>;
}

export class QueryService {
  readonly #types = new Map<string, AnyQueryType>();

  constructor(identity: IdentityService, users: UserService, store: Store) {
    for (const t of [organizationQuery(identity), orgVdcQuery(identity, store), adminOrgVdcQuery(identity, store), ...catalogQueries(store), edgeGatewayQuery(), userQuery(users), adminUserQuery(users)]) {
      this.#types.set(t.name, t);
    }
  }

  /** Query types in the order the QueryList names them. */
  types(): AnyQueryType[] {
    return [...this.#types.values()];
  }

  async run(session: Session, typeName: string, query: ListQuery): Promise<QueryResult> {
    const type = this.#types.get(typeName);
    if (!type) throw errors.badRequest(`No query type named "${typeName}". Known types: ${[...this.#types.keys()].join(', ')}.`);
    const filter = query.filter && type.referenceFields ? byEntityId(query.filter, type.referenceFields) : query.filter;
    if (type.list) return { type, page: await type.list(session, { ...query, filter }) };
    const rows = await type.rows!(session);
    const page = list(rows, { ...query, filter }, type.fields, (row, field) => {
      const pointer = type.references?.(row)[field];
      return pointer ? entityId(pointer.urn) : type.attributes(row)[field];
    });
    return { type, page };
  }
}

/** The uuid at the end of an href, a urn or a bare id. */
const entityId = (value: string): string => /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.exec(value)?.[0].toLowerCase() ?? value;

/** A filter names an entity by href (pyvcloud: org==<org href>), urn or bare id; each compares by the id. */
function byEntityId(filter: Filter, fields: readonly string[]): Filter {
  if (filter.kind !== 'cmp') return { ...filter, items: filter.items.map((f) => byEntityId(f, fields)) };
  return fields.includes(filter.field) && !filter.value.includes('*') ? { ...filter, value: entityId(filter.value) } : filter;
}
