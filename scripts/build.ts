// `npm run build` (and `npm pack`, through prepack): compiles src/ to dist/ (ESM, with declarations), after
// removing what an earlier build left, so a deleted source never ships.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

for (const dir of ['sdk', 'cli', 'server']) rmSync(`dist/${dir}`, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(tsc.status ?? 1);
