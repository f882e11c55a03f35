// The registry of entity types (src/server/inventory): every registered type resolves through
// /api/entity/{urn} for whoever may see it, with the views each may use, and is absent (the same 403 as a
// URN that names nothing) for everyone else. A type registered without a fixture here fails the suite, so
// each new type states who sees it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { caller, orgId, type Caller } from './helpers/legacy.ts';
import { ENTITY_TYPES } from '../src/server/inventory/registry.ts';
import { urn } from '../src/server/ids.ts';

type Who = 'provider' | 'orgAdmin' | 'hello' | 'other';

interface Fixture {
  /** the URN of one entity of the type */
  urn: string;
  /** who sees it, and the media-type families of the views each gets */
  sees: Partial<Record<Who, string[]>>;
}

// ExampleOrg holds a VDC with an Edge gateway and a network (TEST_SEED's), an unpublished catalog with a template and a medium, and a role of its own
const SEED = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => o.name === 'ExampleOrg'
    ? { ...o, catalogs: [{ name: 'ExampleCatalog', templates: [{ name: 'Bare' }], media: [{ name: 'tools.iso', sizeMb: 1 }] }], roles: [{ name: 'ExampleRole' }] }
    : o),
};

const links = (text: string) => [...text.matchAll(/<Link rel="alternate" href="([^"]+)" type="application\/vnd\.vmware\.([^+]+)\+xml"\/>/g)]
  .map((m) => ({ path: new URL(m[1]!).pathname, family: m[2]! }));

