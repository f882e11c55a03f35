// The OAuth 2.0 device authorization grant (RFC 8628), as VCD service accounts use it: ask for a
// device code, show the user code to whoever grants it, poll the token endpoint at the given interval.
import { OAuthError, VcdError } from '../errors.ts';
import { postForm, type TokenResponse } from './oauth.ts';
import type { AuthContext } from './strategy.ts';

/** RFC 8628 §3.2 */
export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string | undefined;
  expires_in: number;
  interval?: number | undefined;
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function requestDeviceAuthorization(ctx: AuthContext, org: string, clientId: string): Promise<DeviceAuthorization> {
  return postForm<DeviceAuthorization>(ctx, org, 'device_authorization', { client_id: clientId });
}

/**
 * Polls until the grant is approved. authorization_pending keeps polling; slow_down adds 5 s to the
 * interval (RFC 8628 §3.5); expired_token, access_denied and anything else end it with the OAuthError.
 */
export async function pollDeviceToken(ctx: AuthContext, org: string, clientId: string, auth: DeviceAuthorization, signal?: AbortSignal): Promise<TokenResponse> {
  let intervalMs = (auth.interval ?? 5) * 1000;
  const deadline = ctx.now() + auth.expires_in * 1000;
  for (;;) {
    await ctx.sleep(intervalMs, signal);
    if (ctx.now() >= deadline) throw new VcdError(`[vcdkit] the device code expired before the user code ${auth.user_code} was granted`);
    try {
      return await postForm<TokenResponse>(ctx, org, 'token', { grant_type: DEVICE_CODE_GRANT, client_id: clientId, device_code: auth.device_code }, signal);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      if (err.error === 'slow_down') intervalMs += 5000;
      else if (err.error !== 'authorization_pending') throw err;
    }
  }
}
