// "Forbidden looks absent" on every CloudAPI item route the cell serves (/cloudapi/1.0.0/<collection>/{urn}…),
// read from its route table, so that a route added later is walked without a line here: every method
// (GET, PUT, POST actions, DELETE), as another org's users, as users of the entity's own org who lack one of its
// type's rights (a role per right: all the type's rights but that one), and as the provider. Each answer is
// compared with the answer for an id that names nothing; a refusal must say no more than that one does.
// PUT bodies are the entity as the provider reads it at the same path, sent back unchanged.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { createApiToken } from './helpers/oauth.ts';
import { taskOwner, type CloudResponse } from './helpers/cloudapi.ts';
import type { Caller } from './helpers/legacy.ts';
import { ask, type Answer } from './helpers/oracles.ts';
import { eachEngine } from './helpers/world.ts';
import { ENTITY_TYPES } from '../src/server/inventory/registry.ts';
import { RBAC_RIGHTS } from '../src/server/inventory/rights-catalogue.ts';
import { RIGHTS } from '../src/server/services/oauth-rights.ts';
import { cellRoutes } from '../scripts/coverage.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const API = '/cloudapi/1.0.0';

/** The CloudAPI-only collections: the URN type of their ids and the rights that guard them (in route config or in their service). */
const CLOUD_ONLY: Record<string, { urnType: string; rights: readonly string[] }> = {
  users: { urnType: 'user', rights: [RBAC_RIGHTS.viewUsers, RBAC_RIGHTS.adminControl] },
  roles: { urnType: 'role', rights: [RBAC_RIGHTS.adminView, RBAC_RIGHTS.manageRoles] },
  rights: { urnType: 'right', rights: [] },
  rightsBundles: { urnType: 'rightsBundle', rights: [RBAC_RIGHTS.adminView, RBAC_RIGHTS.adminControl] },
  tokens: { urnType: 'token', rights: [RIGHTS.ownTokens, RIGHTS.allTokens] },
  serviceAccounts: { urnType: 'serviceAccount', rights: [RIGHTS.viewServiceAccounts, RIGHTS.manageServiceAccounts] },
  // a session is its owner's alone: no right opens another's
  sessions: { urnType: 'session', rights: [] },
  // the provider's alone (refused to everyone else before anything is looked up)
  cells: { urnType: 'cell', rights: [] },
};
/** Every collection with an item route: the CloudAPI-only ones, and each registered type's CloudAPI view (with the rights it declares). */
const COLLECTIONS: Record<string, { urnType: string; rights: readonly string[] }> = {
  ...CLOUD_ONLY,
  ...Object.fromEntries(ENTITY_TYPES.flatMap((t) => (t.cloudApi
    ? [[t.cloudApi.collection, { urnType: t.urnType, rights: [...new Set(Object.values(t.rights ?? {}).flat())] }]] : []))),
};

/**
 * The seed's roles that lack one of a collection's rights (all its other rights), and one that lacks them all (for an
 * operation either of two rights allows), each held by a user of its own.
 */
const lacking = Object.entries(COLLECTIONS).flatMap(([collection, { rights }]) => [...rights, ...(rights.length > 1 ? ['any'] : [])].map((right, i) => ({
  collection, right, role: `${collection} without ${i}`, user: `${collection}-without-${i}`, rights: right === 'any' ? [] : rights.filter((r) => r !== right),
})));

