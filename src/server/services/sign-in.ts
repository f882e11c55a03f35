// The portal's sign-in: the password (login.ts), then, for a user enrolled in MFA, a code; for a user of an
// org that requires MFA and who is not enrolled yet, enrolment first. Between the steps the browser holds
// a ticket: a random secret, known here only by its hash, good for a few minutes and a few wrong codes
// (then the password is asked again, which costs a guesser a scrypt). Wrong codes also count toward the
// account's lockout (mfa.ts), and a right password does not start that count afresh: only a right code
// does. Tickets live in this cell's memory, bounded.
import type { Clock } from '../clock.ts';
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
  user: User;
  creds: Omit<BasicCredentials, 'password'>;
  next: 'code' | 'enrol';
  expiresAt: number;
  wrongCodes: number;
}

export const TICKET_MINUTES = 5;
const MAX_WRONG_CODES = 3;
const MAX_TICKETS = 10_000;

export class SignInService {
  readonly #login: LoginService;
  readonly #mfa: MfaService;
  readonly #clock: Clock;
  /** by ticket hash, oldest first */
  readonly #tickets = new Map<string, Ticket>();

  constructor(login: LoginService, mfa: MfaService, clock: Clock) {
    this.#login = login;
    this.#mfa = mfa;
    this.#clock = clock;
  }

  async password(creds: BasicCredentials, scope: LoginScope, clientAddress: string): Promise<SignInStep> {
    const user = await this.#login.verify(creds, scope, clientAddress);
    const names = { user: creds.user, org: creds.org };
    if (await this.#mfa.isEnrolled(user.id)) return { ticket: this.#issue(user, names, 'code'), next: 'code' };
    if ((await this.#mfa.policy(user.org_id)).mfaRequired) {
      // The pending secret is made here, on the password's POST, so that the enrolment page only reads it.
      const label = `${creds.user}@${creds.org}`;
      if (!(await this.#mfa.pending(user.id, label))) await this.#mfa.begin(user.id, label);
      return { ticket: this.#issue(user, names, 'enrol'), next: 'enrol' };
    }
    return { opened: await this.#login.open(user, 'portal', names, clientAddress) };
  }

  /**
   * The second step: a code (or a recovery code); a wrong one is a 401, and after a few the ticket is gone,
   * as it is at once when the account is locked.
   */
  async code(ticket: string, code: string, clientAddress: string): Promise<Opened> {
    const t = this.#ticket(ticket, 'code');
    const check = await this.#mfa.verify(t.user.id, code.slice(0, 64));
    if (check !== 'accepted') return this.#wrongCode(ticket, t, clientAddress, check === 'locked');
    this.#tickets.delete(hashSecret(ticket));
    return this.#login.open(t.user, 'portal', t.creds, clientAddress);
  }

  /** The pending enrolment an `enrol` ticket's user is to confirm (made with the ticket; reading it writes nothing). */
  async enrolment(ticket: string): Promise<Enrolment> {
    const t = this.#ticket(ticket, 'enrol');
    const pending = await this.#mfa.pending(t.user.id, `${t.creds.user}@${t.creds.org}`);
    if (!pending) throw errors.unauthorized('The sign-in has expired; enter your password again.');
    return pending;
  }

  /** Confirms the enrolment with its first code and signs in; the recovery codes are shown once. */
  async enrol(ticket: string, code: string, clientAddress: string): Promise<Opened & { recoveryCodes: string[] }> {
    const t = this.#ticket(ticket, 'enrol');
    const recoveryCodes = await this.#mfa.confirm(t.user.id, code.slice(0, 64));
    if (!recoveryCodes) return this.#wrongCode(ticket, t, clientAddress);
    this.#tickets.delete(hashSecret(ticket));
    return { ...(await this.#login.open(t.user, 'portal', t.creds, clientAddress)), recoveryCodes };
  }

  /** The user a live ticket names (for the page that asks for the code), or undefined. */
  peek(ticket: string | undefined): { user: string; org: string; next: 'code' | 'enrol' } | undefined {
    const t = ticket ? this.#live(ticket) : undefined;
    return t && { ...t.creds, next: t.next };
  }

  #issue(user: User, creds: Omit<BasicCredentials, 'password'>, next: 'code' | 'enrol'): string {
    const now = this.#clock.now();
    for (const [hash, t] of this.#tickets) {
      if (t.expiresAt > now && this.#tickets.size < MAX_TICKETS) break;
      this.#tickets.delete(hash);
    }
    const ticket = newSecret();
    this.#tickets.set(hashSecret(ticket), { user, creds, next, expiresAt: now + TICKET_MINUTES * 60_000, wrongCodes: 0 });
    return ticket;
  }

  #live(ticket: string): Ticket | undefined {
    const hash = hashSecret(ticket);
    const t = this.#tickets.get(hash);
    if (t && t.expiresAt <= this.#clock.now()) this.#tickets.delete(hash);
    return t && t.expiresAt > this.#clock.now() ? t : undefined;
  }

  #ticket(ticket: string, next: 'code' | 'enrol'): Ticket {
    const t = this.#live(ticket);
    if (!t || t.next !== next) throw errors.unauthorized('The sign-in has expired; enter your password again.');
    return t;
  }

  async #wrongCode(ticket: string, t: Ticket, clientAddress: string, locked = false): Promise<never> {
    await this.#login.recordFailure(t.creds, clientAddress);
    if (locked) {
      this.#tickets.delete(hashSecret(ticket));
      throw errors.unauthorized(LOCKED_OUT);
    }
    if (++t.wrongCodes >= MAX_WRONG_CODES) {
      this.#tickets.delete(hashSecret(ticket));
      throw errors.unauthorized('Too many wrong codes; enter your password again.');
    }
    throw errors.unauthorized('That code is not valid (or was used already). Enter the current code.');
  }
}
