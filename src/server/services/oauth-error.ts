// Token-endpoint failures as RFC 6749 §5.2 names them (plus RFC 8628's device-flow codes).
export type OAuthErrorCode =
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type'
  | 'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied';

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  constructor(code: OAuthErrorCode, description: string) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
  }
}

export const oauthError = (code: OAuthErrorCode, description: string) => new OAuthError(code, description);
