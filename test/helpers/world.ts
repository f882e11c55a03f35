// The suites' simulator.Test (after govmomi's): a suite body runs once per store against a cell started with
// a seed, with callers already logged in as the seed's principals, and everything is closed afterwards.
//
//   eachEngine('org metadata', {}, (w) => {
//     test('…', async () => { await w.hello.call('GET', `/api/org/${w.org}`); });
//   });
import { after, before, describe } from 'node:test';
import { startCell, TEST_SEED, type StartOptions, type TestCell } from './cell.ts';
import { engines, type Engine } from './engines.ts';
import { caller, orgId, type Caller } from './legacy.ts';
import type { SeedFile } from '../../src/server/bootstrap.ts';

/** The principals of TEST_SEED, as user and org. */
export const PRINCIPALS = {
  provider: ['administrator', 'System'],
  orgAdmin: ['OrgAdmin', 'ExampleOrg'],
  hello: ['HelloUser', 'ExampleOrg'],
  other: ['Other', 'OtherOrg'],
} as const;
export type PrincipalName = keyof typeof PRINCIPALS;

export interface World extends Record<PrincipalName, Caller> {
  engine: Engine;
  /** the running cell (its clock, services and store) */
  t: TestCell;
  /** ExampleOrg's id */
  org: string;
  orgId(name: string): Promise<string>;
  /** a caller logged in as any user of the seed */
  as(user: string, org: string): Promise<Caller>;
}

export interface WorldOptions extends Omit<StartOptions, 'engine'> {
  /** the principals to log in before the tests; by default every one of PRINCIPALS the seed has */
  login?: PrincipalName[];
}

const seedHas = (seed: SeedFile, [user, org]: readonly [string, string]) => (org === 'System'
  ? seed.system?.users?.some((u) => u.name === user)
  : seed.orgs?.some((o) => o.name === org && o.users?.some((u) => u.name === user))) ?? false;

/**
 * Declares `describe(`${title} on ${engine}`)` for each store. The world's fields are filled in a `before`
 * hook, so the body reads them inside its tests and hooks, never while it declares them.
 */
export function eachEngine(title: string, opts: WorldOptions, body: (w: World) => void): void {
  for (const engine of engines()) {
    describe(`${title} on ${engine}`, () => {
      const w = { engine, orgId: (name: string) => orgId(w.t, name), as: (user: string, org: string) => caller(w.t, user, org) } as World;
      before(async () => {
        w.t = await startCell({ ...opts, engine });
        const seed = opts.seed ?? TEST_SEED;
        const names = opts.login ?? (Object.keys(PRINCIPALS) as PrincipalName[]).filter((n) => seedHas(seed, PRINCIPALS[n]));
        for (const name of names) {
          const [user, org] = PRINCIPALS[name];
          w[name] = await caller(w.t, user, org);
        }
        if (seed.orgs?.some((o) => o.name === 'ExampleOrg')) w.org = await w.orgId('ExampleOrg');
      });
      after(async () => { await w.t?.close(); });
      body(w);
    });
  }
}
