// The oldest Node.js the package runs on (the SDK, the CLI and the cell alike): node:sqlite without a flag and
// util.styleText for a stream arrived in 22.13. package.json "engines" says the same, and bin/vcdkit.js checks
// it before the CLI loads. index.ts imports this module first, so an old Node hears why, not a stray error.
export const MINIMUM_NODE = '22.13.0';

const have = process.versions.node.split('.').map(Number);
const need = MINIMUM_NODE.split('.').map(Number);
const differ = need.findIndex((n, i) => (have[i] ?? 0) !== n);
if (differ >= 0 && (have[differ] ?? 0) < need[differ]!) {
  throw new Error(`vcdkit needs Node.js ${MINIMUM_NODE} or later; this is Node.js ${process.versions.node}.`);
}
