// The rights catalogue in the store, which rights an org may use (those of the bundles published
// to it), and the reading of right references in request bodies.
import { isProvider, noAccess, SYSTEM_ORG_KEY } from '../inventory/policy.ts';
import type { Db, Store } from '../store/db.ts';
import type { RightTable } from '../store/schema.ts';
import { errors, quote } from '../errors.ts';
import { isUuid, urn } from '../ids.ts';
import { sql } from 'kysely';
import type { ListPage, ListQuery } from './listing.ts';
import { DEFAULT_BUNDLE, RIGHTS_CATALOGUE, TENANT_RIGHTS, UNDEFINED_KEY, categoryUuid, rightUuid, stableUuid } from '../inventory/rights-catalogue.ts';
import { constantField, urnField, type SqlFields } from '../inventory/sql.ts';
import { listInSql } from './sql-listing.ts';
import type { Session } from '../inventory/principal.ts';

export type Right = RightTable;

/** Stable, so the default bundle is the same entity across restarts. */
export const DEFAULT_BUNDLE_ID = stableUuid('rightsBundle', DEFAULT_BUNDLE.name);
/** Set once the default bundle was created, so a provider who deletes it does not see it return. */
const DEFAULT_BUNDLE_MARKER = 'rights.defaultBundleCreated';

/** The names of the rights the bundles published to an org hold, as a subquery. */
export function publishedRightNames(db: Db, orgId: string) {
  return db.selectFrom('rights_bundle_rights as br')
    .innerJoin('rights_bundles as b', 'b.id', 'br.bundle_id')
    .select('br.right_name')
    .where((eb) => eb.or([
      eb('b.publish_all', '=', 1),
      eb.exists(eb.selectFrom('rights_bundle_tenants as t').select('t.org_id').whereRef('t.bundle_id', '=', 'b.id').where('t.org_id', '=', orgId)),
    ]));
}

/** A category's URN, from the catalogue's fixed list of categories (the uuid is a hash, so not computed in SQL). */
const CATEGORY_URN = sql`(case category ${sql.join(
  [...new Set(RIGHTS_CATALOGUE.map((r) => r.category))].map((c) => sql`when ${sql.lit(c)} then ${sql.lit(`urn:vcloud:rightsCategory:${categoryUuid(c)}`)}`),
  sql` `,
)} end)`;

/** The CloudAPI Right's fields, as filters and sorts name them, over rights. */
const RIGHT_FIELDS: SqlFields = {
  id: urnField('right', 'id'),
  name: { column: 'name', type: 'text' },
  description: { column: 'description', type: 'text' },
  category: { column: CATEGORY_URN, type: 'text' },
  rightType: { column: 'right_type', type: 'text' },
  serviceNamespace: constantField('com.vmware.vcloud'),
  bundleKey: constantField(UNDEFINED_KEY),
};

/** The name and URN id of an entity in a /rights or /tenants list. */
export const REFERENCE_FIELDS = (type: string, table: string): SqlFields => ({
  id: urnField(type, `${table}.id`),
  name: { column: `${table}.name`, type: 'text' },
});

/** A required string field of a role or bundle body, trimmed. */
export function boundedText(raw: unknown, what: string, min: number, max: number): string {
  if (typeof raw !== 'string' || raw.trim().length < min || raw.length > max) {
    throw errors.badRequest(`${what} must be a string of ${min} to ${max} characters.`);
  }
  return raw.trim();
}

/** A reference to an entity by URN id or by name, as CloudAPI bodies carry them (shape checked at the edge). */
export interface EntityRef {
  name?: string | null | undefined;
  id?: string | null | undefined;
}

export class RightsService {
  readonly #db: Db;
  readonly #engine: Store['engine'];

  constructor(db: Db, engine: Store['engine']) {
    this.#db = db;
    this.#engine = engine;
  }

