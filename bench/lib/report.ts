// A figure prints one small table and, when it has one, a ratio against its baseline and target.
import type { LoadResult } from './load.ts';

export interface Row {
  name: string;
  result: LoadResult;
}

export function printTable(title: string, rows: Row[]): void {
  const cells = rows.map((r) => [
    r.name,
    Math.round(r.result.requestsPerSecond).toLocaleString('en-US'),
    `${r.result.latencyP50} ms`,
    `${r.result.latencyP99} ms`,
    String(r.result.failures),
  ]);
  const header = ['', 'req/s', 'p50', 'p99', 'failures'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const c of cells) console.log(line(c));
}

/** Prints measured/baseline, and against the target when there is one. */
export function printRatio(label: string, measured: Row, baseline: Row, target?: number): void {
  const ratio = measured.result.requestsPerSecond / baseline.result.requestsPerSecond;
  const verdict = target === undefined ? '' : ` (target ≥ ${target}: ${ratio >= target ? 'met' : 'not met'})`;
  console.log(`${label}: ${ratio.toFixed(2)}${verdict}`);
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
