// The same provider session through the SDK: connect, log in, list orgs, get each, the paged query, log out.
// The SDK as users run it: compiled, from dist/ (`npm run build`; the figure script builds it first).
import { BENCH_PASSWORD } from './cell.ts';
import type { DebugEvent } from '../../src/sdk/index.ts';

// A computed specifier keeps the type check independent of a build; the shape is the source's.
const built = '../../dist/sdk/index.js';
const { VcdClient, passwordAuth } = (await import(built)) as typeof import('../../src/sdk/index.ts');

/**
 * A session's work; returns [requests sent, query records read]. The requests are counted through the debug
 * hook only when `count` says so: the hook has the SDK redact every request and response for it.
 */
export async function sdkSession(url: string, count = false): Promise<[number, number]> {
  let requests = 0;
  const debug = count ? (e: DebugEvent) => { if (e.type === 'request') requests++; } : undefined;
  const vcd = await VcdClient.connect(url, { auth: passwordAuth({ user: 'administrator', org: 'System', password: BENCH_PASSWORD }), debug });
  for (const org of await vcd.orgs.references()) await vcd.orgs.get(org);
  let records = 0;
  for await (const _ of vcd.query('organization')) records++;
  await vcd.close();
  return [requests, records];
}