  /** Writes the catalogue into the store; on the first start, creates the default bundle and publishes it to every tenant org. */
  async ensureCatalogue(): Promise<void> {
    const known = new Set((await this.#db.selectFrom('rights').select('name').execute()).map((r) => r.name));
    const missing = RIGHTS_CATALOGUE.filter((r) => !known.has(r.name));
    if (missing.length) {
      await this.#db.insertInto('rights').values(missing.map((r) => ({
        id: rightUuid(r.name), name: r.name, category: r.category, description: r.description, right_type: r.type,
      }))).execute();
    }
    const marker = await this.#db.selectFrom('settings').select('value').where('key', '=', DEFAULT_BUNDLE_MARKER).executeTakeFirst();
    if (marker) return;
    await this.#db.transaction().execute(async (tx) => {
      await tx.insertInto('rights_bundles').values({
        id: DEFAULT_BUNDLE_ID, name: DEFAULT_BUNDLE.name, name_key: DEFAULT_BUNDLE.name.toLowerCase(), description: DEFAULT_BUNDLE.description, publish_all: 0,
      }).execute();
      await tx.insertInto('rights_bundle_rights').values(TENANT_RIGHTS.map((right_name) => ({ bundle_id: DEFAULT_BUNDLE_ID, right_name }))).execute();
      await tx.insertInto('rights_bundle_tenants').columns(['bundle_id', 'org_id'])
        .expression((eb) => eb.selectFrom('orgs').select((s) => [s.val(DEFAULT_BUNDLE_ID).as('bundle_id'), 'id']).where('name_key', '!=', SYSTEM_ORG_KEY))
        .execute();
      await tx.insertInto('settings').values({ key: DEFAULT_BUNDLE_MARKER, value: DEFAULT_BUNDLE_ID }).execute();
    });
  }

  /** The rights an org may grant: every right for the System org, else those of its published bundles. */
  async grantable(orgId: string, isSystem: boolean): Promise<Set<string>> {
    const rows = isSystem ? await this.#db.selectFrom('rights').select('name as right_name').execute() : await publishedRightNames(this.#db, orgId).execute();
    return new Set(rows.map((r) => r.right_name));
  }

  /** Rights the caller can see: all for the provider, else those published to their org. */
  #visible(session: Session) {
    const rights = this.#db.selectFrom('rights').selectAll();
    return isProvider(session) ? rights : rights.where('name', 'in', publishedRightNames(this.#db, session.orgId));
  }

  /** A page of the rights the caller can see, by name unless sorted. */
  page(session: Session, query: ListQuery): Promise<ListPage<Right>> {
    return listInSql(this.#visible(session), query, { engine: this.#engine, fields: RIGHT_FIELDS, order: [RIGHT_FIELDS.name!, 'id'] });
  }

  /** The names of every right the caller can see, by name (the catalogue is a few hundred: a form's choices). */
  async names(session: Session): Promise<string[]> {
    return (await this.#visible(session).clearSelect().select('name').orderBy('name').execute()).map((r) => r.name);
  }

  async get(session: Session, id: string): Promise<Right> {
    const right = await this.#visible(session).where('id', '=', id).executeTakeFirst();
    if (!right) throw noAccess(urn('right', id));
    return right;
  }

  /** The right names references name, by URN id or by name; an unknown one is a 400. */
  async namesOf(refs: readonly EntityRef[]): Promise<string[]> {
    const rights = await this.#db.selectFrom('rights').select(['id', 'name']).execute();
    const byId = new Map(rights.map((r) => [r.id, r.name]));
    const byName = new Set(rights.map((r) => r.name));
    const names = refs.map((ref) => {
      const m = typeof ref.id === 'string' ? /^urn:vcloud:right:(.+)$/i.exec(ref.id) : null;
      const name = m && isUuid(m[1]!) ? byId.get(m[1]!.toLowerCase()) : typeof ref.name === 'string' && byName.has(ref.name) ? ref.name : undefined;
      if (!name) throw errors.invalidReference(`No right ${quote(ref.id ?? ref.name)} exists.`);
      return name;
    });
    return [...new Set(names)];
  }

  /** Checks right names (from a seed) against the catalogue. */
  async assertKnown(names: readonly string[]): Promise<void> {
    const known = new Set((await this.#db.selectFrom('rights').select('name').execute()).map((r) => r.name));
    const unknown = names.find((n) => !known.has(n));
    if (unknown) throw new Error(`unknown right "${unknown}"`);
  }
}
