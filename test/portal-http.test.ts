// The portal over plain HTTP, where no browser is needed: its cookies and headers, and the org login policy
// that refuses password logins on the API while API tokens keep working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { login } from './helpers/http.ts';

/** A browser's cookie jar and form posting, by hand. */
function portalClient(base: string) {
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
    /** Posts a form with the CSRF token of the page it came from (undefined: without one). */
    async post(path: string, form: Record<string, string>, csrf?: string) {
      const body = new URLSearchParams({ ...form, ...(csrf !== undefined && { _csrf: csrf }) });
      return keep(await fetch(`${base}${path}`, { method: 'POST', body, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' }));
    },
  };
}
const csrfOf = async (res: Response) => /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;

for (const engine of engines()) {
  describe(`the portal over HTTP on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine }); });
    after(async () => { await t.close(); });

    test('the session cookie is HttpOnly and SameSite=Strict, pages carry a strict CSP, the password is in no URL', async () => {
      const browser = portalClient(t.url);
      const signInPage = await browser.get('/provider');
      assert.match(signInPage.headers.get('content-security-policy')!, /script-src 'self'; style-src 'self'/);
      assert.equal(signInPage.headers.get('cache-control'), 'no-store');
      const res = await browser.post('/provider/sign-in', { username: 'administrator', password: PASSWORD }, await csrfOf(signInPage));
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/provider/api');
      const session = res.headers.getSetCookie().find((c) => c.startsWith('vcdkit_session='))!;
      assert.match(session, /; HttpOnly; SameSite=Strict$/); // and no Secure over plain http
      assert.equal((await browser.get('/provider/api')).status, 200);
    });

    test('a wrong password is a 401 page; the sign-in form without its token is a 403', async () => {
      const browser = portalClient(t.url);
      const page = await browser.get('/tenant/ExampleOrg');
      assert.equal((await browser.post('/tenant/ExampleOrg/sign-in', { username: 'HelloUser', password: 'wrong' }, await csrfOf(page))).status, 401);
      assert.equal((await browser.post('/tenant/ExampleOrg/sign-in', { username: 'HelloUser', password: PASSWORD })).status, 403);
      assert.equal(browser.jar.has('vcdkit_session'), false);
    });

    test('an org policy refusing API passwords refuses them at both login URLs; the portal still signs in', async () => {
      const provider = portalClient(t.url);
      await provider.post('/provider/sign-in', { username: 'administrator', password: PASSWORD }, await csrfOf(await provider.get('/provider')));
      const orgs = await (await provider.get('/provider/organizations')).text();
      const orgId = /<a href="\/tenant\/ExampleOrg">ExampleOrg<\/a>[^]*?action="\/provider\/organizations\/([0-9a-f-]{36})\/policy"/.exec(orgs);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(orgs)![1]!;
      assert.equal((await provider.post(`/provider/organizations/${orgId![1]}/policy`, { apiPasswordRefused: 'on' }, csrf)).status, 303);

      await assert.rejects(login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD), /401[^]*requires multi-factor authentication/);
      await assert.rejects(login(t.url, 'HelloUser', 'ExampleOrg', PASSWORD, true), /401[^]*requires multi-factor authentication/);
      // another org is untouched
      assert.ok(await login(t.url, 'Other', 'OtherOrg', PASSWORD));
      const tenant = portalClient(t.url);
      const signedIn = await tenant.post('/tenant/ExampleOrg/sign-in', { username: 'HelloUser', password: PASSWORD }, await csrfOf(await tenant.get('/tenant/ExampleOrg')));
      assert.equal(signedIn.headers.get('location'), '/tenant/ExampleOrg/api');
    });
  });
}
