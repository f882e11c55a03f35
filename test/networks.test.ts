// Org VDC networks, IP pools and Edge gateways, on both stores: the documents and links, who sees them
// (another org's absent; Edge gateways for an Org Administrator, not a vApp User), the queries with href
// filters, IP allocation and release (concurrent allocations never share an address), NAT and firewall
// replaced and read back as documents (bad rules refused), and the seed file's checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCell, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { ACCEPT_JSON, attr, caller, orgId, type Caller } from './helpers/legacy.ts';
import { schemasProblem, validate } from './helpers/xsd.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';
import { readSeed } from '../src/server/seed-file.ts';

const CONFIGURE = 'application/vnd.vmware.admin.edgeGatewayServiceConfiguration+xml';
const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';

async function assertValid(xml: string) {
  if (schemasProblem()) return;
  const result = await validate(xml);
  assert.ok(result.valid, `schema errors:\n${result.errors.map((e) => e.message).join('\n')}\n--- document:\n${xml}`);
}

const hrefs = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag} [^>]*>`, 'g'))].map((m) => m[0]);
const pathOf = (tag: string) => new URL(attr(tag, 'href')!.replace(/&amp;/g, '&')).pathname;

/** A seed with a small second network, so a pool can be exhausted. */
const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => o.name !== 'ExampleOrg' ? o : {
    ...o,
    vdcs: o.vdcs!.map((v) => ({
      ...v,
      networks: [...v.networks!, {
        name: 'tiny-net', fenceMode: 'isolated' as const, gateway: '10.0.0.1', prefixLength: 24,
        ipRanges: [{ start: '10.0.0.20', end: '10.0.0.22' }, { start: '10.0.0.10', end: '10.0.0.11' }],
      }],
    })),
  }),
};

for (const engine of engines()) {
  describe(`org VDC networks on ${engine}`, () => {
    let t: TestCell;
    let vdcId: string;
    let hello: Caller;
    let admin: Caller;
    let other: Caller;
    let provider: Caller;
    let routedId: string;
    let gatewayId: string;
    before(async () => {
      t = await startCell({ engine, seed: SEED });
      const db = t.cell.services.store.db;
      vdcId = (await db.selectFrom('vdcs').select('id').where('org_id', '=', await orgId(t, 'ExampleOrg')).executeTakeFirstOrThrow()).id;
      routedId = (await db.selectFrom('networks').select('id').where('name', '=', 'routed-net').executeTakeFirstOrThrow()).id;
      gatewayId = (await db.selectFrom('edge_gateways').select('id').where('name', '=', 'edge-01').executeTakeFirstOrThrow()).id;
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      admin = await caller(t, 'OrgAdmin', 'ExampleOrg');
      other = await caller(t, 'Other', 'OtherOrg');
      provider = await caller(t, 'administrator', 'System');
    });
    after(async () => { await t.close(); });

    test('findForVdc finds the seeded network by name, whatever its case', async () => {
      const { networks, store } = t.cell.services;
      const net = await networks.findForVdc(store.db, vdcId, 'ROUTED-NET');
      assert.ok(net);
      assert.equal(net.name, 'routed-net');
      assert.equal(net.fenceMode, 'natRouted');
      assert.equal(net.gateway, '192.168.10.1');
      assert.equal(net.prefixLength, 24);
      assert.equal(net.netmask, '255.255.255.0');
      assert.deepEqual(net.ipRanges, [{ start: '192.168.10.10', end: '192.168.10.200' }]);
      assert.equal(await networks.findForVdc(store.db, vdcId, 'no-such-net'), undefined);
    });

    test('allocation takes the lowest free address, a requested one, refuses taken/outside/exhausted, and release frees', async () => {
      const { networks, store } = t.cell.services;
      const net = (await networks.findForVdc(store.db, vdcId, 'tiny-net'))!;
      const take = (holder: string, requested?: string) =>
        store.db.transaction().execute((trx) => networks.allocateIp(trx, net.id, holder, requested));
      assert.equal(await take('nic-a'), '10.0.0.10');
      assert.equal(await take('nic-b', '10.0.0.21'), '10.0.0.21');
      assert.equal(await take('nic-c'), '10.0.0.11');
      assert.equal(await take('nic-d'), '10.0.0.20', 'the lowest free address of the next range');
      await assert.rejects(take('nic-e', '10.0.0.21'), (e: Error & { status?: number }) => e.status === 400 && /already in use/.test(e.message));
      await assert.rejects(take('nic-e', '10.0.0.30'), (e: Error & { status?: number }) => e.status === 400 && /not in the static IP pool/.test(e.message));
      await assert.rejects(take('nic-e', '10.0.0.300'), (e: Error & { status?: number }) => e.status === 400 && /not a valid IP address/.test(e.message));
      assert.equal(await take('nic-e'), '10.0.0.22');
      await assert.rejects(take('nic-f'), (e: Error & { status?: number }) => e.status === 400 && /exhausted/.test(e.message));
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, ['nic-a', 'nic-d']));
      assert.deepEqual((await networks.allocations(net)).map((a) => `${a.ip}=${a.holderId}`),
        ['10.0.0.11=nic-c', '10.0.0.21=nic-b', '10.0.0.22=nic-e']);
      assert.equal(await take('nic-f'), '10.0.0.10');
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, ['nic-b', 'nic-c', 'nic-e', 'nic-f']));
    });

    test('concurrent allocations never share an address', async () => {
      const { networks, store } = t.cell.services;
      const net = (await networks.findForVdc(store.db, vdcId, 'routed-net'))!;
      const holders = Array.from({ length: 24 }, (_, i) => `nic-${i}`);
      const ips = await Promise.all(holders.map((h) => store.db.transaction().execute((trx) => networks.allocateIp(trx, net.id, h))));
      assert.equal(new Set(ips).size, holders.length, `every holder its own address: ${ips.join(' ')}`);
      const expected = Array.from({ length: holders.length }, (_, i) => `192.168.10.${10 + i}`);
      assert.deepEqual([...ips].sort(), [...expected].sort(), 'the lowest addresses of the pool');
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, holders));
      assert.deepEqual(await networks.allocations(net), []);
    });

    test('from the VDC to its networks by AvailableNetworks, the network document and its links (XML and JSON)', async () => {
      const vdc = await hello.call('GET', `/api/vdc/${vdcId}`);
      assert.equal(vdc.status, 200, vdc.text);
      const available = hrefs(vdc.text, 'Network');
      // seeded at one instant: creation order ties, so the order between them is the ids'
      assert.deepEqual(available.map((n) => attr(n, 'name')).sort(), ['routed-net', 'tiny-net']);
      const links = hrefs(vdc.text, 'Link');
      assert.equal(pathOf(links.find((l) => attr(l, 'rel') === 'orgVdcNetworks')!), `/api/admin/vdc/${vdcId}/networks`);
      const net = await hello.call('GET', pathOf(available.find((n) => attr(n, 'name') === 'routed-net')!));
      assert.equal(net.status, 200, net.text);
      assert.match(net.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.orgVdcNetwork\+xml/);
      assert.equal(attr(net.text, 'id'), `urn:vcloud:network:${routedId}`);
      assert.match(net.text, /<IpScopes><IpScope><IsInherited>false<\/IsInherited><Gateway>192\.168\.10\.1<\/Gateway><Netmask>255\.255\.255\.0<\/Netmask><SubnetPrefixLength>24<\/SubnetPrefixLength>/);
      assert.match(net.text, /<IpRange><StartAddress>192\.168\.10\.10<\/StartAddress><EndAddress>192\.168\.10\.200<\/EndAddress><\/IpRange>/);
      assert.match(net.text, /<FenceMode>natRouted<\/FenceMode>/);
      assert.equal(pathOf(hrefs(net.text, 'EdgeGateway')[0]!), `/api/admin/edgeGateway/${gatewayId}`);
      assert.equal(pathOf(hrefs(net.text, 'Link').find((l) => attr(l, 'rel') === 'up')!), `/api/vdc/${vdcId}`);
      await assertValid(net.text);
      const json = JSON.parse((await hello.call('GET', `/api/network/${routedId}`, undefined, undefined, ACCEPT_JSON)).text);
      assert.equal(json.configuration.fenceMode, 'natRouted');
      assert.equal(json.configuration.ipScopes.ipScope[0].gateway, '192.168.10.1');
      assert.equal(json.edgeGateway.name, 'edge-01');
      // the admin path: the same document for the org's administrators and the provider, not for a vApp Author
      for (const c of [admin, provider]) {
        const res = await c.call('GET', `/api/admin/network/${routedId}`);
        assert.equal(res.status, 200, res.text);
        assert.equal(pathOf(hrefs(res.text, 'Link').find((l) => attr(l, 'rel') === 'up')!), `/api/admin/vdc/${vdcId}`);
      }
      assert.equal((await hello.call('GET', `/api/admin/network/${routedId}`)).status, 403);
    });

    test("another org's network and gateway are absent (403), and a vApp Author sees no Edge gateway", async () => {
      for (const path of [`/api/network/${routedId}`, `/api/network/${routedId}/allocatedAddresses`, `/api/admin/edgeGateway/${gatewayId}`]) {
        const res = await other.call('GET', path);
        assert.equal(res.status, 403, path);
        assert.match(res.text, /minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN"/);
      }
      assert.equal((await hello.call('GET', `/api/admin/edgeGateway/${gatewayId}`)).status, 403);
      const none = await hello.call('GET', `/api/admin/vdc/${vdcId}/edgeGateways`);
      assert.equal(none.status, 200, none.text);
      assert.match(none.text, /total="0"/);
      assert.match((await other.call('GET', '/api/query?type=orgVdcNetwork')).text, /total="0"/);
      assert.equal((await other.call('GET', `/api/admin/vdc/${vdcId}/networks`)).status, 403);
    });

    test('queries: orgVdcNetwork and edgeGateway records, filtered by the VDC href and by name', async () => {
      const vdcHref = `${t.url}/api/vdc/${vdcId}`;
      const nets = await hello.call('GET', `/api/query?type=orgVdcNetwork&filter=${encodeURIComponent(`vdc==${vdcHref}`)}&sortAsc=name`);
      assert.equal(nets.status, 200, nets.text);
      const records = hrefs(nets.text, 'OrgVdcNetworkRecord');
      assert.deepEqual(records.map((r) => attr(r, 'name')), ['routed-net', 'tiny-net']);
      const routed = records[0]!;
      assert.equal(attr(routed, 'linkType'), '1');
      assert.equal(attr(routed, 'connectedTo'), 'edge-01');
      assert.equal(attr(routed, 'defaultGateway'), '192.168.10.1');
      assert.equal(attr(routed, 'netmask'), '255.255.255.0');
      assert.equal(attr(routed, 'vdcName'), 'ExampleVdc01');
      assert.equal(attr(routed, 'totalIpCount'), '191');
      assert.equal(attr(routed, 'usedIpCount'), '0');
      assert.equal(attr(routed, 'vdc'), vdcHref);
      assert.equal(attr(records[1]!, 'linkType'), '2');
      await assertValid(nets.text);
      const byName = await hello.call('GET', '/api/query?type=orgVdcNetwork&filter=name==tiny*&format=references');
      assert.deepEqual(hrefs(byName.text, 'Reference').map((r) => attr(r, 'name')), ['tiny-net']);
      await assertValid(byName.text);
      const otherVdc = await hello.call('GET', `/api/query?type=orgVdcNetwork&filter=${encodeURIComponent(`vdc==${t.url}/api/vdc/00000000-0000-4000-8000-000000000000`)}`);
      assert.match(otherVdc.text, /total="0"/);
      const admins = await admin.call('GET', '/api/query?type=adminOrgVdcNetwork');
      assert.equal(admins.status, 200, admins.text);
      assert.ok(hrefs(admins.text, 'OrgVdcNetworkRecord').every((r) => pathOf(r).startsWith('/api/admin/network/')));
      assert.match((await hello.call('GET', '/api/query?type=adminOrgVdcNetwork')).text, /total="0"/, 'a vApp Author has no admin view');
      for (const c of [admin, provider]) {
        const gws = await c.call('GET', `/api/admin/vdc/${vdcId}/edgeGateways`);
        assert.equal(gws.status, 200, gws.text);
        const [gw] = hrefs(gws.text, 'EdgeGatewayRecord');
        assert.equal(pathOf(gw!), `/api/admin/edgeGateway/${gatewayId}`);
        assert.equal(attr(gw!, 'numberOfOrgNetworks'), '1');
        assert.equal(attr(gw!, 'gatewayStatus'), 'READY');
        assert.equal(attr(gw!, 'orgVdcName'), 'ExampleVdc01');
        await assertValid(gws.text);
      }
      const filtered = await provider.call('GET', `/api/query?type=edgeGateway&filter=${encodeURIComponent(`vdc==${t.url}/api/vdc/${vdcId};name==edge-01`)}`);
      assert.match(filtered.text, /total="1"/);
    });

    test('allocatedAddresses lists what the pool has handed out', async () => {
      const { networks, store } = t.cell.services;
      await store.db.transaction().execute((trx) => networks.allocateIp(trx, routedId, 'nic-x'));
      const res = await hello.call('GET', `/api/network/${routedId}/allocatedAddresses`);
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type')!, /^application\/vnd\.vmware\.vcloud\.allocatedNetworkAddress\+xml/);
      assert.match(res.text, /<IpAddress allocationType="vmAllocated" isDeployed="false"><IpAddress>192\.168\.10\.10<\/IpAddress><\/IpAddress>/);
      await assertValid(res.text);
      const records = await hello.call('GET', '/api/query?type=orgVdcNetwork&filter=name==routed-net');
      assert.equal(attr(hrefs(records.text, 'OrgVdcNetworkRecord')[0]!, 'usedIpCount'), '1');
      await store.db.transaction().execute((trx) => networks.releaseIps(trx, ['nic-x']));
    });

    test('the Edge gateway: interfaces and services; NAT and firewall replaced through a task and read back', async () => {
      const gw = await admin.call('GET', `/api/admin/edgeGateway/${gatewayId}`);
      assert.equal(gw.status, 200, gw.text);
      assert.match(gw.headers.get('content-type')!, /^application\/vnd\.vmware\.admin\.edgeGateway\+xml/);
      assert.match(gw.text, /<GatewayInterface><Name>routed-net<\/Name>/);
      assert.match(gw.text, /<FirewallService><IsEnabled>true<\/IsEnabled><DefaultAction>drop<\/DefaultAction>/);
      await assertValid(gw.text);
      const configure = hrefs(gw.text, 'Link').find((l) => attr(l, 'rel') === 'edgeGateway:configureServices')!;
      const body = `<EdgeGatewayServiceConfiguration ${NS}>
        <FirewallService><IsEnabled>true</IsEnabled><DefaultAction>drop</DefaultAction><LogDefaultAction>false</LogDefaultAction>
          <FirewallRule><Id>1</Id><IsEnabled>true</IsEnabled><Description>ssh in</Description><Policy>allow</Policy>
            <Protocols><Tcp>true</Tcp></Protocols><Port>22</Port><DestinationPortRange>22</DestinationPortRange><DestinationIp>192.168.10.10</DestinationIp>
            <SourcePort>-1</SourcePort><SourcePortRange>Any</SourcePortRange><SourceIp>external</SourceIp></FirewallRule>
        </FirewallService>
        <NatService><IsEnabled>true</IsEnabled>
          <NatRule><Description>web</Description><RuleType>DNAT</RuleType><IsEnabled>true</IsEnabled>
            <GatewayNatRule><Interface href="${t.url}/api/admin/network/${routedId}"/><OriginalIp>203.0.113.10</OriginalIp><OriginalPort>80</OriginalPort>
              <TranslatedIp>192.168.10.10</TranslatedIp><TranslatedPort>8080</TranslatedPort><Protocol>tcp</Protocol></GatewayNatRule></NatRule>
        </NatService>
      </EdgeGatewayServiceConfiguration>`;
      await assertValid(body);
      const res = await admin.call('POST', pathOf(configure), body, CONFIGURE);
      assert.equal(res.status, 202, res.text);
      assert.match(res.text, /<Task [^>]*status="success"/);
      const after = await admin.call('GET', `/api/admin/edgeGateway/${gatewayId}`);
      assert.match(after.text, /<FirewallRule><Id>1<\/Id><IsEnabled>true<\/IsEnabled><MatchOnTranslate>false<\/MatchOnTranslate><Description>ssh in<\/Description><Policy>allow<\/Policy><Protocols><Tcp>true<\/Tcp><\/Protocols><DestinationPortRange>22<\/DestinationPortRange><DestinationIp>192\.168\.10\.10<\/DestinationIp><SourcePortRange>Any<\/SourcePortRange><SourceIp>external<\/SourceIp>/);
      assert.match(after.text, /<NatRule><Description>web<\/Description><RuleType>DNAT<\/RuleType><IsEnabled>true<\/IsEnabled><Id>65537<\/Id><GatewayNatRule><Interface href="[^"]*\/api\/admin\/network\/[^"]+"[^>]*name="routed-net"\/><OriginalIp>203\.0\.113\.10<\/OriginalIp><OriginalPort>80<\/OriginalPort><TranslatedIp>192\.168\.10\.10<\/TranslatedIp><TranslatedPort>8080<\/TranslatedPort><Protocol>tcp<\/Protocol>/);
      await assertValid(after.text);
      // a document naming only NAT replaces NAT and keeps the firewall (as go-vcloud-director sends it)
      const natOnly = await admin.call('POST', pathOf(configure), `<EdgeGatewayServiceConfiguration ${NS}><NatService><IsEnabled>false</IsEnabled></NatService></EdgeGatewayServiceConfiguration>`, CONFIGURE);
      assert.equal(natOnly.status, 202, natOnly.text);
      const kept = (await admin.call('GET', `/api/admin/edgeGateway/${gatewayId}`)).text;
      assert.match(kept, /<NatService><IsEnabled>false<\/IsEnabled><\/NatService>/);
      assert.match(kept, /<Description>ssh in<\/Description>/);
      // JSON, as VCD's JSON names the services (networkService with _type)
      const json = await admin.call('POST', pathOf(configure), JSON.stringify({ networkService: [{ _type: 'NatServiceType', isEnabled: true, natRule: [
        { ruleType: 'SNAT', gatewayNatRule: { originalIp: '192.168.10.0/24', translatedIp: '203.0.113.10' } },
      ] }] }), CONFIGURE.replace('+xml', '+json'), ACCEPT_JSON);
      assert.equal(json.status, 202, json.text);
      const read = JSON.parse((await admin.call('GET', `/api/admin/edgeGateway/${gatewayId}`, undefined, undefined, ACCEPT_JSON)).text);
      const nat = read.configuration.edgeGatewayServiceConfiguration.networkService.find((s: { _type: string }) => s._type === 'NatServiceType');
      assert.equal(nat.natRule[0].ruleType, 'SNAT');
      assert.equal(nat.natRule[0].gatewayNatRule.originalIp, '192.168.10.0/24');
    });

    test('bad rules, other services and callers without the right are refused, and nothing changes', async () => {
      const before = (await admin.call('GET', `/api/admin/edgeGateway/${gatewayId}`)).text;
      const path = `/api/admin/edgeGateway/${gatewayId}/action/configureServices`;
      const nat = (rule: string) => `<EdgeGatewayServiceConfiguration ${NS}><NatService><IsEnabled>true</IsEnabled><NatRule>${rule}</NatRule></NatService></EdgeGatewayServiceConfiguration>`;
      const fw = (rule: string, action = 'drop') => `<EdgeGatewayServiceConfiguration ${NS}><FirewallService><IsEnabled>true</IsEnabled><DefaultAction>${action}</DefaultAction>${rule}</FirewallService></EdgeGatewayServiceConfiguration>`;
      const cases: Array<[string, RegExp]> = [
        [nat('<RuleType>XNAT</RuleType><GatewayNatRule><OriginalIp>1.2.3.4</OriginalIp><TranslatedIp>192.168.10.5</TranslatedIp></GatewayNatRule>'), /RuleType must be SNAT or DNAT/],
        [nat('<RuleType>DNAT</RuleType><GatewayNatRule><OriginalIp>1.2.3.999</OriginalIp><TranslatedIp>192.168.10.5</TranslatedIp></GatewayNatRule>'), /OriginalIp must be an IP address/],
        [nat('<RuleType>DNAT</RuleType><GatewayNatRule><OriginalIp>1.2.3.4</OriginalIp><OriginalPort>70000</OriginalPort><TranslatedIp>192.168.10.5</TranslatedIp></GatewayNatRule>'), /OriginalPort must be ports between 1 and 65535/],
        [nat(`<RuleType>DNAT</RuleType><GatewayNatRule><Interface href="${t.url}/api/admin/network/00000000-0000-4000-8000-000000000000"/><OriginalIp>1.2.3.4</OriginalIp><TranslatedIp>192.168.10.5</TranslatedIp></GatewayNatRule>`), /not an interface of this Edge gateway/],
        [nat('<RuleType>DNAT</RuleType><GatewayNatRule><TranslatedIp>192.168.10.5</TranslatedIp></GatewayNatRule>'), /OriginalIp is required/],
        [nat('<RuleType>DNAT</RuleType><OneToOneBasicRule/>'), /must be a GatewayNatRule/],
        [fw('', 'reject'), /DefaultAction must be allow or drop/],
        [fw('<FirewallRule><Policy>allow</Policy><Protocols><Tcp>true</Tcp></Protocols><DestinationIp>any</DestinationIp><SourceIp>10.0.0.0/33</SourceIp></FirewallRule>'), /SourceIp is not a valid CIDR block/],
        [fw('<FirewallRule><Policy>allow</Policy><Protocols></Protocols><DestinationIp>any</DestinationIp><SourceIp>any</SourceIp></FirewallRule>'), /Protocols names no protocol/],
        [`<EdgeGatewayServiceConfiguration ${NS}><GatewayDhcpService><IsEnabled>true</IsEnabled></GatewayDhcpService></EdgeGatewayServiceConfiguration>`, /GatewayDhcpService.*is not supported/],
        [`<EdgeGatewayServiceConfiguration ${NS}/>`, /names no service/],
        ['<EdgeGatewayServiceConfiguration', /.*/],
      ];
      for (const [body, message] of cases) {
        const res = await admin.call('POST', path, body, CONFIGURE);
        assert.equal(res.status, 400, `${body}: ${res.text}`);
        assert.match(res.text, /majorErrorCode="400"/);
        assert.match(res.text, message);
      }
      assert.equal((await admin.call('POST', path, fw(''), 'application/xml')).status, 415);
      assert.equal((await hello.call('POST', path, fw(''), CONFIGURE)).status, 403, 'a vApp Author does not see the gateway');
      assert.equal((await other.call('POST', path, fw(''), CONFIGURE)).status, 403);
      assert.equal((await admin.call('GET', `/api/admin/edgeGateway/${gatewayId}`)).text, before);
    });

    test('network metadata: read on the tenant path, written by an administrator on the admin path', async () => {
      const value = `<MetadataValue ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TypedValue xsi:type="MetadataStringValue"><Value>blue</Value></TypedValue></MetadataValue>`;
      const set = await admin.call('PUT', `/api/admin/network/${routedId}/metadata/zone`, value, 'application/vnd.vmware.vcloud.metadata.value+xml');
      assert.equal(set.status, 202, set.text);
      const read = await hello.call('GET', `/api/network/${routedId}/metadata`);
      assert.equal(read.status, 200, read.text);
      assert.match(read.text, /<Key>zone<\/Key>/);
      await assertValid(read.text);
      assert.equal((await hello.call('PUT', `/api/network/${routedId}/metadata/zone`, value, 'application/vnd.vmware.vcloud.metadata.value+xml')).status, 405);
    });
  });
}

describe('the seed file: Edge gateways and networks', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'vcdkit-seed-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const problems = async (networks: unknown[], edgeGateways: unknown[] = [{ name: 'edge-01' }]) => {
    const file = join(dir, 'seed.json');
    await writeFile(file, JSON.stringify({ orgs: [{ name: 'O', vdcs: [{
      name: 'V', allocationModel: 'AllocationVApp', storageProfiles: [{ name: 'Gold', limitMb: 0 }], edgeGateways, networks,
    }] }] }));
    try {
      await readSeed(file, []);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };
  const routed = { name: 'n', fenceMode: 'natRouted', edgeGateway: 'edge-01', gateway: '192.168.10.1', prefixLength: 24 };

  test('a valid declaration passes', async () => {
    assert.equal(await problems([{ ...routed, ipRanges: [{ start: '192.168.10.10', end: '192.168.10.20' }], dns1: '8.8.8.8' }]), '');
  });

  test('each problem is named with its path, and the choices where there are some', async () => {
    const at = 'orgs[0].vdcs[0].networks[0]';
    const cases: Array<[unknown[], string, unknown[]?]> = [
      [[{ ...routed, edgeGateway: 'edge-02' }], `${at}.edgeGateway: unknown Edge gateway "edge-02" (valid gateways: "edge-01")`],
      [[{ ...routed, edgeGateway: undefined }], `${at}.edgeGateway: missing`],
      [[{ ...routed, fenceMode: 'isolated' }], `${at}.edgeGateway: an isolated network has no Edge gateway`],
      [[{ ...routed, fenceMode: 'bridged' }], `${at}.fenceMode: must be one of "natRouted", "isolated"`],
      [[{ ...routed, gateway: '192.168.10.0' }], `${at}.gateway: 192.168.10.0 is not a host address of 192.168.10.0/24`],
      [[{ ...routed, gateway: 'gw' }], `${at}.gateway: "gw" is not an IPv4 address`],
      [[{ ...routed, prefixLength: 31 }], `${at}.prefixLength: must be <= 30`],
      [[{ ...routed, ipRanges: [{ start: '192.168.11.10', end: '192.168.10.20' }] }], `${at}.ipRanges[0].start: 192.168.11.10 is outside the network's subnet 192.168.10.0/24`],
      [[{ ...routed, ipRanges: [{ start: '192.168.10.20', end: '192.168.10.10' }] }], `${at}.ipRanges[0]: the range ends (192.168.10.10) before it starts (192.168.10.20)`],
      [[{ ...routed, ipRanges: [{ start: '192.168.10.1', end: '192.168.10.10' }] }], `${at}.ipRanges[0]: the range holds the gateway 192.168.10.1`],
      [[{ ...routed, ipRanges: [{ start: '192.168.10.10', end: '192.168.10.20' }, { start: '192.168.10.20', end: '192.168.10.30' }] }], `${at}.ipRanges[1]: the range overlaps ipRanges[0]`],
      [[{ ...routed, dns1: '8.8.8' }], `${at}.dns1: "8.8.8" is not an IPv4 address`],
      [[routed, { ...routed, name: 'N' }], 'orgs[0].vdcs[0].networks[1].name: network "N" is declared twice in org O'],
      [[], 'orgs[0].vdcs[0].edgeGateways[1].name: Edge gateway "EDGE-01" is declared twice', [{ name: 'edge-01' }, { name: 'EDGE-01' }]],
      [[{ ...routed, vlan: 5 }], `${at}.vlan: unknown key (valid keys: name, description, fenceMode, edgeGateway, gateway`],
    ];
    for (const [networks, expected, gateways] of cases) {
      const message = await problems(networks, gateways);
      assert.ok(message.includes(expected), `expected "${expected}" in: ${message}`);
      assert.match(message, /nothing was written/);
    }
  });
});
