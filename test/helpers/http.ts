// Small helpers for speaking to a cell over real HTTP with fetch.
export const XML = (v = '36.0') => `application/*+xml;version=${v}`;
export const JSON_ = (v = '36.0') => `application/json;version=${v}`;

export const basic = (user: string, org: string, password: string) =>
  `Basic ${Buffer.from(`${user}@${org}:${password}`).toString('base64')}`;

export async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && { body }) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Logs in at /cloudapi (or /api/sessions with legacy) and returns the bearer token. */
export async function login(base: string, user: string, org: string, password: string, legacy = false): Promise<string> {
  const path = legacy ? '/api/sessions' : org.toLowerCase() === 'system' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await call(base, 'POST', path, { accept: legacy ? XML() : JSON_(), authorization: basic(user, org, password) });
  if (res.status !== 200) throw new Error(`login ${user}@${org} failed: ${res.status} ${res.text}`);
  return res.headers.get('x-vmware-vcloud-access-token')!;
}
