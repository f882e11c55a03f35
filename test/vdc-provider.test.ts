// Org VDCs made from a provider VDC, on both stores: CreateVdcParams as go-vcloud-director sends it (the provider
// VDC, its storage profiles and network pool referenced by href alone), each allocation model's CPU and memory in
// the AdminVdc, an allocation beyond what the provider VDC has left refused, and the CloudAPI's capabilities and
// network profile of the VDC (the provider sets its services edge cluster).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';
import { taskOwner } from './helpers/cloudapi.ts';

const CREATE_XML = 'application/vnd.vmware.admin.createVdcParams+xml';
const NS = 'http://www.vmware.com/vcloud/v1.5';

/** The href of the first element named `element` (with `name`, when given). */
const hrefOf = (xml: string, element: string, name?: string) => {
  const tag = [...xml.matchAll(new RegExp(`<${element} ([^>]*)>`, 'g'))].map(([, a]) => a!).find((a) => name === undefined || attr(a, 'name') === name);
  return tag && attr(tag, 'href');
};
const path = (href: string) => new URL(href).pathname;
/** The Error document's message, its quotes unescaped. */
const message = (xml: string) => (attr(xml, 'message') ?? '').replace(/&quot;/g, '"');
const section = (xml: string, element: string) => new RegExp(`<${element}>(.*?)</${element}>`, 's').exec(xml)?.[1] ?? '';
const text = (xml: string, element: string) => new RegExp(`<${element}>([^<]*)</`).exec(xml)?.[1];

interface Params {
  name: string;
  model: string;
  cpu: { allocated: number; limit: number };
  memory: { allocated: number; limit: number };
  providerVdc: string;
  profile: string;
  networkPool?: string | undefined;
  guaranteed?: number;
}

/** CreateVdcParams in go-vcloud-director's shape: references by href alone, elements in its order. */
const params = (p: Params) => `<CreateVdcParams xmlns="${NS}" name="${p.name}"><AllocationModel>${p.model}</AllocationModel>`
  + `<ComputeCapacity><Cpu><Units>MHz</Units><Allocated>${p.cpu.allocated}</Allocated><Limit>${p.cpu.limit}</Limit></Cpu>`
  + `<Memory><Units>MB</Units><Allocated>${p.memory.allocated}</Allocated><Limit>${p.memory.limit}</Limit></Memory></ComputeCapacity>`
  + '<NicQuota>100</NicQuota><NetworkQuota>50</NetworkQuota><IsEnabled>true</IsEnabled>'
  + `<VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>10240</Limit><Default>true</Default><ProviderVdcStorageProfile href="${p.profile}"></ProviderVdcStorageProfile></VdcStorageProfile>`
  + (p.guaranteed === undefined ? '' : `<ResourceGuaranteedMemory>${p.guaranteed}</ResourceGuaranteedMemory><ResourceGuaranteedCpu>${p.guaranteed}</ResourceGuaranteedCpu>`)
  + '<IsThinProvision>true</IsThinProvision>'
  + (p.networkPool ? `<NetworkPoolReference href="${p.networkPool}"></NetworkPoolReference>` : '')
  + `<ProviderVdcReference href="${p.providerVdc}"></ProviderVdcReference><UsesFastProvisioning>false</UsesFastProvisioning></CreateVdcParams>`;

