// The administration commands in-process against a real cell on both stores: users, roles, rights
// bundles, service accounts, and the provider's org create/delete and vdc create (tasks waited on).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD } from './helpers/cell.ts';
import { loggedInHome, type CliHome } from './helpers/cli.ts';
import { eachEngine } from './helpers/world.ts';

const json = <T>(r: { code: number | null; stdout: string; stderr: string }): T => {
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
};

eachEngine('CLI administration', {}, (w) => {
  let admin: CliHome;
  let orgAdmin: CliHome;
  before(async () => {
    admin = await loggedInHome(w.t.url, 'System', 'administrator', PASSWORD);
    orgAdmin = await loggedInHome(w.t.url, 'ExampleOrg', 'OrgAdmin', PASSWORD);
  });
  after(async () => {
    await admin?.close();
    await orgAdmin?.close();
  });

  test('user create (password piped), list, show, disable, enable; the new user can log in', async () => {
    const made = await orgAdmin.run(['user', 'create', 'carol', '--role', 'vApp Author', '--full-name', 'Carol C', '--password-stdin', '--json'], { input: 'S3cret-pass!\n' });
    const user = json<{ username: string; id: string; roleEntityRefs: Array<{ name: string }> }>(made);
    assert.deepEqual([user.username, user.roleEntityRefs[0]?.name], ['carol', 'vApp Author']);
    assert.match(made.stderr, /Created user carol in ExampleOrg \(vApp Author\)/);

    const table = await orgAdmin.run(['user', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^USERNAME\s+FULL NAME\s+ROLE\s+ORG\s+ENABLED\s+LOCKED$/m);
    assert.match(table.stdout, /^carol\s+Carol C\s+vApp Author\s+ExampleOrg\s+true\s+false$/m);
    const byAdmin = json<Array<{ username: string }>>(await admin.run(['user', 'list', '--org', 'ExampleOrg', '--json']));
    assert.ok(byAdmin.some((u) => u.username === 'carol'), 'the provider lists an org\'s users with --org');

    const shown = await orgAdmin.run(['user', 'show', user.id]);
    assert.match(shown.stdout, /^Username:\s+carol$/m);
    assert.equal((await orgAdmin.run(['user', 'disable', 'carol'])).code, 0);
    assert.equal(json<{ enabled: boolean }>(await orgAdmin.run(['user', 'show', 'carol', '--json'])).enabled, false);
    const enabled = await orgAdmin.run(['user', 'enable', 'carol']);
    assert.match(enabled.stderr, /Enabled user carol of ExampleOrg/);
    const carol = await loggedInHome(w.t.url, 'ExampleOrg', 'carol', 'S3cret-pass!');
    await carol.close();
  });

  test('user create: an unknown role names where to look; no password off a terminal is a usage error', async () => {
    const noRole = await orgAdmin.run(['user', 'create', 'dave', '--role', 'Nope', '--password-stdin'], { input: 'x\n' });
    assert.equal(noRole.code, 1);
    assert.match(noRole.stderr, /^error: no role "Nope" among the ones you can see\nhint: `vcdkit role list` shows them/);
    const noPassword = await orgAdmin.run(['user', 'create', 'dave', '--role', 'vApp Author']);
    assert.equal(noPassword.code, 2);
    assert.equal((await orgAdmin.run(['user', 'create', 'dave'])).code, 2, '--role is required');
  });

  test('role list and show (with its rights); rights-bundle list and show (rights and tenants)', async () => {
    const roles = json<Array<{ name: string }>>(await orgAdmin.run(['role', 'list', '--json']));
    assert.ok(roles.some((r) => r.name === 'vApp Author'));
    const role = await orgAdmin.run(['role', 'show', 'vapp author']);
    assert.equal(role.code, 0, role.stderr);
    assert.match(role.stdout, /^Name:\s+vApp Author$/m);
    assert.match(role.stdout, /^Rights:\s+\d+$/m);
    const shown = json<{ rights: string[] }>(await orgAdmin.run(['role', 'show', 'vApp Author', '--json']));
    assert.ok(shown.rights.length > 0);

    const bundles = json<Array<{ name: string }>>(await admin.run(['rights-bundle', 'list', '--json']));
    assert.ok(bundles.length > 0);
    const bundle = json<{ rights: string[]; tenants: string[] }>(await admin.run(['rights-bundle', 'show', bundles[0]!.name, '--json']));
    assert.ok(Array.isArray(bundle.rights) && Array.isArray(bundle.tenants));
  });

  test('service-account create, list, show, revoke', async () => {
    const created = await orgAdmin.run(['service-account', 'create', 'robot', '--role', 'vApp Author', '--software-id', '12345678-1234-1234-1234-1234567890ab', '--json']);
    const sa = json<{ id: string; status: string }>(created);
    assert.equal(sa.status, 'CREATED');
    assert.match(created.stderr, /--client-id [0-9a-f-]{36}/);
    assert.match((await orgAdmin.run(['service-account', 'list'])).stdout, /^robot\s+CREATED\s+vApp Author\s+ExampleOrg\s+urn:vcloud:serviceAccount:/m);
    assert.match((await orgAdmin.run(['service-account', 'show', sa.id])).stdout, /^Status:\s+CREATED$/m);
    assert.equal((await orgAdmin.run(['service-account', 'revoke', 'robot'])).code, 0);
    assert.equal((await orgAdmin.run(['service-account', 'grant', 'NOPE-CODE'])).code, 1, 'an unknown code is refused');
  });

  test('org create, vdc create (its task waited on), org delete --force --recursive (its task waited on)', async () => {
    const org = json<{ name: string; isEnabled: boolean }>(await admin.run(['org', 'create', 'CliOrg', '--full-name', 'CLI Org', '--json']));
    assert.deepEqual([org.name, org.isEnabled], ['CliOrg', true]);
    const vdc = await admin.run(['vdc', 'create', 'CliVdc', '--org', 'CliOrg', '--cpu', '2000', '--memory', '4096', '--storage-profile', 'Bronze', '--storage', '10240']);
    assert.equal(vdc.code, 0, vdc.stderr);
    assert.match(vdc.stdout, /^Name:\s+CliVdc$/m);
    assert.match(vdc.stderr, /Created VDC CliVdc in CliOrg/);
    const bad = await admin.run(['vdc', 'create', 'X', '--org', 'CliOrg', '--storage-profile', 'Bronze', '--cpu', 'lots']);
    assert.equal(bad.code, 2, 'a bad option value exits 2');

    const refused = await orgAdmin.run(['org', 'create', 'TenantOrg']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /hint: your role lacks the right/);

    const enabled = await admin.run(['org', 'delete', 'CliOrg']);
    assert.equal(enabled.code, 1, 'an enabled org with a VDC is refused without --force');
    const deleted = await admin.run(['org', 'delete', 'CliOrg', '--force', '--recursive']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stderr, /Deleted org CliOrg/);
    assert.ok(!json<Array<{ name: string }>>(await admin.run(['org', 'list', '--json'])).some((o) => o.name === 'CliOrg'));
  });

  test('org delete --no-wait prints the task', async () => {
    json(await admin.run(['org', 'create', 'Brief', '--disabled', '--json']));
    const task = json<{ href: string; operationName: string }>(await admin.run(['org', 'delete', 'Brief', '--no-wait', '--json']));
    assert.equal(task.operationName, 'orgDeleteOrg');
    assert.match(task.href, /\/api\/task\/[0-9a-f-]{36}$/);
  });
});
