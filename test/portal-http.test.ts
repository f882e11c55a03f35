// The portal over plain HTTP, where no browser is needed: its cookies and headers, and the org login policy
// that refuses password logins on the API while API tokens keep working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { StatementEvent } from '../src/server/store/db.ts';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { canLogIn, login } from './helpers/http.ts';
import { Secret, TOTP } from 'otpauth';

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

/** A browser signed in to the portal of `org` ('System': the provider's) as `user`, and its form token. */
async function signedIn(base: string, user: string, org: string, password = PASSWORD) {
  const browser = portalClient(base);
  const home = org === 'System' ? '/provider' : `/tenant/${org}`;
  const csrf = await csrfOf(await browser.get(home));
  const res = await browser.post(`${home}/sign-in`, { username: user, password }, csrf);
  assert.equal(res.status, 303, `${user}@${org} signs in`);
  return { ...browser, csrf, home };
}


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

    /** The id of `org`, as the provider's organizations page links its users. */
    const orgIdOf = async (provider: Awaited<ReturnType<typeof signedIn>>, org: string) => {
      const page = await (await provider.get('/provider/organizations')).text();
      return new RegExp(`href="/provider/organizations/([0-9a-f-]{36})/users" aria-label="Users of ${org}"`).exec(page)![1]!;
    };
    /** The id of a user, and of a role offered, as a users page lists them. */
    const userIdOn = (page: string, name: string) => new RegExp(`href="[^"]+/users/([0-9a-f-]{36})">${name}</a>`).exec(page)?.[1];
    /** The texts of the cells of the row that links `name`. */
    const rowOn = (page: string, name: string) => {
      const row = new RegExp(`<tr>(?:(?!</tr>)[^])*>${name}</a>(?:(?!</tr>)[^])*</tr>`).exec(page)?.[0] ?? '';
      return [...row.matchAll(/<td>([^]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
    };
    const roleIdOn = (page: string, name: string) => new RegExp(`<option value="([0-9a-f-]{36})"[^>]*>${name}</option>`).exec(page)![1]!;

    test('the provider creates a user in an org, unlocks them after too many wrong passwords, and resets their password', async () => {
      const provider = await signedIn(t.url, 'administrator', 'System');
      const users = `/provider/organizations/${await orgIdOf(provider, 'ExampleOrg')}/users`;
      const list = await (await provider.get(users)).text();
      assert.deepEqual(rowOn(list, 'HelloUser'), ['HelloUser', '', 'vApp Author', 'Enabled', 'Off']);
      const created = await provider.post(users, { username: 'newbie', fullName: 'New Bie', password: 'First-Passw0rd', role: roleIdOn(list, 'vApp Author') }, provider.csrf);
      assert.equal(created.status, 303);
      assert.match(created.headers.get('location')!, new RegExp(`^${users}/[0-9a-f-]{36}\\?done=created$`));
      assert.ok(await canLogIn(t.url, 'newbie', 'ExampleOrg', 'First-Passw0rd'));
      const again = await provider.post(users, { username: 'NEWBIE', password: 'x', role: roleIdOn(list, 'vApp Author') }, provider.csrf);
      assert.equal(again.status, 400);
      assert.match(await again.text(), /role="alert"[^]*The user NEWBIE already exists/);

      const id = userIdOn(await (await provider.get(users)).text(), 'newbie')!;
      for (let i = 0; i < 5; i++) assert.equal(await canLogIn(t.url, 'newbie', 'ExampleOrg', 'wrong'), false);
      assert.equal(await canLogIn(t.url, 'newbie', 'ExampleOrg', 'First-Passw0rd'), false, 'locked');
      assert.deepEqual(rowOn(await (await provider.get(users)).text(), 'newbie'), ['newbie', 'New Bie', 'vApp Author', 'Enabled, locked', 'Off']);
      assert.match(await (await provider.get(`${users}/${id}`)).text(), /<button type="submit" class="btn btn-primary">Unlock<\/button>/);
      assert.equal((await provider.post(`${users}/${id}/unlock`, {}, provider.csrf)).headers.get('location'), `${users}/${id}?done=unlock`);
      assert.ok(await canLogIn(t.url, 'newbie', 'ExampleOrg', 'First-Passw0rd'), 'unlocked');

      assert.equal((await provider.post(`${users}/${id}/password`, { password: 'Second-Passw0rd' }, provider.csrf)).status, 303);
      assert.equal(await canLogIn(t.url, 'newbie', 'ExampleOrg', 'First-Passw0rd'), false);
      assert.ok(await canLogIn(t.url, 'newbie', 'ExampleOrg', 'Second-Passw0rd'));
      assert.match(await (await provider.get(`${users}/${id}?done=password`)).text(), /The password is reset/);
    });

    test('an org administrator creates, disables and enables users of their org, and resets a user\'s MFA', async () => {
      const admin = await signedIn(t.url, 'OrgAdmin', 'ExampleOrg');
      const users = '/tenant/ExampleOrg/administration/users';
      const list = await (await admin.get(users)).text();
      assert.match(list, /aria-current="page"[^>]*>Users</);
      assert.equal((await admin.post(users, { username: 'enrolled', password: PASSWORD, role: roleIdOn(list, 'vApp User') }, admin.csrf)).status, 303);
      const id = userIdOn(await (await admin.get(users)).text(), 'enrolled')!;

      // the user sets up MFA on their Security page, then signs in with a code
      const user = await signedIn(t.url, 'enrolled', 'ExampleOrg');
      const enrolment = await (await user.post('/tenant/ExampleOrg/preferences/security/enrol', {}, user.csrf)).text();
      const totp = new TOTP({ secret: Secret.fromBase32(/id="totp-secret"[^>]*>([A-Z2-7]+)</.exec(enrolment)![1]!), digits: 6, period: 30, algorithm: 'SHA1' });
      assert.equal((await user.post('/tenant/ExampleOrg/preferences/security/confirm', { code: totp.generate({ timestamp: t.clock.now() }) }, user.csrf)).status, 200);
      const withCode = portalClient(t.url);
      const asked = await withCode.post('/tenant/ExampleOrg/sign-in', { username: 'enrolled', password: PASSWORD }, await csrfOf(await withCode.get('/tenant/ExampleOrg')));
      assert.equal(asked.headers.get('location'), '/tenant/ExampleOrg/sign-in/code');
      assert.deepEqual(rowOn(await (await admin.get(users)).text(), 'enrolled'), ['enrolled', '', 'vApp User', 'Enabled', 'On']);

      assert.equal((await admin.post(`${users}/${id}/mfa`, {}, admin.csrf)).headers.get('location'), `${users}/${id}?done=mfa`);
      const after = portalClient(t.url);
      const direct = await after.post('/tenant/ExampleOrg/sign-in', { username: 'enrolled', password: PASSWORD }, await csrfOf(await after.get('/tenant/ExampleOrg')));
      assert.equal(direct.headers.get('location'), '/tenant/ExampleOrg/api', 'no code asked once MFA is reset');

      assert.equal((await admin.post(`${users}/${id}/disable`, {}, admin.csrf)).status, 303);
      assert.equal(await canLogIn(t.url, 'enrolled', 'ExampleOrg', PASSWORD), false);
      assert.equal((await after.get('/tenant/ExampleOrg/api')).status, 303, 'their portal session is over');
      assert.equal((await admin.post(`${users}/${id}/enable`, {}, admin.csrf)).status, 303);
      assert.ok(await canLogIn(t.url, 'enrolled', 'ExampleOrg', PASSWORD));
    });

    test('?done= on a user page says only the page\'s own messages: "constructor" and its kin say nothing', async () => {
      const admin = await signedIn(t.url, 'OrgAdmin', 'ExampleOrg');
      const users = '/tenant/ExampleOrg/administration/users';
      const page = `${users}/${userIdOn(await (await admin.get(users)).text(), 'HelloUser')!}`;
      assert.match(await (await admin.get(`${page}?done=unlock`)).text(), /alert-success[^]*The account is unlocked\./);
      for (const done of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'nothing']) {
        const res = await admin.get(`${page}?done=${done}`);
        assert.equal(res.status, 200, done);
        const html = await res.text();
        assert.doesNotMatch(html, /alert-success|native code|\[object Object\]/, done);
      }
    });

    test('refusals: another org\'s users, a user without the right, the provider\'s pages, a form without its token', async () => {
      const admin = await signedIn(t.url, 'OrgAdmin', 'ExampleOrg');
      const provider = await signedIn(t.url, 'administrator', 'System');
      const otherOrgUsers = `/provider/organizations/${await orgIdOf(provider, 'OtherOrg')}/users`;
      const otherId = userIdOn(await (await provider.get(otherOrgUsers)).text(), 'Other')!;
      const role = roleIdOn(await (await admin.get('/tenant/ExampleOrg/administration/users')).text(), 'vApp User');

      // a tenant administrator at another org's pages, at another org's user through their own, at the provider's
      assert.equal((await admin.get('/tenant/OtherOrg/administration/users')).status, 403);
      assert.equal((await admin.post('/tenant/OtherOrg/administration/users', { username: 'intruder', password: PASSWORD, role }, admin.csrf)).status, 403);
      assert.equal((await admin.post(`/tenant/ExampleOrg/administration/users/${otherId}/password`, { password: 'Taken-Over1' }, admin.csrf)).status, 403);
      assert.equal((await admin.post(`/tenant/ExampleOrg/administration/users/${otherId}/disable`, {}, admin.csrf)).status, 403);
      assert.equal((await admin.get(otherOrgUsers)).status, 403);
      assert.equal((await admin.post(`${otherOrgUsers}/${otherId}/unlock`, {}, admin.csrf)).status, 403);
      // a vApp User at their own org's administration
      const vAppUser = await signedIn(t.url, 'Other', 'OtherOrg');
      const res = await vAppUser.get('/tenant/OtherOrg/administration/users');
      assert.equal(res.status, 403);
      assert.match(await res.text(), /No right to manage this organization&#39;s users/);
      assert.equal((await vAppUser.post('/tenant/OtherOrg/administration/users', { username: 'self-made', password: PASSWORD, role }, vAppUser.csrf)).status, 403);
      assert.equal((await vAppUser.post(`/tenant/OtherOrg/administration/users/${otherId}/password`, { password: 'Taken-Over1' }, vAppUser.csrf)).status, 403);
      // forms without their token
      assert.equal((await admin.post('/tenant/ExampleOrg/administration/users', { username: 'forged', password: PASSWORD, role })).status, 403);
      assert.equal((await provider.post(`${otherOrgUsers}/${otherId}/password`, { password: 'Taken-Over1' }, 'x'.repeat(43))).status, 403);

      assert.ok(await canLogIn(t.url, 'Other', 'OtherOrg', PASSWORD), 'the password is unchanged');
      const names = await (await provider.get(otherOrgUsers)).text();
      assert.equal(userIdOn(names, 'intruder') ?? userIdOn(names, 'self-made'), undefined);
      assert.equal(userIdOn(await (await admin.get('/tenant/ExampleOrg/administration/users')).text(), 'forged'), undefined);
    });

    test('the user\'s own sessions are listed on Access Tokens, and signing one out ends it', async () => {
      const first = await signedIn(t.url, 'Other', 'OtherOrg');
      const second = await signedIn(t.url, 'Other', 'OtherOrg');
      const sessionsOn = async (browser: typeof first) => [...(await (await browser.get('/tenant/OtherOrg/preferences/tokens')).text())
        .matchAll(/<td>(Portal|API token|API password)( \(this one\))?<\/td>[^]*?action="\/tenant\/OtherOrg\/preferences\/sessions\/([0-9a-f-]{36})\/sign-out"/g)]
        .map((m) => ({ kind: m[1], current: Boolean(m[2]), id: m[3]! }));
      const firstId = (await sessionsOn(first)).find((x) => x.current)!.id;
      const seen = await sessionsOn(second);
      assert.ok(seen.some((x) => x.id === firstId && x.kind === 'Portal' && !x.current), 'the other browser\'s session is listed');
      assert.equal(seen.filter((x) => x.current).length, 1);
      assert.equal((await second.post(`/tenant/OtherOrg/preferences/sessions/${firstId}/sign-out`, {}, second.csrf)).status, 303);
      assert.equal((await second.get('/tenant/OtherOrg/preferences/tokens')).status, 200, 'this one goes on');
      assert.equal((await first.get('/tenant/OtherOrg/preferences/tokens')).headers.get('location'), '/tenant/OtherOrg', 'the other is over');
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
