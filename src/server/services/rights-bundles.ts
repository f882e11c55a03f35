// Rights bundles: the provider's say in which rights each org may use. A tenant session's rights
// are its role's, cut down to those of the bundles published to its org, so every change here
// reaches live sessions at once.
import { noAccess, requireProvider, SYSTEM_ORG_KEY } from '../inventory/policy.ts';
import type { RightsBundleTable } from '../store/schema.ts';
import { errors, quote } from '../errors.ts';
import { isUuid, newId, urn } from '../ids.ts';
import type { ListPage, ListQuery } from './listing.ts';
import { boundedText, REFERENCE_FIELDS, type EntityRef } from './rights.ts';
import type { RbacDeps } from './roles.ts';
import { UNDEFINED_KEY } from '../inventory/rights-catalogue.ts';
import { constantField, urnField, type SqlFields } from '../inventory/sql.ts';
import { listInSql } from './sql-listing.ts';
import type { Session } from '../inventory/principal.ts';

export type RightsBundle = RightsBundleTable;

export interface BundleSpec {
  name?: unknown;
  description?: unknown;
}

export interface SeedBundle {
  name: string;
  description?: string | undefined;
  rights?: string[] | undefined;
  /** org names, or 'all' */
  publishTo?: string[] | 'all' | undefined;
}

export interface OrgRef {
  name: string;
  id: string;
}

/** The CloudAPI RightsBundle's fields, as filters and sorts name them, over rights_bundles. */
const BUNDLE_FIELDS: SqlFields = {
  id: urnField('rightsBundle', 'id'),
  name: { column: 'name', type: 'text' },
  description: { column: 'description', type: 'text' },
  readOnly: constantField('false'),
  publishAll: { column: 'publish_all', type: 'boolean' },
  bundleKey: constantField(UNDEFINED_KEY),
};
const RIGHT_REFERENCE_FIELDS = REFERENCE_FIELDS('right', 'rights');
const ORG_REFERENCE_FIELDS = REFERENCE_FIELDS('org', 'orgs');

const PROVIDER_ONLY = 'Only the provider manages rights bundles.';

export class RightsBundleService {
  readonly #deps: RbacDeps;

  constructor(deps: RbacDeps) {
    this.#deps = deps;
  }

