// vApp networks over HTTP, on both stores, as go-vcloud-director's AddOrgNetwork, CreateVappNetwork,
// GetNetworkConfig and RemoveNetwork use them: the NetworkConfigSection read and replaced (bridged, fenced,
// isolated with a subnet and pool of its own), VMs' NICs taking addresses from it, and VCD's refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell, type TestCell } from './helpers/cell.ts';
import { caller, orgId, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, linkOf, pathOf, VAPP_SEED } from './helpers/vapps.ts';
import { assertSchemaValid as assertValid } from './helpers/xsd.ts';

const NCS_XML = 'application/vnd.vmware.vcloud.networkConfigSection+xml';
const NIC_XML = 'application/vnd.vmware.vcloud.networkConnectionSection+xml';
const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"';

/** The NetworkConfigs a client sends back (go-vcloud-director keeps each one's Link), with `extra` appended. */
const section = (served: string, extra = '') =>
  `<NetworkConfigSection ${NS}><ovf:Info>Configuration parameters for logical networks</ovf:Info>${
    [...served.matchAll(/<NetworkConfig [\s\S]*?<\/NetworkConfig>/g)].map((m) => m[0]).join('')}${extra}</NetworkConfigSection>`;
const isolated = (name: string, gateway = '10.0.0.1') => `<NetworkConfig networkName="${name}"><Description>own</Description><Configuration>
  <IpScopes><IpScope><IsInherited>false</IsInherited><Gateway>${gateway}</Gateway><Netmask>255.255.255.0</Netmask><Dns1>10.0.0.2</Dns1><IsEnabled>true</IsEnabled>
  <IpRanges><IpRange><StartAddress>10.0.0.10</StartAddress><EndAddress>10.0.0.20</EndAddress></IpRange></IpRanges></IpScope></IpScopes>
  <FenceMode>isolated</FenceMode></Configuration><IsDeployed>false</IsDeployed></NetworkConfig>`;
const behind = (name: string, parent: string, mode: string) =>
  `<NetworkConfig networkName="${name}"><Configuration><ParentNetwork href="${parent}"/><FenceMode>${mode}</FenceMode></Configuration></NetworkConfig>`;

