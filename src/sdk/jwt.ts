// VCD's access tokens are JWTs on real cells; their "exp" claim tells when to renew even when the
// login answer did not. Opaque tokens simply have no expiry to read.

/** The token's exp claim in ms since the epoch, or undefined when it is not a JWT with one. */
export function jwtExpiresAt(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
