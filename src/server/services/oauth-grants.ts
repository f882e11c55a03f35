// The token endpoint: three grants, each ending in a session like a password login's.
//   refresh_token                                  an API token or a service account's refresh token
//                                                  (a service account's is rotated on every use)
//   urn:ietf:params:oauth:grant-type:jwt-bearer    a user's session → their newly registered API token, once
//   urn:ietf:params:oauth:grant-type:device_code   RFC 8628 polling by a service account
// Every refusal is an OAuthError; a token never works outside the org it belongs to.
import { hasRights } from '../inventory/policy.ts';
import { isUuid, urn } from '../ids.ts';
import { AUDIT } from './audit.ts';
import type { Org } from './identity.ts';
import { isExpired, type OAuthClient, type OAuthDeps } from './oauth-clients.ts';
import { oauthError } from './oauth-error.ts';
import { RIGHTS } from './oauth-rights.ts';
import { hashSecret } from './secrets.ts';
import type { ServiceAccountService } from './service-accounts.ts';

export const GRANT = {
  refresh: 'refresh_token',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
} as const;

export interface TokenResponse {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

/** Secrets are long random strings; anything much longer is garbage, refused before any lookup. */
const MAX_SECRET = 512;

export class OAuthGrantService {
  readonly #deps: OAuthDeps;
  readonly #serviceAccounts: ServiceAccountService;

  constructor(deps: OAuthDeps, serviceAccounts: ServiceAccountService) {
    this.#deps = deps;
    this.#serviceAccounts = serviceAccounts;
  }

  /** `org` is what the URL names; undefined when it names no org (all grants then fail alike). */
  async token(org: Org | undefined, params: Record<string, string>, clientAddress: string): Promise<TokenResponse> {
    const grantType = params.grant_type;
    if (!grantType) throw oauthError('invalid_request', 'grant_type is required.');
    if (grantType !== GRANT.refresh && grantType !== GRANT.jwtBearer && grantType !== GRANT.deviceCode) {
      throw oauthError('unsupported_grant_type', `The grant type "${grantType.slice(0, 100)}" is not supported.`);
    }
    if (grantType === GRANT.refresh) return this.#refresh(org, params, clientAddress);
    if (!org) throw oauthError('invalid_client', 'Unknown client.');
    return grantType === GRANT.jwtBearer ? this.#jwtBearer(org, params, clientAddress) : this.#deviceCode(org, params, clientAddress);
  }