  /** A page of the bundles, by name (case-insensitive) unless sorted. */
  page(session: Session, query: ListQuery): Promise<ListPage<RightsBundle>> {
    requireProvider(session, PROVIDER_ONLY);
    return listInSql(this.#deps.db.selectFrom('rights_bundles').selectAll(), query, {
      engine: this.#deps.engine, fields: BUNDLE_FIELDS, order: [{ column: 'name_key', type: 'text' }, 'id'],
    });
  }

  async get(session: Session, id: string): Promise<RightsBundle> {
    requireProvider(session, PROVIDER_ONLY);
    const bundle = await this.#deps.db.selectFrom('rights_bundles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!bundle) throw noAccess(urn('rightsBundle', id));
    return bundle;
  }

  async #assertFreeName(name: string, except?: string): Promise<void> {
    const clash = await this.#deps.db.selectFrom('rights_bundles').select('id').where('name_key', '=', name.toLowerCase()).executeTakeFirst();
    if (clash && clash.id !== except) throw errors.badRequest(`A rights bundle named "${name}" already exists.`);
  }

  async create(session: Session, spec: BundleSpec): Promise<RightsBundle> {
    requireProvider(session, PROVIDER_ONLY);
    const name = boundedText(spec.name, 'name', 1, 128);
    await this.#assertFreeName(name);
    const bundle: RightsBundle = {
      id: newId(), name, name_key: name.toLowerCase(), publish_all: 0,
      description: spec.description === undefined || spec.description === null ? '' : boundedText(spec.description, 'description', 0, 256),
    };
    await this.#deps.db.insertInto('rights_bundles').values(bundle).execute();
    return bundle;
  }

  async update(session: Session, id: string, spec: BundleSpec): Promise<RightsBundle> {
    const bundle = await this.get(session, id);
    const name = boundedText(spec.name, 'name', 1, 128);
    await this.#assertFreeName(name, id);
    const description = spec.description === undefined || spec.description === null ? bundle.description : boundedText(spec.description, 'description', 0, 256);
    await this.#deps.db.updateTable('rights_bundles').set({ name, name_key: name.toLowerCase(), description }).where('id', '=', id).execute();
    return { ...bundle, name, name_key: name.toLowerCase(), description };
  }

  async delete(session: Session, id: string): Promise<void> {
    await this.get(session, id);
    await this.#deps.db.deleteFrom('rights_bundles').where('id', '=', id).execute();
    this.#deps.sessions.invalidateAll();
  }

  /** A page of a bundle's rights as references, by name unless sorted. */
  async rightsOf(session: Session, id: string, query: ListQuery): Promise<ListPage<OrgRef>> {
    await this.get(session, id);
    const rights = this.#deps.db.selectFrom('rights_bundle_rights').innerJoin('rights', 'rights.name', 'rights_bundle_rights.right_name')
      .select(['rights.name', 'rights.id']).where('rights_bundle_rights.bundle_id', '=', id);
    return listInSql(rights, query, { engine: this.#deps.engine, fields: RIGHT_REFERENCE_FIELDS, order: [RIGHT_REFERENCE_FIELDS.name!, 'rights.id'] });
  }

  async setRights(session: Session, id: string, refs: readonly EntityRef[]): Promise<void> {
    await this.get(session, id);
    await this.#replaceRights(id, await this.#deps.rights.namesOf(refs));
  }

  /** Adds rights to a bundle (the portal's "add a right"); unknown names are refused as setRights refuses them. */
  async addRights(session: Session, id: string, names: readonly string[]): Promise<void> {
    await this.get(session, id);
    const held = await this.#deps.db.selectFrom('rights_bundle_rights').select('right_name').where('bundle_id', '=', id).execute();
    const added = await this.#deps.rights.namesOf(names.map((name) => ({ name })));
    await this.#replaceRights(id, [...new Set([...held.map((r) => r.right_name), ...added])]);
  }

  async #replaceRights(id: string, names: readonly string[]): Promise<void> {
    await this.#deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('rights_bundle_rights').where('bundle_id', '=', id).execute();
      if (names.length) await tx.insertInto('rights_bundle_rights').values(names.map((right_name) => ({ bundle_id: id, right_name }))).execute();
    });
    this.#deps.sessions.invalidateAll();
  }

  /** A page of the orgs a bundle is explicitly published to, by name (case-insensitive) unless sorted. */
  async tenantsOf(session: Session, id: string, query: ListQuery): Promise<ListPage<OrgRef>> {
    await this.get(session, id);
    const tenants = this.#deps.db.selectFrom('rights_bundle_tenants').innerJoin('orgs', 'orgs.id', 'rights_bundle_tenants.org_id')
      .select(['orgs.name', 'orgs.id']).where('rights_bundle_tenants.bundle_id', '=', id);
    return listInSql(tenants, query, {
      engine: this.#deps.engine, fields: ORG_REFERENCE_FIELDS, order: [{ column: 'orgs.name_key', type: 'text' }, 'orgs.id'],
    });
  }

  /** Which of these orgs the bundle is published to (one statement over the page of orgs a form shows). */
  async tenantsAmong(session: Session, id: string, orgIds: readonly string[]): Promise<Set<string>> {
    await this.get(session, id);
    if (!orgIds.length) return new Set();
    const rows = await this.#deps.db.selectFrom('rights_bundle_tenants').select('org_id')
      .where('bundle_id', '=', id).where('org_id', 'in', orgIds).execute();
    return new Set(rows.map((r) => r.org_id));
  }

  /** Publication changes: 'set' replaces the tenant list, 'publish' adds to it, 'unpublish' takes away. */
  async publish(session: Session, id: string, mode: 'set' | 'publish' | 'unpublish', refs: readonly EntityRef[]): Promise<void> {
    await this.get(session, id);
    const orgIds = await this.#orgIdsOf(refs);
    await this.#publish(id, mode, orgIds);
  }

  async #publish(id: string, mode: 'set' | 'publish' | 'unpublish', orgIds: string[]): Promise<void> {
    await this.#deps.db.transaction().execute(async (tx) => {
      if (mode === 'set') await tx.deleteFrom('rights_bundle_tenants').where('bundle_id', '=', id).execute();
      if (mode === 'unpublish') {
        if (orgIds.length) await tx.deleteFrom('rights_bundle_tenants').where('bundle_id', '=', id).where('org_id', 'in', orgIds).execute();
        return;
      }
      // the tenants it has already stay as they are (without reading them all)
      if (orgIds.length) {
        await tx.insertInto('rights_bundle_tenants').values(orgIds.map((org_id) => ({ bundle_id: id, org_id })))
          .onConflict((oc) => oc.columns(['bundle_id', 'org_id']).doNothing()).execute();
      }
    });
    this.#deps.sessions.invalidateAll();
  }

  async publishAll(session: Session, id: string, all: boolean): Promise<void> {
    await this.get(session, id);
    await this.#deps.db.updateTable('rights_bundles').set({ publish_all: all ? 1 : 0 }).where('id', '=', id).execute();
    this.#deps.sessions.invalidateAll();
  }

  /** Tenant orgs named by references, by URN id or by name; the System org is no tenant. */
  async #orgIdsOf(refs: readonly EntityRef[]): Promise<string[]> {
    const idOf = (ref: EntityRef) => {
      const m = typeof ref.id === 'string' ? /^urn:vcloud:org:(.+)$/i.exec(ref.id) : null;
      return m && isUuid(m[1]!) ? m[1]!.toLowerCase() : undefined;
    };
    const nameKeyOf = (ref: EntityRef) => (typeof ref.name === 'string' ? ref.name.toLowerCase() : undefined);
    const ids = refs.map(idOf).filter((id): id is string => id !== undefined);
    const nameKeys = refs.filter((ref) => idOf(ref) === undefined).map(nameKeyOf).filter((k): k is string => k !== undefined);
    // only the orgs the references name, by id or by name
    const orgs = ids.length + nameKeys.length === 0 ? [] : await this.#deps.db.selectFrom('orgs').select(['id', 'name_key'])
      .where('name_key', '!=', SYSTEM_ORG_KEY)
      .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(nameKeys.length ? [eb('name_key', 'in', nameKeys)] : [])]))
      .execute();
    return [...new Set(refs.map((ref) => {
      const id = idOf(ref);
      const org = id !== undefined ? orgs.find((o) => o.id === id) : orgs.find((o) => o.name_key === nameKeyOf(ref));
      if (!org) throw errors.invalidReference(`No organization ${quote(ref.id ?? ref.name)} exists.`);
      return org.id;
    }))];
  }

  /** A seed's bundle: created if missing; its rights and publication made the seed's. */
  async ensure(spec: SeedBundle): Promise<void> {
    const rights = spec.rights ?? [];
    await this.#deps.rights.assertKnown(rights);
    const existing = await this.#deps.db.selectFrom('rights_bundles').select('id').where('name_key', '=', spec.name.toLowerCase()).executeTakeFirst();
    const id = existing?.id ?? newId();
    const row = { name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description ?? '', publish_all: spec.publishTo === 'all' ? 1 : 0 };
    if (existing) await this.#deps.db.updateTable('rights_bundles').set(row).where('id', '=', id).execute();
    else await this.#deps.db.insertInto('rights_bundles').values({ id, ...row }).execute();
    await this.#replaceRights(id, rights);
    const names = spec.publishTo === 'all' ? [] : (spec.publishTo ?? []);
    await this.#publish(id, 'set', await this.#orgIdsOf(names.map((name) => ({ name }))));
  }
}
