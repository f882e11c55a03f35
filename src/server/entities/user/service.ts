// Users as CloudAPI /users presents them. Tenants see their own org; the provider sees the System
// org or a tenant-context org. The principals backing service accounts are not users here.
import { sql } from 'kysely';
import { canAdministerOrg, canSeeOrg, contextOrg, noAccess, requireUserAdministration } from '../../inventory/policy.ts';
import { SERVICE_ACCOUNT_KEY } from './type.ts';
import { isUniqueViolation, type Db, type Store } from '../../store/db.ts';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import type { ListPage, ListQuery } from '../../services/listing.ts';
import type { EntityRef } from '../../services/rights.ts';
import type { RoleService } from '../../services/roles.ts';
import { hashPassword } from '../../services/secrets.ts';
import type { Session } from '../../inventory/principal.ts';
import type { SessionService } from '../../services/sessions.ts';
import { constantField, urnField, type SqlFields } from '../../inventory/sql.ts';
import { listInSql } from '../../services/sql-listing.ts';

export interface UserView {
  id: string;
  name: string;
  fullName: string;
  email: string;
  enabled: boolean;
  locked: boolean;
  orgId: string;
  orgName: string;
  roleId: string;
  roleName: string;
}

/** What PUT /users/{id} may change (its shape is checked at the edge); other fields are ignored. */
export interface UserUpdate {
  username?: string | null | undefined;
  fullName?: string | null | undefined;
  email?: string | null | undefined;
  enabled?: boolean | null | undefined;
  password?: string | null | undefined;
  /** false unlocks an account that failed logins locked (true changes nothing: only failures lock) */
  locked?: boolean | null | undefined;
  /** exactly one */
  roleEntityRefs?: EntityRef[] | undefined;
}

/** What POST /users (and the portal's New user) gives; the edge checks its shape and bounds. */
export interface NewUser {
  username: string;
  password: string;
  roleEntityRefs: EntityRef[];
  fullName?: string | null | undefined;
  email?: string | null | undefined;
  enabled?: boolean | null | undefined;
}

/** A username: letters, digits and . _ - @ (so never a service account's backing name). */
const USERNAME = /^[A-Za-z0-9._@-]{1,128}$/;

/** The CloudAPI VcdUser's fields, as filters and sorts name them; `locked` depends on the time of asking. */
const userFields = (now: number): SqlFields => ({
  id: urnField('user', 'users.id'),
  username: { column: 'users.name', type: 'text' },
  fullName: { column: 'users.full_name', type: 'text' },
  email: { column: 'users.email', type: 'text' },
  enabled: { column: 'users.is_enabled', type: 'boolean' },
  locked: { column: sql`(case when users.locked_until > ${now} then 1 else 0 end)`, type: 'boolean' },
  providerType: constantField('LOCAL'),
  nameInSource: { column: 'users.name', type: 'text' },
  'orgEntityRef.name': { column: 'orgs.name', type: 'text' },
  'orgEntityRef.id': urnField('org', 'orgs.id'),
});

