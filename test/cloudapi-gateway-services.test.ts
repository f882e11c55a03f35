// An NSX-T Edge gateway's services and the objects its rules name, through the CloudAPI as go-vcloud-director calls
// them, on both stores: application port profiles (the SYSTEM ones, read-only, and an org's TENANT ones), firewall
// groups (IP sets, static groups of the gateway's networks), NAT rules, the firewall's ordered rules, static routes and
// the DNS forwarder. Every write answers 202 with the task in Location (its Owner the object made, or the gateway); bodies
// are checked against the spec's schemas; a rule naming an unknown group or profile, a group or profile in use, a
// SYSTEM profile's change are refused; another org's, and a user without the service's rights, get the one 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_SEED, PASSWORD } from './helpers/cell.ts';
import { taskOwner, type CloudResponse } from './helpers/cloudapi.ts';
import { eachEngine } from './helpers/world.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const profiles = [{ name: 'Gold', limitMb: 1024, default: true }];
const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: [
    {
      ...TEST_SEED.orgs![0]!,
      vdcs: [{
        ...TEST_SEED.orgs![0]!.vdcs![0]!,
        edgeGateways: [{ name: 'edge-01' }, { name: 'edge-02' }],
        networks: [
          ...TEST_SEED.orgs![0]!.vdcs![0]!.networks!,
          { name: 'net-b', fenceMode: 'natRouted', edgeGateway: 'edge-02', gateway: '10.1.0.1', prefixLength: 16 },
        ],
      }],
    },
    {
      ...TEST_SEED.orgs![1]!,
      users: [...TEST_SEED.orgs![1]!.users!, { name: 'OtherAdmin', password: PASSWORD, role: 'Organization Administrator' }],
      vdcs: [{ name: 'OtherVdc', allocationModel: 'Flex', storageProfiles: profiles, edgeGateways: [{ name: 'other-edge' }] }],
    },
  ],
};

type Item = Record<string, any>;

