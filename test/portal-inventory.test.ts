// The portal's inventory view in a real browser: a vApp instantiated through the API (powered on, on the
// routed network) appears under its VDC with its VM, the VM's power state and address, and the task that
// created it; its owner's Tasks page lists that task. Visibility is the API's: a user of another org, and a
// user of the same org it is not shared with, do not see it. Long lists are paged. Every page is audited for
// accessibility and CSP refusals; with VCDKIT_SCREENSHOTS=1 the README's screenshots go to docs/portal/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { audit as auditPage, chromiumProblem, openBrowser, screenshot, type Browser } from './helpers/browser.ts';
import { caller, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, linkOf, pathOf, VAPP_SEED } from './helpers/vapps.ts';

const problem = chromiumProblem();

for (const engine of engines()) {
  describe(`the portal's inventory in Chromium on ${engine}`, { skip: problem }, () => {
    let t: TestCell;
    let browser: Browser;
    let page: Page;
    let hello: Caller;
    let vdcPath: string;
    let vappId: string;
    let instantiate: (name: string, powerOn: boolean) => Promise<string>;
    const shoot = (name: string) => screenshot(page, engine, name);
    const audit = () => auditPage(browser);
    const signIn = async (org: string, user: string) => {
      await page.goto(`${t.url}/tenant/${org}`);
      await page.getByLabel('Username').fill(user);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(new RegExp(`/tenant/${org}/api$`));
    };
    const signOut = async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/tenant\/[^/]+$/);
    };

    before(async () => {
      t = await startCell({ engine, seed: VAPP_SEED });
      browser = await openBrowser();
      page = browser.page;
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      // as a client finds them: the org's VDC, the catalog's template and its VM, the VDC's network
      const get = async (path: string) => (await hello.call('GET', path)).text;
      const org = await get(pathOf(/href="([^"]+)"[^>]*name="ExampleOrg"/.exec(await get('/api/org'))![1]!));
      vdcPath = pathOf(linkOf(org, 'down', 'application/vnd.vmware.vcloud.vdc+xml')!);
      const catalog = await get(pathOf(linkOf(org, 'down', 'application/vnd.vmware.vcloud.catalog+xml')!));
      const item = await get(pathOf(/<CatalogItem [^>]*href="([^"]+)"[^>]*name="Ubuntu Template with vsftpd"/.exec(catalog)![1]!));
      const template = /<Entity [^>]*href="([^"]+)"/.exec(item)![1]!;
      const templateVm = /<Vm [^>]*href="([^"]+)"/.exec(await get(pathOf(template)))![1]!;
      const vdc = await get(vdcPath);
      const network = /<AvailableNetworks>.*?<Network [^>]*href="([^"]+)"[^>]*name="routed-net"/s.exec(vdc)![1]!;
      instantiate = async (name, powerOn) => {
        const res = await hello.call('POST', `${vdcPath}/action/instantiateVAppTemplate`, instantiateParams({
          name, template, vm: { href: templateVm }, network: { name: 'routed-net', href: network }, powerOn, deploy: powerOn,
        }), INSTANTIATE);
        assert.equal(res.status, 201, res.text);
        return /<VApp [^>]*href="[^"]+\/vapp-([0-9a-f-]{36})"/.exec(res.text)![1]!;
      };
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    test('a vApp instantiated through the API appears with its VM, power state and task', async () => {
      vappId = await instantiate('Linux FTP server', true);
      await signIn('ExampleOrg', 'HelloUser');
      await page.getByRole('link', { name: 'Virtual Data Centers' }).click();
      const vdcRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ExampleVdc01' }) });
      await vdcRow.getByRole('cell', { name: '1 (1)', exact: true }).waitFor();
      await vdcRow.getByRole('cell', { name: '10 GB of 1,024 GB', exact: true }).waitFor();
      await audit();
      await shoot('inventory-vdcs');

      await page.getByRole('link', { name: 'ExampleVdc01' }).click();
      await page.getByRole('heading', { name: 'Virtual data center ExampleVdc01' }).waitFor();
      const vappRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Linux FTP server' }) });
      assert.equal(await vappRow.locator('.label').first().textContent(), 'Powered on');
      await audit();
      await shoot('inventory-vdc');

      await page.getByRole('link', { name: 'Linux FTP server' }).click();
      await page.waitForURL(new RegExp(`/tenant/ExampleOrg/vapps/${vappId}$`));
      const vmRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'web', exact: true }) });
      assert.deepEqual(await vmRow.getByRole('cell').allTextContents(),
        ['web', 'Powered on', 'ubuntu64Guest', '2', '2 GB', 'routed-net', '192.168.10.10']);
      const taskRow = page.getByRole('row').filter({ hasText: 'Creating Virtual Application Linux FTP server' });
      assert.equal(await taskRow.count(), 1);
      assert.equal(await taskRow.locator('.label').textContent(), 'Succeeded');
      await audit();
      await shoot('inventory-vapp');

      await page.getByRole('link', { name: 'Tasks', exact: true }).click();
      await page.getByRole('row').filter({ hasText: 'Creating Virtual Application Linux FTP server' }).waitFor();
      await audit();
      await signOut();
    });

    test('a user of another org sees neither the VDC nor the vApp', async () => {
      await signIn('OtherOrg', 'Other');
      await page.getByRole('link', { name: 'Virtual Data Centers' }).click();
      await page.getByText('No virtual data centers that you can see.').waitFor();
      await audit();
      const asTheirs = await page.goto(`${t.url}/tenant/OtherOrg/vapps/${vappId}`);
      assert.equal(asTheirs!.status(), 404);
      await page.getByRole('alert').filter({ hasText: 'There is no such vApp.' }).waitFor();
      await audit();
      const vdcId = vdcPath.split('/').pop()!;
      assert.equal((await page.goto(`${t.url}/tenant/OtherOrg/vdcs/${vdcId}`))!.status(), 404);
      assert.equal((await page.goto(`${t.url}/tenant/ExampleOrg/vapps/${vappId}`))!.status(), 403, 'another org\'s pages');
      await page.goto(`${t.url}/tenant/OtherOrg/tasks`);
      await page.getByText('No tasks that you can see.').waitFor();
      await page.goto(`${t.url}/tenant/OtherOrg/api`);
      await signOut();
    });

    test('a user of the same org sees the VDC, but not a vApp nobody shared with them', async () => {
      await signIn('ExampleOrg', 'VAppUser');
      await page.getByRole('link', { name: 'Virtual Data Centers' }).click();
      await page.getByRole('link', { name: 'ExampleVdc01' }).click();
      await page.getByText('No vApps that you can see.').waitFor();
      assert.equal((await page.goto(`${t.url}/tenant/ExampleOrg/vapps/${vappId}`))!.status(), 404);
      await page.goto(`${t.url}/tenant/ExampleOrg/api`);
      await signOut();
    });

    test('a VDC\'s vApps are paged, by name; a page number that is not one is refused', async () => {
      for (let i = 1; i <= 25; i++) await instantiate(`batch ${String(i).padStart(2, '0')}`, false);
      await signIn('ExampleOrg', 'HelloUser');
      await page.goto(`${t.url}${vdcPath.replace('/api/vdc/', '/tenant/ExampleOrg/vdcs/')}`);
      await page.getByText('Page 1 of 2 (26 in all)').waitFor();
      assert.equal(await page.getByRole('cell', { name: 'Powered off', exact: true }).count(), 25);
      assert.equal(await page.getByRole('link', { name: 'Linux FTP server' }).count(), 0);
      await audit();
      await page.getByRole('link', { name: 'Next' }).click();
      await page.getByText('Page 2 of 2 (26 in all)').waitFor();
      await page.getByRole('link', { name: 'Linux FTP server' }).waitFor();
      assert.equal(await page.getByRole('link', { name: /^batch/ }).count(), 0);
      await audit();
      assert.equal((await page.goto(`${page.url().replace(/\?.*$/, '')}?page=abc`))!.status(), 400);
    });
  });
}
