// The portal's manners: its cookies (HttpOnly, SameSite=Strict, Secure over TLS), a CSRF token on every
// form, the security headers of every page (a strict Content-Security-Policy: scripts and styles only
// from the cell's own files, no inline script or style), and the session behind the cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import { newSecret, sameSecret } from '../services/secrets.ts';
import type { Sealer } from '../services/sealing.ts';
import type { Session } from '../inventory/principal.ts';
import type { SessionService } from '../services/sessions.ts';

export const COOKIE = { session: 'vcdkit_session', csrf: 'vcdkit_csrf', signIn: 'vcdkit_signin' } as const;

const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

export const PAGE_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
} as const;

const MAX_COOKIE_HEADER = 8192;

/** The request's cookies (names we know, values as sent); a cookie header beyond reason is ignored. */
export function cookies(request: FastifyRequest): Map<string, string> {
  const header = request.headers.cookie;
  const found = new Map<string, string>();
  if (!header || header.length > MAX_COOKIE_HEADER) return found;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) found.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return found;
}

/** Sets a cookie; `maxAge` 0 clears it. Values are our own base64url secrets, so nothing needs quoting. */
export function setCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number): void {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  if (request.protocol === 'https') parts.push('Secure');
  reply.header('set-cookie', parts.join('; ')); // Fastify adds a set-cookie to those already set
}

export const clearCookie = (request: FastifyRequest, reply: FastifyReply, name: string) => setCookie(request, reply, name, '', 0);

/**
 * The form token for this browser: a MAC of its CSRF cookie (made on first sight). A forged form from
 * another site can neither read the token nor, SameSite=Strict, send the cookie.
 */
export function csrfToken(sealer: Sealer, request: FastifyRequest, reply: FastifyReply): string {
  let secret = cookies(request).get(COOKIE.csrf);
  if (!secret || secret.length > 100) {
    secret = newSecret();
    setCookie(request, reply, COOKIE.csrf, secret);
  }
  return sealer.mac('portal-csrf', secret);
}

/** Refuses a form whose token is missing or not this browser's (403, before anything is done). */
export function checkCsrf(sealer: Sealer, request: FastifyRequest, presented: unknown): void {
  const secret = cookies(request).get(COOKIE.csrf);
  const expected = secret ? sealer.mac('portal-csrf', secret) : undefined;
  if (!expected || typeof presented !== 'string' || !sameSecret(presented, expected)) {
    throw errors.forbidden('The form has expired or did not come from this portal. Reload the page and try again.');
  }
}

/** The live session behind the session cookie, under the API's idle and absolute timeouts. */
export async function portalSession(sessions: SessionService, request: FastifyRequest): Promise<{ token: string; session: Session } | undefined> {
  const token = cookies(request).get(COOKIE.session);
  if (!token || token.length > 100) return undefined;
  const session = await sessions.resolve(token);
  return session && { token, session };
}
