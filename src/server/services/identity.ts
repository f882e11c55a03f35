// Orgs, users and roles: who exists, and whether a login is genuine.
import { sql, type Transaction } from 'kysely';
import { isUniqueViolation, type Db, type Store } from '../store/db.ts';
import type { ListPage, ListQuery } from './listing.ts';
import { listInSql } from './sql-listing.ts';
import { errors } from '../errors.ts';
import type { Database, OrgTable, UserTable } from '../store/schema.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import { DECOY_PASSWORD_HASH, hashPassword, randomPassword, verifyPassword } from './secrets.ts';
import { DEFAULT_BUNDLE_ID } from './rights.ts';
import { SYSTEM_ORG } from '../inventory/principal.ts';
import type { Visibility } from '../inventory/entity-type.ts';
import { PREDEFINED_ROLES } from './roles-catalogue.ts';
import { SYSTEM_ADMIN_ROLE } from '../inventory/policy.ts';

export type Org = OrgTable;
export type User = UserTable;

/** An id no user has (ids are random UUIDs), for the update a failure without a user still runs. */
const NO_USER_ID = '00000000-0000-0000-0000-000000000000';

export interface LockoutPolicy {
  enabled: boolean;
  invalidLoginsBeforeLockout: number;
  lockoutIntervalMinutes: number;
}

export interface OrgSpec {
  name: string;
  fullName?: string | undefined;
  description?: string | undefined;
  /** enabled unless false */
  enabled?: boolean | undefined;
}

/** What an update of an org may change; a field left out stays as it is. */
export type OrgChanges = Partial<Pick<Org, 'name' | 'full_name' | 'description' | 'is_enabled'>>;

export interface UserSpec {
  name: string;
  password?: string | undefined;
  role?: string | undefined;
  fullName?: string | undefined;
  email?: string | undefined;
}

const key = (name: string) => name.toLowerCase();

/** VCD's answer to a name another org holds. */
const duplicateOrg = (name: string) => errors.duplicateName(`The VCD entity ${name} already exists.`);

export class IdentityService {
  readonly #db: Db;
  readonly #engine: Store['engine'];
  readonly #clock: Clock;
  readonly #lockout: LockoutPolicy;

  constructor(db: Db, engine: Store['engine'], clock: Clock, lockout: LockoutPolicy) {
    this.#db = db;
    this.#engine = engine;
    this.#clock = clock;
    this.#lockout = lockout;
  }

