// Typed reads, link following, the filter builder's escaping (checked by the cell's own parser),
// configuration from Terraform-style environment variables, and the token file's atomic rewrite.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { parseFilter } from '../src/server/services/filter.ts';
import { matches } from './helpers/filter-oracle.ts';
import {
  VcdClient, passwordAuth, configFromEnv, findLink, and, or, eq, ne, gt, le, writeTokenFile, readTokenFile,
  VcdError, TaskFailedError, VcdTimeoutError, type DebugEvent, type Org, type OrgList, type Session, type Task,
} from '../src/sdk/index.ts';
import { waitForTask } from '../src/sdk/tasks.ts';
import { jwtExpiresAt } from '../src/sdk/jwt.ts';

describe('SDK typed objects and links', () => {
  let t: TestCell;
  let admin: VcdClient;
  before(async () => {
    t = await startCell();
    admin = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }) });
  });
  after(async () => {
    await admin.close();
    await t.close();
  });

  test('the provider lists every org; an org reads as a typed object', async () => {
    const refs = await admin.orgs.references();
    assert.deepEqual(refs.map((o) => o.name).sort(), ['ExampleOrg', 'OtherOrg', 'System']);
    const example = refs.find((o) => o.name === 'ExampleOrg')!;
    const org = await admin.orgs.get(example);
    assert.equal(org.fullName, 'Example Organization');
    assert.equal(org.isEnabled, true);
    assert.match(org.id, /^urn:vcloud:org:/);
    assert.deepEqual(await admin.orgs.get(org.id), org, 'by urn as well as by reference');
    const session = await admin.sessions.current();
    assert.equal(session.org.name, 'System');
    assert.deepEqual(session.roles, ['System Administrator']);
  });

  test('links are followed by rel and media type, whatever representation they name', async () => {
    const session = await admin.sessions.legacy();
    const list = await admin.follow<OrgList>(session, 'down', 'application/vnd.vmware.vcloud.orgList+xml');
    assert.equal(list.org?.length, 3);
    const tenant = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'OrgAdmin', org: 'ExampleOrg', password: PASSWORD }) });
    const own = await tenant.follow<Org>(await tenant.sessions.legacy(), 'down', 'application/vnd.vmware.vcloud.org+json');
    assert.equal(own.name, 'ExampleOrg');
    assert.equal(findLink(own, 'alternate').type, 'application/vnd.vmware.admin.organization+json');
    assert.throws(() => findLink(own, 'edit'), (err: unknown) => err instanceof VcdError && /has no link rel="edit".*its links: down/.test(err.message));
    await tenant.close();
    // The admin view's link is there only for those who may open it.
    const author = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
    const seen = await author.follow<Org>(await author.sessions.legacy(), 'down', 'application/vnd.vmware.vcloud.org+json');
    assert.throws(() => findLink(seen, 'alternate'), VcdError);
    await author.close();
  });

  test('hrefs pointing elsewhere are refused, so the session token never leaves the cell', async () => {
    const foreign: Session = { href: 'https://evil.example/api/session', user: 'x', org: 'x', userId: 'x', roles: 'x', locationId: 'x',
      link: [{ rel: 'down', href: 'https://evil.example/api/org/', type: 'application/vnd.vmware.vcloud.orgList+xml' }] };
    await assert.rejects(admin.follow(foreign, 'down'), /refusing to send the session to https:\/\/evil\.example/);
  });

  test('acting as an org sends X-VMWARE-VCLOUD-TENANT-CONTEXT with the org uuid', async () => {
    const events: DebugEvent[] = [];
    const c = await VcdClient.connect(t.url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: PASSWORD }), debug: (e) => events.push(e) });
    const example = (await c.orgs.references()).find((o) => o.name === 'ExampleOrg')!;
    const org = await c.orgs.get(example);
    events.length = 0;
    await c.actAs(org.id).orgs.references();
    await c.orgs.references();
    const sent = events.filter((e) => e.type === 'request').map((e) => e.type === 'request' && e.headers['x-vmware-vcloud-tenant-context']);
    assert.deepEqual(sent, [org.id.replace('urn:vcloud:org:', ''), undefined]);
    await c.close();
  });

  test('the filter builder escapes values so the cell reads them literally', () => {
    const tricky = 'Example (Org); one, two \\ three';
    const f = and(eq('name', tricky), or(gt('numberOfVdcs', 2), ne('isEnabled', false)), le('created', new Date(Date.UTC(2026, 0, 1))));
    assert.equal(String(f), 'name==Example \\(Org\\)\\; one\\, two \\\\ three;(numberOfVdcs=gt=2,isEnabled!=false);created=le=2026-01-01T00:00:00.000Z');
    const record: Record<string, unknown> = { name: tricky, numberOfVdcs: 1, isEnabled: true, created: '2025-06-01T00:00:00.000Z' };
    assert.equal(matches(parseFilter(String(f)), (k) => record[k]), true);
    assert.equal(matches(parseFilter(String(eq('name', 'Example (Org)'))), (k) => record[k]), false);
    assert.throws(() => eq('name;x', 'y'), /not a filterable property/);
  });

  test('Terraform-style environment variables connect the same way', async () => {
    const env = { VCD_URL: `${t.url}/api`, VCD_ORG: 'ExampleOrg', VCD_USER: 'HelloUser', VCD_PASSWORD: PASSWORD, VCD_API_VERSION: '37.0' };
    const c = await VcdClient.fromEnv(env);
    assert.equal(c.apiVersion, '37.0');
    assert.equal((await c.sessions.current()).user.name, 'HelloUser');
    await c.close();
    const sys = await VcdClient.fromEnv({ VCD_URL: t.url, VCD_ORG: 'ExampleOrg', VCD_SYS_ORG: 'System', VCD_USER: 'administrator', VCD_PASSWORD: PASSWORD });
    assert.equal((await sys.sessions.current()).org.name, 'System');
    await sys.close();
    const cfg = configFromEnv({ VCD_URL: 'https://vcd.example/api', VCD_ORG: 'o', VCD_API_TOKEN: 'tok', VCD_ALLOW_UNVERIFIED_SSL: 'true' });
    assert.equal(cfg.options.auth?.description, 'API token login to o');
    assert.deepEqual(cfg.options.tls, { insecure: true });
    assert.equal(configFromEnv({ VCD_URL: 'https://v/api', VCD_ORG: 'o', VCD_SA_TOKEN_FILE: '/x' }).options.auth?.description, 'service account login to o');
    assert.throws(() => configFromEnv({ VCD_URL: 'https://v', VCD_AUTH_TYPE: 'saml_adfs', VCD_ORG: 'o' }), /not supported/);
    assert.throws(() => configFromEnv({}), /VCD_URL is not set/);
  });

  test('the token file is replaced atomically, mode 0600, keeping its other fields', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vcdkit-sdk-'));
    try {
      const file = join(dir, 'sa.json');
      await writeFile(file, JSON.stringify({ token_type: 'Service Account', refresh_token: 'old' }));
      await writeTokenFile(file, 'new-token');
      const saved = JSON.parse(await readFile(file, 'utf8'));
      assert.equal(saved.refresh_token, 'new-token');
      assert.equal(saved.token_type, 'Service Account');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.deepEqual(await readdir(dir), ['sa.json'], 'no temporary file left behind');
      assert.equal(await readTokenFile(file), 'new-token');
      await writeFile(file, 'plain-token\n');
      assert.equal(await readTokenFile(file), 'plain-token');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SDK task waiting (polling logic, with a driven clock)', () => {
  const clockAt = () => {
    let now = 0;
    return { now: () => now, sleep: async (ms: number) => { now += ms; } };
  };
  const scripted = (states: Array<Partial<Task>>) => async () => ({ status: 'running', ...states.shift() }) as Task;

  test('reports progress changes and resolves on success', async () => {
    const seen: string[] = [];
    const get = scripted([{ status: 'queued' }, { progress: 10 }, { progress: 10 }, { progress: 60 }, { status: 'success', progress: 100 }]);
    const done = await waitForTask(get, clockAt(), '/api/task/1', { onProgress: (task) => seen.push(`${task.status}:${task.progress ?? ''}`) });
    assert.equal(done.status, 'success');
    assert.deepEqual(seen, ['queued:', 'running:10', 'running:60', 'success:100']);
  });

  test('a failed task throws TaskFailedError with its message; a slow one times out; a signal cancels', async () => {
    await assert.rejects(waitForTask(scripted([{ status: 'error', error: { message: 'no capacity' } }]), clockAt(), '/api/task/2'),
      (err: unknown) => err instanceof TaskFailedError && /ended error: no capacity/.test(err.message));
    await assert.rejects(waitForTask(async () => ({ status: 'running' }), clockAt(), '/api/task/3', { timeoutMs: 10_000, intervalMs: 1000 }), VcdTimeoutError);
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await assert.rejects(waitForTask(async () => ({ status: 'running' }), clockAt(), '/api/task/4', { signal: abort.signal }), /stop/);
  });
});

test('a JWT access token tells its expiry; an opaque one does not', () => {
  const payload = Buffer.from(JSON.stringify({ sub: 'u', exp: 1_800_000_000 })).toString('base64url');
  assert.equal(jwtExpiresAt(`eyJhbGciOiJSUzI1NiJ9.${payload}.sig`), 1_800_000_000_000);
  assert.equal(jwtExpiresAt('0123456789abcdef0123456789abcdef'), undefined);
  assert.equal(jwtExpiresAt('a.not-json.c'), undefined);
});
