// External networks, the provider's only, on both stores: TEST_SEED's ext-a on the CloudAPI (list, filter, item with
// its Tier-0 backing and subnets), the extension's list and VMWExternalNetwork, the externalNetwork query type; one
// created, changed and deleted through tasks (202 and Location), with what Cloud Director refuses (a taken name or
// Tier-0 router, a router the manager does not offer, a backing of another kind, subnets that do not hold together);
// and none of it a tenant's: lists and writes refused, items the one 403.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { taskOwner, type CloudResponse } from './helpers/cloudapi.ts';
import { eachEngine } from './helpers/world.ts';

type Item = Record<string, any>;

eachEngine('external networks', {}, (w) => {
  const done = (res: CloudResponse) => taskOwner(w.provider, res);
  const refused = (res: { status: number; text: string; json?: unknown }, status: number, pattern: RegExp) => {
    assert.equal(res.status, status, res.text);
    assert.match((res.json as { message?: string } | undefined)?.message ?? res.text, pattern);
  };
  const byName = async (name: string) =>
    (await w.provider.cloud('GET', `/externalNetworks?filter=${encodeURIComponent(`name==${name}`)}`)).json.values[0] as Item | undefined;
  const tier0 = async (name: string) => {
    const routers = await w.provider.cloud('GET', '/nsxTResources/importableTier0Routers');
    return routers.json.values.find((r: Item) => r.displayName === name) as Item;
  };

  test('the seeded network: its Tier-0 backing, subnets and address count, on the CloudAPI, the extension and the query service', async () => {
    const ext = await byName('ext-a');
    assert.ok(ext, 'listed by name');
    assert.match(ext.id, /^urn:vcloud:externalnetwork:[0-9a-f-]{36}$/);
    const item = (await w.provider.cloud('GET', `/externalNetworks/${ext.id}`)).json;
    const backing = item.networkBackings.values[0];
    assert.deepEqual([backing.backingTypeValue, backing.name, backing.backingId, backing.networkProvider.name],
      ['NSXT_TIER0', 'tier0-a', (await tier0('tier0-a')).id, 'nsxt1']);
    assert.deepEqual(item.subnets.values.map((s: Item) => [s.gateway, s.prefixLength, s.dnsServer1, s.ipRanges.values, s.totalIpCount]),
      [['198.51.100.1', 24, '198.51.100.53', [{ startAddress: '198.51.100.10', endAddress: '198.51.100.19' }], 10]]);
    assert.equal(item.totalIpCount, 10);
    const byBacking = await w.provider.cloud('GET', `/externalNetworks?filter=${encodeURIComponent(`networkBackings.values.backingId==${backing.backingId}`)}`);
    assert.deepEqual(byBacking.json.values.map((n: Item) => n.name), ['ext-a']);

    const id = ext.id.split(':').pop();
    const list = await w.provider.call('GET', '/api/admin/extension/externalNetworkReferences');
    assert.match(list.text, new RegExp(`<ExternalNetworkReference href="[^"]*/api/admin/extension/externalnet/${id}" type="application/vnd\\.vmware\\.admin\\.vmwexternalnet\\+xml" name="ext-a"/>`));
    const doc = await w.provider.call('GET', `/api/admin/extension/externalnet/${id}`);
    assert.equal(doc.status, 200, doc.text);
    assert.match(doc.text, /<VMWExternalNetwork xmlns="http:\/\/www\.vmware\.com\/vcloud\/extension\/v1\.5"[^>]* name="ext-a"/);
    assert.match(doc.text, /<vcloud:IpScope><vcloud:IsInherited>false<\/vcloud:IsInherited><vcloud:Gateway>198\.51\.100\.1<\/vcloud:Gateway><vcloud:Netmask>255\.255\.255\.0<\/vcloud:Netmask>/);
    assert.match(doc.text, /<vcloud:IpRange><vcloud:StartAddress>198\.51\.100\.10<\/vcloud:StartAddress><vcloud:EndAddress>198\.51\.100\.19<\/vcloud:EndAddress><\/vcloud:IpRange>/);
    assert.match(doc.text, /<vcloud:FenceMode>isolated<\/vcloud:FenceMode>/);

    const records = await w.provider.call('GET', '/api/query?type=externalNetwork&format=records&filter=name==ext-a');
    assert.equal(records.status, 200, records.text);
    assert.match(records.text, new RegExp(`<NetworkRecord [^>]*href="[^"]*/api/admin/extension/externalnet/${id}"`));
    assert.match(records.text, /<NetworkRecord [^>]*gateway="198\.51\.100\.1"/);
    assert.match(records.text, /<NetworkRecord [^>]*netmask="255\.255\.255\.0"/);
  });

  test('created, changed and deleted through tasks; a taken name or Tier-0, an unknown router, another backing, bad subnets refused', async () => {
    const router = await tier0('tier0-b');
    const manager = (await byName('ext-a'))!.networkBackings.values[0].networkProvider.id;
    const body = {
      name: 'ext-b', description: 'uplinks',
      subnets: { values: [{ gateway: '192.0.2.1', prefixLength: 26, dnsServer1: '192.0.2.53', ipRanges: { values: [{ startAddress: '192.0.2.10', endAddress: '192.0.2.12' }] } }] },
      networkBackings: { values: [{ backingId: router.id, backingTypeValue: 'NSXT_TIER0', networkProvider: { id: manager } }] },
    };
    const withBacking = (b: Item) => ({ ...body, networkBackings: { values: [{ ...body.networkBackings.values[0], ...b }] } });
    refused(await w.provider.cloud('POST', '/externalNetworks', withBacking({ backingId: 'no-such-router' })), 400, /"no-such-router" is not a Tier-0 router of NSX-T manager/);
    refused(await w.provider.cloud('POST', '/externalNetworks', withBacking({ backingTypeValue: 'DV_PORTGROUP' })), 400, /backingTypeValue must be NSXT_TIER0/);
    refused(await w.provider.cloud('POST', '/externalNetworks', withBacking({ backingId: (await tier0('tier0-a')).id })), 400, /already backs external network "ext-a"/);
    refused(await w.provider.cloud('POST', '/externalNetworks', { ...body, name: 'EXT-A' }), 400, /named "EXT-A" already exists/);
    refused(await w.provider.cloud('POST', '/externalNetworks', {
      ...body, subnets: { values: [{ ...body.subnets.values[0], ipRanges: { values: [{ startAddress: '192.0.2.10', endAddress: '192.0.2.200' }] } }] },
    }), 400, /subnets\[0\]\.ipRanges\[0\]\.end: 192\.0\.2\.200 is outside the network's subnet 192\.0\.2\.0\/26/);
    refused(await w.provider.cloud('POST', '/externalNetworks', { ...body, subnets: { values: [] } }), 400, /needs at least one subnet/);
    refused(await w.orgAdmin.cloud('POST', '/externalNetworks', body), 403, /./);
    assert.equal(await byName('ext-b'), undefined, 'nothing refused was made');

    const id = await done(await w.provider.cloud('POST', '/externalNetworks', body));
    const made = (await w.provider.cloud('GET', `/externalNetworks/${id}`)).json;
    assert.deepEqual([made.name, made.description, made.totalIpCount, made.networkBackings.values[0].name], ['ext-b', 'uplinks', 3, 'tier0-b']);

    const wider = { ...made, subnets: { values: [{ ...made.subnets.values[0], ipRanges: { values: [{ startAddress: '192.0.2.10', endAddress: '192.0.2.29' }] } }] } };
    refused(await w.orgAdmin.cloud('PUT', `/externalNetworks/${id}`, wider), 403, /./);
    assert.equal(await done(await w.provider.cloud('PUT', `/externalNetworks/${id}`, wider)), id);
    assert.equal((await w.provider.cloud('GET', `/externalNetworks/${id}`)).json.totalIpCount, 20);

    refused(await w.orgAdmin.cloud('DELETE', `/externalNetworks/${id}`), 403, /./);
    assert.equal(await done(await w.provider.cloud('DELETE', `/externalNetworks/${id}`)), id);
    assert.equal(await byName('ext-b'), undefined);
    assert.equal((await w.provider.cloud('GET', `/externalNetworks/${id}`)).status, 403);
  });

  test('a tenant sees none of it: the list refused, the item and the extension\'s view the one 403, no query records', async () => {
    const ext = (await byName('ext-a'))!;
    refused(await w.orgAdmin.cloud('GET', '/externalNetworks'), 403, /./);
    refused(await w.orgAdmin.cloud('GET', `/externalNetworks/${ext.id}`), 403, /./);
    assert.equal((await w.orgAdmin.call('GET', `/api/admin/extension/externalnet/${ext.id.split(':').pop()}`)).status, 403);
    const records = await w.orgAdmin.call('GET', '/api/query?type=externalNetwork&format=records');
    assert.doesNotMatch(records.text, /<NetworkRecord /);
  });
});
