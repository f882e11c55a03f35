// API tokens (VCD 10.3.1+): a user registers a named client, then exchanges their session for the
// token once; the token stays valid until revoked (or, beyond VCD, until an optional expiry).
import { hasRights, noAccess, ownedBy, requireRights, tokenScope } from '../inventory/policy.ts';
import { errors } from '../errors.ts';
import { newId, urn } from '../ids.ts';
import { AUDIT } from './audit.ts';
import type { Org } from './identity.ts';
import type { ListPage, ListQuery } from './listing.ts';
import type { OAuthClient, OAuthDeps } from './oauth-clients.ts';
import type { Visibility } from '../inventory/entity-type.ts';
import { RIGHTS } from './oauth-rights.ts';
import type { Session } from '../inventory/principal.ts';
import { urnField, type SqlFields } from '../inventory/sql.ts';

export interface TokenSpec {
  name: unknown;
  /** seconds until the token stops working; absent = never (VCD's behaviour) */
  expiresIn?: unknown;
}

const MAX_NAME = 128;

/** The CloudAPI Token's fields, as filters and sorts name them, over the clients (c), owners (u) and orgs (o). */
const TOKEN_FIELDS: SqlFields = {
  id: urnField('token', 'c.id'),
  name: { column: 'c.name', type: 'text' },
  type: { column: 'c.type', type: 'text' },
  'owner.name': { column: 'u.name', type: 'text' },
  'owner.id': urnField('user', 'c.user_id'),
  'org.name': { column: 'o.name', type: 'text' },
  'org.id': urnField('org', 'c.org_id'),
  expirationTimeUtc: { column: 'c.expires_at', type: 'time', nullable: true },
  createdTimeUtc: { column: 'c.created_at', type: 'time' },
  lastUsedTimeUtc: { column: 'c.last_used_at', type: 'time', nullable: true },
  lastUsedAddress: { column: 'c.last_used_address', type: 'text' },
};

export const actorOf = (s: Session) => ({ userId: s.userId, userName: s.userName, orgId: s.orgId, orgName: s.orgName });

export function validName(raw: unknown, what: string): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name || name.length > MAX_NAME || /[\u0000-\u001f]/.test(name)) {
    throw errors.badRequest(`A ${what} needs a name of 1 to ${MAX_NAME} printable characters.`);
  }
  return name;
}

export class ApiTokenService {
  readonly #deps: OAuthDeps;

  constructor(deps: OAuthDeps) {
    this.#deps = deps;
  }

  /** Registers a token for the caller in their own org; it has no secret until issued. */
  async register(session: Session, org: Org, spec: TokenSpec, clientAddress: string): Promise<OAuthClient> {
    requireRights(session, RIGHTS.ownTokens);
    if (org.id !== session.orgId) throw errors.forbidden('An API token can be registered only in your own organization.');
    const name = validName(spec.name, 'token');
    let expiresAt: number | null = null;
    if (spec.expiresIn !== undefined && spec.expiresIn !== null) {
      const seconds = Number(spec.expiresIn);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 100 * 365 * 86400) {
        throw errors.badRequest('expires_in must be a positive whole number of seconds.');
      }
      expiresAt = this.#deps.clock.now() + seconds * 1000;
    }
    if (await this.#deps.clients.nameTaken('REFRESH', ownedBy('c.user_id', session.userId), name)) {
      throw errors.badRequest(`You already have an API token named "${name}".`);
    }
    const id = newId();
    await this.#deps.db.insertInto('oauth_clients').values({
      id, org_id: org.id, user_id: session.userId, name, type: 'REFRESH', refresh_hash: null, issued_at: null,
      expires_at: expiresAt, created_at: this.#deps.clock.now(), last_used_at: null, last_used_address: null, revoked_at: null,
    }).execute();
    await this.#deps.audit.record({
      type: AUDIT.tokenCreate, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('token', id), name }, description: `API token "${name}" registered.`,
    });
    return (await this.#deps.clients.byId(id))!;
  }

  /**
   * The portal's New: registers a token and issues it at once (as the jwt-bearer grant does, without
   * opening a session); the token is answered once and only its hash kept.
   */
  async create(session: Session, org: Org, spec: TokenSpec, clientAddress: string): Promise<{ client: OAuthClient; token: string }> {
    const client = await this.register(session, org, spec, clientAddress);
    const token = await this.#deps.clients.mint(client.id, this.#deps.clock.now());
    if (!token) throw errors.badRequest('This API token has already been issued; create a new one.');
    await this.#deps.audit.record({
      type: AUDIT.tokenIssue, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('token', client.id), name: client.name }, description: `API token "${client.name}" issued.`,
    });
    return { client, token };
  }

  /** What the caller may see: their own tokens; the org's with "Manage all users' API tokens"; all for the provider. */
  #visible(session: Session): Visibility {
    const all = hasRights(session, RIGHTS.allTokens);
    if (!all) requireRights(session, RIGHTS.ownTokens);
    return tokenScope(session, all, 'c.org_id', 'c.user_id');
  }

  /** A page of the tokens the caller may see, oldest first unless sorted. */
  page(session: Session, query: ListQuery): Promise<ListPage<OAuthClient>> {
    return this.#deps.clients.page('REFRESH', this.#visible(session), query, TOKEN_FIELDS);
  }

  /** One visible token; anything else (absent, revoked, not yours) is the same noAccess. */
  async get(session: Session, id: string): Promise<OAuthClient> {
    const found = await this.#deps.clients.find('REFRESH', this.#visible(session), id);
    if (!found) throw noAccess(urn('token', id));
    return found;
  }

  /** Revocation is immediate: the token is refused from now on, and the sessions it opened end. */
  async revoke(session: Session, id: string, clientAddress: string): Promise<void> {
    const token = await this.get(session, id);
    await this.#deps.db.updateTable('oauth_clients').set({ revoked_at: this.#deps.clock.now(), refresh_hash: null })
      .where('id', '=', id).execute();
    await this.#deps.sessions.closeByToken(id);
    await this.#deps.audit.record({
      type: AUDIT.tokenRevoke, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('token', id), name: token.name },
      description: `API token "${token.name}" of ${token.userName} revoked.`,
    });
  }
}
