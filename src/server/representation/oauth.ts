// The /oauth endpoints' JSON: RFC 6749 token responses and errors, RFC 7591 client registrations,
// RFC 8628 device authorizations. Field names are snake_case as those RFCs (and VCD) spell them.
import type { OAuthClient } from '../services/oauth-clients.ts';
import type { OAuthErrorCode } from '../services/oauth-error.ts';
import type { TokenResponse } from '../services/oauth-grants.ts';
import { GRANT } from '../services/oauth-grants.ts';
import { urn } from '../ids.ts';

export function tokenResponse(t: TokenResponse) {
  return { access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, refresh_token: t.refreshToken };
}

/**
 * RFC 6749 §5.2's {error, error_description}, plus VCD's own error fields with the OAuth code as the
 * minorErrorCode, which is how go-vcloud-director reports it ("invalid_grant - …").
 */
export function oauthErrorBody(code: OAuthErrorCode, description: string, status = 400) {
  return { error: code, error_description: description, minorErrorCode: code, majorErrorCode: status, message: description };
}

export function clientRegistration(c: OAuthClient) {
  const sa = c.serviceAccount;
  return {
    client_id: c.id,
    client_name: c.name,
    grant_types: sa ? [GRANT.deviceCode, GRANT.refresh] : [GRANT.jwtBearer, GRANT.refresh],
    token_endpoint_auth_method: 'none',
    ...(sa && {
      client_uri: sa.uri,
      software_id: sa.softwareId,
      software_version: sa.softwareVersion,
      scope: urn('role', encodeURIComponent(c.roleName)),
    }),
    ...(c.expiresAt !== null && { expires_at: Math.floor(c.expiresAt / 1000) }),
  };
}

export function deviceAuthorization(d: { deviceCode: string; userCode: string; expiresIn: number; interval: number }, verificationUri: string) {
  return { device_code: d.deviceCode, user_code: d.userCode, verification_uri: verificationUri, expires_in: d.expiresIn, interval: d.interval };
}