/** Users with their org and role; the principals backing service accounts are left out. */
function selectUsers(db: Db) {
  return db.selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select([
      'users.id', 'users.name', 'users.full_name', 'users.email', 'users.is_enabled', 'users.locked_until',
      'orgs.id as org_id', 'orgs.name as org_name', 'roles.id as role_id', 'roles.name as role_name',
    ])
    .where('users.name_key', 'not like', `${SERVICE_ACCOUNT_KEY}%`);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

export class UserService {
  readonly #db: Db;
  readonly #engine: Store['engine'];
  readonly #sessions: SessionService;
  readonly #roles: RoleService;
  readonly #now: () => number;

  constructor(db: Db, engine: Store['engine'], sessions: SessionService, roles: RoleService, now: () => number) {
    this.#db = db;
    this.#engine = engine;
    this.#sessions = sessions;
    this.#roles = roles;
    this.#now = now;
  }

  #view(now: number) {
    return (r: UserRow): UserView => ({
      id: r.id, name: r.name, fullName: r.full_name, email: r.email, enabled: r.is_enabled === 1,
      locked: r.locked_until !== null && r.locked_until > now,
      orgId: r.org_id, orgName: r.org_name, roleId: r.role_id, roleName: r.role_name,
    });
  }

  async #byId(id: string): Promise<UserView | undefined> {
    const row = await selectUsers(this.#db).where('users.id', '=', id).executeTakeFirst();
    return row && this.#view(this.#now())(row);
  }

  /** A page of the caller's org's users (the provider's: the System org or the tenant context's), by name unless sorted. */
  async page(session: Session, contextOrgId: string | undefined, query: ListQuery): Promise<ListPage<UserView>> {
    const orgId = contextOrg(session, contextOrgId);
    const now = this.#now();
    const page = await listInSql(selectUsers(this.#db).where('users.org_id', '=', orgId), query, {
      engine: this.#engine, fields: userFields(now), order: [{ column: 'users.name_key', type: 'text' }, 'users.id'],
    });
    return { ...page, items: page.items.map(this.#view(now)) };
  }

  /** The org's users by name (what the AdminOrg references); the principals of service accounts are left out. */
  async namesInOrg(orgId: string): Promise<Array<{ id: string; name: string }>> {
    return this.#db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId)
      .where('name_key', 'not like', `${SERVICE_ACCOUNT_KEY}%`).orderBy('name_key').orderBy('id').execute();
  }

  async get(session: Session, id: string): Promise<UserView> {
    const user = await this.#byId(id);
    if (!user || !canSeeOrg(session, user.orgId)) throw noAccess(urn('user', id));
    return user;
  }

  /** A user's admin view (/api/admin/user/{id}): the provider's and the user's org administrators'; else noAccess, as for none. */
  async getAdmin(session: Session, id: string): Promise<UserView> {
    const user = await this.get(session, id);
    if (!canAdministerOrg(session, user.orgId)) throw noAccess(urn('user', id));
    return user;
  }

  /** Creates a local user in an org with one of the org's roles; a name taken there (case aside) is DUPLICATE_NAME. */
  async create(session: Session, orgId: string, b: NewUser): Promise<UserView> {
    requireUserAdministration(session, orgId);
    if (!USERNAME.test(b.username)) throw errors.badRequest('A username is 1 to 128 letters, digits, ".", "_", "-" or "@".');
    if (!b.password) throw errors.badRequest('A new user needs a password.');
    const [roleRef] = b.roleEntityRefs;
    if (!roleRef) throw errors.badRequest('A new user needs a role.');
    const role = await this.#roles.resolve(orgId, roleRef);
    const id = newId();
    await this.#db.insertInto('users').values({
      id, org_id: orgId, name: b.username, name_key: b.username.toLowerCase(), full_name: b.fullName ?? '', email: b.email ?? '',
      password_hash: await hashPassword(b.password), role_id: role.id, is_enabled: b.enabled === false ? 0 : 1,
      failed_logins: 0, failed_codes: 0, locked_until: null, created_at: this.#now(),
    }).execute().catch((e: unknown) => { throw isUniqueViolation(e) ? errors.duplicateName(`The user ${b.username} already exists.`) : e; });
    return (await this.#byId(id))!;
  }

  /**
   * PUT /users/{id}: an administrator edits a user; a role change applies to the user's live sessions,
   * and disabling them ends those sessions.
   */
  async update(session: Session, id: string, b: UserUpdate): Promise<UserView> {
    const user = await this.get(session, id);
    requireUserAdministration(session, user.orgId);
    if (typeof b.username === 'string' && b.username !== user.name) throw errors.badRequest('The username of a user cannot be changed.');
    const set: { full_name?: string; email?: string; is_enabled?: number; role_id?: string; password_hash?: string; failed_logins?: number; failed_codes?: number; locked_until?: null } = {};
    if (typeof b.fullName === 'string') set.full_name = b.fullName;
    if (typeof b.email === 'string') set.email = b.email;
    if (typeof b.enabled === 'boolean') set.is_enabled = b.enabled ? 1 : 0;
    if (typeof b.password === 'string' && b.password) set.password_hash = await hashPassword(b.password);
    if (b.locked === false) Object.assign(set, { failed_logins: 0, failed_codes: 0, locked_until: null });
    const [roleRef] = b.roleEntityRefs ?? [];
    if (roleRef) set.role_id = (await this.#roles.resolve(user.orgId, roleRef)).id;
    if (Object.keys(set).length) await this.#db.updateTable('users').set(set).where('id', '=', id).execute();
    if (set.is_enabled === 0) await this.#sessions.closeByUser(id);
    else this.#sessions.invalidateUser(id);
    return (await this.#byId(id))!;
  }
}
