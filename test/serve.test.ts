// `vcdkit serve` as a user starts it: a child process on an empty store prints the API URL and the
// credentials it created, once; a second start on the same store finds them again and prints none.
// At the default level each request is one access-log line, and no secret a request carries reaches it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { basic, call, JSON_, login, rawConnection, XML } from './helpers/http.ts';
import { adminQuery, engines, freshPostgresUrl, PG_URL } from './helpers/engines.ts';
import { failedStart, serve } from './helpers/serve.ts';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildCell } from '../src/server/app.ts';
import { defaults } from '../src/server/config.ts';
import { openStore } from '../src/server/store/db.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;

const created = (output: string) => [...output.matchAll(/created (\S+)@(\S+) {2}password: (\S+)/g)]
  .map(([, user, org, password]) => ({ user: user!, org: org!, password: password! }));

describe('vcdkit serve', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'vcdkit-serve-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('the first start prints the API URL and the credentials it made; the next start keeps them and prints none', async () => {
    const env = { VCDKIT_DATA: join(dir, 'store') };
    const first = await serve(['--log-level', 'silent'], env);
    let accounts;
    try {
      const banner = first.output();
      assert.match(banner, /vcdkit cell listening on http:\/\/127\.0\.0\.1:\d+ \(store: SQLite .*vcdkit\.sqlite\)/);
      accounts = created(banner);
      assert.deepEqual(accounts.map((a) => `${a.user}@${a.org}`).sort(), ['administrator@System', 'demo@demo', 'vapp-author@demo', 'vapp-user@demo']);
      for (const a of accounts) assert.ok((await login(first.url, a.user, a.org, a.password)).length > 20);
      const roles = async (user: string) => {
        const a = created(banner).find((x) => x.user === user)!;
        const token = await login(first.url, a.user, a.org, a.password);
        return JSON.parse((await call(first.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_('37.0'), authorization: `Bearer ${token}` })).text).roles;
      };
      assert.deepEqual(await roles('vapp-author'), ['vApp Author']);
      assert.deepEqual(await roles('vapp-user'), ['vApp User']);

      // the lines a script pastes: Terraform's variables, the URL being the API root
      const exported = Object.fromEntries([...banner.matchAll(/^export (VCD_\w+)=(.*)$/gm)].map(([, name, value]) => [name!, value!]));
      const demo = accounts.find((a) => a.user === 'demo')!;
      assert.deepEqual(exported, { VCD_URL: `${first.url}/api`, VCD_ORG: 'demo', VCD_USER: 'demo', VCD_PASSWORD: demo.password });
      const token = await login(first.url, exported.VCD_USER!, exported.VCD_ORG!, exported.VCD_PASSWORD!, true);
      const org = await call(exported.VCD_URL!, 'GET', '/org', { accept: XML('37.0'), authorization: `Bearer ${token}` });
      assert.equal(org.status, 200, org.text);
      assert.match(org.text, /name="demo"/);

      // the portal's sign-in pages, where the banner says
      const [, tenantPortal, providerPortal] = /^Portal: (\S+)\/tenant\/<org> {3}provider: (\S+)$/m.exec(banner)!;
      for (const page of [`${tenantPortal}/tenant/demo`, providerPortal!]) {
        const res = await fetch(page, { redirect: 'follow' });
        assert.equal(res.status, 200, page);
        assert.match(res.headers.get('content-type')!, /^text\/html/);
      }
    } finally {
      await first.stop();
    }
    assert.doesNotMatch(first.output(), /rid=/, '--log-level silent writes no access log');

    const second = await serve(['--log-level', 'silent'], env);
    try {
      assert.deepEqual(created(second.output()), [], 'credentials are printed once, at creation');
      assert.deepEqual(second.output().match(/^export .*$/gm), [`export VCD_URL=${second.url}/api`], 'no account to offer without its password');
      for (const a of accounts) assert.ok((await login(second.url, a.user, a.org, a.password)).length > 20);
    } finally {
      await second.stop();
    }
  });

  test('at the default level, each request is one readable access-log line, with none of the secrets it carried', async () => {
    const cell = await serve(['--data', join(dir, 'logged')], {});
    const admin = created(cell.output()).find((a) => a.org === 'System')!;
    let token = '';
    try {
      token = await login(cell.url, admin.user, admin.org, admin.password);
      assert.equal((await call(cell.url, 'GET', '/api/org', { accept: JSON_('39.0'), authorization: `Bearer ${token}` })).status, 200);
      const wrong = await call(cell.url, 'POST', '/api/sessions', { accept: JSON_('37.0'), authorization: basic('administrator', 'System', 'Wr0ng-Secret-Passw0rd') });
      assert.equal(wrong.status, 401);
      const grant = await call(cell.url, 'POST', '/oauth/provider/token?grant_type=refresh_token&refresh_token=Query-Secret-Token-123', { accept: 'application/json' });
      assert.equal(grant.status, 400);
    } finally {
      await cell.stop(); // the last lines are written out as the process exits
    }
    const banner = /^(vcdkit cell listening|API URL:|Portal:| {2}created |export VCD_)/;
    const log = cell.output().split('\n').filter((line) => line && !banner.test(line));
    const access = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z 127\.0\.0\.1 (\S+ \S+ \d{3}) \d+\.\dms (\d+|-)B rid=\S+$/;
    assert.deepEqual(log.map((line) => access.exec(line)?.[1] ?? line), [
      'POST /cloudapi/1.0.0/sessions/provider 200',
      'GET /api/org 200',
      'POST /api/sessions 401',
      'POST /oauth/provider/token?grant_type=refresh_token&refresh_token=[REDACTED] 400',
    ], 'one line per request, and nothing else');
    for (const secret of [token, admin.password, 'Wr0ng-Secret-Passw0rd', 'Query-Secret-Token-123', Buffer.from(`administrator@System:${admin.password}`).toString('base64')]) {
      assert.ok(!log.join('\n').includes(secret), `the log holds a secret: ${secret.slice(0, 6)}…`);
    }
  });

  test('VCDKIT_SHOW_STACK_TRACES is read as the SDK reads booleans: false is false, true is true, a stray word stops the start', async () => {
    const stackTraceOf = async (value: string) => {
      const cell = await serve(['--data', join(dir, `stack-${value}`)], { VCDKIT_SHOW_STACK_TRACES: value, VCDKIT_LOG_LEVEL: 'silent' });
      try {
        const res = await call(cell.url, 'GET', '/api/org', { accept: XML('39.0') });
        assert.equal(res.status, 401, res.text);
        return /stackTrace="/.test(res.text);
      } finally {
        await cell.stop();
      }
    };
    assert.equal(await stackTraceOf('false'), false, 'false turns stack traces off');
    assert.equal(await stackTraceOf('Off'), false);
    assert.equal(await stackTraceOf('true'), true, 'true turns them on');
    assert.equal(await stackTraceOf('1'), true);

    const bad = failedStart(['--data', join(dir, 'stack-bad')], { VCDKIT_SHOW_STACK_TRACES: 'maybe' });
    assert.equal(bad.status, 2, bad.output);
    assert.match(bad.output, /VCDKIT_SHOW_STACK_TRACES/);
    assert.match(bad.output, /true\/false/);
  });

  test('a bad number is a usage error (exit 2) naming the option', () => {
    for (const [args, message] of [[['--port', 'eighty'], /--port <port>.*expected a number/], [['--max-connections', '0'], /--max-connections <n>.*above 0/],
      [['--max-connections-per-address', '0'], /--max-connections-per-address <n>.*above 0/], [['--body-timeout', '0'], /--body-timeout <seconds>.*above 0/]] as const) {
      const bad = failedStart(['--data', join(dir, 'bad-number'), ...args]);
      assert.equal(bad.status, 2, bad.output);
      assert.match(bad.output, message);
    }
  });

  test('serve --help gives the defaults: 127.0.0.1:8080, SQLite in ./.vcdkit, 30 and 1440 minutes, 20, 60 and 10 s, 4096 and 256 connections', () => {
    const help = spawnSync(process.execPath, [MAIN, 'serve', '--help'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    assert.match(help, /--host <host> [^-]*\(default: "127\.0\.0\.1", env: VCDKIT_HOST\)/);
    assert.match(help, /--port <port> [^-]*\(default: 8080, env: VCDKIT_PORT\)/);
    assert.match(help, /--data <dir> [^-]*\(default: "\.\/\.vcdkit", env: VCDKIT_DATA\)/);
    assert.match(help, /--session-idle-timeout <minutes> [^-]*\(default: 30, env: VCDKIT_SESSION_IDLE_TIMEOUT\)/);
    assert.match(help, /--session-absolute-timeout <minutes> [^-]*\(default: 1440, env: VCDKIT_SESSION_ABSOLUTE_TIMEOUT\)/);
    assert.match(help, /--headers-timeout <seconds> [^(]*\(default: 20, env: VCDKIT_HEADERS_TIMEOUT\)/);
    assert.match(help, /--request-timeout <seconds> [^(]*\(default: 60, env: VCDKIT_REQUEST_TIMEOUT\)/);
    assert.match(help, /--body-timeout <seconds> [^(]*\(default: 10, env: VCDKIT_BODY_TIMEOUT\)/);
    assert.match(help, /--max-connections <n> [^(]*\(default: 4096, env: VCDKIT_MAX_CONNECTIONS\)/);
    assert.match(help, /--max-connections-per-address <n> [^(]*\(default: 256, env: VCDKIT_MAX_CONNECTIONS_PER_ADDRESS\)/);
  });

  test('VCDKIT_MAX_CONNECTIONS_PER_ADDRESS and VCDKIT_BODY_TIMEOUT reach the cell', async () => {
    const cell = await serve(['--data', join(dir, 'limits'), '--log-level', 'silent'], { VCDKIT_MAX_CONNECTIONS_PER_ADDRESS: '2', VCDKIT_BODY_TIMEOUT: '3' });
    try {
      const stalled = `POST /api/sessions HTTP/1.1\r\nHost: x\r\nAccept: ${XML()}\r\nContent-Type: application/xml\r\nContent-Length: 100\r\n\r\n<`;
      const held = [rawConnection(cell.url, stalled), rawConnection(cell.url, stalled)];
      await Promise.all(held.map((c) => once(c.socket, 'connect')));
      // the cell takes connections in the order they came: this third one is over the limit while the two wait
      assert.equal(await rawConnection(cell.url, stalled).closed, '', 'a third connection is closed unanswered');
      for (const out of await Promise.all(held.map((c) => c.closed))) {
        assert.match(out, /^HTTP\/1\.1 408 /);
        assert.match(out, /no byte of it for 3 s/);
      }
    } finally {
      await cell.stop();
    }
  });

  test('a port in use stops the start (exit 1) naming the port, with a hint of --port', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const port = (taken.address() as { port: number }).port;
      const run = failedStart(['--data', join(dir, 'port-in-use'), '--port', String(port)]);
      assert.equal(run.status, 1, run.output);
      assert.match(run.output, new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is already in use\n`, 'm'));
      assert.match(run.output, /^hint: .*--port <port>.*--port 0/m);
    } finally {
      taken.close();
    }
  });

  test('a store newer than the cell, or a sealing key other than the store\'s (or none), stops the start (exit 1) saying what to do', async () => {
    const data = join(dir, 'newer');
    const store = await openStore({ dataDir: data, log: { warn: () => {} } });
    await sql`insert into vcdkit_migrations (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(store.db);
    await store.close();
    const newer = failedStart(['--data', data]);
    assert.equal(newer.status, 1, newer.output);
    assert.match(newer.output, /^error: The store's schema is newer than this cell knows: it has migration 999-from-the-future/m);
    assert.match(newer.output, /^hint: run every cell of this database on the vcdkit version that migrated it, or a later one/m);

    const keyed = join(dir, 'keyed');
    await (await buildCell({ ...defaults, dataDir: keyed, logLevel: false })).close();
    await writeFile(join(dir, 'other.key'), randomBytes(32).toString('base64'));
    const otherKey = failedStart(['--data', keyed, '--sealing-key-file', join(dir, 'other.key')]);
    assert.equal(otherKey.status, 1, otherKey.output);
    assert.match(otherKey.output, /^error: This cell's sealing key is not the one the store's secrets were sealed with/m);
    assert.match(otherKey.output, /^hint: give every cell of one database the same key file with --sealing-key-file/m);
    const missing = failedStart(['--data', keyed, '--sealing-key-file', join(dir, 'no-such.key')]);
    assert.equal(missing.status, 1, missing.output);
    assert.match(missing.output, /^error: The sealing key file .*no-such\.key cannot be read \(ENOENT\)\./m);
  });

  if (engines().includes('postgres')) {
    test('a PostgreSQL database that does not exist is created when the user may, else the start says how to create it', async () => {
      const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const [database, refused, role] = [`vcdkit_new_${suffix}`, `vcdkit_refused_${suffix}`, `vcdkit_nocreatedb_${suffix}`];
      const urlOf = (name: string, user?: string) => {
        const url = new URL(PG_URL);
        url.pathname = `/${name}`;
        if (user) url.username = user;
        return url.toString();
      };
      const exists = async (name: string) => (await adminQuery('select 1 from pg_database where datname = $1', [name])).length === 1;
      await adminQuery(`create role ${role} login nocreatedb`);
      try {
        // the tests' user may create databases: the first start creates it, and says so
        const cell = await serve(['--database', urlOf(database), '--log-level', 'silent']);
        try {
          assert.match(cell.output(), new RegExp(`\\(store: PostgreSQL [^)]*/${database}, created now\\)`));
          assert.ok(await exists(database));
          const admin = created(cell.output()).find((a) => a.org === 'System')!;
          assert.ok((await login(cell.url, admin.user, admin.org, admin.password)).length > 20, 'and the cell works in it');
        } finally {
          await cell.stop();
        }
        const again = await serve(['--database', urlOf(database), '--log-level', 'silent']);
        await again.stop();
        assert.doesNotMatch(again.output(), /created now/, 'a database that exists is used as it is');

        // a user who may not: exit 1, nothing created, and the commands that would create it
        const run = failedStart(['--database', urlOf(refused, role)]);
        assert.equal(run.status, 1, run.output);
        assert.match(run.output, new RegExp(`^error: PostgreSQL database "${refused}" does not exist on [^,]+, and user "${role}" could not create it: permission denied`, 'm'));
        assert.match(run.output, new RegExp(`^hint: .*\`createdb -h \\S+ -p \\d+ -O ${role} ${refused}\`.*\`CREATE DATABASE "${refused}" OWNER "${role}";\``, 'm'));
        assert.equal(await exists(refused), false);
      } finally {
        await adminQuery(`drop database if exists ${database} with (force)`);
        await adminQuery(`drop role ${role}`);
      }
    });
  }

  for (const engine of engines()) {
    test(`a bad seed file stops the first start before any write, naming the file, the path and the choices (${engine})`, async () => {
      const pg = engine === 'postgres' ? await freshPostgresUrl() : undefined;
      const store = pg ? ['--database', pg.url] : ['--data', join(dir, `bad-seed-${engine}`)];
      const seedFile = async (file: string, yaml: string) => {
        await writeFile(join(dir, file), yaml);
        return join(dir, file);
      };
      try {
        const shapes = await seedFile(`shapes-${engine}.yaml`, `system:
  users: [{ name: administrator, passwd: x }]
orgs:
  - name: Acme
    users: [{ name: alice, password: 1234 }]
`);
        const shapeRun = failedStart([...store, '--seed', shapes], {});
        assert.equal(shapeRun.status, 1, shapeRun.output);
        assert.match(shapeRun.output, new RegExp(`seed file ${shapes.replace(/[.]/g, '\\.')} is invalid`));
        assert.match(shapeRun.output, /system\.users\[0\]\.passwd: unknown key \(valid keys: name, password, role, fullName, email\)/);
        assert.match(shapeRun.output, /orgs\[0\]\.users\[0\]\.password: must be string/);

        const references = await seedFile(`references-${engine}.yaml`, `orgs:
  - name: Acme
    users: [{ name: alice, role: Catalog Author }]
  - name: Beta
    roles: [{ name: Auditor, rights: ["Organization: View"] }]
    users: [{ name: bob, role: Auditor }, { name: carol, role: System Administrator }]
rightsBundles:
  - { name: Extra, publishTo: [Acme, Gamma] }
`);
        const referenceRun = failedStart([...store, '--seed', references], {});
        assert.equal(referenceRun.status, 1, referenceRun.output);
        assert.match(referenceRun.output, /orgs\[1\]\.users\[1\]\.role: unknown role "System Administrator" in org Beta \(valid roles: "Organization Administrator", .*"Auditor"\)/);
        assert.doesNotMatch(referenceRun.output, /users\[0\]\.role/, 'a predefined role and the org\'s own role are fine');
        assert.match(referenceRun.output, /rightsBundles\[0\]\.publishTo\[1\]: unknown org "Gamma" \(valid orgs: "demo", "Acme", "Beta"; or publishTo: all\)/);

        // Nothing was half-created: the next start is still a first start, and prints every generated password.
        const good = await seedFile(`good-${engine}.yaml`, 'orgs: [{ name: Acme, users: [{ name: alice, role: Catalog Author }] }]\n');
        const cell = await serve([...store, '--seed', good, '--log-level', 'silent'], {});
        try {
          const accounts = created(cell.output());
          assert.deepEqual(accounts.map((a) => `${a.user}@${a.org}`).sort(), ['administrator@System', 'alice@Acme', 'demo@demo', 'vapp-author@demo', 'vapp-user@demo']);
          for (const a of accounts) assert.ok((await login(cell.url, a.user, a.org, a.password)).length > 20);
        } finally {
          await cell.stop();
        }
      } finally {
        await pg?.drop();
      }
    });

    test(`flags and VCDKIT_* variables reach the cell: seed file, public URL, timeout, release, store (${engine})`, async () => {
      const seed = {
        system: { users: [{ name: 'administrator', password: 'Seeded-Adm1n-Pass' }] },
        orgs: [{ name: 'SeedOrg', fullName: 'Seeded Organization', users: [{ name: 'seeder', password: 'Seeded-Us3r-Pass', role: 'Catalog Author' }] }],
      };
      const yamlSeed = join(dir, `seed-${engine}.yaml`);
      await writeFile(yamlSeed, `# a seed as a user writes it
system:
  users: [{ name: administrator, password: "Seeded-Adm1n-Pass" }]
orgs:
  - name: SeedOrg
    fullName: Seeded Organization
    users: [{ name: seeder, password: "Seeded-Us3r-Pass", role: Catalog Author }]
`);
      const jsonSeed = join(dir, `seed-${engine}.json`);
      await writeFile(jsonSeed, JSON.stringify(seed));
      const pg = engine === 'postgres' ? await freshPostgresUrl() : undefined;
      const store = pg ? ['--database', pg.url] : ['--data', join(dir, `flags-${engine}`)];
      const env = { VCDKIT_RELEASE: '10.3' };
      try {
        const first = await serve([...store, '--seed', yamlSeed, '--public-url', 'https://vcd.example.test/', '--session-idle-timeout', '5', '--log-level', 'silent'], env);
        try {
          const banner = first.output();
          assert.match(banner, engine === 'postgres' ? /\(store: PostgreSQL 127\.0\.0\.1:5432\// : /\(store: SQLite /);
          assert.match(banner, /API URL: https:\/\/vcd\.example\.test\/api /);
          assert.deepEqual(created(banner).map((c) => `${c.user}@${c.org}`), ['demo@demo', 'vapp-author@demo', 'vapp-user@demo'], 'passwords the seed sets are not printed');
          assert.match(banner, /^export VCD_URL=https:\/\/vcd\.example\.test\/api\nexport VCD_ORG=demo\nexport VCD_USER=demo\nexport VCD_PASSWORD=\S+$/m);
          assert.doesNotMatch(banner, /Seeded-/);

          const res = await call(first.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic('seeder', 'SeedOrg', 'Seeded-Us3r-Pass') });
          assert.equal(res.status, 200, res.text);
          const session = JSON.parse(res.text);
          assert.equal(session.sessionIdleTimeoutMinutes, 5);
          assert.deepEqual(session.roles, ['Catalog Author']);
          const admin = await login(first.url, 'administrator', 'System', 'Seeded-Adm1n-Pass');

          const versions = await call(first.url, 'GET', '/api/versions');
          const listed = [...versions.text.matchAll(/<VersionInfo[^>]*><Version>([^<]+)</g)].map((m) => m[1]);
          assert.equal(listed.at(-1), '36.3', 'release 10.3 offers up to 36.3');
          assert.match(versions.text, /<LoginUrl>https:\/\/vcd\.example\.test\/cloudapi\/1\.0\.0\/sessions<\/LoginUrl>/);
          const orgs = await call(first.url, 'GET', '/api/org', { accept: XML(), authorization: `Bearer ${admin}` });
          assert.match(orgs.text, /<Org href="https:\/\/vcd\.example\.test\/api\/org\/[0-9a-f-]{36}" name="SeedOrg"/);
          assert.doesNotMatch(orgs.text, /127\.0\.0\.1/, 'every href uses the public URL');
        } finally {
          await first.stop();
        }

        // The same seed as JSON, on the same store: nothing is created twice, and the passwords hold.
        const second = await serve([...store, '--seed', jsonSeed, '--log-level', 'silent'], {});
        try {
          assert.deepEqual(created(second.output()), []);
          const admin = await login(second.url, 'administrator', 'System', 'Seeded-Adm1n-Pass');
          const orgs = await call(second.url, 'GET', '/api/org', { accept: XML(), authorization: `Bearer ${admin}` });
          assert.equal([...orgs.text.matchAll(/name="SeedOrg"/g)].length, 1);
          assert.ok((await login(second.url, 'seeder', 'SeedOrg', 'Seeded-Us3r-Pass')).length > 20);
          const res = await call(second.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: JSON_(), authorization: basic('seeder', 'SeedOrg', 'Seeded-Us3r-Pass') });
          assert.equal(JSON.parse(res.text).sessionIdleTimeoutMinutes, 30, 'the default again without the flag');
        } finally {
          await second.stop();
        }
      } finally {
        await pg?.drop();
      }
    });
  }
});
