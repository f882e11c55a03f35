// Password login: CloudAPI sessions (tenant, or provider for the System org), or the legacy
// POST /api/sessions when the negotiated API version is below 33.0.
import { requestError } from '../response-error.ts';
import { atLeast } from '../versions.ts';
import type { AuthStrategy, Credentials } from './strategy.ts';

export interface PasswordAuthOptions {
  user: string;
  /** the org to log in to; "System" logs in as the provider */
  org: string;
  password: string;
}

export const isSystemOrg = (org: string) => org.toLowerCase() === 'system';

export function passwordAuth(opts: PasswordAuthOptions): AuthStrategy {
  const basic = `Basic ${Buffer.from(`${opts.user}@${opts.org}:${opts.password}`, 'utf8').toString('base64')}`;
  return {
    description: `password login as ${opts.user}@${opts.org}`,
    renewable: true,
    async login(ctx): Promise<Credentials> {
      const legacy = !atLeast(ctx.apiVersion, '33.0');
      const path = legacy ? '/api/sessions' : isSystemOrg(opts.org) ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
      const accept = legacy ? `application/*+json;version=${ctx.apiVersion}` : `application/json;version=${ctx.apiVersion}`;
      const res = await ctx.send({ method: 'POST', path, headers: { accept, authorization: basic } });
      if (res.status !== 200) throw requestError(res);
      const bearer = res.headers.get('x-vmware-vcloud-access-token');
      const token = bearer ?? res.headers.get('x-vcloud-authorization');
      if (!token) throw new Error(`[vcdkit] ${path} answered 200 without a session token header`);
      const body = legacy ? {} : (JSON.parse(res.text) as { id?: string; sessionIdleTimeoutMinutes?: number });
      return {
        token,
        scheme: bearer ? 'bearer' : 'legacy',
        sessionId: body.id,
        idleTimeoutMs: body.sessionIdleTimeoutMinutes ? body.sessionIdleTimeoutMinutes * 60_000 : undefined,
      };
    },
  };
}
