// An access token obtained elsewhere (a JWT from the UI, VCD_TOKEN): rehydrated with GET /api/session.
// It cannot be renewed, so when its session ends the client reports that plainly.
import { SessionEndedError } from '../errors.ts';
import { requestError } from '../response-error.ts';
import type { AuthStrategy, Credentials } from './strategy.ts';

export function accessTokenAuth(token: string): AuthStrategy {
  // Pre-JWT tokens are 32 characters and travel in x-vcloud-authorization.
  const scheme = token.length <= 32 ? 'legacy' : 'bearer';
  const header: Record<string, string> = scheme === 'legacy' ? { 'x-vcloud-authorization': token } : { authorization: `Bearer ${token}` };
  return {
    description: 'an existing access token',
    renewable: false,
    async login(ctx): Promise<Credentials> {
      const res = await ctx.send({
        method: 'GET', path: '/api/session', headers: { accept: `application/*+json;version=${ctx.apiVersion}`, ...header },
      });
      if (res.status === 401) throw new SessionEndedError('The access token is not (or no longer) valid: its session expired, was logged out or was revoked.', requestError(res));
      if (res.status !== 200) throw requestError(res);
      return { token, scheme };
    },
  };
}
