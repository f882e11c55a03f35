// Users as CloudAPI /users presents them. Tenants see their own org; the provider sees the System
// org or a tenant-context org. The principals backing service accounts are not users here.
import { contextOrg, requireOrgAccess } from '../inventory/policy.ts';
import type { Db } from '../store/db.ts';
import { errors } from '../errors.ts';
import { urn } from '../ids.ts';
import type { RoleService } from './roles.ts';
import { hashPassword } from './secrets.ts';
import type { Session, SessionService } from './sessions.ts';

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

/** The name_key prefix of a service account's backing user. */
export const SERVICE_ACCOUNT_KEY = '#service-account:';

export class UserService {
  readonly #db: Db;
  readonly #sessions: SessionService;
  readonly #roles: RoleService;
  readonly #now: () => number;

  constructor(db: Db, sessions: SessionService, roles: RoleService, now: () => number) {
    this.#db = db;
    this.#sessions = sessions;
    this.#roles = roles;
    this.#now = now;
  }

  async #query(where: { orgId?: string; id?: string }): Promise<UserView[]> {
    let q = this.#db.selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .select([
        'users.id', 'users.name', 'users.full_name', 'users.email', 'users.is_enabled', 'users.locked_until',
        'orgs.id as org_id', 'orgs.name as org_name', 'roles.id as role_id', 'roles.name as role_name',
      ])
      .where('users.name_key', 'not like', `${SERVICE_ACCOUNT_KEY}%`);
    if (where.orgId) q = q.where('users.org_id', '=', where.orgId);
    if (where.id) q = q.where('users.id', '=', where.id);
    const now = this.#now();
    return (await q.orderBy('users.name_key').execute()).map((r) => ({
      id: r.id, name: r.name, fullName: r.full_name, email: r.email, enabled: r.is_enabled === 1,
      locked: r.locked_until !== null && r.locked_until > now,
      orgId: r.org_id, orgName: r.org_name, roleId: r.role_id, roleName: r.role_name,
    }));
  }

  visible(session: Session, contextOrgId?: string): Promise<UserView[]> {
    return this.#query({ orgId: contextOrg(session, contextOrgId) });
  }

  async get(session: Session, id: string): Promise<UserView> {
    const [user] = await this.#query({ id });
    if (!user) throw errors.notFound(`User "${urn('user', id)}" was not found.`);
    requireOrgAccess(session, user.orgId, 'No access to another organization\'s user.');
    return user;
  }

  /**
   * PUT /users/{id}: an administrator edits a user; a role change applies to the user's live sessions,
   * and disabling them ends those sessions.
   */
  async update(session: Session, id: string, body: unknown): Promise<UserView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('The request body must be a JSON object.');
    const b = body as Record<string, unknown>;
    const user = await this.get(session, id);
    if (b.username !== undefined && b.username !== user.name) throw errors.badRequest('The username of a user cannot be changed.');
    const set: { full_name?: string; email?: string; is_enabled?: number; role_id?: string; password_hash?: string } = {};
    if (typeof b.fullName === 'string') set.full_name = b.fullName;
    if (typeof b.email === 'string') set.email = b.email;
    if (typeof b.enabled === 'boolean') set.is_enabled = b.enabled ? 1 : 0;
    if (typeof b.password === 'string' && b.password) set.password_hash = await hashPassword(b.password);
    if (b.roleEntityRefs !== undefined) {
      if (!Array.isArray(b.roleEntityRefs) || b.roleEntityRefs.length !== 1) throw errors.badRequest('roleEntityRefs must name exactly one role.');
      set.role_id = (await this.#roles.resolve(user.orgId, b.roleEntityRefs[0])).id;
    }
    if (Object.keys(set).length) await this.#db.updateTable('users').set(set).where('id', '=', id).execute();
    if (set.is_enabled === 0) await this.#sessions.closeByUser(id);
    else this.#sessions.invalidateUser(id);
    return (await this.#query({ id }))[0]!;
  }
}