const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: [
    {
      ...TEST_SEED.orgs![0]!,
      roles: [
        { name: 'ExampleRole', rights: ['vApp: Power Operations'] },
        // sees the org, its VDCs, networks and Edge gateways, and may change none of them
        { name: 'ViewerRole', rights: ['Organization: View', 'Organization vDC: View', 'Organization vDC Network: View Properties', 'Organization vDC Gateway: View',
          'Organization vDC Gateway: View NAT', 'Organization vDC Gateway: View Firewall', 'Organization vDC Gateway: View Static Routing',
          'Organization vDC Gateway: View DNS'] },
        ...lacking.map((l) => ({ name: l.role, rights: l.rights })),
      ],
      users: [
        ...TEST_SEED.orgs![0]!.users!, { name: 'Viewer', password: PASSWORD, role: 'ViewerRole' },
        ...lacking.map((l) => ({ name: l.user, password: PASSWORD, role: l.role })),
      ],
    },
    {
      name: 'OtherOrg', users: [
        { name: 'Other', password: PASSWORD, role: 'vApp User' },
        { name: 'OtherAdmin', password: PASSWORD, role: 'Organization Administrator' },
      ],
    },
  ],
  // a bundle of ExampleOrg's to publish, unpublish and delete, leaving the default bundle (every org's rights) alone
  rightsBundles: [{ name: 'Probe Bundle', rights: ['Organization: View'], publishTo: ['ExampleOrg'] }],
};

/** One item route: `/cloudapi/1.0.0/<collection>/:param<rest>`. */
interface ItemRoute { method: string; collection: string; rest: string; rights: readonly string[] }

async function itemRoutes(): Promise<ItemRoute[]> {
  const found: ItemRoute[] = [];
  for (const r of await cellRoutes()) {
    const m = /^\/cloudapi\/1\.0\.0\/(\w+)\/:\w+(\/.*)?$/.exec(r.path);
    if (m) found.push({ method: r.method, collection: m[1]!, rest: m[2] ?? '', rights: r.rights ?? [] });
  }
  // what ends an entity goes last, so the walks before it still find what they ask about; children first (the
  // registry lists parents first), so the provider's DELETE of a VDC comes before its org's
  const ends = (r: ItemRoute) => r.method === 'DELETE' || r.rest === '/revoke';
  return [...found.filter((r) => !ends(r)), ...found.filter(ends).reverse()];
}

/** An item route's path after the entity's, a sub-resource's parameter (a gateway's NAT rule: /nat/rules/:ruleId) given its fixture's id. */
const subResources: Record<string, string> = {};
const restOf = (r: ItemRoute) => subResources[r.rest] ?? r.rest;
const pathOf = (r: ItemRoute, id: string) => `${API}/${r.collection}/urn:vcloud:${COLLECTIONS[r.collection]!.urnType}:${id}${restOf(r)}`;
const what = (r: ItemRoute) => `${r.method} ${API}/${r.collection}/{id}${r.rest}`;

