// The SDK as a package: `npm run build` emits JS and .d.ts into packages/sdk/dist, `import '@vcdkit/sdk'`
// resolves to them through the workspace and its package.json "exports", the types check for a consumer, and the
// built JS logs in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const run = (args: string[]) => spawnSync(tsc, args, { cwd: root, encoding: 'utf8' });

let t: TestCell;
before(async () => { t = await startCell(); });
after(async () => { await t.close(); });

test('npm run build emits ESM and declarations; the built SDK imports nothing from the server', async () => {
  const built = spawnSync(process.execPath, ['scripts/build.ts'], { cwd: root, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stdout + built.stderr);
  const js = await readFile(join(root, 'packages/sdk/dist/client.js'), 'utf8');
  assert.match(js, /from '\.\/transport\.js'/, 'relative imports rewritten to .js');
  assert.match(await readFile(join(root, 'packages/sdk/dist/index.d.ts'), 'utf8'), /export \{ VcdClient/);
  for (const file of ['index.js', 'client.js', 'transport.js', 'auth/service-account.js']) {
    assert.doesNotMatch(await readFile(join(root, 'packages/sdk/dist', file), 'utf8'), /server\//);
  }
});

test("the built package is what `import '@vcdkit/sdk'` gives, and it works against a cell", async () => {
  // A computed specifier keeps the typecheck independent of a build; the shape is the source's.
  const specifier = '@vcdkit/sdk';
  const sdk = (await import(specifier)) as typeof import('../src/sdk/index.ts');
  assert.match(import.meta.resolve(specifier), /\/packages\/sdk\/dist\/index\.js$/);
  const c = await sdk.VcdClient.connect(t.url, { auth: sdk.passwordAuth({ user: 'HelloUser', org: 'ExampleOrg', password: PASSWORD }) });
  assert.deepEqual((await c.orgs.references()).map((o) => o.name), ['ExampleOrg']);
  await assert.rejects(c.get('/api/nothing'), sdk.NotFoundError);
  await c.close();
});

test('a TypeScript consumer type-checks against the emitted declarations', async () => {
  const dir = join(root, 'dist', 'consumer');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'consumer.ts'), [
    "import { VcdClient, passwordAuth, eq, type Org } from '@vcdkit/sdk';",
    "const c = await VcdClient.connect('https://vcd.example', { auth: passwordAuth({ user: 'u', org: 'o', password: 'p' }) });",
    'const org: Org = await c.orgs.get((await c.orgs.references())[0]!);',
    "for await (const r of c.query('organization', { filter: eq('name', org.name) })) console.log(r.name);",
    '// @ts-expect-error apiVersion is a string',
    "await VcdClient.connect('https://vcd.example', { apiVersion: 39 });",
    '',
  ].join('\n'));
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] },
    files: ['consumer.ts'],
  }));
  const checked = run(['-p', join(dir, 'tsconfig.json')]);
  assert.equal(checked.status, 0, checked.stdout + checked.stderr);
});
