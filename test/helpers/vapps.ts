// The world the vApp suites share: ExampleOrg with TEST_SEED's VDC, a catalog with a one-VM template,
// and a vApp User beside the vApp Author; and the bodies clients send.
import { TEST_SEED, PASSWORD } from './cell.ts';
import type { SeedFile } from '../../src/server/bootstrap.ts';

export const VAPP_SEED: SeedFile = {
  ...TEST_SEED,
  orgs: TEST_SEED.orgs!.map((o) => o.name === 'ExampleOrg'
    ? {
      ...o,
      users: [...o.users!, { name: 'VAppUser', password: PASSWORD, role: 'vApp User' }],
      catalogs: [{ name: 'ExampleCatalog', templates: [
        { name: 'Ubuntu Template with vsftpd', description: 'FTP', vms: [{ name: 'web', cpus: 2, memoryMb: 2048, diskMb: 10240, osType: 'ubuntu64Guest', network: 'routed-net' }] },
        { name: 'Big', vms: [{ name: 'huge', cpus: 4, memoryMb: 60000 }] },
      ] }],
    }
    : o),
};

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"';

export const INSTANTIATE = 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml';
export const UNDEPLOY = 'application/vnd.vmware.vcloud.undeployVAppParams+xml';
export const DEPLOY = 'application/vnd.vmware.vcloud.deployVAppParams+xml';

/** pyvcloud's instantiate_vapp body, in its order: name, deploy, powerOn; InstantiationParams; Source; SourcedItem; AllEULAsAccepted. */
export function instantiateParams(o: { name: string; template: string; vm?: { href: string; name?: string }; deploy?: boolean; powerOn?: boolean;
  network?: { name: string; href: string }; ipMode?: string }): string {
  const networkConfig = o.network ? `<InstantiationParams><NetworkConfigSection><ovf:Info>Configuration for logical networks</ovf:Info>
    <NetworkConfig networkName="${o.network.name}"><Configuration><ParentNetwork href="${o.network.href}"/><FenceMode>bridged</FenceMode></Configuration></NetworkConfig>
    </NetworkConfigSection></InstantiationParams>` : '';
  const item = o.vm ? `<SourcedItem><Source href="${o.vm.href}"/><VmGeneralParams>${o.vm.name ? `<Name>${o.vm.name}</Name>` : ''}<NeedsCustomization>false</NeedsCustomization></VmGeneralParams>
    <InstantiationParams>${o.network ? `<NetworkConnectionSection><ovf:Info>Specifies the available VM network connections</ovf:Info>
      <NetworkConnection network="${o.network.name}"><NetworkConnectionIndex>0</NetworkConnectionIndex><IsConnected>true</IsConnected>
      <IpAddressAllocationMode>${o.ipMode ?? 'POOL'}</IpAddressAllocationMode></NetworkConnection></NetworkConnectionSection>` : ''}</InstantiationParams></SourcedItem>` : '';
  return `<InstantiateVAppTemplateParams ${NS} name="${o.name}" deploy="${o.deploy ?? false}" powerOn="${o.powerOn ?? false}">
    <Description>made by a test</Description>${networkConfig}<Source href="${o.template}"/>${item}<AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>`;
}

export const undeployParams = (action = 'powerOff') =>
  `<UndeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5"><UndeployPowerAction>${action}</UndeployPowerAction></UndeployVAppParams>`;
export const deployParams = (powerOn: boolean) => `<DeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5" powerOn="${powerOn}"/>`;

/** The href of the first <Link> with that rel (and type, if given). */
export function linkOf(xml: string, rel: string, type?: string): string | undefined {
  for (const [tag] of xml.matchAll(/<Link [^>]*>/g)) {
    const r = /\brel="([^"]+)"/.exec(tag)?.[1];
    const ty = /\btype="([^"]+)"/.exec(tag)?.[1];
    if (r === rel && (type === undefined || ty === type)) return /\bhref="([^"]+)"/.exec(tag)![1]!.replace(/&amp;/g, '&');
  }
  return undefined;
}

export const pathOf = (href: string) => { const u = new URL(href); return u.pathname + u.search; };
