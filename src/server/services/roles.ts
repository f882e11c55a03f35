// Roles as CloudAPI /roles presents them: the predefined (global, read-only) roles every org sees,
// plus each org's own. Org administrators manage their org's roles; the provider manages any org's.
// A tenant role may only hold rights the bundles published to its org hold.
import { sql } from 'kysely';
import {
  canSeeOrg, contextOrg, isProvider, isProviderRole, noAccess, PROVIDER_ROLE_KEYS, requireOrgAccess, SYSTEM_ORG_KEY,
} from '../inventory/policy.ts';
import type { Db, Store } from '../store/db.ts';
import type { RoleTable } from '../store/schema.ts';
import { errors, quote } from '../errors.ts';
import { isUuid, newId, urn } from '../ids.ts';
import type { ListPage, ListQuery } from './listing.ts';
import { boundedText, REFERENCE_FIELDS, type EntityRef, type RightsService } from './rights.ts';
import { UNDEFINED_KEY } from './rights-catalogue.ts';
import { constantField, urnField, type SqlFields } from '../inventory/sql.ts';
import { listInSql } from './sql-listing.ts';
import type { Session } from '../inventory/principal.ts';
import type { SessionService } from './sessions.ts';

export type Role = RoleTable;

/** What the role and bundle services share: the store, the session cache they invalidate, the catalogue. */
export interface RbacDeps {
  db: Db;
  engine: Store['engine'];
  sessions: SessionService;
  rights: RightsService;
}

export interface RoleSpec {
  name?: unknown;
  description?: unknown;
}

export interface SeedRole {
  name: string;
  description?: string | undefined;
  rights?: string[] | undefined;
}

/** The CloudAPI Role's fields, as filters and sorts name them, over roles. */
const ROLE_FIELDS: SqlFields = {
  id: urnField('role', 'id'),
  name: { column: 'name', type: 'text' },
  description: { column: 'description', type: 'text' },
  readOnly: { column: 'read_only', type: 'boolean' },
  bundleKey: constantField(UNDEFINED_KEY),
};
const RIGHT_REFERENCE_FIELDS = REFERENCE_FIELDS('right', 'rights');

export class RoleService {
  readonly #deps: RbacDeps;

  constructor(deps: RbacDeps) {
    this.#deps = deps;
  }

