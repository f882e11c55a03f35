// Password login: checks user@org:password, applies the login URL's scope, opens a session. The API's
// login refuses passwords where the org's policy says so; the portal's sign-in (sign-in.ts) verifies the
// password here and opens its session here too, after the second factor.
import { isSystemOrgName } from '../inventory/policy.ts';
import { errors } from '../errors.ts';
import { AUDIT, type AuditService } from './audit.ts';
import type { IdentityService, User } from './identity.ts';
import type { MfaService } from './mfa.ts';
import type { Session } from '../inventory/principal.ts';
import type { SessionService } from './sessions.ts';

export interface BasicCredentials {
  user: string;
  org: string;
  password: string;
}

/** Which orgs a login URL admits: /cloudapi/1.0.0/sessions/provider only System, /sessions only tenants. */
export type LoginScope = 'any' | 'tenant' | 'provider';

const INVALID = 'Invalid credentials.';

export class LoginService {
  readonly #identity: IdentityService;
  readonly #sessions: SessionService;
  readonly #audit: AuditService;
  readonly #mfa: MfaService;

  constructor(identity: IdentityService, sessions: SessionService, audit: AuditService, mfa: MfaService) {
    this.#identity = identity;
    this.#sessions = sessions;
    this.#audit = audit;
    this.#mfa = mfa;
  }

  /** The API's login. */
  async login(creds: BasicCredentials, scope: LoginScope, clientAddress: string): Promise<{ token: string; session: Session }> {
    const user = await this.verify(creds, scope, clientAddress);
    if ((await this.#mfa.policy(user.org_id)).apiPasswordRefused) {
      await this.recordFailure(creds, clientAddress);
      throw errors.unauthorized(`The organization ${creds.org} requires multi-factor authentication: `
        + 'sign in to the portal, or use an API token or a service account.');
    }
    return this.open(user, 'password', creds, clientAddress);
  }

  /** The user behind user@org:password in the URL's scope; every failure is recorded and answered 401. */
  async verify(creds: BasicCredentials, scope: LoginScope, clientAddress: string): Promise<User> {
    const user = await this.#identity.authenticate(creds.org, creds.user, creds.password);
    const isSystem = isSystemOrgName(creds.org);
    const misplaced = (scope === 'tenant' && isSystem) || (scope === 'provider' && !isSystem);
    if (!user || misplaced) {
      await this.recordFailure(creds, clientAddress);
      if (!user) throw errors.unauthorized(INVALID);
      throw errors.unauthorized(isSystem
        ? 'Provider users must log in at /cloudapi/1.0.0/sessions/provider.'
        : 'Only System organization users may log in at /cloudapi/1.0.0/sessions/provider.');
    }
    return user;
  }

  /** Opens a verified user's session (of `kind`: 'password', 'portal'), and records the login. */
  async open(user: User, kind: string, creds: Omit<BasicCredentials, 'password'>, clientAddress: string): Promise<{ token: string; session: Session }> {
    const opened = await this.#sessions.open(user.id, kind, clientAddress);
    // Nothing opens for a user disabled since the password check: the same refusal as any failure.
    if (!opened) {
      await this.recordFailure(creds, clientAddress);
      throw errors.unauthorized(INVALID);
    }
    const { session } = opened;
    await this.#audit.record({
      type: AUDIT.login, success: true, clientAddress, description: `User ${session.userName} logged in.`,
      actor: { userId: session.userId, userName: session.userName, orgId: session.orgId, orgName: session.orgName },
      entity: { id: session.id, name: 'session' },
    });
    return opened;
  }

  /** The attempted names are recorded as given (never the password). */
  async recordFailure(creds: Omit<BasicCredentials, 'password'>, clientAddress: string): Promise<void> {
    const org = await this.#identity.findOrgByName(creds.org);
    await this.#audit.record({
      type: AUDIT.login, success: false, clientAddress, description: `Failed login for ${creds.user}@${creds.org}.`,
      actor: { userName: creds.user, orgId: org?.id ?? null, orgName: org?.name ?? creds.org },
    });
  }
}
