// The portal over HTTP without a browser: a cookie jar and form posting by hand, signing in, and a user
// enrolled in MFA with the authenticator's codes at the cell's (manual) clock.
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import type { TestCell } from './cell.ts';
import { PASSWORD } from './cell.ts';

export type PortalClient = ReturnType<typeof portalClient>;

/** A browser's cookie jar and form posting, by hand. */
export function portalClient(base: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      if (value) jar.set(name!, value); else jar.delete(name!);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    async get(path: string) {
      return keep(await fetch(`${base}${path}`, { headers: { cookie: cookie() }, redirect: 'manual' }));
    },
    /** Posts a form (a field of many values as a list) with the CSRF token of the page it came from (undefined: without one). */
    async post(path: string, form: Record<string, string | string[]>, csrf?: string) {
      const body = new URLSearchParams(Object.entries({ ...form, ...(csrf !== undefined && { _csrf: csrf }) })
        .flatMap(([name, value]) => [value].flat().map((v) => [name, v])));
      return keep(await fetch(`${base}${path}`, { method: 'POST', body, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' }));
    },
  };
}

export const csrfOf = async (res: Response) => /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;

/** The portal's address of `org` ('System': the provider's). */
export const homeOf = (org: string) => (org === 'System' ? '/provider' : `/tenant/${org}`);

/** A browser that has posted `user`'s password at the sign-in form of `org`, with the answer and its form token. */
export async function passwordPosted(base: string, user: string, org: string, password = PASSWORD) {
  const browser = portalClient(base);
  const home = homeOf(org);
  const csrf = await csrfOf(await browser.get(home));
  const answer = await browser.post(`${home}/sign-in`, { username: user, password }, csrf);
  return { ...browser, csrf, home, answer };
}

/** A browser signed in to the portal of `org` as `user` (no second factor asked), and its form token. */
export async function signedIn(base: string, user: string, org: string, password = PASSWORD) {
  const browser = await passwordPosted(base, user, org, password);
  assert.equal(browser.answer.status, 303, `${user}@${org} signs in`);
  return browser;
}

/**
 * Enrols `user` in MFA from their Security page; answers the browser (still signed in), their authenticator
 * (the code at the cell's clock, and a six-digit code it does not accept now) and their recovery codes. The clock is then moved past the
 * code that confirmed the enrolment, so that the next code is good.
 */
export async function enrolled(t: TestCell, user: string, org: string) {
  const browser = await signedIn(t.url, user, org);
  const enrolment = await (await browser.post(`${browser.home}/preferences/security/enrol`, {}, browser.csrf)).text();
  const totp = new TOTP({ secret: Secret.fromBase32(/id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(enrolment)![1]!), digits: 6, period: 30, algorithm: 'SHA1' });
  const code = () => totp.generate({ timestamp: t.clock.now() });
  const confirmed = await browser.post(`${browser.home}/preferences/security/confirm`, { code: code() }, browser.csrf);
  assert.equal(confirmed.status, 200);
  const recoveryCodes = /id="recovery-codes"[^>]*>([^<]+)</.exec(await confirmed.text())![1]!.trim().split('\n');
  await t.clock.advance(30_000);
  /** a six-digit code outside the window of accepted ones (a step either side of now) */
  const wrongCode = () => {
    const accepted = [-1, 0, 1].map((step) => totp.generate({ timestamp: t.clock.now() + step * 30_000 }));
    return ['000000', '000001', '000002', '000003'].find((c) => !accepted.includes(c))!;
  };
  return { browser, code, wrongCode, recoveryCodes };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The snippets of the API page, by id, as a reader copies them. */
export function snippetsOf(page: string): Record<string, string> {
  return Object.fromEntries([...page.matchAll(/<pre id="(snippet-[\w-]+)"[^>]*>([^]*?)<\/pre>/g)]
    .map((m) => [m[1]!, m[2]!.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!)]));
}