for (const engine of engines()) {
  describe(`vApp networks on ${engine}`, () => {
    let t: TestCell;
    let hello: Caller;
    let vappPath: string;
    let vmPath: string;
    let parentHref: string;
    before(async () => {
      t = await startCell({ engine, seed: VAPP_SEED });
      hello = await caller(t, 'HelloUser', 'ExampleOrg');
      const db = t.cell.services.store.db;
      const org = await orgId(t, 'ExampleOrg');
      const vdc = (await db.selectFrom('vdcs').select('id').where('org_id', '=', org).executeTakeFirstOrThrow()).id;
      const template = (await db.selectFrom('vapp_templates').select('id').where('name', '=', 'Ubuntu Template with vsftpd').executeTakeFirstOrThrow()).id;
      parentHref = `${t.url}/api/admin/network/${(await db.selectFrom('networks').select('id').where('name', '=', 'routed-net').executeTakeFirstOrThrow()).id}`;
      const res = await hello.call('POST', `/api/vdc/${vdc}/action/instantiateVAppTemplate`,
        instantiateParams({ name: 'networked', template: `${t.url}/api/vAppTemplate/vappTemplate-${template}` }), INSTANTIATE);
      assert.equal(res.status, 201, res.text);
      vappPath = pathOf(/<VApp [^>]*href="([^"]+)"/.exec(res.text)![1]!);
      vmPath = pathOf(/<Vm [^>]*href="([^"]+)"/.exec((await hello.call('GET', vappPath)).text)![1]!);
    });
    after(async () => { await t.close(); });

    const get = async () => {
      const res = await hello.call('GET', `${vappPath}/networkConfigSection/`);
      assert.equal(res.status, 200, res.text);
      return res.text;
    };

    test('the NetworkConfigSection lists the bridged network with its Link and edit link, and validates', async () => {
      const served = await get();
      assert.match(served, /<NetworkConfig networkName="routed-net">/);
      assert.match(served, /<FenceMode>bridged<\/FenceMode>/);
      assert.ok(linkOf(served, 'repair')?.includes('/api/admin/network/'), 'each NetworkConfig links to its network');
      assert.equal(linkOf(served, 'edit'), `${t.url}${vappPath}/networkConfigSection/`);
      await assertValid(served);
      await assertValid((await hello.call('GET', vappPath)).text);
    });

    test('an isolated network of its own subnet, and a fenced one, added; a NIC takes an address from the isolated pool', async () => {
      const put = await hello.call('PUT', `${vappPath}/networkConfigSection/`, section(await get(), isolated('iso') + behind('fenced', parentHref, 'natRouted')), NCS_XML);
      assert.equal(put.status, 202, put.text);
      const served = await get();
      assert.match(served, /<NetworkConfig networkName="iso">[\s\S]*<Gateway>10\.0\.0\.1<\/Gateway>[\s\S]*<StartAddress>10\.0\.0\.10<\/StartAddress>/);
      assert.match(served, /<NetworkConfig networkName="fenced">[\s\S]*?<FenceMode>natRouted<\/FenceMode>/);
      await assertValid(served);
      const nics = (await hello.call('GET', `${vmPath}/networkConnectionSection/`)).text;
      const two = nics.replace('</NetworkConnection>', `</NetworkConnection><NetworkConnection network="iso"><NetworkConnectionIndex>1</NetworkConnectionIndex>
        <IsConnected>true</IsConnected><IpAddressAllocationMode>POOL</IpAddressAllocationMode></NetworkConnection>`);
      assert.equal((await hello.call('PUT', `${vmPath}/networkConnectionSection/`, two, NIC_XML)).status, 202);
      assert.match((await hello.call('GET', `${vmPath}/networkConnectionSection/`)).text, /network="iso"[\s\S]*?<IpAddress>10\.0\.0\.10<\/IpAddress>/);

      // a network in use is not removed, nor its subnet changed; a renamed one takes its NICs along
      const withoutIso = section(served.replace(/<NetworkConfig networkName="iso">[\s\S]*?<\/NetworkConfig>/, ''));
      const refused = await hello.call('PUT', `${vappPath}/networkConfigSection/`, withoutIso, NCS_XML);
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /iso&quot; cannot be removed: it is in use by VM &quot;web/);
      const moved = await hello.call('PUT', `${vappPath}/networkConfigSection/`, section(served.replace('<Gateway>10.0.0.1<', '<Gateway>10.0.0.254<')), NCS_XML);
      assert.equal(moved.status, 400, moved.text);
      const renamed = await hello.call('PUT', `${vappPath}/networkConfigSection/`, section(served.replace('networkName="iso"', 'networkName="own-net"')), NCS_XML);
      assert.equal(renamed.status, 202, renamed.text);
      assert.match((await hello.call('GET', `${vmPath}/networkConnectionSection/`)).text, /network="own-net"/);

      // the repair link resets the network (a task); RemoveNetwork: DELETE of the network its Link names
      const fenced = /<NetworkConfig networkName="fenced">\s*<Link [^>]*href="([^"]+)\/action\/reset"/.exec(await get())![1]!;
      const id = fenced.split('/').pop()!;
      const reset = await hello.call('POST', `${pathOf(fenced)}/action/reset`);
      assert.equal(reset.status, 202, reset.text);
      const removed = await hello.call('DELETE', `/api/network/${id}`);
      assert.equal(removed.status, 202, removed.text);
      assert.doesNotMatch(await get(), /networkName="fenced"/);
      assert.equal((await hello.call('DELETE', `/api/network/${id}`)).status, 403, 'gone: absent');
    });

    test('VCD\'s refusals: a bridged network without parent, an isolated one without subnet, a parent of no VDC of the vApp\'s, two of one name', async () => {
      const served = await get();
      for (const [extra, message] of [
        ['<NetworkConfig networkName="b"><Configuration><FenceMode>bridged</FenceMode></Configuration></NetworkConfig>', /needs a ParentNetwork/],
        ['<NetworkConfig networkName="i"><Configuration><FenceMode>isolated</FenceMode></Configuration></NetworkConfig>', /needs an IpScope/],
        [behind('p', `${t.url}/api/admin/network/00000000-0000-4000-8000-000000000000`, 'bridged'), /not a network of the vApp.{1,6}s VDC/],
        [isolated('routed-net'), /two networks named/],
        [isolated('g', '10.0.0.15'), /holds its Gateway/],
      ] as const) {
        const res = await hello.call('PUT', `${vappPath}/networkConfigSection/`, section(served, extra), NCS_XML);
        assert.equal(res.status, 400, res.text);
        assert.match(res.text, message);
      }
    });
  });
}
