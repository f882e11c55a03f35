// API tokens (and the caller's other tokens), and service accounts: the non-interactive logins.
import { VcdError } from '../errors.ts';
import { eq } from '../filter.ts';
import { oauthBase, type TokenResponse } from '../auth/oauth.ts';
import type { CreatedApiToken, ServiceAccount, ServiceAccountSpec, Token } from '../types.ts';
import { CloudResourceSet } from './cloud-set.ts';
import { found, theOne } from './resource.ts';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The caller's tokens (/cloudapi/1.0.0/tokens); API tokens are those of type REFRESH: filter with eq('type', 'REFRESH'). */
export class Tokens extends CloudResourceSet<Token> {
  protected readonly spec = { path: '/cloudapi/1.0.0/tokens', nameField: 'name', label: 'token' };

  /** A token by id (urn:vcloud:token:…), found through the list's filter (the list is what a cell serves of tokens). */
  override async get(id: string, opts: { signal?: AbortSignal | undefined } = {}): Promise<Token> {
    return found(await theOne(this.list({ filter: eq('id', id), pageSize: 2, signal: opts.signal }), id, this.spec.label, (t) => t.id), id, this.spec.label);
  }

  /**
   * Creates an API token for the logged-in user (register, then the one-time jwt-bearer exchange of
   * this session, as VCD's UI does). The returned token is not shown again. `expiresInSeconds` limits
   * its life (the cell's registration takes `expires_in`); without it, it lasts until revoked.
   */
  async create(name: string, opts: { expiresInSeconds?: number | undefined } = {}): Promise<CreatedApiToken> {
    const session = await this.client.sessions.current();
    const token = this.client.accessToken;
    if (!token) throw new VcdError('[vcdkit] creating an API token needs a logged-in session');
    const base = oauthBase(session.org.name);
    const client = await this.client.post<{ client_id: string }>(`${base}/register`, { client_name: name, ...(opts.expiresInSeconds !== undefined && { expires_in: opts.expiresInSeconds }) }, { accept: 'application/json' });
    const issued = await this.client.post<TokenResponse>(`${base}/token`, undefined, {
      accept: 'application/json', contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: token, client_id: client.client_id }).toString(),
    });
    if (!issued.refresh_token) throw new VcdError('[vcdkit] the token endpoint issued no API token');
    return { id: `urn:vcloud:token:${client.client_id}`, name, token: issued.refresh_token };
  }

  /** Revokes a token by id (urn:vcloud:token:…); its sessions end at once. */
  async delete(id: string): Promise<void> {
    await this.client.delete(`${this.spec.path}/${id}`);
  }
}

/** Service accounts the caller can see (API 37.0+): OAuth clients that log in as a role. */
export class ServiceAccounts extends CloudResourceSet<ServiceAccount> {
  protected readonly spec = { path: '/cloudapi/1.0.0/serviceAccounts', nameField: 'name', label: 'service account' };

  /** Creates a service account (status CREATED); its client id is the uuid at the end of its id. */
  create(spec: ServiceAccountSpec): Promise<ServiceAccount> {
    return this.client.post<ServiceAccount>(this.spec.path, spec);
  }

  /** Grants a pending device authorization by its user code (the administrator's half of the device flow). */
  async grant(userCode: string): Promise<void> {
    await this.client.post('/cloudapi/1.0.0/deviceLookup/grant', { userCode });
  }

  /** Revokes a service account's tokens (it must be authorized again); its sessions end. */
  async revoke(id: string): Promise<void> {
    await this.client.post(`${this.spec.path}/${id}/revoke`);
  }

  /** Deletes a service account. */
  async delete(id: string): Promise<void> {
    await this.client.delete(`${this.spec.path}/${id}`);
  }
}
