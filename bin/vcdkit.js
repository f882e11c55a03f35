#!/usr/bin/env node
// The vcdkit command. First Node's version, against package.json "engines", in syntax any Node parses (the
// SDK checks the same figure on import); then the compiled CLI, or in a git checkout the TypeScript sources
// (Node refuses to strip types under node_modules, so the package ships JavaScript and no src/).
import { existsSync, readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const minimum = engines.node.replace(/^>=\s*/, '');
const have = process.versions.node.split('.').map(Number);
const need = minimum.split('.').map(Number);
const differ = need.findIndex((n, i) => (have[i] ?? 0) !== n);
if (differ >= 0 && (have[differ] ?? 0) < need[differ]) {
  process.stderr.write(`error: vcdkit needs Node.js ${minimum} or later; this is Node.js ${process.versions.node}.\n`);
  process.exit(1);
}
const checkout = existsSync(new URL('../src/cli/main.ts', import.meta.url));
await import(checkout ? '../src/cli/main.ts' : '../dist/cli/main.js');
