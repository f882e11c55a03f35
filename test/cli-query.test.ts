// `vcdkit query <type>`: every page of the typed query service, with filter, sort, fields and limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { loggedInHome, type CliHome } from './helpers/cli.ts';

const names = (stdout: string) => (JSON.parse(stdout) as Array<{ name: string }>).map((r) => r.name);

for (const engine of engines()) {
  describe(`CLI query on ${engine}`, () => {
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

    test('reads every page: --page-size 2 over three orgs takes two requests', async () => {
      const r = await home.run(['--debug', 'query', 'organization', '--page-size', '2', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(names(r.stdout).sort(), ['ExampleOrg', 'OtherOrg', 'System']);
      assert.equal(r.stderr.match(/^> GET \S+\/api\/query\?/gm)?.length, 2);
    });

    test('--filter, --sort (- for descending), --fields and --limit reach the cell', async () => {
      assert.deepEqual(names((await home.run(['query', 'organization', '--filter', 'name==Ex*', '--json'])).stdout), ['ExampleOrg']);
      assert.deepEqual(names((await home.run(['query', 'organization', '--sort', '-name', '--json'])).stdout), ['System', 'OtherOrg', 'ExampleOrg']);
      assert.deepEqual(names((await home.run(['query', 'organization', '--sort', 'name', '--limit', '2', '--json'])).stdout), ['ExampleOrg', 'OtherOrg']);
      const table = await home.run(['query', 'organization', '--fields', 'name,isEnabled', '--sort', 'name']);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^NAME\s+IS ENABLED\nExampleOrg\s+true\nOtherOrg\s+true\nSystem\s+true\n$/);
    });

    test('a table shows no internal columns (_type) and splits headings into words', async () => {
      // (a terminal wide enough for every column on one line)
      const r = await home.run(['query', 'organization', '--sort', 'name'], { tty: true, columns: 400, env: { NO_COLOR: '1' } });
      assert.equal(r.code, 0, r.stderr);
      const heading = r.stdout.split('\n')[0]!;
      assert.match(heading, /^NAME\s+DISPLAY NAME\s+IS ENABLED\b.*\bNUMBER OF VDCS\b/);
      assert.doesNotMatch(r.stdout, /_TYPE|QueryResultOrgRecordType/);
    });

    test('query --help lists the types the cell serves, and only real ones', async () => {
      const help = (await home.run(['query', '--help'])).stdout.replace(/\s+/g, ' ');
      for (const type of ['organization', 'adminOrgVdc', 'catalogItem', 'adminTask', 'edgeGateway']) assert.match(help, new RegExp(`"${type}"`));
      assert.doesNotMatch(help, /adminVdc\b/);
    });

    test('YAML and XML carry the same records; a bad page size is a usage error', async () => {
      const json = JSON.parse((await home.run(['query', 'organization', '--sort', 'name', '--json'])).stdout) as unknown[];
      assert.deepEqual(YAML.parse((await home.run(['query', 'organization', '--sort', 'name', '-o', 'yaml'])).stdout), json);
      const xml = (await home.run(['query', 'organization', '--sort', 'name', '-o', 'xml'])).stdout;
      assert.match(xml, /^<\?xml[^>]*\?>\n<QueryResultRecords xmlns="http:\/\/www\.vmware\.com\/vcloud\/v1\.5" name="organization" /, 'the cell\'s own document');
      assert.equal(xml.match(/<OrgRecord /g)?.length, 3);
      const bad = await home.run(['query', 'organization', '--page-size', '0']);
      assert.equal(bad.code, 2);
    });
  });
}
