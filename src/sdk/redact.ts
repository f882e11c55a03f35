// Secrets never reach a log: credential headers keep only their scheme, and token or password
// fields in form, JSON and query strings become "[REDACTED]".

const SECRET_HEADERS = new Set([
  'authorization', 'proxy-authorization', 'x-vcloud-authorization', 'x-vmware-vcloud-access-token', 'cookie', 'set-cookie',
]);

const SECRET_FIELDS = new Set([
  'password', 'refresh_token', 'access_token', 'id_token', 'device_code', 'client_secret', 'assertion', 'token',
  'code', 'user_code',
]);

const REDACTED = '[REDACTED]';

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) {
      out[name] = value;
      continue;
    }
    // "Basic xyz" / "Bearer xyz" keep their scheme, which helps debugging and reveals nothing.
    const scheme = /^(basic|bearer|sign)\s/i.exec(value)?.[1];
    out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return out;
}

function redactParams(params: URLSearchParams): boolean {
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SECRET_FIELDS.has(key.toLowerCase())) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed;
}

export function redactUrl(url: string): string {
  if (!url.includes('?')) return url; // secrets only ever ride in the query string
  const u = new URL(url);
  return redactParams(u.searchParams) ? u.toString() : url;
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) =>
      [k, SECRET_FIELDS.has(k.toLowerCase()) && (typeof v === 'string' || typeof v === 'number') ? REDACTED : redactJson(v)]));
  }
  return value;
}

/** Redacts a request or response body given as text; form and JSON bodies are understood, XML passwords too. */
export function redactBody(body: string, contentType = ''): string {
  if (/json/i.test(contentType) || /^\s*[[{]/.test(body)) {
    try {
      return JSON.stringify(redactJson(JSON.parse(body)));
    } catch {
      // not JSON after all: fall through to the other shapes
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) {
    const params = new URLSearchParams(body);
    return redactParams(params) ? params.toString() : body;
  }
  // XML bodies (e.g. a user's <Password>) and anything else: mask elements and attributes named like secrets.
  return body
    .replace(/<((?:\w+:)?(?:Password|Token|RefreshToken|AccessToken))>[^<]*<\/\1>/gi, `<$1>${REDACTED}</$1>`)
    .replace(/\b(password|refresh_token|access_token)=("[^"]*"|[^&\s]*)/gi, `$1=${REDACTED}`);
}