eachEngine('CloudAPI visibility', { seed: SEED, login: ['provider', 'orgAdmin', 'hello'] }, (w) => {
  let routes: ItemRoute[] = [];
  const fixtures: Record<string, string> = {};
  let exampleOrg = '';

  /** A new entity of ExampleOrg's, for the routes that end one (DELETE, revoke); else the fixture. */
  const fresh = async (collection: string): Promise<string> => {
    const name = `probe-${randomUUID()}`;
    const created = async (res: { status: number; text: string; json: unknown }) => {
      assert.equal(res.status, 201, res.text);
      return String((res.json as { id: string }).id).split(':').pop()!;
    };
    switch (collection) {
      case 'roles': return created(await w.orgAdmin.cloud('POST', '/roles', { name, description: 'probe' }));
      case 'serviceAccounts': return created(await w.orgAdmin.cloud('POST', '/serviceAccounts', { name, softwareId: 'probe', role: 'vApp User' }));
      case 'rightsBundles': return created(await w.provider.cloud('POST', '/rightsBundles', { name, description: 'probe' }));
      case 'tokens': return (await createApiToken(w.t.url, 'ExampleOrg', w.hello.token, name)).clientId;
      case 'sessions': return (await (await w.as('HelloUser', 'ExampleOrg')).session()).id;
      default: return fixtures[collection]!;
    }
  };
  const target = (r: ItemRoute) => (r.method === 'DELETE' || r.rest === '/revoke' ? fresh(r.collection) : Promise.resolve(fixtures[r.collection]!));

  /** A body the route takes: for PUT the entity (or its page's values) as the provider reads it there; for the tenant actions the org; for a gateway's NAT rules or static routes one. */
  const bodyFor = async (r: ItemRoute, id: string): Promise<string | undefined> => {
    if (r.method === 'PUT') {
      const read = await w.provider.cloud('GET', pathOf(r, id).slice(API.length));
      assert.equal(read.status, 200, `${what(r)}: the provider reads what it sends back: ${read.text}`);
      const json = read.json as Record<string, unknown>;
      return JSON.stringify(Array.isArray(json.values) ? { values: json.values } : json);
    }
    if (r.method === 'POST' && r.rest === '/routing/staticRoutes') return JSON.stringify({ name: 'probe-route', networkCidr: '172.20.0.0/16', nextHops: [{ ipAddress: '10.0.0.254' }] });
    if (r.method === 'POST' && r.rest === '/nat/rules') return JSON.stringify({ name: 'probe-nat', ruleType: 'DNAT', externalAddresses: '192.0.2.1', internalAddresses: '10.0.0.2' });
    if (r.method === 'POST' && /\/tenants\/(un)?publish$/.test(r.rest)) return JSON.stringify({ values: [{ name: 'ExampleOrg', id: `urn:vcloud:org:${exampleOrg}` }] });
    return undefined;
  };

  /** The answers to a route for `id` and for an id that names nothing, sending the same body (its id changed). */
  const both = async (c: Caller, r: ItemRoute, id: string): Promise<{ theirs: Answer; nothing: Answer }> => {
    const body = await bodyFor(r, id);
    const none = randomUUID();
    const theirs = await ask(c, r.method, pathOf(r, id), id, body);
    const nothing = await ask(c, r.method, pathOf(r, none), none, body?.replace(new RegExp(id, 'gi'), none));
    return { theirs, nothing };
  };

  before(async () => {
    routes = await itemRoutes();
    const db = w.t.cell.services.store.db;
    const example = await w.orgId('ExampleOrg');
    exampleOrg = example;
    const one = async <T>(q: Promise<T | undefined>) => { const r = await q; assert.ok(r); return r; };
    const idIn = async (table: 'vdcs' | 'networks' | 'edge_gateways') => (await one(db.selectFrom(table).select('id').where('org_id', '=', example).executeTakeFirst())).id;
    const other = await w.as('Other', 'OtherOrg');
    const visibleToOther = new Set(await w.t.cell.services.rights.names(await other.session()));
    const right = (await db.selectFrom('rights').select(['id', 'name']).execute()).find((r) => !visibleToOther.has(r.name));
    assert.ok(right, 'a right OtherOrg is not granted');
    const bundle = await one(db.selectFrom('rights_bundles').select('id').where('name', '=', 'Probe Bundle').executeTakeFirst());
    const account = await w.orgAdmin.cloud('POST', '/serviceAccounts', { name: 'probe-account', softwareId: 'probe', role: 'vApp User' });
    assert.equal(account.status, 201, account.text);
    const gateway = await idIn('edge_gateways');
    // a gateway's firewall group, NAT and firewall rules and static route, and a port profile of the org's, for the routes that name them
    const task = async (res: CloudResponse) => (await taskOwner(w.provider, res)).split(':').pop()!;
    const gatewayPath = `/edgeGateways/urn:vcloud:gateway:${gateway}`;
    const group = await task(await w.orgAdmin.cloud('POST', '/firewallGroups', { name: 'probe-group', ipAddresses: ['10.0.0.1'], ownerRef: { id: `urn:vcloud:gateway:${gateway}` } }));
    const profile = await task(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', { name: 'probe-profile', applicationPorts: [{ protocol: 'TCP', destinationPorts: ['81'] }] }));
    await task(await w.orgAdmin.cloud('POST', `${gatewayPath}/nat/rules`, { name: 'probe-nat', ruleType: 'DNAT', externalAddresses: '192.0.2.1', internalAddresses: '10.0.0.2' }));
    await task(await w.orgAdmin.cloud('PUT', `${gatewayPath}/firewall/rules`, { userDefinedRules: [{ name: 'probe-rule', sourceFirewallGroups: [{ id: `urn:vcloud:firewallGroup:${group}` }] }] }));
    await task(await w.orgAdmin.cloud('POST', `${gatewayPath}/routing/staticRoutes`, { name: 'probe-route', networkCidr: '172.20.0.0/16', nextHops: [{ ipAddress: '10.0.0.254' }] }));
    subResources['/routing/staticRoutes/:ruleId'] = `/routing/staticRoutes/${(await w.orgAdmin.cloud('GET', `${gatewayPath}/routing/staticRoutes`)).json.values[0].id}`;
    subResources['/nat/rules/:ruleId'] = `/nat/rules/${(await w.orgAdmin.cloud('GET', `${gatewayPath}/nat/rules`)).json.values[0].id}`;
    subResources['/firewall/rules/:ruleId'] = `/firewall/rules/${(await w.orgAdmin.cloud('GET', `${gatewayPath}/firewall/rules`)).json.userDefinedRules[0].id}`;
    const byUrnType: Record<string, string> = {
      org: example, vdc: await idIn('vdcs'), network: await idIn('networks'), gateway, firewallgroup: group, applicationportprofile: profile,
      // the provider's backing (no org's)
      vimserver: (await one(db.selectFrom('virtual_centers').select('id').executeTakeFirst())).id,
      networkpool: (await one(db.selectFrom('network_pools').select('id').executeTakeFirst())).id,
      providervdc: (await one(db.selectFrom('provider_vdcs').select('id').executeTakeFirst())).id,
      externalnetwork: (await one(db.selectFrom('external_networks').select('id').executeTakeFirst())).id,
    };
    Object.assign(fixtures, {
      users: (await w.hello.session()).userId,
      roles: (await one(db.selectFrom('roles').select('id').where('org_id', '=', example).where('name', '=', 'ExampleRole').executeTakeFirst())).id,
      rights: right.id, rightsBundles: bundle.id,
      tokens: (await createApiToken(w.t.url, 'ExampleOrg', w.hello.token, 'probe-token')).clientId,
      serviceAccounts: String(account.json.id).split(':').pop()!,
      sessions: (await w.hello.session()).id,
      cells: w.t.cell.services.cells.id,
      ...Object.fromEntries(Object.entries(COLLECTIONS).filter(([c]) => !(c in CLOUD_ONLY)).map(([c, { urnType }]) => [c, byUrnType[urnType]])),
    });
  });

  test('every CloudAPI item route\'s collection is known here, with a fixture, and names no right its collection does not declare', () => {
    assert.ok(routes.some((r) => r.method === 'PUT') && routes.some((r) => r.method === 'DELETE') && routes.some((r) => r.method === 'POST'));
    assert.deepEqual(routes.filter((r) => !COLLECTIONS[r.collection] || !fixtures[r.collection]).map(what), []);
    assert.deepEqual(routes.flatMap((r) => r.rights.filter((right) => !COLLECTIONS[r.collection]!.rights.includes(right)).map((right) => `${what(r)}: ${right}`)), []);
  });

  for (const [user, org] of [['Other', 'OtherOrg'], ['OtherAdmin', 'OtherOrg']] as const) {
    test(`${user} (another org) learns nothing on any CloudAPI item route: every answer is the one for an id that names nothing`, async () => {
      const c = await w.as(user, org);
      const leaks: string[] = [];
      for (const r of routes) {
        const { theirs, nothing } = await both(c, r, await target(r));
        if (theirs.status < 400) leaks.push(`${what(r)} was done on another org's entity: ${JSON.stringify(theirs)}`);
        else if (JSON.stringify(theirs) !== JSON.stringify(nothing)) leaks.push(`${what(r)}\n    theirs:  ${JSON.stringify(theirs)}\n    nothing: ${JSON.stringify(nothing)}`);
        if (nothing.status === 403 && nothing.minorErrorCode !== 'ACCESS_TO_RESOURCE_IS_FORBIDDEN') leaks.push(`${what(r)}: a 403 is ACCESS_TO_RESOURCE_IS_FORBIDDEN`);
      }
      assert.deepEqual(leaks, []);
    });
  }

  test('a user of the same org without one of the type\'s rights: each route is refused without the right it needs, as for an id that names nothing, and the entity is unchanged', async () => {
    const leaks: string[] = [];
    const refused = new Set<string>();
    for (const [collection, { rights }] of Object.entries(COLLECTIONS)) {
      if (!rights.length) continue;
      const own = routes.filter((r) => r.collection === collection);
      const read = own.find((r) => r.method === 'GET' && r.rest === '')!;
      const before = await ask(w.provider, 'GET', pathOf(read, fixtures[collection]!), fixtures[collection]!);
      for (const l of lacking.filter((x) => x.collection === collection)) {
        const c = await w.as(l.user, 'ExampleOrg');
        for (const r of own) {
          const { theirs, nothing } = await both(c, r, await target(r));
          if (theirs.status < 400) continue; // this route does not need the right the role lacks
          refused.add(what(r));
          if (JSON.stringify(theirs) !== JSON.stringify(nothing)) {
            leaks.push(`${l.user} (without "${l.right}"): ${what(r)}\n    theirs:  ${JSON.stringify(theirs)}\n    nothing: ${JSON.stringify(nothing)}`);
          }
        }
      }
      assert.deepEqual(await ask(w.provider, 'GET', pathOf(read, fixtures[collection]!), fixtures[collection]!), before, `${collection}: the fixture changed`);
    }
    assert.deepEqual(leaks, []);
    const guarded = routes.filter((r) => COLLECTIONS[r.collection]!.rights.length).map(what);
    assert.deepEqual(guarded.filter((r) => !refused.has(r)), [], 'routes no missing right refuses');
  });

  test('a user of the same org who sees the registered types\' entities reads each one\'s CloudAPI items and may change none: VCD\'s 403, the entity unchanged', async () => {
    const c = await w.as('Viewer', 'ExampleOrg');
    const wrong: string[] = [];
    // (the provider's own types no tenant sees: the walks of other orgs' users above cover them)
    const providerOnly = new Set(ENTITY_TYPES.filter((t) => t.providerOnly && t.cloudApi).map((t) => t.cloudApi!.collection));
    for (const r of routes.filter((x) => !(x.collection in CLOUD_ONLY) && !providerOnly.has(x.collection))) {
      const id = fixtures[r.collection]!;
      const read = { method: 'GET', collection: r.collection, rest: '', rights: [] };
      const before = await ask(w.provider, 'GET', pathOf(read, id), id);
      const got = await ask(c, r.method, pathOf(r, id), id, await bodyFor(r, id));
      const refused = got.status === 403 && got.minorErrorCode === 'ACCESS_TO_RESOURCE_IS_FORBIDDEN';
      if (r.method === 'GET' ? got.status !== 200 : !refused) wrong.push(`${what(r)}: ${JSON.stringify(got)}`);
      if (JSON.stringify(await ask(w.provider, 'GET', pathOf(read, id), id)) !== JSON.stringify(before)) wrong.push(`${what(r)} changed the entity`);
    }
    assert.deepEqual(wrong, []);
  });

  // last: it really changes (and deletes) ExampleOrg's entities
  test('the provider is refused nothing that exists (a 2xx, or a 400 state refusal) and, for an id that names nothing, gets VCD\'s 403', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const { theirs, nothing } = await both(w.provider, r, await target(r));
      // a session is its owner's alone, the provider's as anyone's
      const ownersOnly = r.collection === 'sessions';
      if (ownersOnly ? JSON.stringify(theirs) !== JSON.stringify(nothing) : theirs.status >= 300 && theirs.status !== 400) wrong.push(`${what(r)}: ${JSON.stringify(theirs)}`);
      if (nothing.status !== 403 || nothing.minorErrorCode !== 'ACCESS_TO_RESOURCE_IS_FORBIDDEN') wrong.push(`${what(r)} (an id that names nothing): ${JSON.stringify(nothing)}`);
    }
    assert.deepEqual(wrong, []);
  });
});
