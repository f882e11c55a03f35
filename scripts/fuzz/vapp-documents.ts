// The request documents of vApps and VMs the fuzzer sends (see documents.ts for how one tree makes both formats):
// instantiation and composition, deploy and undeploy, renames, a Vm with its sections, a RASD item (ovf/rasd/vmw
// elements), network connections, guest customization and sharing. Hrefs name the fuzz world's entities.
import type { DocumentKind, Tree } from './documents.ts';
import type { Random } from './random.ts';
import type { World } from './world.ts';

const api = (w: World, path: string) => `${w.url}/api/${path}`;

const connections = (r: Random): Tree => ({
  info: 'Specifies the available VM network connections', primaryNetworkConnectionIndex: r.pick([0, 1, 9, 10]),
  networkConnection: Array.from({ length: r.int(0, 3) }, (_, i) => ({
    network: r.pick(['fuzz-net', 'fuzz-isolated', 'none', 'no-such-net']), networkConnectionIndex: r.pick([i, 0, 10]),
    ...(r.chance(0.3) && { ipAddress: r.pick(['10.20.0.15', '10.30.0.2', '10.20.0.99', '256.1.1.1']) }),
    isConnected: r.chance(0.8), ...(r.chance(0.2) && { mACAddress: r.pick(['00:50:56:01:02:03', 'zz:zz']) }),
    ipAddressAllocationMode: r.pick(['POOL', 'DHCP', 'MANUAL', 'NONE', 'pool', 'BOGUS']),
  })),
});

const guest = (r: Random): Tree => ({
  info: 'Specifies Guest OS Customization Settings', enabled: r.chance(0.7), changeSid: false, adminPasswordEnabled: r.chance(0.5),
  adminPasswordAuto: true, resetPasswordRequired: false, ...(r.chance(0.5) && { customizationScript: '#!/bin/sh\necho hi' }),
  computerName: r.pick(['fuzz-vm', 'a', 'x'.repeat(64), 'bad name']),
});

const rasd = (r: Random, type = r.pick([3, 4])): Tree => ({
  allocationUnits: type === 3 ? 'hertz * 10^6' : 'byte * 2^20', elementName: type === 3 ? '1 virtual CPU(s)' : '512 MB of memory',
  instanceID: type, resourceType: type, virtualQuantity: r.pick(type === 3 ? [1, 2, 8, 0, 128, 999999999] : [512, 1024, 4, 0, 65536, 999999999]),
  ...(type === 3 && r.chance(0.5) && { coresPerSocket: r.pick([1, 2, 3, 0]) }),
});

const sourcedItem = (r: Random, w: World): Tree => ({
  source: { href: r.chance(0.8) ? api(w, `vAppTemplate/vm-${w.ids.templateVm}`) : api(w, `vAppTemplate/${w.ids.vAppTemplate}`) },
  vmGeneralParams: { name: `fuzz-vm-${r.int(0, 9)}`, description: 'composed', needsCustomization: r.chance(0.5) },
  instantiationParams: {
    ...(r.chance(0.5) && { networkConnectionSection: connections(r) }),
    ...(r.chance(0.3) && { virtualHardwareSection: { info: 'hardware', item: [rasd(r, 3), rasd(r, 4)] } }),
  },
  ...(r.chance(0.3) && { storageProfile: { href: api(w, `vdcStorageProfile/${w.ids.vdcStorageProfile}`) } }),
});

const networkConfig = (r: Random, w: World): Tree => ({
  networkConfigSection: {
    info: 'Configuration for logical networks',
    networkConfig: [{ networkName: r.pick(['fuzz-net', 'fuzz-isolated', 'vapp-only']), configuration: {
      ...(r.chance(0.7) && { parentNetwork: { href: api(w, `admin/network/${w.ids.network}`) } }), fenceMode: r.pick(['bridged', 'isolated', 'natRouted', 'nope']),
    } }],
  },
});

