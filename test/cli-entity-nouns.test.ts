// `vcdkit <noun> get|list|delete` for every entity type the cell declares, from the SDK's table: a noun of the CLI's own
// gains the verbs it lacks (`catalog delete`, `vdc delete`; its show answers to get), a type without one gets its noun
// (`catalog-item`); delete waits for the cell's task where it runs one, --no-wait prints the task, errors exit 1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { loggedInHome, type CliHome } from './helpers/cli.ts';
import { VAPP_SEED } from './helpers/vapps.ts';
import { ENTITY_TYPES, VcdClient, passwordAuth } from '../src/sdk/index.ts';

const names = (stdout: string) => (JSON.parse(stdout) as Array<{ name: string }>).map((r) => r.name);

describe('CLI generic nouns', () => {
  let t: TestCell;
  let orgAdmin: CliHome;
  let providerHome: CliHome;
  let provider: VcdClient;
  before(async () => {
    t = await startCell({ seed: VAPP_SEED });
    orgAdmin = await loggedInHome(t.url, 'ExampleOrg', 'OrgAdmin', PASSWORD);
    providerHome = await loggedInHome(t.url, 'System', 'administrator', PASSWORD);
    provider = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }) });
  });
  after(async () => {
    await provider?.close();
    await orgAdmin?.close();
    await providerHome?.close();
    await t?.close();
  });

  test('every declared type has a noun with get and list, and delete where the cell deletes it', async () => {
    for (const type of Object.values(ENTITY_TYPES)) {
      const help = await orgAdmin.run([type.noun, '--help']);
      assert.equal(help.code, 0, `${type.noun}: ${help.stderr}`);
      assert.match(help.stdout, /\n\s+(show\|get|get)\b/, `${type.noun} get`);
      assert.match(help.stdout, /\n\s+list\b/, `${type.noun} list`);
      assert.equal(/\n\s+delete\b/.test(help.stdout), Boolean(type.deletePath), `${type.noun} delete`);
    }
  });

  test('catalog-item: list with a filter, get by name, delete at once (no task); then it is gone (exit 1)', async () => {
    const list = await orgAdmin.run(['catalog-item', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(names(list.stdout).sort(), ['Big', 'Ubuntu Template with vsftpd']);
    assert.deepEqual(names((await orgAdmin.run(['catalog-item', 'list', '--filter', 'name==Big', '--json'])).stdout), ['Big']);
    const got = await orgAdmin.run(['catalog-item', 'get', 'Big', '--json']);
    assert.equal(got.code, 0, got.stderr);
    const item = JSON.parse(got.stdout) as { name: string; id: string };
    assert.equal(item.name, 'Big');
    const table = await orgAdmin.run(['catalog-item', 'list'], { tty: true, columns: 200, env: { NO_COLOR: '1' } });
    assert.match(table.stdout, /^NAME\s+ID\n/);
    assert.doesNotMatch(table.stdout, /\x1b\[/, 'NO_COLOR: no escapes');

    const deleted = await orgAdmin.run(['catalog-item', 'delete', item.id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /Deleted catalog-item Big/);
    const gone = await orgAdmin.run(['catalog-item', 'get', 'Big']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /no catalog item named "Big"/);
  });

  test('catalog delete: waits for the cell\'s task; --no-wait prints the task', async () => {
    const org = await provider.orgs.getByName('ExampleOrg');
    for (const name of ['Doomed', 'Later']) await (await provider.catalogs.create(org, { name })).wait();

    const deleted = await orgAdmin.run(['catalog', 'delete', 'Doomed']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /Deleted catalog Doomed/);
    assert.equal(await provider.catalogs.find('Doomed'), undefined);

    const started = await orgAdmin.run(['catalog', 'delete', 'Later', '--no-wait', '--json']);
    assert.equal(started.code, 0, started.stderr);
    const task = JSON.parse(started.stdout) as { href: string; status: string };
    assert.match(task.href, /\/api\/task\/[0-9a-f-]{36}$/);
    assert.equal((await provider.tasks.wait(task.href)).status, 'success');
  });

  test('vdc (a type with a CloudAPI view): get is its show; delete by urn (--force: though enabled), refused to a tenant (exit 1)', async () => {
    const shown = await orgAdmin.run(['vdc', 'get', 'ExampleVdc01', '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    const vdc = JSON.parse(shown.stdout) as { id: string; name: string };
    assert.equal(vdc.name, 'ExampleVdc01');

    const refused = await orgAdmin.run(['vdc', 'delete', vdc.id]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error: /);

    const org = await provider.orgs.getByName('ExampleOrg');
    const spare = await provider.vdcs.create(org, {
      name: 'Spare', allocationModel: 'AllocationVApp', cpuLimitMhz: 0, memoryLimitMb: 0, storageProfile: 'Bronze', storageLimitMb: 0,
    });
    await spare.wait();
    const deleted = await providerHome.run(['vdc', 'delete', spare.entity.id, '--force']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /Deleted vdc Spare/);
    assert.deepEqual(names((await providerHome.run(['vdc', 'list', '--json'])).stdout).sort(), ['ExampleVdc01']);
  });

  test('a delete the cell has no path for is an unknown command (exit 2)', async () => {
    const r = await orgAdmin.run(['task', 'delete', 'x']);
    assert.equal(r.code, 2);
  });
});