  /** Creates the global predefined roles, and brings their (read-only) rights up to the catalogue's on every start. */
  async ensurePredefinedRoles(): Promise<void> {
    for (const role of PREDEFINED_ROLES) {
      const existing = await this.#db.selectFrom('roles').select('id')
        .where('org_id', 'is', null).where('name', '=', role.name).executeTakeFirst();
      const id = existing?.id ?? newId();
      await this.#db.transaction().execute(async (tx) => {
        if (existing) await tx.deleteFrom('role_rights').where('role_id', '=', id).execute();
        else await tx.insertInto('roles').values({ id, org_id: null, name: role.name, description: role.description, read_only: 1 }).execute();
        if (role.rights.length) {
          await tx.insertInto('role_rights').values(role.rights.map((right_name) => ({ role_id: id, right_name }))).execute();
        }
      });
    }
  }

  async ensureOrg(spec: OrgSpec): Promise<{ org: Org; created: boolean }> {
    const existing = await this.findOrgByName(spec.name);
    if (existing) return { org: existing, created: false };
    return { org: await this.createOrg(spec), created: true };
  }

  /**
   * Creates an org. A name taken (case aside) is DUPLICATE_NAME; the store's unique key decides, so of
   * two concurrent creations of one name only one succeeds.
   */
  async createOrg(spec: OrgSpec): Promise<Org> {
    if (await this.findOrgByName(spec.name)) throw duplicateOrg(spec.name);
    const org: Org = {
      id: newId(),
      name: spec.name,
      name_key: key(spec.name),
      full_name: spec.fullName ?? spec.name,
      description: spec.description ?? '',
      is_enabled: spec.enabled === false ? 0 : 1,
      created_at: this.#clock.now(),
    };
    await this.#db.transaction().execute(async (tx) => {
      await tx.insertInto('orgs').values(org).execute();
      // As in VCD, a new tenant org gets the default rights bundle (if the provider still has it).
      if (org.name_key !== key(SYSTEM_ORG)) {
        await tx.insertInto('rights_bundle_tenants').columns(['bundle_id', 'org_id'])
          .expression((eb) => eb.selectFrom('rights_bundles').select((s) => ['id', s.val(org.id).as('org_id')]).where('id', '=', DEFAULT_BUNDLE_ID))
          .execute();
      }
    }).catch((e: unknown) => { throw isUniqueViolation(e) ? duplicateOrg(spec.name) : e; });
    return org;
  }

  /**
   * Changes an org's name, full name, description or state. Only the fields given are written, so
   * concurrent updates of different fields both hold; the answer is the row as the update left it.
   */
  async updateOrg(id: string, changes: OrgChanges): Promise<Org | undefined> {
    const set = { ...changes, ...(changes.name !== undefined && { name_key: key(changes.name) }) };
    if (changes.name !== undefined) {
      const holder = await this.findOrgByName(changes.name);
      if (holder && holder.id !== id) throw duplicateOrg(changes.name);
    }
    return this.#db.updateTable('orgs').set(set).where('id', '=', id).returningAll().executeTakeFirst()
      .catch((e: unknown) => { throw isUniqueViolation(e) ? duplicateOrg(changes.name ?? '') : e; });
  }

  /**
   * Deletes an org in the caller's transaction (a task's); its users, roles, sessions, tokens and inventory go
   * with it (the store cascades).
   */
  async deleteOrg(trx: Transaction<Database>, id: string): Promise<void> {
    await trx.deleteFrom('orgs').where('id', '=', id).execute();
  }

  /** Creates the user if missing; a password given in the spec is (re)applied, so seeds stay authoritative. */
  async ensureUser(org: Org, spec: UserSpec): Promise<{ user: User; password?: string }> {
    const roleName = spec.role ?? (org.name_key === key(SYSTEM_ORG) ? SYSTEM_ADMIN_ROLE : 'vApp Author');
    const roleId = await this.roleIdByName(org.id, roleName);
    const existing = await this.#db.selectFrom('users').selectAll()
      .where('org_id', '=', org.id).where('name_key', '=', key(spec.name)).executeTakeFirst();
    if (existing) {
      if (spec.password !== undefined) {
        await this.#db.updateTable('users').set({ password_hash: await hashPassword(spec.password), role_id: roleId })
          .where('id', '=', existing.id).execute();
      }
      return { user: existing };
    }
    const password = spec.password ?? randomPassword();
    const user: User = {
      id: newId(),
      org_id: org.id,
      name: spec.name,
      name_key: key(spec.name),
      full_name: spec.fullName ?? '',
      email: spec.email ?? '',
      password_hash: await hashPassword(password),
      role_id: roleId,
      is_enabled: 1,
      failed_logins: 0,
      failed_codes: 0,
      locked_until: null,
      created_at: this.#clock.now(),
    };
    await this.#db.insertInto('users').values(user).execute();
    return spec.password === undefined ? { user, password } : { user };
  }

  async roleIdByName(orgId: string, name: string): Promise<string> {
    const role = await this.#db.selectFrom('roles').select('id')
      .where((eb) => eb.or([eb('org_id', '=', orgId), eb('org_id', 'is', null)]))
      .where('name', '=', name)
      .orderBy('org_id', 'desc') // an org's own role of that name wins over the global one
      .executeTakeFirst();
    if (!role) throw new Error(`unknown role "${name}"`);
    return role.id;
  }

  /**
   * Orgs are read from the store on every request that needs them (one indexed SELECT), never kept in
   * memory: cells sharing a store see each other's creations, renames, disablings and deletions at once.
   */
  findOrgByName(name: string): Promise<Org | undefined> {
    return this.#db.selectFrom('orgs').selectAll().where('name_key', '=', key(name)).executeTakeFirst();
  }

  getOrg(id: string): Promise<Org | undefined> {
    return this.#db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** In creation order, then by name; only those `visible` selects (policy.ts's scope), if given. */
  listOrgs(visible?: Visibility): Promise<Org[]> {
    return this.#db.selectFrom('orgs').selectAll().$if(visible !== undefined, (q) => q.where(visible!))
      .orderBy('created_at').orderBy('name_key').execute();
  }

  /** A page of the tenant orgs (the System org aside), in creation order, then by name. */
  tenantOrgs(q: ListQuery): Promise<ListPage<Org>> {
    return listInSql(this.#db.selectFrom('orgs').selectAll().where('name_key', '!=', key(SYSTEM_ORG)), q,
      { engine: this.#engine, fields: {}, order: ['orgs.created_at', 'orgs.name_key'] });
  }

  getUser(id: string): Promise<User | undefined> {
    return this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Checks user@org:password. Every failure (unknown org, unknown user, wrong password, disabled or
   * locked account) returns undefined after the same work: one lookup, one scrypt, one update of the
   * failure count, so neither the answer nor its timing tells which it was. Both updates decide on
   * the row as it is when they run, not as the lookup saw it, so concurrent attempts cannot overwrite
   * each other's counts or slip a success past a lock.
   */
  async authenticate(orgName: string, userName: string, password: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .selectAll('users')
      .select('orgs.is_enabled as org_enabled')
      .where('orgs.name_key', '=', key(orgName))
      .where('users.name_key', '=', key(userName))
      .executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? DECOY_PASSWORD_HASH);
    const now = this.#clock.now();
    const lockedAsRead = row?.locked_until != null && row.locked_until > now;
    if (row && ok && !lockedAsRead && row.is_enabled && row.org_enabled && await this.#admit(row.id, now)) {
      const { org_enabled: _, ...user } = row;
      return { ...user, failed_logins: 0, locked_until: null };
    }
    await this.#recordFailure(row?.id ?? NO_USER_ID, Boolean(row) && !ok, now);
    return undefined;
  }

  /** A success starts the count afresh, unless a concurrent failure has locked the account meanwhile. */
  async #admit(userId: string, now: number): Promise<boolean> {
    const result = await this.#db.updateTable('users').set({ failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Counts a wrong password against an unlocked account toward lockout, in one update computed from
   * the row's current values. Every other failure runs the same statement with `counts` false (for no
   * user, on an id that matches no row), which changes nothing, so that all failures cost the same.
   */
  async #recordFailure(userId: string, counts: boolean, now: number): Promise<void> {
    if (!this.#lockout.enabled) return;
    const lockedUntil = sql.ref<number | null>('locked_until');
    const failures = sql.ref<number>('failed_logins');
    const counted = sql<boolean>`${counts ? 1 : 0} = 1 and ${isOpen(now)}`;
    const next = this.#nextFailure('failed_logins', now);
    await this.#db.updateTable('users').set({
      failed_logins: sql`case when ${counted} then ${next.count} else ${failures} end`,
      locked_until: sql`case when ${counted} then ${next.lockedUntil} else ${lockedUntil} end`,
    }).where('id', '=', userId).execute();
  }

  /**
   * Claims one try at the user's second factor (a TOTP or recovery code), before the code is checked: the
   * try counts as a failure at once, in one update of the row as it is, so concurrent tries all count and
   * no more than the threshold are ever checked between two locks; the try that reaches it locks the
   * account (password logins too). A code that turns out right is settled with settleCodeTry. Undefined:
   * the account is locked, and the code is not to be checked. Unlike passwords, codes are limited even
   * where the lockout policy is off: a six-digit code tried without limit is no second factor.
   */
  async claimCodeTry(userId: string): Promise<CodeTry | undefined> {
    const now = this.#clock.now();
    const next = this.#nextFailure('failed_codes', now);
    const row = await this.#db.updateTable('users').set({ failed_codes: next.count, locked_until: next.lockedUntil })
      .where('id', '=', userId).where(isOpen(now))
      .returning('locked_until').executeTakeFirst();
    return row && { lockedUntil: row.locked_until };
  }

  /**
   * A right code: its try no longer counts and the count starts afresh (the lock the try set, if it was the
   * last allowed, is lifted). False when another try has locked the account meanwhile: the code is refused.
   */
  async settleCodeTry(userId: string, claimed: CodeTry): Promise<boolean> {
    const now = this.#clock.now();
    const result = await this.#db.updateTable('users').set({ failed_codes: 0, locked_until: null })
      .where('id', '=', userId)
      .where(claimed.lockedUntil === null ? isOpen(now) : sql<boolean>`${sql.ref('locked_until')} = ${claimed.lockedUntil}`)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * A count's next values when one more failure counts against an open account: a lock that has run out
   * starts a fresh count, and reaching the threshold locks the account and starts the count again.
   */
  #nextFailure(column: 'failed_logins' | 'failed_codes', now: number) {
    const lockedUntil = sql.ref<number | null>('locked_until');
    const failures = sql<number>`(case when ${lockedUntil} is null then ${sql.ref(column)} else 0 end + 1)`;
    const locks = sql<boolean>`${failures} >= ${this.#lockout.invalidLoginsBeforeLockout}`;
    const until = now + this.#lockout.lockoutIntervalMinutes * 60_000;
    return {
      count: sql<number>`case when ${locks} then 0 else ${failures} end`,
      // (the cast types the parameter for PostgreSQL, which cannot infer it against a null)
      lockedUntil: sql<number | null>`case when ${locks} then cast(${until} as bigint) else null end`,
    };
  }
}

/** One try at a second factor, claimed (and counted) before its code is checked. */
export interface CodeTry {
  /** the lock this try set, being the last the threshold allows; null if it set none */
  lockedUntil: number | null;
}

/** An account not locked now (a lock that has run out is no lock). */
const isOpen = (now: number) => sql<boolean>`(${sql.ref('locked_until')} is null or ${sql.ref('locked_until')} <= ${now})`;