eachEngine('NSX-T gateway services through the CloudAPI', { seed: SEED }, (w) => {
  /** A write answered as Cloud Director 10.x does: 202, the task in Location, a success; the task's Owner URN. */
  const done = (res: CloudResponse) => taskOwner(w.provider, res);
  /** A refusal: its status, and its error document's message. */
  const refused = (res: { status: number; text: string; json?: unknown }, status: number, pattern: RegExp) => {
    assert.equal(res.status, status, res.text);
    assert.match((res.json as { message?: string } | undefined)?.message ?? res.text, pattern);
  };
  const gatewayUrn = async (name: string) => {
    const res = await w.provider.cloud('GET', `/edgeGateways?filter=${encodeURIComponent(`name==${name}`)}`);
    return res.json.values[0].id as string;
  };
  const networkUrn = async (name: string) => {
    const res = await w.provider.cloud('GET', `/orgVdcNetworks?filter=${encodeURIComponent(`name==${name}`)}`);
    return res.json.values[0].id as string;
  };

  test('application port profiles: the SYSTEM ones for everyone who may see them, read-only; TENANT ones made, changed and deleted as tasks', async () => {
    const vdc = (await w.orgAdmin.cloud('GET', '/vdcs')).json.values[0].id as string;
    const system = await w.orgAdmin.cloud('GET', `/applicationPortProfiles?pageSize=128&filter=${encodeURIComponent(`scope==SYSTEM;_context==${vdc}`)}`);
    assert.equal(system.status, 200, system.text);
    const http = system.json.values.find((p: Item) => p.name === 'HTTP');
    assert.deepEqual(http.applicationPorts, [{ protocol: 'TCP', destinationPorts: ['80'] }]);
    assert.equal(http.orgRef, null);
    refused(await w.orgAdmin.cloud('PUT', `/applicationPortProfiles/${http.id}`, { ...http, name: 'Web' }), 403, /SYSTEM profile/);
    refused(await w.provider.cloud('DELETE', `/applicationPortProfiles/${http.id}`), 403, /read-only/);

    const body = { name: 'app-8080', scope: 'TENANT', applicationPorts: [{ protocol: 'TCP', destinationPorts: ['8080', '9000-9010'] }] };
    const id = await done(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', body));
    assert.match(id, /^urn:vcloud:applicationPortProfile:[0-9a-f-]{36}$/);
    const made = await w.orgAdmin.cloud('GET', `/applicationPortProfiles/${id}`);
    assert.equal(made.status, 200, made.text);
    assert.deepEqual([made.json.scope, made.json.orgRef.id, made.json.applicationPorts], ['TENANT', `urn:vcloud:org:${w.org}`, body.applicationPorts]);
    const mine = await w.orgAdmin.cloud('GET', `/applicationPortProfiles?filter=${encodeURIComponent(`_context==${vdc};scope==TENANT`)}`);
    assert.deepEqual(mine.json.values.map((p: Item) => p.name), ['app-8080']);

    refused(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', body), 400, /already exists/);
    refused(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', { ...body, name: 'x', applicationPorts: [{ protocol: 'SCTP' }] }), 400, /protocol/);
    refused(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', { ...body, name: 'x', applicationPorts: [{ protocol: 'TCP', destinationPorts: ['70000'] }] }), 400, /70000.*destinationPorts\/0/);
    refused(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', { applicationPorts: [] }), 400, /name/);

    assert.equal(await done(await w.orgAdmin.cloud('PUT', `/applicationPortProfiles/${id}`, { ...made.json, name: 'app-8081', applicationPorts: [{ protocol: 'UDP', destinationPorts: ['8081'] }] })), id);
    assert.deepEqual((await w.orgAdmin.cloud('GET', `/applicationPortProfiles/${id}`)).json.applicationPorts, [{ protocol: 'UDP', destinationPorts: ['8081'] }]);

    // another org's is out of reach as an absent one; a vApp Author may see none
    const otherAdmin = await w.as('OtherAdmin', 'OtherOrg');
    const forbidden = await otherAdmin.cloud('GET', `/applicationPortProfiles/${id}`);
    refused(forbidden, 403, new RegExp(id));
    refused(await otherAdmin.cloud('GET', `/applicationPortProfiles/${id.replace(/.{12}$/, '000000000000')}`), 403, /No access/);
    assert.equal((await otherAdmin.cloud('GET', `/applicationPortProfiles?filter=${encodeURIComponent('scope==TENANT')}`)).json.resultTotal, 0);
    assert.equal((await w.hello.cloud('GET', '/applicationPortProfiles')).json.resultTotal, 0);
    refused(await w.hello.cloud('POST', '/applicationPortProfiles', { ...body, name: 'h' }), 403, /Configure Firewall/);

    await done(await w.orgAdmin.cloud('DELETE', `/applicationPortProfiles/${id}`));
    refused(await w.orgAdmin.cloud('GET', `/applicationPortProfiles/${id}`), 403, /No access/);
  });

  test('firewall groups: IP sets and static groups of the gateway\'s networks, on the gateway their ownerRef names', async () => {
    const edge1 = await gatewayUrn('edge-01');
    const edge2 = await gatewayUrn('edge-02');
    const ipSet = { name: 'web-servers', typeValue: 'IP_SET', ipAddresses: ['10.0.0.5', '10.0.1.0/24', '10.0.2.1-10.0.2.9'], ownerRef: { id: edge1 } };
    const id = await done(await w.orgAdmin.cloud('POST', '/firewallGroups', ipSet));
    assert.match(id, /^urn:vcloud:firewallGroup:[0-9a-f-]{36}$/);
    const made = (await w.orgAdmin.cloud('GET', `/firewallGroups/${id}`)).json;
    assert.deepEqual([made.name, made.typeValue, made.ipAddresses, made.ownerRef.id, made.edgeGatewayRef.name], ['web-servers', 'IP_SET', ipSet.ipAddresses, edge1, 'edge-01']);
    const listed = await w.orgAdmin.cloud('GET', `/firewallGroups?filter=${encodeURIComponent(`_context==${edge1};typeValue==IP_SET`)}`);
    assert.deepEqual(listed.json.values.map((g: Item) => g.name), ['web-servers']);

    refused(await w.orgAdmin.cloud('POST', '/firewallGroups', ipSet), 400, /already exists on Edge gateway "edge-01"/);
    refused(await w.orgAdmin.cloud('POST', '/firewallGroups', { ...ipSet, name: 'bad', ipAddresses: ['10.0.0.300'] }), 400, /ipAddresses\/0/);
    refused(await w.orgAdmin.cloud('POST', '/firewallGroups', { ...ipSet, name: 'bad', type: 'NOT_A_TYPE' }), 400, /type/);
    refused(await w.orgAdmin.cloud('POST', '/firewallGroups', { name: 'bad' }), 400, /names no Edge gateway/);

    const netB = await networkUrn('net-b');
    const groupOnEdge1 = { name: 'nets', typeValue: 'STATIC_MEMBERS', members: [{ id: netB }], ownerRef: { id: edge1 } };
    refused(await w.orgAdmin.cloud('POST', '/firewallGroups', groupOnEdge1), 400, /not connected to Edge gateway "edge-01"/);
    const staticId = await done(await w.orgAdmin.cloud('POST', '/firewallGroups', { ...groupOnEdge1, ownerRef: { id: edge2 } }));
    const byType = await w.orgAdmin.cloud('GET', `/firewallGroups?filter=${encodeURIComponent(`type==SECURITY_GROUP;_context==${edge2}`)}`);
    assert.deepEqual(byType.json.values.map((g: Item) => g.name), ['nets']);
    const group = (await w.orgAdmin.cloud('GET', `/firewallGroups/${staticId}`)).json;
    assert.deepEqual([group.typeValue, group.members], ['STATIC_MEMBERS', [{ id: netB, name: 'net-b' }]]);

    assert.equal(await done(await w.orgAdmin.cloud('PUT', `/firewallGroups/${id}`, { ...made, ipAddresses: ['192.168.0.1'] })), id);
    assert.deepEqual((await w.orgAdmin.cloud('GET', `/firewallGroups/${id}`)).json.ipAddresses, ['192.168.0.1']);

    const otherAdmin = await w.as('OtherAdmin', 'OtherOrg');
    refused(await otherAdmin.cloud('GET', `/firewallGroups/${id}`), 403, /No access/);
    refused(await otherAdmin.cloud('PUT', `/firewallGroups/${id}`, made), 403, /No access/);
    refused(await otherAdmin.cloud('POST', '/firewallGroups', { ...ipSet, name: 'theirs' }), 403, /No access/);
    await done(await w.orgAdmin.cloud('DELETE', `/firewallGroups/${staticId}`));
    await done(await w.orgAdmin.cloud('DELETE', `/firewallGroups/${id}`));
  });

  test('NAT rules: DNAT, SNAT, REFLEXIVE and the rest added as tasks of the gateway, listed, changed and deleted; unknown profiles refused', async () => {
    const edge = await gatewayUrn('edge-01');
    const nat = `/edgeGateways/${edge}/nat/rules`;
    const http = (await w.orgAdmin.cloud('GET', `/applicationPortProfiles?filter=${encodeURIComponent('name==HTTP')}`)).json.values[0];
    const dnat = { name: 'web', ruleType: 'DNAT', externalAddresses: '203.0.113.10', internalAddresses: '10.0.0.10', dnatExternalPort: '8080',
      applicationPortProfile: { id: http.id }, logging: true, priority: 10, firewallMatch: 'MATCH_EXTERNAL_ADDRESS' };
    assert.equal(await done(await w.orgAdmin.cloud('POST', nat, dnat)), edge);
    await done(await w.orgAdmin.cloud('POST', nat, { name: 'out', ruleType: 'SNAT', externalAddresses: '203.0.113.11', internalAddresses: '10.0.0.0/24' }));
    await done(await w.orgAdmin.cloud('POST', nat, { name: 'hairpin', type: 'REFLEXIVE', externalAddresses: '203.0.113.12', internalAddresses: '10.0.0.12' }));
    await done(await w.orgAdmin.cloud('POST', nat, { name: 'keep', ruleType: 'NO_SNAT', internalAddresses: '10.0.0.0/24', externalAddresses: '' }));

    const list = await w.orgAdmin.cloud('GET', `${nat}?pageSize=2`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual([list.json.resultTotal, list.json.pageCount, list.json.values.map((r: Item) => r.name)], [4, 2, ['web', 'out']]);
    const web = list.json.values[0];
    assert.deepEqual([web.ruleType, web.applicationPortProfile, web.dnatExternalPort, web.logging, web.priority, web.firewallMatch],
      ['DNAT', { id: http.id, name: 'HTTP' }, '8080', true, 10, 'MATCH_EXTERNAL_ADDRESS']);
    const page2 = (await w.orgAdmin.cloud('GET', `${nat}?pageSize=2&page=2`)).json.values;
    assert.deepEqual(page2.map((r: Item) => [r.name, r.type]), [['hairpin', 'REFLEXIVE'], ['keep', 'NO_SNAT']]);

    refused(await w.orgAdmin.cloud('POST', nat, { ...dnat, name: 'x', ruleType: 'MASQUERADE' }), 400, /ruleType/);
    refused(await w.orgAdmin.cloud('POST', nat, { ruleType: 'DNAT', externalAddresses: '1.1.1.1', internalAddresses: '10.0.0.1' }), 400, /name/);
    refused(await w.orgAdmin.cloud('POST', nat, { ...dnat, name: 'x', internalAddresses: '10.0.0.256' }), 400, /internalAddresses/);
    const unknown = 'urn:vcloud:applicationPortProfile:00000000-0000-4000-8000-000000000000';
    refused(await w.orgAdmin.cloud('POST', nat, { ...dnat, name: 'x', applicationPortProfile: { id: unknown } }), 400, new RegExp(`${unknown} does not exist`));

    const ruleUrl = `${nat}/${web.id}`;
    await done(await w.orgAdmin.cloud('PUT', ruleUrl, { ...web, internalAddresses: '10.0.0.20' }));
    const changed = (await w.orgAdmin.cloud('GET', ruleUrl)).json;
    assert.deepEqual([changed.internalAddresses, changed.version.version], ['10.0.0.20', 1]);
    await done(await w.orgAdmin.cloud('DELETE', ruleUrl));
    refused(await w.orgAdmin.cloud('GET', ruleUrl), 404, /does not exist/);
    assert.equal((await w.orgAdmin.cloud('GET', nat)).json.resultTotal, 3);

    // another org's gateway, and a user without the NAT rights, get the one 403
    const otherAdmin = await w.as('OtherAdmin', 'OtherOrg');
    refused(await otherAdmin.cloud('GET', nat), 403, new RegExp(edge));
    refused(await otherAdmin.cloud('POST', nat, dnat), 403, /No access/);
    refused(await w.hello.cloud('GET', nat), 403, /No access/);
  });

  test('firewall rules: one ordered list PUT whole, with groups, profiles and REJECT; per-rule changes; groups and profiles in use kept', async () => {
    const edge = await gatewayUrn('edge-02');
    const rules = `/edgeGateways/${edge}/firewall/rules`;
    const empty = (await w.orgAdmin.cloud('GET', rules)).json;
    assert.deepEqual([empty.userDefinedRules, empty.defaultRules.map((r: Item) => r.actionValue)], [[], ['DROP']]);

    const group = await done(await w.orgAdmin.cloud('POST', '/firewallGroups', { name: 'admins', ipAddresses: ['10.9.0.0/16'], ownerRef: { id: edge } }));
    const profile = await done(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', { name: 'ssh-alt', applicationPorts: [{ protocol: 'TCP', destinationPorts: ['2222'] }] }));
    const list = [
      { name: 'ssh-in', sourceFirewallGroups: [{ id: group }], applicationPortProfiles: [{ id: profile }], actionValue: 'ALLOW', direction: 'IN', ipProtocol: 'IPV4', logging: true },
      { name: 'deny-rest', actionValue: 'REJECT', direction: 'IN_OUT' },
    ];
    assert.equal(await done(await w.orgAdmin.cloud('PUT', rules, { userDefinedRules: list })), edge);
    const read = (await w.orgAdmin.cloud('GET', rules)).json.userDefinedRules;
    assert.deepEqual(read.map((r: Item) => [r.name, r.action, r.actionValue]), [['ssh-in', 'ALLOW', 'ALLOW'], ['deny-rest', 'DROP', 'REJECT']]);
    assert.deepEqual([read[0].sourceFirewallGroups, read[0].applicationPortProfiles], [[{ id: group, name: 'admins' }], [{ id: profile, name: 'ssh-alt' }]]);

    // the list PUT back reordered keeps the rules' ids
    await done(await w.orgAdmin.cloud('PUT', rules, { userDefinedRules: [read[1], read[0]] }));
    const reordered = (await w.orgAdmin.cloud('GET', rules)).json.userDefinedRules;
    assert.deepEqual(reordered.map((r: Item) => r.id), [read[1].id, read[0].id]);

    refused(await w.orgAdmin.cloud('DELETE', `/firewallGroups/${group}`), 400, /in use by firewall rule "ssh-in"/);
    refused(await w.orgAdmin.cloud('DELETE', `/applicationPortProfiles/${profile}`), 400, /in use by firewall rule "ssh-in"/);
    const otherGroup = await done(await w.orgAdmin.cloud('POST', '/firewallGroups', { name: 'elsewhere', ipAddresses: ['10.8.0.1'], ownerRef: { id: await gatewayUrn('edge-01') } }));
    refused(await w.orgAdmin.cloud('PUT', rules, { userDefinedRules: [{ name: 'x', destinationFirewallGroups: [{ id: otherGroup }] }] }), 400, /does not exist on Edge gateway "edge-02"/);
    refused(await w.orgAdmin.cloud('PUT', rules, { userDefinedRules: [{ name: 'x', action: 'ACCEPT' }] }), 400, /action/);
    refused(await w.orgAdmin.cloud('PUT', rules, { userDefinedRules: [{ name: 'x', actionValue: 'MAYBE' }] }), 400, /userDefinedRules\/0\/actionValue/);
    assert.equal((await w.orgAdmin.cloud('GET', rules)).json.userDefinedRules.length, 2, 'a refused list changes nothing');

    const ssh = `${rules}/${read[0].id}`;
    await done(await w.orgAdmin.cloud('PUT', ssh, { ...read[0], sourceFirewallGroups: null, actionValue: 'DROP' }));
    assert.deepEqual([(await w.orgAdmin.cloud('GET', ssh)).json.actionValue, (await w.orgAdmin.cloud('GET', ssh)).json.sourceFirewallGroups], ['DROP', null]);
    await done(await w.orgAdmin.cloud('DELETE', `/firewallGroups/${group}`));
    await done(await w.orgAdmin.cloud('DELETE', ssh));
    await done(await w.orgAdmin.cloud('DELETE', rules));
    assert.deepEqual((await w.orgAdmin.cloud('GET', rules)).json.userDefinedRules, []);
    await done(await w.orgAdmin.cloud('DELETE', `/applicationPortProfiles/${profile}`));

    const otherAdmin = await w.as('OtherAdmin', 'OtherOrg');
    refused(await otherAdmin.cloud('PUT', rules, { userDefinedRules: [] }), 403, /No access/);
  });

  test('static routes: added as tasks of the gateway, paged, changed and deleted; a CIDR and next hops checked', async () => {
    const edge = await gatewayUrn('edge-01');
    const routes = `/edgeGateways/${edge}/routing/staticRoutes`;
    const route = { name: 'to-dc', networkCidr: '172.20.0.0/16', nextHops: [{ ipAddress: '10.0.0.254', adminDistance: 5 }] };
    assert.equal(await done(await w.orgAdmin.cloud('POST', routes, route)), edge);
    await done(await w.orgAdmin.cloud('POST', routes, { name: 'default', networkCidr: '0.0.0.0/0', nextHops: [{ ipAddress: '10.0.0.1' }] }));
    const list = await w.orgAdmin.cloud('GET', `${routes}?pageSize=1`);
    assert.deepEqual([list.json.resultTotal, list.json.pageCount], [2, 2]);
    const made = list.json.values[0];
    assert.deepEqual([made.name, made.networkCidr, made.nextHops, made.version],
      ['to-dc', '172.20.0.0/16', [{ ipAddress: '10.0.0.254', adminDistance: 5, scope: null }], '0']);
    refused(await w.orgAdmin.cloud('POST', routes, { ...route, networkCidr: '172.20.0.0' }), 400, /networkCidr/);
    refused(await w.orgAdmin.cloud('POST', routes, { ...route, nextHops: [] }), 400, /next hop/);
    refused(await w.orgAdmin.cloud('POST', routes, { ...route, nextHops: [{ ipAddress: '10.0.0.1', adminDistance: 300 }] }), 400, /adminDistance/);
    await done(await w.orgAdmin.cloud('PUT', `${routes}/${made.id}`, { ...made, nextHops: [{ ipAddress: '10.0.0.253' }] }));
    assert.deepEqual((await w.orgAdmin.cloud('GET', `${routes}/${made.id}`)).json.nextHops, [{ ipAddress: '10.0.0.253', adminDistance: 1, scope: null }]);
    refused(await (await w.as('OtherAdmin', 'OtherOrg')).cloud('GET', routes), 403, /No access/);
    await done(await w.orgAdmin.cloud('DELETE', `${routes}/${made.id}`));
    refused(await w.orgAdmin.cloud('GET', `${routes}/${made.id}`), 404, /static route/);
  });

  test('a gateway deleted takes its firewall groups, rules and routes with it', async () => {
    const vdc = (await w.provider.cloud('GET', '/vdcs')).json.values.find((v: Item) => v.org.name === 'ExampleOrg').id;
    await done(await w.provider.cloud('POST', '/edgeGateways', { name: 'short-lived', edgeGatewayUplinks: [], orgVdc: { id: vdc } }));
    const edge = await gatewayUrn('short-lived');
    const group = await done(await w.orgAdmin.cloud('POST', '/firewallGroups', { name: 'gone', ipAddresses: ['10.0.0.1'], ownerRef: { id: edge } }));
    await done(await w.orgAdmin.cloud('PUT', `/edgeGateways/${edge}/firewall/rules`, { userDefinedRules: [{ name: 'r', sourceFirewallGroups: [{ id: group }] }] }));
    await done(await w.orgAdmin.cloud('POST', `/edgeGateways/${edge}/nat/rules`, { name: 'n', ruleType: 'SNAT', externalAddresses: '192.0.2.9', internalAddresses: '10.0.0.0/24' }));
    await done(await w.provider.cloud('DELETE', `/edgeGateways/${edge}`));
    refused(await w.orgAdmin.cloud('GET', `/firewallGroups/${group}`), 403, /No access/);
    const rows = await w.t.cell.services.store.db.selectFrom('gateway_rules').select('id').where('edge_gateway_id', '=', edge.split(':').pop()!).execute();
    assert.deepEqual(rows, []);
  });

  test('the DNS forwarder: off until put, enabled only with a default zone, deleted back to off', async () => {
    const edge = await gatewayUrn('edge-01');
    const dns = `/edgeGateways/${edge}/dns`;
    const off = (await w.orgAdmin.cloud('GET', dns)).json;
    assert.deepEqual([off.enabled, off.defaultForwarderZone], [false, null]);
    refused(await w.orgAdmin.cloud('PUT', dns, { enabled: true }), 400, /defaultForwarderZone/);
    refused(await w.orgAdmin.cloud('PUT', dns, { enabled: true, defaultForwarderZone: { displayName: 'up', upstreamServers: ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'] } }), 400, /upstreamServers/);
    refused(await w.orgAdmin.cloud('PUT', dns, { enabled: true, defaultForwarderZone: { displayName: 'up', upstreamServers: ['dns.example'] } }), 400, /not an IP address/);
    const config = { enabled: true, defaultForwarderZone: { displayName: 'upstream', upstreamServers: ['1.1.1.1'] },
      conditionalForwarderZones: [{ displayName: 'corp', dnsDomainNames: ['corp.example'], upstreamServers: ['10.0.0.53'] }] };
    assert.equal(await done(await w.orgAdmin.cloud('PUT', dns, config)), edge);
    const on = (await w.orgAdmin.cloud('GET', dns)).json;
    assert.deepEqual([on.enabled, on.defaultForwarderZone, on.conditionalForwarderZones, on.version.version],
      [true, config.defaultForwarderZone, config.conditionalForwarderZones, 1]);
    refused(await w.hello.cloud('GET', dns), 403, /No access/);
    await done(await w.orgAdmin.cloud('DELETE', dns));
    assert.equal((await w.orgAdmin.cloud('GET', dns)).json.enabled, false);
  });
});
