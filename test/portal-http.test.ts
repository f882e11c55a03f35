// The portal over plain HTTP, where no browser is needed: its cookies and headers, and the org login policy
// that refuses password logins on the API while API tokens keep working.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { StatementEvent } from '../src/server/store/db.ts';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { canLogIn, JSON_, login, XML } from './helpers/http.ts';
import { csrfOf, enrolled, passwordPosted, portalClient, signedIn, snippetsOf, type PortalClient } from './helpers/portal.ts';

/** Users who enrol in MFA, each for one test. */
const SEED = {
  ...TEST_SEED,
  orgs: [
    ...TEST_SEED.orgs!,
    { name: 'CodeOrg', users: ['Guessed', 'Recovering'].map((name) => ({ name, password: PASSWORD, role: 'vApp User' })) },
    { name: 'TokensOnly', users: [{ name: 'Scripter', password: PASSWORD, role: 'vApp User' }] },
  ],
};

/**
 * Runs a snippet in bash as a reader pastes it, with `input` typed at its prompt; stops at an unset
 * variable or a failed command. In a session of its own, with no terminal, so curl reads a password
 * it asks for from stdin.
 */
function runShell(script: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { detached: true, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('error', reject).on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${input}\n`);
  });
}

const sessionCookies = (res: Response) => res.headers.getSetCookie().filter((c) => c.startsWith('vcdkit_session='));

for (const engine of engines()) {
  describe(`the portal over HTTP on ${engine}`, () => {
    let t: TestCell;
    before(async () => { t = await startCell({ engine, seed: SEED }); });
    after(async () => { await t.close(); });

    test('the session cookie is HttpOnly and SameSite=Strict, pages carry a strict CSP, the password is in no URL', async () => {
      const browser = portalClient(t.url);
      const signInPage = await browser.get('/provider');
      assert.match(signInPage.headers.get('content-security-policy')!, /script-src 'self'; style-src 'self'/);
      assert.equal(signInPage.headers.get('cache-control'), 'no-store');
      assert.equal(signInPage.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
      const res = await browser.post('/provider/sign-in', { username: 'administrator', password: PASSWORD }, await csrfOf(signInPage));
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/provider/api');
      const session = sessionCookies(res);
      assert.equal(session.length, 1, 'one session cookie');
      assert.match(session[0]!, /; HttpOnly; SameSite=Strict$/); // and no Secure over plain http
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

    test('GET / in a browser is a page that points at the portals and the API; other clients keep the API\'s 404', async () => {
      const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
      const res = await fetch(`${t.url}/`, { headers: { accept: browser } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html; charset=utf-8$/);
      assert.match(res.headers.get('content-security-policy')!, /default-src 'none'; script-src 'self'/);
      assert.equal(res.headers.get('vary'), 'Accept');
      const page = await res.text();
      assert.match(page, new RegExp(`<code>${t.url}/tenant/&lt;organization&gt;</code>`));
      assert.match(page, /<a href="\/provider">/);
      assert.match(page, /<a href="\/api\/versions">/);
      assert.deepEqual([...page.matchAll(/<script\b[^>]*>([^]*?)<\/script>/g)].filter((m) => !/\bsrc="\/portal\/assets\//.test(m[0]) || m[1]!.trim()), [], 'no inline script');

      for (const accept of ['*/*', XML('39.0'), JSON_('39.0'), 'application/*+xml', 'text/html;q=0']) {
        const api = await fetch(`${t.url}/`, { headers: { accept } });
        assert.equal(api.status, 404, accept);
        assert.match(api.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.error\+(xml|json)/, accept);
        assert.match(await api.text(), /RESOURCE_NOT_FOUND/, accept);
      }
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

    /** Posts a code at the sign-in's second step. */
    const tryCode = (browser: PortalClient & { csrf: string }, org: string, code: string) =>
      browser.post(`/tenant/${org}/sign-in/code`, { code }, browser.csrf);
    const NOT_VALID = /That code is not valid \(or was used already\)/;
    const LOCKED = /Too many wrong codes: the account is locked for a while/;

    test('wrong codes count toward lockout across sign-ins: a right password does not start the count afresh, a right code does', async () => {
      const { code, wrongCode } = await enrolled(t, 'Guessed', 'CodeOrg');
      const first = await passwordPosted(t.url, 'Guessed', 'CodeOrg');
      assert.equal(first.answer.headers.get('location'), '/tenant/CodeOrg/sign-in/code');
      for (let i = 0; i < 2; i++) assert.match(await (await tryCode(first, 'CodeOrg', wrongCode())).text(), NOT_VALID);
      const third = await tryCode(first, 'CodeOrg', wrongCode());
      assert.equal(third.status, 401);
      assert.match(await third.text(), /Too many wrong codes; enter your password again/, 'the third wrong code ends the sign-in');
      assert.equal((await tryCode(first, 'CodeOrg', code())).status, 401, 'even the right code needs the password again');

      // The right password again: the count goes on from three, so the fifth wrong code locks the account.
      const second = await passwordPosted(t.url, 'Guessed', 'CodeOrg');
      assert.equal(second.answer.headers.get('location'), '/tenant/CodeOrg/sign-in/code');
      for (let i = 0; i < 2; i++) assert.match(await (await tryCode(second, 'CodeOrg', wrongCode())).text(), NOT_VALID);
      const locked = await tryCode(second, 'CodeOrg', code());
      assert.equal(locked.status, 401);
      assert.match(await locked.text(), LOCKED, 'the right code is not checked on a locked account');
      assert.equal((await passwordPosted(t.url, 'Guessed', 'CodeOrg')).answer.status, 401, 'the password is refused while locked');
      assert.equal(await canLogIn(t.url, 'Guessed', 'CodeOrg', PASSWORD), false, 'on the API too');

      await t.clock.advanceMinutes(10);
      const after = await passwordPosted(t.url, 'Guessed', 'CodeOrg');
      assert.match(await (await tryCode(after, 'CodeOrg', wrongCode())).text(), NOT_VALID);
      const signedInWithCode = await tryCode(after, 'CodeOrg', code());
      assert.equal(signedInWithCode.status, 303, 'the lock has run out');
      assert.equal(signedInWithCode.headers.get('location'), '/tenant/CodeOrg/api');
      assert.equal(sessionCookies(signedInWithCode).length, 1, 'one session cookie');

      // That sign-in started the count afresh: four wrong codes later, the right one still signs in.
      await t.clock.advance(30_000);
      const fourth = await passwordPosted(t.url, 'Guessed', 'CodeOrg');
      for (let i = 0; i < 3; i++) assert.equal((await tryCode(fourth, 'CodeOrg', wrongCode())).status, 401);
      const fifth = await passwordPosted(t.url, 'Guessed', 'CodeOrg');
      assert.match(await (await tryCode(fifth, 'CodeOrg', wrongCode())).text(), NOT_VALID);
      assert.equal((await tryCode(fifth, 'CodeOrg', code())).status, 303, 'the fifth try, a right code, signs in');
      assert.ok(await canLogIn(t.url, 'Guessed', 'CodeOrg', PASSWORD), 'and leaves the account open');
    });

    test('wrong recovery codes, and wrong codes to turn MFA off, count toward the same lockout', async () => {
      const { browser, code, wrongCode, recoveryCodes } = await enrolled(t, 'Recovering', 'CodeOrg');
      const turnOff = (c: string) => browser.post('/tenant/CodeOrg/preferences/security/off', { code: c }, browser.csrf);
      for (let i = 0; i < 2; i++) {
        const refused = await turnOff(wrongCode());
        assert.equal(refused.status, 401);
        assert.match(await refused.text(), /That code is not valid\./);
      }
      const signingIn = await passwordPosted(t.url, 'Recovering', 'CodeOrg');
      for (const wrong of ['aaaa-bbbb-cccc-dddd', 'eeee-ffff-gggg-hhhh']) assert.match(await (await tryCode(signingIn, 'CodeOrg', wrong)).text(), NOT_VALID);
      assert.equal((await turnOff(wrongCode())).status, 401, 'the fifth wrong code locks the account');

      const refused = await turnOff(code());
      assert.equal(refused.status, 401);
      assert.match(await refused.text(), LOCKED);
      assert.match(await (await tryCode(signingIn, 'CodeOrg', recoveryCodes[0]!)).text(), LOCKED, 'a recovery code is not checked either');
      assert.equal(await canLogIn(t.url, 'Recovering', 'CodeOrg', PASSWORD), false);

      await t.clock.advanceMinutes(10);
      const withRecovery = await passwordPosted(t.url, 'Recovering', 'CodeOrg');
      assert.equal((await tryCode(withRecovery, 'CodeOrg', recoveryCodes[0]!)).status, 303, 'the recovery code was not spent while locked');
      assert.equal((await turnOff(code())).headers.get('location'), '/tenant/CodeOrg/preferences/security');
    });

    test('the API page\'s snippets run as shown: curl with the password and with an API token, pyvcloud at a version it knows', async () => {
      const admin = await signedIn(t.url, 'OrgAdmin', 'ExampleOrg');
      const snippets = snippetsOf(await (await admin.get('/tenant/ExampleOrg/api')).text());
      assert.deepEqual(Object.keys(snippets), ['snippet-curl', 'snippet-curl-token', 'snippet-pyvcloud', 'snippet-terraform']);

      const withPassword = await runShell(snippets['snippet-curl']!, PASSWORD);
      assert.equal(withPassword.code, 0, withPassword.stderr);
      assert.match(withPassword.stdout, /<SupportedVersions /);
      assert.match(withPassword.stdout, /<OrgList [^]*name="ExampleOrg"/, 'the token it kept reads the org list');

      const created = await (await admin.post('/tenant/ExampleOrg/preferences/tokens', { name: 'snippet', expiry: '' }, admin.csrf)).text();
      const apiToken = /<pre id="new-token"[^>]*>([^<]+)<\/pre>/.exec(created)![1]!.trim();
      const withToken = await runShell(snippets['snippet-curl-token']!, apiToken);
      assert.equal(withToken.code, 0, withToken.stderr);
      assert.match(withToken.stdout, /^API token: <\?xml[^]*<OrgList [^]*name="ExampleOrg"/);

      // pyvcloud (which knows API versions up to 36.0) at the newest of them the cell lists; the password asked for
      const pyvcloud = snippets['snippet-pyvcloud']!;
      const offered = (await (await fetch(`${t.url}/api/versions`)).text()).match(/(?<=<Version>)[\d.]+(?=<\/Version>)/g)!;
      assert.match(pyvcloud, new RegExp(`^client = Client\\("${t.url}", api_version="36\\.0"\\)$`, 'm'));
      assert.ok(offered.includes('36.0'));
      assert.match(pyvcloud, /^client\.set_credentials\(BasicLoginCredentials\("OrgAdmin", "ExampleOrg", getpass\.getpass\("Password: "\)\)\)$/m);
      assert.match(pyvcloud, /^import getpass$/m);
      const python = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: pyvcloud, encoding: 'utf8' });
      assert.equal(python.status, 0, `pyvcloud's snippet is Python: ${python.stderr}`);

      // Terraform over this plain-http cell: the URL it really has, and why the provider needs https
      const terraform = snippets['snippet-terraform']!;
      assert.match(terraform, new RegExp(`^  url += "${t.url}/api"$`, 'm'));
      assert.match(terraform, /^# This cell speaks plain http: the vcd provider \(go-vcloud-director\) reads ids only from https hrefs/m);
      assert.match(terraform, /^# token\.json holds an API token, from User Preferences → Access Tokens, as \{"refresh_token": "<the token>"\}$/m);
    });

    test('where the org refuses passwords on the API, the snippets log in with an API token only', async () => {
      const provider = await signedIn(t.url, 'administrator', 'System');
      const orgs = await (await provider.get('/provider/organizations')).text();
      const orgId = /<a href="\/tenant\/TokensOnly">TokensOnly<\/a>[^]*?action="\/provider\/organizations\/([0-9a-f-]{36})\/policy"/.exec(orgs)![1]!;
      assert.equal((await provider.post(`/provider/organizations/${orgId}/policy`, { apiPasswordRefused: 'on' }, provider.csrf)).status, 303);

      const user = await signedIn(t.url, 'Scripter', 'TokensOnly');
      const page = await (await user.get('/tenant/TokensOnly/api')).text();
      assert.match(page, /Your organization refuses passwords on the API/);
      const snippets = snippetsOf(page);
      assert.deepEqual(Object.keys(snippets), ['snippet-curl-token', 'snippet-pyvcloud', 'snippet-terraform']);
      const pyvcloud = snippets['snippet-pyvcloud']!;
      assert.doesNotMatch(pyvcloud, /set_credentials|Password/);
      assert.match(pyvcloud, new RegExp(`requests\\.post\\("${t.url}/oauth/tenant/TokensOnly/token"`));
      assert.match(pyvcloud, /^client\.rehydrate_from_token\(answer\.json\(\)\["access_token"\], is_jwt_token=True\)$/m);

      const created = await (await user.post('/tenant/TokensOnly/preferences/tokens', { name: 'snippet', expiry: '' }, user.csrf)).text();
      const apiToken = /<pre id="new-token"[^>]*>([^<]+)<\/pre>/.exec(created)![1]!.trim();
      const run = await runShell(snippets['snippet-curl-token']!, apiToken);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /<OrgList [^]*name="TokensOnly"/);
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
      await enrolled(t, 'enrolled', 'ExampleOrg');
      const asked = (await passwordPosted(t.url, 'enrolled', 'ExampleOrg')).answer;
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
