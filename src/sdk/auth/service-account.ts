// Service account login. The first refresh token comes from the device flow (an admin grants the
// user code); every later login spends the refresh token and receives a new one, which is persisted
// (callback and/or file) before the access token is used, since the old one is now dead.
import { readTokenFile } from './api-token.ts';
import { pollDeviceToken, requestDeviceAuthorization, type DeviceAuthorization } from './device-flow.ts';
import { credentialsFrom, postForm, type TokenResponse } from './oauth.ts';
import type { AuthStrategy, Credentials } from './strategy.ts';
import { writeTokenFile } from './token-file.ts';

export interface ServiceAccountAuthOptions {
  /** the service account's org ("System" for provider service accounts) */
  org: string;
  /** the service account's client id (uuid); needed for the device flow */
  clientId?: string | undefined;
  /** the current refresh token, if not read from tokenFile */
  refreshToken?: string | undefined;
  /** a file holding the refresh token, rewritten atomically with each new one (Terraform's VCD_SA_TOKEN_FILE format) */
  tokenFile?: string | undefined;
  /** called with every new refresh token; persist it, or the service account is locked out */
  onRefreshToken?: ((refreshToken: string) => void | Promise<void>) | undefined;
  /** when there is no refresh token yet: called with the user code an admin must grant (device flow) */
  onUserCode?: ((auth: DeviceAuthorization) => void | Promise<void>) | undefined;
  /** cancels the device flow's polling */
  signal?: AbortSignal | undefined;
}

export function serviceAccountAuth(opts: ServiceAccountAuthOptions): AuthStrategy {
  let current = opts.refreshToken;

  const persist = async (t: TokenResponse) => {
    if (!t.refresh_token) throw new Error('[vcdkit] the token endpoint answered no refresh_token for the service account');
    current = t.refresh_token;
    if (opts.tokenFile) await writeTokenFile(opts.tokenFile, t.refresh_token);
    await opts.onRefreshToken?.(t.refresh_token);
  };

  const initialRefreshToken = async (): Promise<string | undefined> => {
    if (current) return current;
    if (!opts.tokenFile) return undefined;
    try {
      return await readTokenFile(opts.tokenFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && opts.onUserCode) return undefined;
      throw err;
    }
  };

  return {
    description: `service account login to ${opts.org}`,
    renewable: true,
    async login(ctx): Promise<Credentials> {
      const refreshToken = await initialRefreshToken();
      let t: TokenResponse;
      if (refreshToken) {
        t = await postForm<TokenResponse>(ctx, opts.org, 'token', { grant_type: 'refresh_token', refresh_token: refreshToken });
      } else {
        if (!opts.clientId || !opts.onUserCode) throw new Error('[vcdkit] serviceAccountAuth has no refresh token: give refreshToken or tokenFile, or clientId and onUserCode for the device flow');
        const device = await requestDeviceAuthorization(ctx, opts.org, opts.clientId);
        await opts.onUserCode(device);
        t = await pollDeviceToken(ctx, opts.org, opts.clientId, device, opts.signal);
      }
      await persist(t);
      return credentialsFrom(ctx, t);
    },
  };
}
