// "Authorization: Basic base64(user@org:password)", the vCloud login credential.
import { errors } from '../errors.ts';

import type { BasicCredentials } from '../services/login.ts';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Parses the header; undefined when there is none (VCD answers that with 403), 401 when malformed. */
export function parseBasic(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const m = /^basic\s+(\S+)\s*$/i.exec(header);
  if (!m || !BASE64.test(m[1]!) || m[1]!.length % 4 !== 0) throw errors.unauthorized('The Authorization header is not valid Basic credentials.');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  // Names are looked up and audited as given; PostgreSQL text cannot hold NUL, and no name has control characters.
  if (CONTROL.test(decoded)) throw errors.unauthorized('Basic credentials must be user@org:password.');
  const colon = decoded.indexOf(':');
  const principal = colon < 0 ? '' : decoded.slice(0, colon);
  const at = principal.lastIndexOf('@');
  if (colon < 0 || at <= 0 || at === principal.length - 1) {
    throw errors.unauthorized('Basic credentials must be user@org:password.');
  }
  return { user: principal.slice(0, at), org: principal.slice(at + 1), password: decoded.slice(colon + 1) };
}