eachEngine('org VDCs from a provider VDC', {}, (w) => {
  let pvdcA: string;
  let pvdcB: string;
  let gold: string;
  let bronze: string;
  let poolA: string;

  before(async () => {
    const admin = (await w.provider.call('GET', '/api/admin')).text;
    pvdcA = hrefOf(admin, 'ProviderVdcReference', 'pvdc-a')!;
    pvdcB = hrefOf(admin, 'ProviderVdcReference', 'pvdc-b')!;
    const a = (await w.provider.call('GET', path(pvdcA))).text;
    gold = hrefOf(a, 'ProviderVdcStorageProfile', 'Gold')!;
    poolA = hrefOf(a, 'NetworkPoolReference')!;
    bronze = hrefOf((await w.provider.call('GET', path(pvdcB))).text, 'ProviderVdcStorageProfile', 'Bronze')!;
  });

  const create = (p: Params) => w.provider.call('POST', `/api/admin/org/${w.org}/vdcsparams`, params(p), CREATE_XML);
  const small = { cpu: { allocated: 2000, limit: 3000 }, memory: { allocated: 2048, limit: 4096 } };

  test('CreateVdcParams as go-vcloud-director sends it makes a VDC in the provider VDC, with its storage profile and network pool', async () => {
    const res = await create({ name: 'GovcdVdc', model: 'Flex', ...small, providerVdc: pvdcA, profile: gold, networkPool: poolA });
    assert.equal(res.status, 201, res.text);
    assert.equal(attr(/<ProviderVdcReference [^>]*>/.exec(res.text)![0], 'name'), 'pvdc-a');
    assert.equal(attr(/<NetworkPoolReference [^>]*>/.exec(res.text)![0], 'name'), 'pool-a');
    assert.equal(attr(/<VdcStorageProfile [^>]*>/.exec(res.text)![0], 'name'), 'Gold');
    const pvdc = (await w.provider.call('GET', path(pvdcA))).text;
    assert.ok(hrefOf(pvdc, 'Vdc', 'GovcdVdc'), 'the provider VDC lists its new org VDC');

    // a profile of another provider VDC, a network pool not the provider VDC's, a provider VDC that is not there
    for (const [wrong, expected] of [
      [{ profile: bronze }, /not an enabled storage profile of provider VDC "pvdc-a"/],
      [{ networkPool: poolA.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000') }, /not the network pool of provider VDC "pvdc-a"/],
      [{ providerVdc: pvdcA.replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000000') }, /names no provider VDC/],
    ] as const) {
      const refused = await create({ name: 'Wrong', model: 'Flex', ...small, providerVdc: pvdcA, profile: gold, networkPool: poolA, ...wrong });
      assert.equal(refused.status, 400, refused.text);
      assert.match(message(refused.text), expected);
    }
    // a storage profile by href alone needs the provider VDC it belongs to
    const unplaced = await w.provider.call('POST', `/api/admin/org/${w.org}/vdcsparams`,
      params({ name: 'Unplaced', model: 'Flex', ...small, providerVdc: pvdcA, profile: gold }).replace(/<ProviderVdcReference [^>]*><\/ProviderVdcReference>/, ''), CREATE_XML);
    assert.equal(unplaced.status, 400, unplaced.text);
    assert.match(message(unplaced.text), /needs the ProviderVdcReference/);
  });

  test('each allocation model sets CPU and memory as Cloud Director does, shown in the AdminVdc', async () => {
    // [model, Cpu Allocated/Limit/Reserved, Memory Allocated/Limit/Reserved, guarantees shown]
    const expected = [
      ['AllocationVApp', [2000, 0, 1000], [2048, 0, 1024], true],
      ['AllocationPool', [2000, 2000, 1000], [2048, 2048, 1024], true],
      ['ReservationPool', [2000, 2000, 2000], [2048, 2048, 2048], false],
      ['Flex', [2000, 3000, 1000], [2048, 4096, 1024], true],
    ] as const;
    for (const [model, cpu, memory, guarantees] of expected) {
      const res = await create({ name: `Model-${model}`, model, ...small, guaranteed: 0.5, providerVdc: pvdcA, profile: gold });
      assert.equal(res.status, 201, res.text);
      const doc = (await w.provider.call('GET', path(hrefOf(res.text, 'AdminVdc')!))).text;
      const numbers = (e: string) => ['Allocated', 'Limit', 'Reserved'].map((n) => Number(text(section(section(doc, 'ComputeCapacity'), e), n)));
      assert.deepEqual(numbers('Cpu'), cpu, `${model} CPU`);
      assert.deepEqual(numbers('Memory'), memory, `${model} memory`);
      assert.equal(text(doc, 'ResourceGuaranteedCpu'), guarantees ? '0.5' : undefined, `${model} guarantee`);
      assert.equal(text(doc, 'AllocationModel'), model);
    }
  });

  test('an allocation beyond what the provider VDC has left is refused, and nothing is made', async () => {
    const pvdc = (await w.provider.call('GET', path(pvdcA))).text;
    const cpu = section(pvdc, 'Cpu');
    const left = Number(text(cpu, 'Total')) - Number(text(cpu, 'Allocation'));
    const over = { cpu: { allocated: left + 1, limit: left + 1 }, memory: { allocated: 1024, limit: 1024 } };
    const refused = await create({ name: 'TooBig', model: 'AllocationPool', ...over, providerVdc: pvdcA, profile: gold });
    assert.equal(refused.status, 400, refused.text);
    assert.match(message(refused.text), new RegExp(`CPU allocation of ${left + 1} MHz exceeds what provider VDC "pvdc-a" has left \\(${left} MHz`));
    const records = await w.provider.call('GET', '/api/query?type=adminOrgVdc&format=references&filter=name==TooBig');
    assert.match(records.text, /total="0"/);
    // what is left fits exactly; then nothing more does
    const fits = await create({ name: 'Fits', model: 'AllocationPool', ...over, cpu: { allocated: left, limit: left }, providerVdc: pvdcA, profile: gold });
    assert.equal(fits.status, 201, fits.text);
    const more = await create({ name: 'More', model: 'ReservationPool', ...small, providerVdc: pvdcA, profile: gold });
    assert.equal(more.status, 400, more.text);
    // pay-as-you-go allocates nothing up front
    const payg = await create({ name: 'Payg', model: 'AllocationVApp', cpu: { allocated: 0, limit: 0 }, memory: { allocated: 0, limit: 0 }, providerVdc: pvdcA, profile: gold });
    assert.equal(payg.status, 201, payg.text);
  });

  test('the CloudAPI capabilities and network profile of a VDC, as its org sees them', async () => {
    // pay-as-you-go, as the test before left pvdc-a no CPU to allocate
    const none = { cpu: { allocated: 0, limit: 0 }, memory: { allocated: 0, limit: 0 } };
    const nsxt = await create({ name: 'CapNsxt', model: 'AllocationVApp', ...none, providerVdc: pvdcA, profile: gold });
    assert.equal(nsxt.status, 201, nsxt.text);
    const plain = await create({ name: 'CapPlain', model: 'Flex', ...small, providerVdc: pvdcB, profile: bronze });
    assert.equal(plain.status, 201, plain.text);
    const urnOf = (xml: string) => attr(/<AdminVdc [^>]*>/.exec(xml)![0], 'id')!;
    const capabilities = async (xml: string) => {
      const res = await w.orgAdmin.cloud('GET', `/vdcs/${urnOf(xml)}/capabilities`);
      assert.equal(res.status, 200, res.text);
      return Object.fromEntries((res.json as { values: Array<{ name: string; value: unknown }> }).values.map((c) => [c.name, c.value]));
    };
    assert.equal((await capabilities(nsxt.text)).networkProvider, 'NSX_T', 'pvdc-a has an NSX-T manager');
    assert.equal((await capabilities(plain.text)).networkProvider, undefined, 'pvdc-b has none');
    const profile = await w.orgAdmin.cloud('GET', `/vdcs/${urnOf(nsxt.text)}/networkProfile`);
    assert.equal(profile.status, 200, profile.text);
    assert.deepEqual(profile.json, { primaryEdgeCluster: null, secondaryEdgeCluster: null, servicesEdgeCluster: null });
    const other = await w.other.cloud('GET', `/vdcs/${urnOf(nsxt.text)}/capabilities`);
    assert.equal(other.status, 403, 'another org\'s VDC is not its to read');

    // the provider sets the services edge cluster: one of the NSX-T manager's behind the VDC's provider VDC
    const clusters = await w.provider.cloud('GET', '/nsxTResources/edgeClusters');
    const cluster = (clusters.json as { values: Array<{ id: string; name: string }> }).values[0]!;
    const put = (xml: string, body: unknown, as = w.provider) => as.cloud('PUT', `/vdcs/${urnOf(xml)}/networkProfile`, body);
    const set = await put(nsxt.text, { servicesEdgeCluster: { backingId: cluster.id } });
    assert.equal(await taskOwner(w.provider, set), urnOf(nsxt.text), 'a task of the VDC\'s, done');
    const after = await w.orgAdmin.cloud('GET', `/vdcs/${urnOf(nsxt.text)}/networkProfile`);
    assert.deepEqual((after.json as { servicesEdgeCluster: unknown }).servicesEdgeCluster, { edgeClusterRef: { name: cluster.name, id: null }, backingId: cluster.id });
    for (const [xml, body] of [[nsxt.text, { servicesEdgeCluster: { backingId: 'no-such-cluster' } }], [plain.text, { servicesEdgeCluster: { backingId: cluster.id } }]] as const) {
      const refused = await put(xml, body);
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /is not one of the NSX-T manager behind the VDC/);
    }
    assert.equal((await put(nsxt.text, { servicesEdgeCluster: null }, w.orgAdmin)).status, 403, 'the provider\'s to set');
    await taskOwner(w.provider, await put(nsxt.text, { servicesEdgeCluster: null }));
    assert.equal((await w.provider.cloud('GET', `/vdcs/${urnOf(nsxt.text)}/networkProfile`)).json.servicesEdgeCluster, null);
  });
});
