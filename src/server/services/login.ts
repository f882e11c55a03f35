// Password login: checks user@org:password, applies the login URL's scope, opens a session.
import { isSystemOrgName } from '../inventory/policy.ts';
import { errors } from '../errors.ts';
import { AUDIT, type AuditService } from './audit.ts';
import type { IdentityService } from './identity.ts';
import type { Session, SessionService } from './sessions.ts';

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

  constructor(identity: IdentityService, sessions: SessionService, audit: AuditService) {
    this.#identity = identity;
    this.#sessions = sessions;
    this.#audit = audit;
  }

  async login(creds: BasicCredentials, scope: LoginScope, clientAddress: string): Promise<{ token: string; session: Session }> {
    const user = await this.#identity.authenticate(creds.org, creds.user, creds.password);
    const isSystem = isSystemOrgName(creds.org);
    const misplaced = (scope === 'tenant' && isSystem) || (scope === 'provider' && !isSystem);
    if (!user || misplaced) {
      await this.#recordFailure(creds, clientAddress);
      if (!user) throw errors.unauthorized(INVALID);
      throw errors.unauthorized(isSystem
        ? 'Provider users must log in at /cloudapi/1.0.0/sessions/provider.'
        : 'Only System organization users may log in at /cloudapi/1.0.0/sessions/provider.');
    }
    const opened = await this.#sessions.open(user.id, 'password', clientAddress);
    // Nothing opens for a user disabled since the password check: the same refusal as any failure.
    if (!opened) {
      await this.#recordFailure(creds, clientAddress);
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
  async #recordFailure(creds: BasicCredentials, clientAddress: string): Promise<void> {
    const org = this.#identity.findOrgByName(creds.org);
    await this.#audit.record({
      type: AUDIT.login, success: false, clientAddress, description: `Failed login for ${creds.user}@${creds.org}.`,
      actor: { userName: creds.user, orgId: org?.id ?? null, orgName: org?.name ?? creds.org },
    });
  }
}
