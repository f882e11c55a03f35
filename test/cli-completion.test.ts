// Completion scripts, generated from the command tree: valid shell, and they complete what the
// CLI really has (commands, option values, saved profile names).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { cliHome, type CliHome } from './helpers/cli.ts';

const MAIN = new URL('../src/cli/main.ts', import.meta.url).pathname;
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

// Completion does not depend on the store: one engine is enough.
describe('CLI completion', () => {
  let t: TestCell;
  let home: CliHome;
  const scripts: Record<string, string> = {};
  before(async () => {
    t = await startCell();
    home = await cliHome();
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await home.run(['completion', shell]);
      assert.equal(r.code, 0, r.stderr);
      scripts[shell] = join(home.dir, `completion.${shell}`);
      await writeFile(scripts[shell], r.stdout);
    }
  });
  after(async () => {
    await home.close();
    await t.close();
  });

  /** What bash offers for the words typed so far (the last one being completed). */
  const complete = async (...typed: string[]): Promise<string[]> => {
    const words = typed.map((w) => `'${w}'`).join(' ');
    const program = [
      `vcdkit() { ${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} "$@"; }`,
      `source ${JSON.stringify(scripts.bash)}`,
      `COMP_WORDS=(vcdkit ${words}); COMP_CWORD=${typed.length}`,
      '_vcdkit_complete',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = await home.run(['-c', program], { shell: 'bash' });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean).sort();
  };

  test('the bash script is valid bash', () => {
    const r = spawnSync('bash', ['-n', scripts.bash!], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  for (const [shell, check] of [['zsh', ['-n']], ['fish', ['--no-execute']]] as const) {
    test(`the ${shell} script is valid ${shell}`, { skip: has(shell) ? false : `${shell} is not installed here` }, () => {
      const r = spawnSync(shell, [...check, scripts[shell]!], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    });
  }

  test('bash completes commands, subcommands and options from the command tree', async () => {
    assert.deepEqual(await complete('au'), ['auth']);
    assert.deepEqual(await complete('auth', 's'), ['status', 'switch']);
    assert.deepEqual(await complete('--json', 'token', ''), ['--debug', '--help', '--json', '--output', '--profile', '-h', '-o', 'create', 'list', 'ls', 'revoke']);
    assert.deepEqual(await complete('query', 'x', '--p'), ['--page-size', '--profile']);
    assert.deepEqual(await complete('org', 'list', '-o', ''), ['json', 'table', 'xml', 'yaml']);
    assert.deepEqual(await complete('v'), ['vapp', 'vcenter', 'vdc', 'versions', 'vm']);
    assert.deepEqual(await complete('vapp', 'p'), ['power-off', 'power-on']);
    assert.deepEqual(await complete('vapp', 'undeploy', 'x', '--action', ''), ['default', 'force', 'powerOff', 'shutdown', 'suspend']);
    assert.deepEqual(await complete('completion', ''), ['--debug', '--help', '--json', '--output', '--profile', '-h', '-o', 'bash', 'fish', 'zsh']);
  });

  test('bash completes saved profile names for --profile and auth switch', async () => {
    for (const [org, user] of [['ExampleOrg', 'HelloUser'], ['OtherOrg', 'Other']] as const) {
      const r = await home.run(['login', t.url, org, user, '--password-stdin'], { input: PASSWORD });
      assert.equal(r.code, 0, r.stderr);
    }
    assert.deepEqual(await complete('--profile', ''), ['HelloUser@ExampleOrg', 'Other@OtherOrg']);
    assert.deepEqual(await complete('auth', 'switch', 'Oth'), ['Other@OtherOrg']);
  });

  test('fish completes subcommands and option values', { skip: has('fish') ? false : 'fish is not installed here' }, async () => {
    const ask = async (line: string) => {
      const r = await home.run(['-c', `source ${JSON.stringify(scripts.fish)}; complete -C ${JSON.stringify(line)}`], { shell: 'fish' });
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort();
    };
    assert.deepEqual(await ask('vcdkit auth s'), ['status', 'switch']);
    assert.deepEqual(await ask('vcdkit --json token '), ['create', 'list', 'ls', 'revoke']);
    assert.deepEqual(await ask('vcdkit org list -o '), ['json', 'table', 'xml', 'yaml']);
  });

  test('bash completes the query types', async () => {
    const offered = await complete('query', 'adminO');
    assert.deepEqual(offered, ['adminOrgVdc', 'adminOrgVdcNetwork']);
  });

  test('an unknown shell is a usage error', async () => {
    const r = await home.run(['completion', 'tcsh']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: .*'tcsh' is invalid .* Allowed choices are bash, zsh, fish\./);
  });
});
