// API token login: the long-lived API token is an OAuth refresh token, exchanged at the org's token
// endpoint for a short-lived access token, again whenever that one runs out.
import { readFile } from 'node:fs/promises';
import { credentialsFrom, postForm, type TokenResponse } from './oauth.ts';
import type { AuthStrategy, Credentials } from './strategy.ts';

export interface ApiTokenAuthOptions {
  /** the org the token belongs to ("System" for provider tokens) */
  org: string;
  /** the API token itself */
  token?: string | undefined;
  /** or a file holding it: JSON {"refresh_token": "…"} as the Terraform provider writes, or the bare token */
  tokenFile?: string | undefined;
}

/** Reads a refresh token from a file: JSON with refresh_token, or the token as plain text. */
export async function readTokenFile(path: string): Promise<string> {
  const text = (await readFile(path, 'utf8')).trim();
  if (text.startsWith('{')) {
    const token = (JSON.parse(text) as { refresh_token?: unknown }).refresh_token;
    if (typeof token !== 'string' || !token) throw new Error(`[vcdkit] ${path} has no "refresh_token"`);
    return token;
  }
  if (!text) throw new Error(`[vcdkit] ${path} is empty`);
  return text;
}

export function apiTokenAuth(opts: ApiTokenAuthOptions): AuthStrategy {
  if (!opts.token && !opts.tokenFile) throw new Error('[vcdkit] apiTokenAuth needs token or tokenFile');
  return {
    description: `API token login to ${opts.org}`,
    renewable: true,
    async login(ctx): Promise<Credentials> {
      const refreshToken = opts.token ?? (await readTokenFile(opts.tokenFile!));
      const t = await postForm<TokenResponse>(ctx, opts.org, 'token', { grant_type: 'refresh_token', refresh_token: refreshToken });
      return credentialsFrom(ctx, t);
    },
  };
}
