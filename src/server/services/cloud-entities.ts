// The CloudAPI collections the entity types declare (inventory/entity-type.ts CloudApiView): a page of the rows the
// caller may see, filtered, sorted and counted in SQL as the legacy query service runs, or one of them by URN.
import type { Clock } from '../clock.ts';
import { parseUrn } from '../ids.ts';
import type { AnyCloudApiView, EntityType } from '../inventory/entity-type.ts';
import { noAccess, requireOperation, requireProvider } from '../inventory/policy.ts';
import type { Session } from '../inventory/principal.ts';
import type { Store } from '../store/db.ts';
import type { ListPage, ListQuery } from './listing.ts';
import { listInSql } from './sql-listing.ts';

export class CloudEntityService {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** A page of the type's CloudAPI rows the session may see. */
  list(session: Session, type: EntityType, query: ListQuery): Promise<ListPage<unknown>> {
    const view = cloudApiOf(type);
    if (type.providerOnly) requireProvider(session, `Access to the resource /cloudapi/1.0.0/${view.collection} is forbidden.`);
    return listInSql(this.#visible(session, type, view), query, { engine: this.#store.engine, fields: view.fields, order: view.order });
  }

  /** The row of the entity a URN names, if the session may see it; else the one 403 (noAccess) for any URN, of whatever type. */
  async get(session: Session, type: EntityType, entityUrn: string): Promise<unknown> {
    const { type: urnType, uuid } = parseUrn(entityUrn);
    const row = urnType.toLowerCase() === type.urnType
      ? await this.#visible(session, type, cloudApiOf(type)).where(type.columns.id, '=', uuid).limit(1).executeTakeFirst()
      : undefined;
    if (!row) throw noAccess(entityUrn);
    return row;
  }

  /** The view's select narrowed to what the session may see (in the WHERE: nothing is loaded to be filtered). */
  #visible(session: Session, type: EntityType, view: AnyCloudApiView) {
    requireOperation(session, type, 'view');
    return view.select({ db: this.#store.db, session, now: this.#clock.now() }).where(type.visibility(session));
  }
}

function cloudApiOf(type: EntityType): AnyCloudApiView {
  if (!type.cloudApi) throw new Error(`${type.urnType} has no CloudAPI view`);
  return type.cloudApi;
}
