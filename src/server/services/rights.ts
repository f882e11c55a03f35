// The rights catalogue in the store, which rights an org may use (those of the bundles published
// to it), and the reading of right references in request bodies.
import { isProvider, SYSTEM_ORG_KEY } from '../inventory/policy.ts';
import type { Db } from '../store/db.ts';
import type { RightTable } from '../store/schema.ts';
import { errors } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { DEFAULT_BUNDLE, RIGHTS_CATALOGUE, TENANT_RIGHTS, rightUuid, stableUuid } from './rights-catalogue.ts';
import type { Session, SessionService } from './sessions.ts';

export type Right = RightTable;

/** What the role and bundle services share: the store, the session cache they invalidate, the catalogue. */
export interface RbacDeps {
  db: Db;
  sessions: SessionService;
  rights: RightsService;
}

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

/** A required string field of a role or bundle body, trimmed. */
export function boundedText(raw: unknown, what: string, min: number, max: number): string {
  if (typeof raw !== 'string' || raw.trim().length < min || raw.length > max) {
    throw errors.badRequest(`${what} must be a string of ${min} to ${max} characters.`);
  }
  return raw.trim();
}

/** An EntityReferences body ({values: [{name, id}]}) as a list of references. */
export function referencesOf(body: unknown): Array<{ name?: unknown; id?: unknown }> {
  const values = typeof body === 'object' && body !== null ? (body as { values?: unknown }).values : undefined;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'object' || v === null)) {
    throw errors.badRequest('The request body must be {"values": [{"name": …, "id": …}, …]}.');
  }
  return values as Array<{ name?: unknown; id?: unknown }>;
}

export class RightsService {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
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
      const orgs = await tx.selectFrom('orgs').select('id').where('name_key', '!=', SYSTEM_ORG_KEY).execute();
      if (orgs.length) await tx.insertInto('rights_bundle_tenants').values(orgs.map((o) => ({ bundle_id: DEFAULT_BUNDLE_ID, org_id: o.id }))).execute();
      await tx.insertInto('settings').values({ key: DEFAULT_BUNDLE_MARKER, value: DEFAULT_BUNDLE_ID }).execute();
    });
  }

  /** The rights an org may grant: every right for the System org, else those of its published bundles. */
  async grantable(orgId: string, isSystem: boolean): Promise<Set<string>> {
    const rows = isSystem ? await this.#db.selectFrom('rights').select('name as right_name').execute() : await publishedRightNames(this.#db, orgId).execute();
    return new Set(rows.map((r) => r.right_name));
  }

  /** Rights the caller can see: all for the provider, else those published to their org. */
  async visible(session: Session): Promise<Right[]> {
    const rights = await this.#db.selectFrom('rights').selectAll().orderBy('name').execute();
    if (isProvider(session)) return rights;
    const published = await this.grantable(session.orgId, false);
    return rights.filter((r) => published.has(r.name));
  }

  async get(session: Session, id: string): Promise<Right> {
    const right = (await this.visible(session)).find((r) => r.id === id);
    if (!right) throw errors.notFound(`Right "urn:vcloud:right:${id}" was not found.`);
    return right;
  }

  /** The right names an EntityReferences body names, by URN id or by name; an unknown one is a 400. */
  async namesOf(body: unknown): Promise<string[]> {
    const refs = referencesOf(body);
    const rights = await this.#db.selectFrom('rights').select(['id', 'name']).execute();
    const byId = new Map(rights.map((r) => [r.id, r.name]));
    const byName = new Set(rights.map((r) => r.name));
    const names = refs.map((ref) => {
      const m = typeof ref.id === 'string' ? /^urn:vcloud:right:(.+)$/i.exec(ref.id) : null;
      const name = m && isUuid(m[1]!) ? byId.get(m[1]!.toLowerCase()) : typeof ref.name === 'string' && byName.has(ref.name) ? ref.name : undefined;
      if (!name) throw errors.invalidReference(`No right ${JSON.stringify(ref.id ?? ref.name ?? null)} exists.`);
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
