// The portal over plain HTTP, where no browser is needed: its cookies and headers, and the org login policy
// that refuses password logins on the API while API tokens keep working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { StatementEvent } from '../src/server/store/db.ts';
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

    test('an unknown path under the portal is an HTML 404 page; the API keeps its Error documents', async () => {
      for (const path of ['/tenant/ExampleOrg/no-such-page', '/provider/no/such/page', '/portal/nothing']) {
        const res = await fetch(`${t.url}${path}`);
        assert.equal(res.status, 404, path);
        assert.match(res.headers.get('content-type')!, /^text\/html/, path);
        assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
        assert.match(await res.text(), /<h1>Not found<\/h1>[^]*There is no such page/, path);
      }
      const tenant = await (await fetch(`${t.url}/tenant/ExampleOrg/nothing`)).text();
      assert.match(tenant, /href="\/tenant\/ExampleOrg">Back to the portal/);
      const api = await fetch(`${t.url}/api/no-such-thing`, { headers: { accept: 'application/*+xml;version=39.0' } });
      assert.equal(api.status, 404);
      assert.match(api.headers.get('content-type')!, /xml/);
    });

    test('the enrolment page that an org requiring MFA shows at sign-in writes nothing on GET', async () => {
      const provider = portalClient(t.url);
      await provider.post('/provider/sign-in', { username: 'administrator', password: PASSWORD }, await csrfOf(await provider.get('/provider')));
      const orgs = await (await provider.get('/provider/organizations')).text();
      const orgId = /<a href="\/tenant\/OtherOrg">OtherOrg<\/a>[^]*?action="\/provider\/organizations\/([0-9a-f-]{36})\/policy"/.exec(orgs)![1]!;
      assert.equal((await provider.post(`/provider/organizations/${orgId}/policy`, { mfaRequired: 'on' }, await csrfOf(new Response(orgs)))).status, 303);

      const user = portalClient(t.url);
      const signedIn = await user.post('/tenant/OtherOrg/sign-in', { username: 'Other', password: PASSWORD }, await csrfOf(await user.get('/tenant/OtherOrg')));
      assert.equal(signedIn.headers.get('location'), '/tenant/OtherOrg/sign-in/enrol');
      const writes: string[] = [];
      const listen = (message: unknown) => {
        const { db, sql } = message as StatementEvent;
        if (db === t.cell.store.db && /^\s*(insert|update|delete)/i.test(sql)) writes.push(sql);
      };
      subscribe('vcdkit:store:statement', listen);
      let pages: string[];
      try {
        pages = [await (await user.get('/tenant/OtherOrg/sign-in/enrol')).text(), await (await user.get('/tenant/OtherOrg/sign-in/enrol')).text()];
      } finally {
        unsubscribe('vcdkit:store:statement', listen);
      }
      assert.deepEqual(writes, []);
      const keys = pages.map((p) => /id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(p)![1]);
      assert.equal(keys[0], keys[1]);
      await provider.post(`/provider/organizations/${orgId}/policy`, {}, await csrfOf(new Response(orgs)));
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
