// The portal's second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of drift either way)
// with single-use recovery codes, and each org's login policy. A code is accepted once: the step it
// matched must be newer than the last accepted one, decided by one conditional update, so a replayed
// (or concurrently presented) code loses. Secrets are sealed (sealing.ts); recovery codes kept as hashes.
// Every try at a code counts toward the account's lockout before the code is checked (identity.ts).
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { canEditOrg, requireUserAdministration } from '../inventory/policy.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { errors } from '../errors.ts';
import type { IdentityService } from './identity.ts';
import type { Sealer } from './sealing.ts';
import { hashSecret } from './secrets.ts';
import type { Session } from '../inventory/principal.ts';

export interface LoginPolicy {
  /** users of the org sign in to the portal with a code (and enrol at their next sign-in) */
  mfaRequired: boolean;
  /** password logins on the API are refused: API tokens and service accounts remain */
  apiPasswordRefused: boolean;
}

/** A code's fate: accepted, refused (wrong, or used already), or not checked because the account is locked. */
export type CodeCheck = 'accepted' | 'refused' | 'locked';
/** What a user is told when their codes are not checked for a while. */
export const LOCKED_OUT = 'Too many wrong codes: the account is locked for a while. Try again later.';

export interface Enrolment {
  /** base32, for typing into an authenticator by hand */
  secret: string;
  /** otpauth://totp/… (the QR code's content) */
  uri: string;
}

const PERIOD = 30;
const RECOVERY_CODES = 10;
const CODE = /^\d{6}$/;
/** 16 base32 characters (80 bits) in four groups */
const RECOVERY = /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

const NO_POLICY: LoginPolicy = { mfaRequired: false, apiPasswordRefused: false };

function recoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => BASE32[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export class MfaService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #sealer: Sealer;
  readonly #issuer: string;
  readonly #identity: IdentityService;

  constructor(db: Db, clock: Clock, sealer: Sealer, issuer: string, identity: IdentityService) {
    this.#db = db;
    this.#clock = clock;
    this.#sealer = sealer;
    this.#issuer = issuer;
    this.#identity = identity;
  }

  #totp(secret: string, label: string): TOTP {
    return new TOTP({ issuer: this.#issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
  }

  /** Whether the user has a confirmed enrolment. */
  async isEnrolled(userId: string): Promise<boolean> {
    const row = await this.#db.selectFrom('user_mfa').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
    return row?.enabled_at != null;
  }

  /**
   * Starts (or restarts) an enrolment with a new secret, pending until its first code confirms it; a
   * confirmed enrolment must be removed first. `label` is what the authenticator shows (user@org).
   */
  async begin(userId: string, label: string): Promise<Enrolment> {
    if (await this.isEnrolled(userId)) throw errors.badRequest('Multi-factor authentication is already set up; turn it off first.');
    const secret = new Secret({ size: 20 }).base32;
    const sealed = this.#sealer.seal(secret, userId);
    await this.#db.insertInto('user_mfa').values({ user_id: userId, secret_sealed: sealed, enabled_at: null, last_step: 0 })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: sealed, enabled_at: null, last_step: 0 }))
      .execute();
    return { secret, uri: this.#totp(secret, label).toString() };
  }

  /** The pending enrolment's secret (to show it again), if one is pending. */
  async pending(userId: string, label: string): Promise<Enrolment | undefined> {
    const row = await this.#db.selectFrom('user_mfa').select(['secret_sealed', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
    const secret = row && row.enabled_at === null ? this.#sealer.unseal(row.secret_sealed, userId) : undefined;
    return secret ? { secret, uri: this.#totp(secret, label).toString() } : undefined;
  }

  /** Confirms a pending enrolment with a first code; answers the recovery codes, shown once. */
  async confirm(userId: string, code: string): Promise<string[] | undefined> {
    if (!(await this.#acceptCode(userId, code, false))) return undefined;
    const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
    await this.#db.transaction().execute(async (tx) => {
      await tx.updateTable('user_mfa').set({ enabled_at: this.#clock.now() }).where('user_id', '=', userId).execute();
      await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await tx.insertInto('mfa_recovery_codes').values(codes.map((c) => ({ user_id: userId, code_hash: hashSecret(c) }))).execute();
    });
    return codes;
  }

  /**
   * Checks a code of an enrolled user (at sign-in, or to turn MFA off): a current TOTP code not used
   * before, or an unused recovery code (then spent). The try is counted toward lockout first; a locked
   * account's codes are not checked at all, and only an accepted code starts the count afresh.
   */
  async verify(userId: string, presented: string): Promise<CodeCheck> {
    const claimed = await this.#identity.claimCodeTry(userId);
    if (!claimed) return 'locked';
    if (!(await this.#matches(userId, presented))) return 'refused';
    return (await this.#identity.settleCodeTry(userId, claimed)) ? 'accepted' : 'locked';
  }

  async #matches(userId: string, presented: string): Promise<boolean> {
    const code = presented.trim().toLowerCase().replace(/\s+/g, '');
    if (RECOVERY.test(code)) {
      const spent = await this.#db.deleteFrom('mfa_recovery_codes')
        .where('user_id', '=', userId).where('code_hash', '=', hashSecret(code)).executeTakeFirst();
      return spent.numDeletedRows > 0n;
    }
    return this.#acceptCode(userId, code, true);
  }

  /** Which of these users have a confirmed enrolment (one query; the list's own page bounds it). */
  async enrolledAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await this.#db.selectFrom('user_mfa').select('user_id')
      .where('user_id', 'in', userIds).where('enabled_at', 'is not', null).execute();
    return new Set(rows.map((r) => r.user_id));
  }

  /** An administrator's reset: the enrolment and recovery codes are gone; where the org requires MFA, the user enrols again at next sign-in. */
  async reset(session: Session, userId: string): Promise<void> {
    const user = await this.#db.selectFrom('users').select('org_id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw errors.notFound('There is no such user.');
    requireUserAdministration(session, user.org_id);
    await this.remove(userId);
  }

  /** Turns MFA off for a user (their own choice, with a current code, or an administrator's reset). */
  async remove(userId: string): Promise<void> {
    await this.#db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    await this.#db.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
  }

  async remainingRecoveryCodes(userId: string): Promise<number> {
    const row = await this.#db.selectFrom('mfa_recovery_codes').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A TOTP code of the user's secret (confirmed or pending, as `enrolled` says), accepted at most once. */
  async #acceptCode(userId: string, code: string, enrolled: boolean): Promise<boolean> {
    if (!CODE.test(code)) return false;
    const row = await this.#db.selectFrom('user_mfa').select(['secret_sealed', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
    if (!row || (row.enabled_at !== null) !== enrolled) return false;
    const secret = this.#sealer.unseal(row.secret_sealed, userId);
    if (!secret) return false;
    const now = this.#clock.now();
    const delta = this.#totp(secret, '').validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(now / 1000 / PERIOD) + delta;
    const taken = await this.#db.updateTable('user_mfa').set({ last_step: step })
      .where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
    return taken.numUpdatedRows > 0n;
  }

  /** The policies of these orgs (at most a page of them), in one statement. */
  async policies(orgIds: readonly string[]): Promise<Map<string, LoginPolicy>> {
    const rows = orgIds.length ? await this.#db.selectFrom('org_login_policies').selectAll().where('org_id', 'in', orgIds).execute() : [];
    const set = new Map(rows.map((row) => [row.org_id, { mfaRequired: row.mfa_required === 1, apiPasswordRefused: row.api_password_refused === 1 }]));
    return new Map(orgIds.map((id) => [id, set.get(id) ?? NO_POLICY]));
  }

  async policy(orgId: string): Promise<LoginPolicy> {
    const row = await this.#db.selectFrom('org_login_policies').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    return row ? { mfaRequired: row.mfa_required === 1, apiPasswordRefused: row.api_password_refused === 1 } : NO_POLICY;
  }

  /** The provider sets any org's policy, an org's administrators their own org's. */
  async setPolicy(session: Session, orgId: string, policy: LoginPolicy): Promise<void> {
    if (!canEditOrg(session, orgId)) throw errors.forbidden('No right to change this organization\'s login policy.');
    const row = { mfa_required: policy.mfaRequired ? 1 : 0, api_password_refused: policy.apiPasswordRefused ? 1 : 0 };
    await this.#db.insertInto('org_login_policies').values({ org_id: orgId, ...row })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row)).execute();
  }
}
