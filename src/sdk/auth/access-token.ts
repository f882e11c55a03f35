// An access token obtained elsewhere (a JWT from the UI, VCD_TOKEN): rehydrated with GET /api/session.
// It cannot be renewed, so when its session ends the client reports that plainly.
import { SessionEndedError } from '../errors.ts';
import { requestError } from '../response-error.ts';
import type { AuthContext, AuthStrategy, Credentials } from './strategy.ts';

/** The credentials of an existing token if its session is live (GET /api/session answers 200), undefined on 401. */
export async function liveSession(ctx: AuthContext, token: string, expiresAt?: number): Promise<Credentials | undefined> {
  // Pre-JWT tokens are 32 characters and travel in x-vcloud-authorization.
  const scheme = token.length <= 32 ? 'legacy' : 'bearer';
  const header: Record<string, string> = scheme === 'legacy' ? { 'x-vcloud-authorization': token } : { authorization: `Bearer ${token}` };
  const res = await ctx.send({
    method: 'GET', path: '/api/session', headers: { accept: `application/*+json;version=${ctx.apiVersion}`, ...header },
  });
  if (res.status === 401) return undefined;
  if (res.status !== 200) throw requestError(res);
  return { token, scheme, expiresAt };
}

export function accessTokenAuth(token: string): AuthStrategy {
  return {
    description: 'an existing access token',
    renewable: false,
    async login(ctx): Promise<Credentials> {
      const creds = await liveSession(ctx, token);
      if (!creds) throw new SessionEndedError('The access token is not (or no longer) valid: its session expired, was logged out or was revoked.');
      return creds;
    },
  };
}
