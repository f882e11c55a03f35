// `npm run build` (and `npm pack` of either package, through prepack) compiles both packages, after removing
// what an earlier build left, so a deleted source never ships: src/ to dist/ for `vcdkit` (the CLI and the cell,
// with the SDK they run on), and src/sdk/ alone to packages/sdk/dist/, with declarations, for `@vcdkit/sdk` (its
// rootDir makes tsc refuse an import from outside src/sdk). Then it copies the files the server reads beside its
// modules (the portal's assets). Paths are the checkout's, whichever package's prepack runs it.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const at = (path: string) => join(import.meta.dirname, '..', path);

for (const dir of ['dist/sdk', 'dist/cli', 'dist/server', 'packages/sdk/dist']) rmSync(at(dir), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.sdk.json']) {
  const tsc = spawnSync(process.execPath, [at('node_modules/typescript/bin/tsc'), '-p', at(project)], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
cpSync(at('src/server/portal/assets'), at('dist/server/portal/assets'), { recursive: true });
