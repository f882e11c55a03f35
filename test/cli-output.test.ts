// What the CLI prints: tables by default, JSON/YAML/XML on request, colour and spinner only on a
// terminal and never under NO_COLOR, and errors as one line plus a hint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { XMLParser } from 'fast-xml-parser';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cliHome, loggedInHome, type CliHome } from './helpers/cli.ts';
import { call } from './helpers/http.ts';

const ESC = '\u001b[';
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false });
const lines = (s: string) => s.trim().split('\n').filter(Boolean);

for (const engine of engines()) {
  describe(`CLI output on ${engine}`, () => {
    let t: TestCell;
    let home: CliHome;
    before(async () => {
      t = await startCell({ engine });
      home = await loggedInHome(t.url, 'System', 'administrator', PASSWORD);
    });
    after(async () => {
      await home.close();
      await t.close();
    });

    /** Runs the CLI in a pseudo-terminal (util-linux `script`), as a user at a shell would. */
    const onTerminal = (args: string[], env: Record<string, string> = {}) => home.run(
      ['-qec', [process.execPath, new URL('../src/cli/main.ts', import.meta.url).pathname, ...args].join(' '), '/dev/null'],
      { env: { ...env, TERM: 'xterm-256color' }, shell: 'script' },
    );

    test('versions: the cell\'s list in a table, JSON, YAML and its own XML', async () => {
      const served = xml.parse((await call(t.url, 'GET', '/api/versions')).text) as { SupportedVersions: { VersionInfo: Array<{ Version: number }> } };
      const offered = served.SupportedVersions.VersionInfo.map((v) => String(v.Version));

      const table = await home.run(['versions']);
      assert.equal(table.code, 0, table.stderr);
      const rows = lines(table.stdout);
      assert.match(rows[0]!, /^VERSION\s+STATUS\s+LOGIN URL$/);
      assert.deepEqual(rows.slice(1).map((r) => r.split(/\s+/)[0]), offered);
      assert.equal(rows.filter((r) => r.includes('(negotiated)')).length, 1);

      const json = JSON.parse((await home.run(['versions', '-o', 'json'])).stdout) as Array<{ version: string; negotiated: boolean }>;
      assert.deepEqual(json.map((v) => v.version), offered);
      assert.deepEqual(YAML.parse((await home.run(['versions', '-o', 'yaml'])).stdout), json);
      const own = await home.run(['versions', t.url, '-o', 'xml']);
      assert.match(own.stdout, /^<\?xml[^>]*\?>\s*<SupportedVersions /);
      assert.deepEqual((xml.parse(own.stdout) as typeof served).SupportedVersions.VersionInfo.map((v) => String(v.Version)), offered);
    });

    test('org list in each format', async () => {
      const table = await home.run(['org', 'list']);
      assert.equal(table.code, 0, table.stderr);
      const rows = lines(table.stdout);
      assert.match(rows[0]!, /^NAME\s+ID\s+HREF$/);
      assert.deepEqual(rows.slice(1).map((r) => r.split(/\s+/)[0]).sort(), ['ExampleOrg', 'OtherOrg', 'System']);

      const json = JSON.parse((await home.run(['org', 'list', '--json'])).stdout) as Array<{ name: string; id: string; href: string }>;
      assert.equal(json.length, 3);
      for (const o of json) assert.equal(o.href, `${t.url}/api/org/${o.id}`);
      assert.deepEqual(YAML.parse((await home.run(['org', 'ls', '-o', 'yaml'])).stdout), json);

      const x = await home.run(['org', 'list', '-o', 'xml']);
      assert.match(x.stdout, /<OrgList [^>]*xmlns="http:\/\/www\.vmware\.com\/vcloud\/v1\.5"/);
      const refs = (xml.parse(x.stdout) as { OrgList: { Org: Array<{ name: string }> } }).OrgList.Org;
      assert.deepEqual(refs.map((o) => o.name).sort(), ['ExampleOrg', 'OtherOrg', 'System']);
    });

    test('org show by name (any case) or id, in each format', async () => {
      const table = await home.run(['org', 'show', 'exampleorg']);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^Name:\s+ExampleOrg$/m);
      assert.match(table.stdout, /^Full name:\s+Example Organization$/m);
      assert.match(table.stdout, /^Enabled:\s+true$/m);

      const json = JSON.parse((await home.run(['org', 'show', 'ExampleOrg', '-o', 'json'])).stdout) as { id: string; name: string; fullName: string };
      assert.equal(json.fullName, 'Example Organization');
      const byId = JSON.parse((await home.run(['org', 'show', json.id, '--json'])).stdout) as { name: string };
      assert.equal(byId.name, 'ExampleOrg');
      assert.deepEqual(YAML.parse((await home.run(['org', 'show', 'ExampleOrg', '-o', 'yaml'])).stdout), json);
      const x = xml.parse((await home.run(['org', 'show', 'ExampleOrg', '-o', 'xml'])).stdout) as { Org: { name: string; FullName: string; id: string } };
      assert.equal(x.Org.FullName, 'Example Organization');
      assert.equal(x.Org.id, json.id);
    });

    test('tables fit the width (80 columns when piped), cells wrapping between words; headings keep words whole', async () => {
      const vdcs = await home.run(['vdc', 'list']);
      assert.equal(vdcs.code, 0, vdcs.stderr);
      for (const line of lines(vdcs.stdout)) assert.ok(line.length <= 80, `wider than 80: ${line}`);
      assert.match(vdcs.stdout, /^NAME\s+ORG\s+ENABLED\s+VAPPS\s+VMS\s/m, 'vApps is one word');
      assert.doesNotMatch(vdcs.stdout, /\bV\s+APPS\b/);
      assert.match(vdcs.stdout, /^ExampleVdc01\s+ExampleOrg\s+true\s+0\s+0\s+0\s+20000\s+0\s+65536$/m, 'a row of short cells stays on one line');

      const roles = JSON.parse((await home.run(['role', 'list', '--json'])).stdout) as Array<{ name: string; description: string }>;
      for (const columns of [100, 120]) {
        const r = await home.run(['role', 'list'], { tty: true, columns, env: { NO_COLOR: '1' } });
        assert.equal(r.code, 0, r.stderr);
        for (const line of lines(r.stdout)) assert.ok(line.length <= columns, `wider than ${columns}: ${line}`);
        const words = new Set(r.stdout.split(/\s+/));
        for (const role of roles) {
          for (const word of `${role.name} ${role.description}`.split(/\s+/)) assert.ok(words.has(word), `"${word}" is whole at ${columns} columns`);
        }
      }
      const wide = await home.run(['role', 'list'], { tty: true, columns: 400, env: { NO_COLOR: '1' } });
      assert.equal(lines(wide.stdout).length, roles.length + 1, 'on a wide terminal, one line per row');
    });

    test('-o xml prints the cell\'s own document, and is refused, before acting, where the cell serves none', async () => {
      const negotiated = (JSON.parse((await home.run(['versions', '--json'])).stdout) as Array<{ version: string; negotiated: boolean }>)
        .find((v) => v.negotiated)!.version;
      const token = (await home.run(['auth', 'token'])).stdout.trim();
      const listed = await home.run(['vdc', 'list', '-o', 'xml']);
      assert.equal(listed.code, 0, listed.stderr);
      const href = /<QueryResultRecords [^>]*href="([^"]+)"/.exec(listed.stdout)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(href, listed.stdout);
      const served = await call(href, 'GET', '', { accept: `application/*+xml;version=${negotiated}`, authorization: `Bearer ${token}` });
      assert.equal(listed.stdout.trim(), served.text.trim(), 'byte for byte the cell\'s QueryResultRecords');
      assert.match(listed.stdout, /<OrgVdcRecord /);
      assert.equal(listed.stderr, '');

      const paged = await home.run(['query', 'organization', '--page-size', '2', '-o', 'xml']);
      assert.equal(paged.code, 0, paged.stderr);
      assert.equal(paged.stdout.match(/<OrgRecord /g)?.length, 2);
      assert.match(paged.stderr, /^note: the XML is the cell's first page, 2 of the 3 records; narrow with --filter or --limit, or use -o json for all$/m);

      for (const args of [['user', 'list'], ['role', 'list'], ['auth', 'status']]) {
        const r = await home.run([...args, '-o', 'xml']);
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^error: -o xml prints the cell's own XML document, and the cell serves none for this .*\nhint: use -o json or -o yaml\n$/);
      }
      const created = await home.run(['token', 'create', 'xml-ci', '-o', 'xml']);
      assert.equal(created.code, 2);
      assert.deepEqual((JSON.parse((await home.run(['token', 'list', '--json'])).stdout) as Array<{ name: string }>).filter((x) => x.name === 'xml-ci'), [],
        'refused before the token was made (it would have been shown nowhere)');
    });

    test('an unknown org: exit 1, one error line and a hint naming what exists', async () => {
      const r = await home.run(['org', 'show', 'Nope']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.deepEqual(lines(r.stderr), ['error: no org "Nope" among the ones you can see', 'hint: `vcdkit org list` shows them: ExampleOrg, OtherOrg, System']);
    });

    test('without a profile, the Terraform variables (VCD_URL…) act; a session made for one command is ended after it', async () => {
      const bare = await cliHome();
      try {
        const env = { VCD_URL: `${t.url}/api`, VCD_ORG: 'ExampleOrg', VCD_USER: 'HelloUser', VCD_PASSWORD: PASSWORD };
        const r = await bare.run(['--debug', 'org', 'list', '--json'], { env });
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual((JSON.parse(r.stdout) as Array<{ name: string }>).map((o) => o.name), ['ExampleOrg']);
        assert.match(r.stderr, /^< 204 DELETE .*\/cloudapi\/1\.0\.0\/sessions\/urn:vcloud:session:/m, 'logged out at the end');

        const token = (await home.run(['auth', 'token'])).stdout.trim();
        const borrowed = await bare.run(['--debug', 'org', 'list', '--json'], { env: { VCD_URL: t.url, VCD_TOKEN: token } });
        assert.equal(borrowed.code, 0, borrowed.stderr);
        assert.equal((JSON.parse(borrowed.stdout) as unknown[]).length, 3);
        assert.doesNotMatch(borrowed.stderr, /DELETE/, 'a borrowed token\'s session is left alone');
        assert.equal((await home.run(['org', 'list'])).code, 0, 'the profile that lent it still works');
      } finally {
        await bare.close();
      }
    });

    test('piped output has no colour and no spinner', async () => {
      const r = await home.run(['org', 'list']);
      assert.ok(!r.stdout.includes(ESC) && !r.stderr.includes(ESC));
      assert.equal(r.stderr, '', 'no spinner text either');
      const failed = await home.run(['org', 'show', 'Nope']);
      assert.ok(!failed.stderr.includes(ESC));
    });

    test('on a terminal: colour and a spinner; NO_COLOR turns the colour off', async () => {
      const coloured = await onTerminal(['org', 'list']);
      assert.equal(coloured.code, 0, coloured.stdout);
      assert.ok(coloured.stdout.includes(`${ESC}1mNAME`), 'bold table header on a terminal');
      assert.match(coloured.stdout, /Connecting to http:\/\/127\.0\.0\.1:\d+/, 'a spinner while connecting');
      const plain = await onTerminal(['org', 'list'], { NO_COLOR: '1' });
      assert.equal(plain.code, 0, plain.stdout);
      assert.ok(!plain.stdout.includes(`${ESC}1m`) && !plain.stdout.includes(`${ESC}3`), 'no colour under NO_COLOR');
      assert.match(plain.stdout, /NAME\s+ID\s+HREF/);
      const failed = await onTerminal(['org', 'show', 'Nope'], { NO_COLOR: '1' });
      assert.equal(failed.code, 1);
      assert.match(failed.stdout, /error: no org "Nope"/);
      assert.ok(!/\u001b\[3\dm/.test(failed.stdout), 'the error is not red under NO_COLOR');
    });
  });
}