  async #isSystem(orgId: string): Promise<boolean> {
    const org = await this.#deps.db.selectFrom('orgs').select('name_key').where('id', '=', orgId).executeTakeFirst();
    if (!org) throw errors.badRequest('The tenant context names no organization.');
    return org.name_key === SYSTEM_ORG_KEY;
  }

  /** The roles an org sees: the predefined ones (System Administrator only in System) and its own. */
  async #inOrg(orgId: string) {
    const predefined = await this.#isSystem(orgId)
      ? sql<boolean>`org_id is null`
      : sql<boolean>`org_id is null and lower(name) not in (${sql.join(PROVIDER_ROLE_KEYS)})`;
    return this.#deps.db.selectFrom('roles').selectAll().where((eb) => eb.or([eb('org_id', '=', orgId), predefined]));
  }

  /** A page of the caller's org's roles (the provider may name another org: tenant context), by name unless sorted. */
  async page(session: Session, contextOrgId: string | undefined, query: ListQuery): Promise<ListPage<Role>> {
    const roles = await this.#inOrg(contextOrg(session, contextOrgId));
    return listInSql(roles, query, { engine: this.#deps.engine, fields: ROLE_FIELDS, order: [ROLE_FIELDS.name!, 'id'] });
  }

  /** The roles an org holds (the AdminOrg's RoleReferences), by name. */
  async inOrg(orgId: string): Promise<Array<{ id: string; name: string }>> {
    return (await this.#inOrg(orgId)).orderBy('name').orderBy('id').execute();
  }

  async get(session: Session, id: string): Promise<Role> {
    const role = await this.#deps.db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    const visible = role && (role.org_id === null ? isProvider(session) || !isProviderRole(role.name) : canSeeOrg(session, role.org_id));
    if (!visible) throw noAccess(urn('role', id));
    return role;
  }

  /** A role the caller may change: their org's own (any org's for the provider), never a predefined one. */
  async #editable(session: Session, id: string): Promise<Role> {
    const role = await this.get(session, id);
    if (role.org_id === null || role.read_only) throw errors.badRequest(`The role "${role.name}" is predefined and read-only.`);
    return role;
  }

  async #assertFreeName(orgId: string, name: string, except?: string): Promise<void> {
    const clash = await (await this.#inOrg(orgId)).where(sql<boolean>`lower(name) = ${name.toLowerCase()}`)
      .$if(except !== undefined, (q) => q.where('id', '!=', except!)).executeTakeFirst();
    if (clash) throw errors.badRequest(`A role named "${name}" already exists.`);
  }

  async create(session: Session, orgId: string, spec: RoleSpec): Promise<Role> {
    requireOrgAccess(session, orgId);
    const role: Role = {
      id: newId(), org_id: orgId, name: boundedText(spec.name, 'name', 1, 128),
      description: spec.description === undefined || spec.description === null ? '' : boundedText(spec.description, 'description', 0, 256),
      read_only: 0,
    };
    await this.#assertFreeName(orgId, role.name);
    await this.#deps.db.insertInto('roles').values(role).execute();
    return role;
  }

  async update(session: Session, id: string, spec: RoleSpec): Promise<Role> {
    const role = await this.#editable(session, id);
    const name = boundedText(spec.name, 'name', 1, 128);
    const description = spec.description === undefined || spec.description === null ? role.description : boundedText(spec.description, 'description', 0, 256);
    await this.#assertFreeName(role.org_id!, name, id);
    await this.#deps.db.updateTable('roles').set({ name, description }).where('id', '=', id).execute();
    this.#deps.sessions.invalidateAll();
    return { ...role, name, description };
  }

  async delete(session: Session, id: string): Promise<void> {
    const role = await this.#editable(session, id);
    const used = await this.#deps.db.selectFrom('users').select('id').where('role_id', '=', id).executeTakeFirst();
    if (used) throw errors.badRequest(`The role "${role.name}" is assigned to users and cannot be deleted.`);
    await this.#deps.db.deleteFrom('roles').where('id', '=', id).execute();
  }

  /** A page of a role's rights as references, by name unless sorted. */
  async rightsOf(session: Session, id: string, query: ListQuery): Promise<ListPage<{ name: string; id: string }>> {
    await this.get(session, id);
    const rights = this.#deps.db.selectFrom('role_rights').innerJoin('rights', 'rights.name', 'role_rights.right_name')
      .select(['rights.name', 'rights.id']).where('role_rights.role_id', '=', id);
    return listInSql(rights, query, { engine: this.#deps.engine, fields: RIGHT_REFERENCE_FIELDS, order: [RIGHT_REFERENCE_FIELDS.name!, 'rights.id'] });
  }

  /** Replaces a role's rights (PUT /roles/{id}/rights); they take effect on live sessions at once. */
  async setRights(session: Session, id: string, refs: readonly EntityRef[]): Promise<void> {
    const role = await this.#editable(session, id);
    const names = await this.#deps.rights.namesOf(refs);
    const grantable = await this.#deps.rights.grantable(role.org_id!, await this.#isSystem(role.org_id!));
    const outside = names.find((n) => !grantable.has(n));
    if (outside) throw errors.badRequest(`The right "${outside}" is not available to this organization.`);
    await this.#replaceRights(id, names);
  }

  /** Adds rights to a role (the portal's "add a right"), under the same rules as setRights. */
  async grant(session: Session, id: string, names: readonly string[]): Promise<void> {
    await this.#editable(session, id);
    const held = await this.#deps.db.selectFrom('role_rights').select('right_name').where('role_id', '=', id).execute();
    await this.setRights(session, id, [...new Set([...held.map((r) => r.right_name), ...names])].map((name) => ({ name })));
  }

  async #replaceRights(id: string, names: readonly string[]): Promise<void> {
    await this.#deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('role_rights').where('role_id', '=', id).execute();
      if (names.length) await tx.insertInto('role_rights').values(names.map((right_name) => ({ role_id: id, right_name }))).execute();
    });
    this.#deps.sessions.invalidateAll();
  }

  /** A seed's role: created if missing, its description and rights made the seed's. */
  async ensure(orgId: string, spec: SeedRole): Promise<void> {
    const rights = spec.rights ?? [];
    await this.#deps.rights.assertKnown(rights);
    const existing = await this.#deps.db.selectFrom('roles').select('id').where('org_id', '=', orgId).where('name', '=', spec.name).executeTakeFirst();
    const id = existing?.id ?? newId();
    if (existing) await this.#deps.db.updateTable('roles').set({ description: spec.description ?? '' }).where('id', '=', id).execute();
    else await this.#deps.db.insertInto('roles').values({ id, org_id: orgId, name: spec.name, description: spec.description ?? '', read_only: 0 }).execute();
    await this.#replaceRights(id, rights);
  }

  /** The role a reference names in an org: {id: urn:vcloud:role:<uuid>} or {name}. */
  async resolve(orgId: string, r: EntityRef): Promise<Role> {
    const m = typeof r.id === 'string' ? /^urn:vcloud:role:(.+)$/i.exec(r.id) : null;
    const roles = await this.#inOrg(orgId);
    const role = m && isUuid(m[1]!)
      ? await roles.where('id', '=', m[1]!.toLowerCase()).executeTakeFirst()
      : typeof r.name === 'string' ? await roles.where(sql<boolean>`lower(name) = ${r.name.toLowerCase()}`).executeTakeFirst() : undefined;
    if (!role) throw errors.invalidReference(`No role ${quote(r.id ?? r.name)} exists in this organization.`);
    return role;
  }
}
