// The portal's sign-in: the password (login.ts), then, for a user enrolled in MFA, a code; for a user of an
// org that requires MFA and who is not enrolled yet, enrolment first. Between the steps the browser holds
// a ticket: a random secret, known here only by its hash, good for a few minutes and a few wrong codes
// (then the password is asked again, which costs a guesser a scrypt). Wrong codes also count toward the
// account's lockout (mfa.ts), and a right password does not start that count afresh: only a right code
// does. Tickets live in the store (sign_in_tickets), so that the code step may reach any cell; expired ones
// are deleted as new ones are issued.
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { errors } from '../errors.ts';
import type { User } from './identity.ts';
import type { BasicCredentials, LoginScope, LoginService } from './login.ts';
import { LOCKED_OUT, type Enrolment, type MfaService } from './mfa.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { Session } from '../inventory/principal.ts';

export interface Opened {
  token: string;
  session: Session;
}

export type SignInStep = { opened: Opened } | { ticket: string; next: 'code' | 'enrol' };

interface Ticket {
  hash: string;
  userId: string;
  creds: Omit<BasicCredentials, 'password'>;
  next: 'code' | 'enrol';
}

export const TICKET_MINUTES = 5;
const MAX_WRONG_CODES = 3;
const EXPIRED = 'The sign-in has expired; enter your password again.';

export class SignInService {
  readonly #db: Db;
  readonly #login: LoginService;
  readonly #mfa: MfaService;
  readonly #clock: Clock;

  constructor(db: Db, login: LoginService, mfa: MfaService, clock: Clock) {
    this.#db = db;
    this.#login = login;
    this.#mfa = mfa;
    this.#clock = clock;
  }

  async password(creds: BasicCredentials, scope: LoginScope, clientAddress: string): Promise<SignInStep> {
    const user = await this.#login.verify(creds, scope, clientAddress);
    const names = { user: creds.user, org: creds.org };
    if (await this.#mfa.isEnrolled(user.id)) return { ticket: await this.#issue(user, names, 'code'), next: 'code' };
    if ((await this.#mfa.policy(user.org_id)).mfaRequired) {
      // The pending secret is made here, on the password's POST, so that the enrolment page only reads it.
      const label = `${creds.user}@${creds.org}`;
      if (!(await this.#mfa.pending(user.id, label))) await this.#mfa.begin(user.id, label);
      return { ticket: await this.#issue(user, names, 'enrol'), next: 'enrol' };
    }
    return { opened: await this.#login.open(user, 'portal', names, clientAddress) };
  }

  /**
   * The second step: a code (or a recovery code); a wrong one is a 401, and after a few the ticket is gone,
   * as it is at once when the account is locked.
   */
  async code(ticket: string, code: string, clientAddress: string): Promise<Opened> {
    const t = await this.#ticket(ticket, 'code');
    const check = await this.#mfa.verify(t.userId, code.slice(0, 64));
    if (check !== 'accepted') return this.#wrongCode(t, clientAddress, check === 'locked');
    return this.#login.open(await this.#spend(t), 'portal', t.creds, clientAddress);
  }

  /** The pending enrolment an `enrol` ticket's user is to confirm (made with the ticket; reading it writes nothing). */
  async enrolment(ticket: string): Promise<Enrolment> {
    const t = await this.#ticket(ticket, 'enrol');
    const pending = await this.#mfa.pending(t.userId, `${t.creds.user}@${t.creds.org}`);
    if (!pending) throw errors.unauthorized(EXPIRED);
    return pending;
  }

  /** Confirms the enrolment with its first code and signs in; the recovery codes are shown once. */
  async enrol(ticket: string, code: string, clientAddress: string): Promise<Opened & { recoveryCodes: string[] }> {
    const t = await this.#ticket(ticket, 'enrol');
    const recoveryCodes = await this.#mfa.confirm(t.userId, code.slice(0, 64));
    if (!recoveryCodes) return this.#wrongCode(t, clientAddress);
    return { ...(await this.#login.open(await this.#spend(t), 'portal', t.creds, clientAddress)), recoveryCodes };
  }

  /** The user a live ticket names (for the page that asks for the code), or undefined. */
  async peek(ticket: string | undefined): Promise<{ user: string; org: string; next: 'code' | 'enrol' } | undefined> {
    const t = ticket ? await this.#live(ticket) : undefined;
    return t && { ...t.creds, next: t.next };
  }

  async #issue(user: User, creds: Omit<BasicCredentials, 'password'>, next: 'code' | 'enrol'): Promise<string> {
    const now = this.#clock.now();
    await this.#db.deleteFrom('sign_in_tickets').where('expires_at', '<=', now).execute();
    const ticket = newSecret();
    await this.#db.insertInto('sign_in_tickets').values({
      ticket_hash: hashSecret(ticket), user_id: user.id, user_name: creds.user, org_name: creds.org, next,
      expires_at: now + TICKET_MINUTES * 60_000, wrong_codes: 0,
    }).execute();
    return ticket;
  }

  async #live(ticket: string): Promise<Ticket | undefined> {
    const hash = hashSecret(ticket);
    const row = await this.#db.selectFrom('sign_in_tickets').selectAll()
      .where('ticket_hash', '=', hash).where('expires_at', '>', this.#clock.now()).executeTakeFirst();
    return row && { hash, userId: row.user_id, creds: { user: row.user_name, org: row.org_name }, next: row.next as Ticket['next'] };
  }

  async #ticket(ticket: string, next: 'code' | 'enrol'): Promise<Ticket> {
    const t = await this.#live(ticket);
    if (!t || t.next !== next) throw errors.unauthorized(EXPIRED);
    return t;
  }

  /** Ends a ticket whose step succeeded; its user, as the store has them now (gone: the sign-in has expired). */
  async #spend(t: Ticket): Promise<User> {
    await this.#db.deleteFrom('sign_in_tickets').where('ticket_hash', '=', t.hash).execute();
    const user = await this.#db.selectFrom('users').selectAll().where('id', '=', t.userId).executeTakeFirst();
    if (!user) throw errors.unauthorized(EXPIRED);
    return user;
  }

  async #wrongCode(t: Ticket, clientAddress: string, locked = false): Promise<never> {
    await this.#login.recordFailure(t.creds, clientAddress);
    if (locked) {
      await this.#db.deleteFrom('sign_in_tickets').where('ticket_hash', '=', t.hash).execute();
      throw errors.unauthorized(LOCKED_OUT);
    }
    const counted = await this.#db.updateTable('sign_in_tickets').set((eb) => ({ wrong_codes: eb('wrong_codes', '+', 1) }))
      .where('ticket_hash', '=', t.hash).returning('wrong_codes').executeTakeFirst();
    // (a ticket gone meanwhile, ended by a concurrent code, still answers this code as checked)
    if (counted && counted.wrong_codes >= MAX_WRONG_CODES) {
      await this.#db.deleteFrom('sign_in_tickets').where('ticket_hash', '=', t.hash).execute();
      throw errors.unauthorized('Too many wrong codes; enter your password again.');
    }
    throw errors.unauthorized('That code is not valid (or was used already). Enter the current code.');
  }
}
