// The OAuth endpoints of a cell: /oauth/tenant/{org}/… for tenants, /oauth/provider/… for System.
import { requestError } from '../response-error.ts';
import type { AuthContext, Credentials } from './strategy.ts';
import { isSystemOrg } from './password.ts';

/** The token endpoint's answer (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number | undefined;
  refresh_token?: string | undefined;
}

/** /oauth/provider for the System org, else /oauth/tenant/{org}. */
export function oauthBase(org: string): string {
  return isSystemOrg(org) ? '/oauth/provider' : `/oauth/tenant/${encodeURIComponent(org)}`;
}

/** POSTs a form to an OAuth endpoint of the org; throws an OAuthError (or other VcdRequestError) on failure. */
export async function postForm<T>(ctx: AuthContext, org: string, endpoint: 'token' | 'device_authorization', form: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const res = await ctx.send({
    method: 'POST', path: `${oauthBase(org)}/${endpoint}`, signal,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (res.status >= 300) throw requestError(res);
  return JSON.parse(res.text) as T;
}

/** Credentials for an access token from a token endpoint; its lifetime comes from expires_in. */
export function credentialsFrom(ctx: AuthContext, t: TokenResponse): Credentials {
  return {
    token: t.access_token,
    scheme: 'bearer',
    expiresAt: typeof t.expires_in === 'number' ? ctx.now() + t.expires_in * 1000 : undefined,
  };
}
