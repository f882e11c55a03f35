// `npm run build` (and `npm pack`, through prepack): compiles src/ to dist/ (ESM, with declarations), after
// removing what an earlier build left, so a deleted source never ships; then copies the files the server
// reads beside its modules (the portal's assets).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';

for (const dir of ['sdk', 'cli', 'server']) rmSync(`dist/${dir}`, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync('src/server/portal/assets', 'dist/server/portal/assets', { recursive: true });
