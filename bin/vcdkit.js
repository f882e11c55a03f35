#!/usr/bin/env node
// The vcdkit command. First Node's version, against package.json "engines", in syntax any Node parses (the
// SDK checks the same figure on import); then the compiled CLI, or in a git checkout the TypeScript sources
// (Node refuses to strip types under node_modules, so the package ships JavaScript and no src/). A checkout
// brings its own Node (the devDependency "node"): there an older Node hands the command over to that one.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';

const at = (path) => new URL(`../${path}`, import.meta.url);
const { engines } = JSON.parse(readFileSync(at('package.json'), 'utf8'));
const minimum = engines.node.replace(/^>=\s*/, '');
const have = process.versions.node.split('.').map(Number);
const need = minimum.split('.').map(Number);
const differ = need.findIndex((n, i) => (have[i] ?? 0) !== n);
const checkout = existsSync(at('src/cli/main.ts'));
const pinned = at('node_modules/.bin/node');
if (differ < 0 || (have[differ] ?? 0) > need[differ]) {
  await import(checkout ? '../src/cli/main.ts' : '../dist/cli/main.js');
} else if (checkout && existsSync(pinned) && realpathSync(pinned) !== realpathSync(process.execPath)) {
  const child = spawn(realpathSync(pinned), [realpathSync(at('bin/vcdkit.js')), ...process.argv.slice(2)], { stdio: 'inherit' });
  // A terminal's Ctrl-C reaches both processes and the CLI decides what it means; other signals are passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  process.stderr.write(`error: vcdkit needs Node.js ${minimum} or later; this is Node.js ${process.versions.node}.\n`);
  process.exit(1);
}