for (const engine of engines()) {
  describe(`the entity registry on ${engine}`, () => {
    let t: TestCell;
    let callers: Record<Who, Caller>;
    let fixtures: Record<string, Fixture>;
    before(async () => {
      t = await startCell({ engine, seed: SEED });
      callers = {
        provider: await caller(t, 'administrator', 'System'),
        orgAdmin: await caller(t, 'OrgAdmin', 'ExampleOrg'),
        hello: await caller(t, 'HelloUser', 'ExampleOrg'),
        other: await caller(t, 'Other', 'OtherOrg'),
      };
      const example = await orgId(t, 'ExampleOrg');
      const helloUser = await callers.hello.session();
      const task = await t.cell.services.tasks.run({
        session: helloUser, owner: { urn: urn('org', example), name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${example}` },
        operationName: 'metadataUpdate', operation: 'HelloUser\'s own', work: async () => {},
      });
      const db = t.cell.services.store.db;
      const vdc = await db.selectFrom('vdcs').select('id').where('org_id', '=', example).executeTakeFirstOrThrow();
      const catalog = await db.selectFrom('catalogs').select('id').where('org_id', '=', example).executeTakeFirstOrThrow();
      const template = await db.selectFrom('vapp_templates').select('id').where('catalog_id', '=', catalog.id).executeTakeFirstOrThrow();
      const media = await db.selectFrom('media').select('id').where('catalog_id', '=', catalog.id).executeTakeFirstOrThrow();
      const network = await db.selectFrom('networks').select('id').where('org_id', '=', example).executeTakeFirstOrThrow();
      const gateway = await db.selectFrom('edge_gateways').select('id').where('org_id', '=', example).executeTakeFirstOrThrow();
      const item = await db.selectFrom('catalog_items').select('id').where('entity_id', '=', template.id).executeTakeFirstOrThrow();
      // a vApp of HelloUser's from the template: its org's administrators see it, another vApp Author of the org would not
      const vdcRow = (await t.cell.services.vdcs.get(helloUser, vdc.id));
      const { vapp } = await t.cell.services.vapps.create(helloUser, vdcRow, {
        name: 'Registry', deploy: false, powerOn: false, templateId: template.id, networks: [], items: [],
      });
      const vm = vapp.vms[0]!;
      const role = await db.selectFrom('roles').select('id').where('org_id', '=', example).executeTakeFirstOrThrow();
      const { disk } = await t.cell.services.disks.create(helloUser, vdcRow, { name: 'Registry', sizeMb: 1 });
      // a firewall group on the gateway, and a SYSTEM application port profile: CloudAPI-only, no /api view
      const admin = await callers.orgAdmin.session();
      await t.cell.services.firewallGroups.create(admin, { id: gateway.id, orgId: example, name: 'edge' },
        { name: 'Registry', description: '', kind: 'IP_SET', ipAddresses: ['10.0.0.1'], memberIds: [] });
      const group = await db.selectFrom('firewall_groups').select('id').where('org_id', '=', example).executeTakeFirstOrThrow();
      const profile = await db.selectFrom('app_port_profiles').select('id').where('scope', '=', 'SYSTEM').executeTakeFirstOrThrow();
      // a tenant sees its org's catalogs and what they hold; another org's unpublished ones are absent
      const catalogViews = ['vcloud.catalog', 'admin.catalog'];
      fixtures = {
        vdc: { urn: urn('vdc', vdc.id), sees: {
          provider: ['vcloud.vdc', 'admin.vdc'], orgAdmin: ['vcloud.vdc', 'admin.vdc'], hello: ['vcloud.vdc'],
        } },
        // a vApp Author sees the VDC's networks but not its Edge gateway, which an Org Administrator does
        network: { urn: urn('network', network.id), sees: {
          provider: ['vcloud.orgVdcNetwork'], orgAdmin: ['vcloud.orgVdcNetwork'], hello: ['vcloud.orgVdcNetwork'],
        } },
        gateway: { urn: urn('gateway', gateway.id), sees: { provider: ['admin.edgeGateway'], orgAdmin: ['admin.edgeGateway'] } },
        catalog: { urn: urn('catalog', catalog.id), sees: { provider: catalogViews, orgAdmin: catalogViews, hello: catalogViews } },
        catalogitem: { urn: urn('catalogitem', item.id), sees: {
          provider: ['vcloud.catalogItem'], orgAdmin: ['vcloud.catalogItem'], hello: ['vcloud.catalogItem'],
        } },
        vapptemplate: { urn: urn('vapptemplate', template.id), sees: {
          provider: ['vcloud.vAppTemplate'], orgAdmin: ['vcloud.vAppTemplate'], hello: ['vcloud.vAppTemplate'],
        } },
        media: { urn: urn('media', media.id), sees: { provider: ['vcloud.media'], orgAdmin: ['vcloud.media'], hello: ['vcloud.media'] } },
        org: { urn: urn('org', example), sees: {
          provider: ['vcloud.org', 'admin.organization'], orgAdmin: ['vcloud.org', 'admin.organization'], hello: ['vcloud.org'],
        } },
        user: { urn: urn('user', helloUser.userId), sees: { provider: ['admin.user'], orgAdmin: ['admin.user'] } },
        vapp: { urn: urn('vapp', vapp.id), sees: { provider: ['vcloud.vApp'], orgAdmin: ['vcloud.vApp'], hello: ['vcloud.vApp'] } },
        vm: { urn: urn('vm', vm.id), sees: { provider: ['vcloud.vm'], orgAdmin: ['vcloud.vm'], hello: ['vcloud.vm'] } },
        // a role of ExampleOrg's own: its users see it (AdminOrg's RoleReferences, vcd-cli's role list)
        role: { urn: urn('role', role.id), sees: { provider: ['admin.role'], orgAdmin: ['admin.role'], hello: ['admin.role'] } },
        disk: { urn: urn('disk', disk.id), sees: { provider: ['vcloud.disk'], orgAdmin: ['vcloud.disk'], hello: ['vcloud.disk'] } },
        task: { urn: urn('task', task.id), sees: { provider: ['vcloud.task'], orgAdmin: ['vcloud.task'], hello: ['vcloud.task'] } },
        // the provider's own
        ...Object.fromEntries(await Promise.all(([
          ['vimserver', 'virtual_centers', ['admin.vmwvirtualcenter']], ['nsxtmanager', 'nsxt_managers', ['admin.nsxTmanager']],
          ['networkpool', 'network_pools', ['admin.vmwNetworkPool']], ['externalnetwork', 'external_networks', ['admin.vmwexternalnet']], ['providervdc', 'provider_vdcs', ['admin.providervdc', 'admin.vmwprovidervdc']],
        ] as const).map(async ([urnType, table, views]) => {
          const row = await db.selectFrom(table).select('id').executeTakeFirstOrThrow();
          return [urnType, { urn: urn(urnType, row.id), sees: { provider: [...views] } }];
        }))),
        // the CloudAPI's alone: /api/entity resolves them for no one (they have no view there)
        firewallgroup: { urn: urn('firewallGroup', group.id), sees: {} },
        applicationportprofile: { urn: urn('applicationPortProfile', profile.id), sees: {} },
      };
    });
    after(async () => { await t.close(); });

    test('every registered type has a fixture here, and every fixture a registered type', () => {
      assert.deepEqual(ENTITY_TYPES.map((type) => type.urnType).filter((u) => !fixtures[u]), []);
      assert.deepEqual(Object.keys(fixtures).filter((u) => !ENTITY_TYPES.some((type) => type.urnType === u)), []);
    });

    test('each entity resolves, with the views the caller may use, for whoever may see it, and is absent for the others', async () => {
      for (const type of ENTITY_TYPES) {
        const { urn: entityUrn, sees } = fixtures[type.urnType]!;
        const id = entityUrn.split(':').pop()!;
        for (const [who, c] of Object.entries(callers) as Array<[Who, Caller]>) {
          const res = await c.call('GET', `/api/entity/${entityUrn}`);
          const families = sees[who];
          if (!families) {
            assert.equal(res.status, 403, `${who} does not see ${entityUrn}`);
            assert.match(res.text, /minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN"/);
            continue;
          }
          assert.equal(res.status, 200, `${who} sees ${entityUrn}: ${res.text}`);
          assert.match(res.text, new RegExp(`<Entity [^>]*id="${entityUrn}"`));
          const found = links(res.text);
          assert.deepEqual(found.map((l) => l.family), families, `${who}'s views of ${entityUrn}`);
          for (const l of found) {
            assert.equal(l.path, type.views.find((v) => v.family === l.family)!.path(id));
            assert.equal((await c.call('GET', l.path)).status, 200, `${who} can GET ${l.path}`);
          }
        }
      }
    });

    test('a URN of a registered type that names nothing is answered as an invisible one; a bad URN is a 400', async () => {
      for (const type of ENTITY_TYPES) {
        const res = await callers.provider.call('GET', `/api/entity/urn:vcloud:${type.urnType}:00000000-0000-4000-8000-000000000000`);
        assert.equal(res.status, 403, type.urnType);
      }
      assert.equal((await callers.provider.call('GET', '/api/entity/urn:vcloud:nosuchtype:00000000-0000-4000-8000-000000000000')).status, 403);
      assert.equal((await callers.provider.call('GET', '/api/entity/not-a-urn')).status, 400);
    });
  });
}
