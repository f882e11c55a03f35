// The portal in a real browser (issue 11's journey): the provider publishes "Manage user's own API token"
// to an org, its administrator grants it to a role and requires MFA, a user enrols, signs in with a code,
// reads the API page and logs in over HTTP with exactly what it shows, creates a token that works at the
// OAuth token endpoint and /api/org, revokes it, and it stops working. And the refusals: a wrong code, a
// replayed code, a form without its CSRF token, a tenant at the provider's pages. Every page is audited for
// accessibility and for anything its Content-Security-Policy refused. With VCDKIT_SCREENSHOTS=1 the
// screenshots for the README are written to docs/portal/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { audit as auditPage, chromiumProblem, openBrowser, screenshot, type Browser } from './helpers/browser.ts';
import { TENANT_RIGHTS } from '../src/server/inventory/rights-catalogue.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const OWN_TOKEN = "Manage user's own API token";

// The token right is published to no org until the provider does it in the portal; the user's role lacks it.
const SEED: SeedFile = {
  system: { users: [{ name: 'administrator', password: PASSWORD }] },
  orgs: [{
    name: 'ExampleOrg', fullName: 'Example Organization',
    roles: [{ name: 'Developer', description: 'Builds things', rights: ['Organization: View'] }],
    users: [
      { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' },
      { name: 'dev', password: PASSWORD, role: 'Developer' },
    ],
  }],
  rightsBundles: [{ name: 'Default Rights Bundle', rights: TENANT_RIGHTS.filter((r) => r !== OWN_TOKEN), publishTo: 'all' }],
};

const problem = chromiumProblem();

for (const engine of engines()) {
  describe(`the portal in Chromium on ${engine}`, { skip: problem }, () => {
    let t: TestCell;
    let browser: Browser;
    let page: Page;
    let secret = '';
    let firstCode = '';
    const shoot = (name: string) => screenshot(page, engine, name);
    const audit = () => auditPage(browser);
    const code = () => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: t.clock.now() });
    const signIn = async (base: string, user: string) => {
      await page.goto(`${t.url}${base}`);
      await page.getByLabel('Username').fill(user);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    const signOut = async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/(tenant\/[^/]+|provider)$/);
    };

    before(async () => {
      t = await startCell({ engine, seed: SEED });
      browser = await openBrowser();
      page = browser.page;
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    test('the provider creates a bundle with the token right and publishes it to the org', async () => {
      await signIn('/provider', 'administrator');
      await page.waitForURL(/\/provider\/api$/);
      await page.getByRole('link', { name: 'Rights Bundles' }).click();
      await page.getByLabel('Name').fill('API tokens');
      await page.getByLabel('Description').fill('Lets tenants use API tokens');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(/\/provider\/rights-bundles\/[0-9a-f-]{36}$/);
      assert.equal(await page.getByLabel('Add right').inputValue(), OWN_TOKEN);
      await page.getByRole('button', { name: 'Add' }).click();
      await page.getByRole('listitem').filter({ hasText: OWN_TOKEN }).waitFor();
      await page.getByLabel('ExampleOrg').check();
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.waitForLoadState();
      assert.equal(await page.getByLabel('ExampleOrg').isChecked(), true);
      await audit();
      await shoot('provider-rights-bundle');
      await page.getByRole('link', { name: 'Organizations' }).click();
      await audit();
      await shoot('provider-organizations');
      await page.getByRole('link', { name: 'Users of ExampleOrg' }).click();
      await page.getByRole('heading', { name: 'Users of ExampleOrg' }).waitFor();
      await page.getByRole('cell', { name: 'OrgAdmin', exact: true }).waitFor();
      await audit();
      await shoot('provider-org-users');
      await signOut();
    });

    test('the org administrator grants the right to a role and requires MFA', async () => {
      await signIn('/tenant/ExampleOrg', 'OrgAdmin');
      await page.waitForURL(/\/tenant\/ExampleOrg\/api$/);
      await page.getByRole('link', { name: 'Roles' }).click();
      await audit();
      await page.getByRole('link', { name: 'Developer' }).click();
      assert.equal(await page.getByLabel('Add right').inputValue(), OWN_TOKEN);
      await page.getByRole('button', { name: 'Add' }).click();
      await page.getByRole('listitem').filter({ hasText: OWN_TOKEN }).waitFor();
      await audit();
      await shoot('org-admin-role');
      await page.getByRole('link', { name: 'Users', exact: true }).click();
      await page.getByLabel('Username', { exact: true }).fill('newcomer');
      await page.getByLabel('Full name', { exact: true }).fill('New Comer');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      assert.equal(await page.getByLabel('Role', { exact: true }).locator('option:checked').textContent(), 'vApp User');
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.waitForURL(/\/administration\/users\/[0-9a-f-]{36}\?done=created$/);
      await page.getByRole('status').filter({ hasText: 'The user is created.' }).waitFor();
      await audit();
      await shoot('org-admin-user');
      await page.getByRole('link', { name: 'All users of ExampleOrg' }).click();
      await page.getByRole('cell', { name: 'newcomer', exact: true }).waitFor();
      await audit();
      await shoot('org-admin-users');
      await page.getByRole('link', { name: 'Login policy' }).click();
      await page.getByLabel('Require multi-factor authentication in the portal').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForLoadState();
      assert.equal(await page.getByLabel('Require multi-factor authentication in the portal').isChecked(), true);
      await audit();
      await signOut();
    });

    test('the user enrols in MFA at sign-in: a QR code, a first code, recovery codes', async () => {
      await signIn('/tenant/ExampleOrg', 'dev');
      await page.waitForURL(/\/sign-in\/enrol$/);
      assert.equal(await page.getByRole('img', { name: 'QR code of the authenticator key' }).locator('svg').count(), 1);
      secret = (await page.locator('#totp-secret').textContent())!.trim();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      await audit();
      await shoot('mfa-enrolment');
      firstCode = code();
      await page.getByLabel('Code', { exact: true }).fill(firstCode);
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
      const codes = (await page.locator('#recovery-codes').textContent())!.trim().split('\n');
      assert.equal(codes.length, 10);
      await audit();
      await signOut();
    });

    test('a wrong code and a replayed code are refused; the current one signs in', async () => {
      await signIn('/tenant/ExampleOrg', 'dev');
      await page.waitForURL(/\/sign-in\/code$/);
      await audit();
      await shoot('mfa-code');
      const wrong = String((Number(code()) + 1) % 1_000_000).padStart(6, '0');
      await page.getByLabel('Code', { exact: true }).fill(wrong);
      const refusedWrong = page.waitForResponse((r) => r.url().endsWith('/sign-in/code') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Verify' }).click();
      assert.equal((await refusedWrong).status(), 401);
      await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
      // the code that confirmed the enrolment, still within its 30 seconds: used once already
      await page.getByLabel('Code', { exact: true }).fill(firstCode);
      const refusedReplay = page.waitForResponse((r) => r.url().endsWith('/sign-in/code') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Verify' }).click();
      assert.equal((await refusedReplay).status(), 401);
      await t.clock.advance(30_000);
      await page.getByLabel('Code', { exact: true }).fill(code());
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/tenant\/ExampleOrg\/api$/);
    });

    test('the API page shows what logs in over HTTP', async () => {
      await audit();
      await shoot('api-page');
      assert.equal(await page.locator('#api-username').textContent(), 'dev@ExampleOrg');
      assert.equal(await page.locator('#api-url').textContent(), `${t.url}/api`);
      const curl = (await page.locator('#snippet-curl').textContent())!;
      const [, base] = /^VCD='([^']+)'$/m.exec(curl)!;
      assert.equal(base, t.url);
      const [, user, accept, path] = /-X POST -u '([^']+)' -H '([^']+)' "\$VCD(\S+)"/.exec(curl)!;
      const [name, value] = accept!.split(': ');
      const login = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${user}:${PASSWORD}`).toString('base64')}`, [name!]: value! } });
      assert.equal(login.status, 200, await login.text());
      const token = login.headers.get('x-vmware-vcloud-access-token')!;
      const [, useAccept] = /-H '(Accept: [^']+)' "\$VCD\/api\/org"/.exec(curl)!;
      const org = await fetch(`${t.url}/api/org`, { headers: { authorization: `Bearer ${token}`, accept: useAccept!.slice('Accept: '.length) } });
      assert.equal(org.status, 200);
      assert.match(await org.text(), /name="ExampleOrg"/);
    });

    let apiToken = '';
    let accessToken = '';
    const exchange = () => fetch(`${t.url}/oauth/tenant/ExampleOrg/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: apiToken }),
    });
    const readOrgs = () => fetch(`${t.url}/api/org`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/*+xml;version=39.0' } });

    test('a new token is shown once and works at the token endpoint and /api/org', async () => {
      await page.getByRole('link', { name: 'User Preferences' }).click();
      await page.getByLabel('Name').fill('ci-pipeline');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { name: 'Token created' }).waitFor();
      apiToken = (await page.locator('#new-token').textContent())!.trim();
      assert.ok(!page.url().includes(apiToken), 'the token is in no URL');
      await audit();
      await shoot('token-created');
      const res = await exchange();
      assert.equal(res.status, 200);
      accessToken = ((await res.json()) as { access_token: string }).access_token;
      assert.equal((await readOrgs()).status, 200);
      await page.getByRole('link', { name: 'Done' }).click();
      await page.getByRole('cell', { name: 'ci-pipeline', exact: true }).waitFor();
      await audit();
      await shoot('access-tokens');
    });

    test('a revoked token stops working', async () => {
      await page.getByRole('link', { name: 'Revoke ci-pipeline' }).click();
      await audit();
      await page.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('No API tokens yet.').waitFor();
      assert.equal((await exchange()).status, 400);
      assert.equal((await readOrgs()).status, 401);
    });

    test('a form posted without its CSRF token is refused', async () => {
      const res = await page.request.post(`${t.url}/tenant/ExampleOrg/preferences/tokens`, { form: { name: 'forged', expiry: '' } });
      assert.equal(res.status(), 403);
      const forged = await page.request.post(`${t.url}/tenant/ExampleOrg/preferences/tokens`, { form: { name: 'forged', expiry: '', _csrf: 'x'.repeat(43) } });
      assert.equal(forged.status(), 403);
      await page.reload();
      assert.equal(await page.getByRole('cell', { name: 'forged', exact: true }).count(), 0);
    });

    test('a tenant at the provider pages is refused', async () => {
      const res = await page.goto(`${t.url}/provider/organizations`);
      assert.equal(res!.status(), 403);
      await page.getByRole('alert').filter({ hasText: 'signed in to ExampleOrg' }).waitFor();
      await audit();
    });

    test('a user without the right at the org\'s Users page is refused; an unknown page is an HTML 404', async () => {
      const refused = await page.goto(`${t.url}/tenant/ExampleOrg/administration/users`);
      assert.equal(refused!.status(), 403);
      await page.getByRole('alert').filter({ hasText: 'No right to manage this organization\'s users' }).waitFor();
      await audit();
      const missing = await page.goto(`${t.url}/tenant/ExampleOrg/no-such-page`);
      assert.equal(missing!.status(), 404);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      await audit();
    });

    test('the provider resets the user\'s MFA, and the user enrols again at the next sign-in', async () => {
      await page.goto(`${t.url}/tenant/ExampleOrg/api`);
      await signOut();
      await signIn('/provider', 'administrator');
      await page.waitForURL(/\/provider\/api$/);
      await page.getByRole('link', { name: 'Organizations' }).click();
      await page.getByRole('link', { name: 'Users of ExampleOrg' }).click();
      await page.getByRole('link', { name: 'dev', exact: true }).click();
      await page.getByRole('cell', { name: 'On', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Reset MFA' }).click();
      await page.getByRole('status').filter({ hasText: 'Multi-factor authentication is reset' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Reset MFA' }).count(), 0);
      await audit();
      await shoot('provider-user');
      await signOut();
      await signIn('/tenant/ExampleOrg', 'dev');
      await page.waitForURL(/\/sign-in\/enrol$/);
      const again = (await page.locator('#totp-secret').textContent())!.trim();
      assert.notEqual(again, secret, 'a new key');
    });
  });
}