  async #refresh(org: Org | undefined, params: Record<string, string>, clientAddress: string): Promise<TokenResponse> {
    const presented = required(params, 'refresh_token');
    const client = presented.length <= MAX_SECRET ? await this.#deps.clients.byRefreshToken(presented) : undefined;
    const why = !client ? 'unknown or revoked'
      : client.orgId !== org?.id ? 'belongs to another organization'
      : params.client_id !== undefined && params.client_id.toLowerCase() !== client.id ? 'was issued to another client'
      : client.revokedAt !== null ? 'revoked'
      : isExpired(client, this.#deps.clock.now()) ? 'expired'
      : !client.userEnabled || !client.orgEnabled ? 'its owner or organization is disabled'
      : client.serviceAccount && client.serviceAccount.status !== 'ACTIVE' ? 'the service account is not active'
      : undefined;
    if (why || !client) {
      await this.#deps.audit.record({
        type: AUDIT.tokenRefused, success: false, clientAddress,
        actor: { orgId: org?.id ?? null, orgName: org?.name ?? '', ...(client && { userId: client.userId, userName: client.userName }) },
        entity: client && this.#entity(client), description: `A refresh token was refused: ${why}.`,
      });
      throw oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
    }
    let refreshToken = presented;
    if (client.serviceAccount) {
      // Rotation: only the request that replaces the current hash wins; a replayed token loses.
      const next = await this.#deps.clients.mint(client.id, this.#deps.clock.now(), hashSecret(presented));
      if (!next) throw oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
      refreshToken = next;
      await this.#record(AUDIT.tokenRotate, client, clientAddress, 'Service account refresh token rotated.');
    }
    const opened = await this.#open(client, clientAddress);
    await this.#record(AUDIT.tokenUse, client, clientAddress, `${this.#kind(client)} "${client.name}" exchanged for a session.`);
    return { ...opened, refreshToken };
  }

  async #jwtBearer(org: Org, params: Record<string, string>, clientAddress: string): Promise<TokenResponse> {
    const assertion = required(params, 'assertion');
    const client = await this.#client(org, required(params, 'client_id'), 'REFRESH');
    const session = assertion.length <= MAX_SECRET ? await this.#deps.sessions.resolve(assertion) : undefined;
    if (!session || session.userId !== client.userId) throw oauthError('invalid_grant', 'The assertion is not a live session of the token owner.');
    if (!hasRights(session, RIGHTS.ownTokens)) throw oauthError('invalid_grant', `The session lacks the right "${RIGHTS.ownTokens}".`);
    if (client.revokedAt !== null || isExpired(client, this.#deps.clock.now())) throw oauthError('invalid_grant', 'The API token is revoked or expired.');
    const refreshToken = await this.#deps.clients.mint(client.id, this.#deps.clock.now());
    if (!refreshToken) throw oauthError('invalid_grant', 'This API token has already been issued; register a new one.');
    await this.#record(AUDIT.tokenIssue, client, clientAddress, `API token "${client.name}" issued.`);
    return { ...(await this.#open(client, clientAddress)), refreshToken };
  }

  async #deviceCode(org: Org, params: Record<string, string>, clientAddress: string): Promise<TokenResponse> {
    const deviceCode = required(params, 'device_code');
    const client = await this.#client(org, required(params, 'client_id'), 'SERVICE_ACCOUNT');
    const row = deviceCode.length <= MAX_SECRET
      ? await this.#deps.db.selectFrom('device_codes').selectAll().where('device_hash', '=', hashSecret(deviceCode)).executeTakeFirst()
      : undefined;
    if (!row || row.client_id !== client.id) throw oauthError('invalid_grant', 'Unknown device code.');
    const now = this.#deps.clock.now();
    if (now >= row.expires_at) {
      await this.#deps.db.deleteFrom('device_codes').where('device_hash', '=', row.device_hash).execute();
      await this.#serviceAccounts.setStatus(client.id, 'CREATED');
      throw oauthError('expired_token', 'The device code has expired; request a new one.');
    }
    // RFC 8628 §3.5: polling faster than the interval earns slow_down and a 5 second longer interval.
    if (row.last_polled_at !== null && now - row.last_polled_at < row.interval_seconds * 1000) {
      await this.#deps.db.updateTable('device_codes').set({ last_polled_at: now, interval_seconds: row.interval_seconds + 5 })
        .where('device_hash', '=', row.device_hash).execute();
      throw oauthError('slow_down', `Poll at most every ${row.interval_seconds + 5} seconds.`);
    }
    await this.#deps.db.updateTable('device_codes').set({ last_polled_at: now }).where('device_hash', '=', row.device_hash).execute();
    if (row.granted_by === null) throw oauthError('authorization_pending', 'The request has not been granted yet.');
    // A granted code is good for one token.
    const deleted = await this.#deps.db.deleteFrom('device_codes').where('device_hash', '=', row.device_hash).executeTakeFirst();
    const refreshToken = deleted.numDeletedRows > 0n ? await this.#deps.clients.mint(client.id, now) : undefined;
    if (!refreshToken) throw oauthError('invalid_grant', 'The device code has already been used.');
    await this.#serviceAccounts.setStatus(client.id, 'ACTIVE');
    await this.#record(AUDIT.tokenIssue, client, clientAddress, `Service account "${client.name}" activated.`);
    return { ...(await this.#open(client, clientAddress)), refreshToken };
  }

  async #client(org: Org, clientId: string, type: OAuthClient['type']): Promise<OAuthClient> {
    const client = isUuid(clientId) ? await this.#deps.clients.byId(clientId.toLowerCase()) : undefined;
    if (!client || client.type !== type || client.orgId !== org.id) throw oauthError('invalid_client', 'Unknown client.');
    return client;
  }

  async #open(client: OAuthClient, clientAddress: string): Promise<{ accessToken: string; expiresIn: number }> {
    await this.#deps.clients.touch(client.id, this.#deps.clock.now(), clientAddress);
    const opened = await this.#deps.sessions.open(client.userId, 'token', clientAddress, client.id);
    // A revoke or disable that landed since the checks above: refused like them, never a server error.
    if (!opened) throw oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
    return { accessToken: opened.token, expiresIn: this.#deps.sessions.timeouts.idleMinutes * 60 };
  }

  #kind(c: OAuthClient): string {
    return c.serviceAccount ? 'Service account' : 'API token';
  }

  #entity(c: OAuthClient) {
    return { id: urn(c.serviceAccount ? 'serviceAccount' : 'token', c.id), name: c.name };
  }

  #record(type: string, c: OAuthClient, clientAddress: string, description: string): Promise<void> {
    return this.#deps.audit.record({
      type, success: true, clientAddress, description, entity: this.#entity(c),
      actor: { userId: c.userId, userName: c.userName, orgId: c.orgId, orgName: c.orgName },
    });
  }
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) throw oauthError('invalid_request', `${name} is required.`);
  return value;
}
