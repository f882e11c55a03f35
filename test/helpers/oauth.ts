// Speaking OAuth to a cell the way go-vcloud-director and the curl guides do.
import { call } from './http.ts';

export const FORM = 'application/x-www-form-urlencoded';

/** /oauth/tenant/{org} or, for System, /oauth/provider. */
export const oauthBase = (org: string) => (org.toLowerCase() === 'system' ? '/oauth/provider' : `/oauth/tenant/${encodeURIComponent(org)}`);

export async function postForm(base: string, path: string, params: Record<string, string>) {
  return call(base, 'POST', path, { 'content-type': FORM, accept: 'application/json' }, new URLSearchParams(params).toString());
}

export async function tokenCall(base: string, org: string, params: Record<string, string>) {
  const res = await postForm(base, `${oauthBase(org)}/token`, params);
  return { ...res, json: safeJson(res.text) };
}

export function safeJson(text: string): Record<string, unknown> {
  try { return JSON.parse(text) as Record<string, unknown>; } catch { return {}; }
}

/** go-vcloud-director's CreateToken + GetInitialApiToken: register, then exchange the session once. */
export async function createApiToken(base: string, org: string, session: string, name: string, extra: Record<string, unknown> = {}) {
  const reg = await call(base, 'POST', `${oauthBase(org)}/register`,
    { 'content-type': 'application/json', accept: 'application/json;version=', authorization: `Bearer ${session}` },
    JSON.stringify({ client_name: name, ...extra }));
  if (reg.status !== 200) throw new Error(`register failed: ${reg.status} ${reg.text}`);
  const clientId = (JSON.parse(reg.text) as { client_id: string }).client_id;
  const issued = await tokenCall(base, org, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: session, client_id: clientId });
  if (issued.status !== 200) throw new Error(`issue failed: ${issued.status} ${issued.text}`);
  return { clientId, refreshToken: issued.json.refresh_token as string };
}

export async function exchange(base: string, org: string, refreshToken: string) {
  return tokenCall(base, org, { grant_type: 'refresh_token', refresh_token: refreshToken });
}