const creation = (r: Random, w: World): Tree => ({
  name: `fuzz-vapp-${r.int(0, 30)}`, deploy: r.chance(0.3), powerOn: r.chance(0.3), description: 'fuzz',
  ...(r.chance(0.5) && { instantiationParams: networkConfig(r, w) }),
});

export const VAPP_DOCUMENTS = {
  instantiate: { family: 'vcloud.instantiateVAppTemplateParams', root: 'InstantiateVAppTemplateParams', plausible: (r, w) => ({
    ...creation(r, w), source: { href: api(w, `vAppTemplate/${w.ids.vAppTemplate}`) },
    ...(r.chance(0.4) && { sourcedItem: [sourcedItem(r, w)] }), allEULAsAccepted: true,
  }) },
  compose: { family: 'vcloud.composeVAppParams', root: 'ComposeVAppParams', plausible: (r, w) => ({
    ...creation(r, w), sourcedItem: Array.from({ length: r.int(0, 3) }, () => sourcedItem(r, w)), allEULAsAccepted: true,
  }) },
  deploy: { family: 'vcloud.deployVAppParams', root: 'DeployVAppParams', plausible: (r) => ({ powerOn: r.pick<boolean | string>([true, false, 'maybe']) }) },
  undeploy: { family: 'vcloud.undeployVAppParams', root: 'UndeployVAppParams', plausible: (r) => ({
    undeployPowerAction: r.pick(['powerOff', 'suspend', 'shutdown', 'force', 'default', '']),
  }) },
  vApp: { family: 'vcloud.vApp', root: 'VApp', plausible: (r) => ({ name: `fuzz-vapp-${r.int(0, 30)}`, description: 'renamed' }) },
  recompose: { family: 'vcloud.recomposeVAppParams', root: 'RecomposeVAppParams', plausible: (r) => ({ name: `fuzz-vapp-${r.int(0, 30)}`, description: 'recomposed' }) },
  vm: { family: 'vcloud.vm', root: 'Vm', plausible: (r) => ({
    name: `fuzz-vm-${r.int(0, 9)}`, description: 'reconfigured',
    ...(r.chance(0.5) && { vmSpecSection: {
      modified: true, info: 'spec', osType: r.pick(['ubuntu64Guest', 'windows9_64Guest', '']), numCpus: r.pick([1, 2, 0, 1000]), numCoresPerSocket: r.pick([1, 2]),
      memoryResourceMb: { configured: r.pick([512, 1024, 0, 10_000_000]) },
    } }),
    ...(r.chance(0.4) && { virtualHardwareSection: { info: 'hardware', item: [rasd(r, 3), rasd(r, 4), { resourceType: 17, virtualQuantity: r.pick([1073741824, 0]) }] } }),
    ...(r.chance(0.3) && { networkConnectionSection: connections(r) }),
    ...(r.chance(0.3) && { guestCustomizationSection: guest(r) }),
  }) },
  rasdItem: { family: 'vcloud.rasdItem', root: 'ovf:Item', plausible: (r) => rasd(r) },
  networkConnections: { family: 'vcloud.networkConnectionSection', root: 'NetworkConnectionSection', plausible: connections },
  guestCustomization: { family: 'vcloud.guestCustomizationSection', root: 'GuestCustomizationSection', plausible: guest },
  controlAccess: { family: 'vcloud.controlAccess', root: 'ControlAccessParams', plausible: (r, w) => ({
    isSharedToEveryone: r.chance(0.5), everyoneAccessLevel: r.pick(['ReadOnly', 'Change', 'FullControl', 'Owner']),
    ...(r.chance(0.6) && { accessSettings: { accessSetting: Array.from({ length: r.int(0, 2) }, () => ({
      subject: { href: api(w, `admin/user/${r.pick([w.victims.user!, `urn:vcloud:user:${w.ids.vapp}`]).split(':').pop()}`) },
      accessLevel: r.pick(['ReadOnly', 'Change', 'FullControl']),
    })) } }),
  }) },
} satisfies Record<string, DocumentKind>;
