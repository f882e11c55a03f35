// "Forbidden looks like absent", everywhere: for every entity type, every request that names one (in its path,
// or in its body as a reference) answers a tenant the same for another org's entity as for an id that names
// nothing, in status, minorErrorCode and message (ids aside). On the CloudAPI both are VCD's 403
// ACCESS_TO_RESOURCE_IS_FORBIDDEN, which go-vcloud-director reads as "not found". A type registered without
// probes here fails the suite. The writes and actions each type's own paths serve are also sent as a user of the
// same org who sees the entity but lacks the rights (VCD's 403, the entity unchanged) and as the provider (done,
// or a 400 state refusal such as "the VDC is disabled"); a write route the cell serves there without a probe fails the suite.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { createApiToken } from './helpers/oauth.ts';
import { taskOwner, type CloudResponse } from './helpers/cloudapi.ts';
import { METADATA_XML, VALUE_XML, metadataDoc, metadataValue, type Caller } from './helpers/legacy.ts';
import { DEPLOY, INSTANTIATE, UNDEPLOY, deployParams, instantiateParams, undeployParams } from './helpers/vapps.ts';
import { eachEngine } from './helpers/world.ts';
import { ask, type Answer } from './helpers/oracles.ts';
import { ENTITY_TYPES } from '../src/server/inventory/registry.ts';
import { POWER_ACTIONS } from '../src/server/entities/vapp/power.ts';
import { cellRoutes } from '../scripts/coverage.ts';
import { ForbiddenError, NotFoundError, VcdClient, accessTokenAuth } from '../src/sdk/index.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" '
  + 'xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"';
const type = (family: string) => `application/vnd.vmware.${family}+xml`;

const vdc = (name: string, edge: string, net: string, subnet: number) => ({
  name, allocationModel: 'AllocationPool' as const, cpuLimitMhz: 20000, memoryLimitMb: 65536,
  storageProfiles: [{ name: 'Gold', limitMb: 1048576, default: true }],
  edgeGateways: [{ name: edge }],
  networks: [{
    name: net, fenceMode: 'natRouted' as const, edgeGateway: edge, gateway: `192.168.${subnet}.1`, prefixLength: 24,
    ipRanges: [{ start: `192.168.${subnet}.10`, end: `192.168.${subnet}.200` }],
  }],
});

// ExampleOrg owns one entity of every type; OtherOrg, whose users ask, has the same kinds of its own (its VDC, a
// template, a vApp), so requests that name ExampleOrg's entities in their bodies get past their own paths.
const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: [
    {
      name: 'ExampleOrg', users: [
        { name: 'HelloUser', password: PASSWORD, role: 'vApp Author' },
        { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' },
        { name: 'Neighbour', password: PASSWORD, role: 'vApp User' },
        { name: 'Viewer', password: PASSWORD, role: 'ViewerRole' },
      ],
      roles: [
        { name: 'ExampleRole', rights: ['vApp: Power Operations'] },
        // sees the org's entities (and, shared read-only, HelloUser's vApp) but may change none of them
        { name: 'ViewerRole', rights: ['Organization: View', 'Organization vDC: View', 'Organization vDC Network: View Properties', 'Organization vDC Gateway: View',
          'Catalog: View Private and Shared Catalogs', 'vApp Template / Media: View', 'vApp: View ACL', 'Organization vDC Named Disk: View Properties',
          'Organization vDC Gateway: View Firewall'] },
      ],
      vdcs: [vdc('ExampleVdc', 'example-edge', 'example-net', 10)],
      catalogs: [{ name: 'ExampleCatalog', templates: [{ name: 'Bare', vms: [{ name: 'bare', network: 'example-net' }] }], media: [{ name: 'tools.iso', sizeMb: 1 }] }],
      vapps: [{ name: 'ExampleVApp', vdc: 'ExampleVdc', catalog: 'ExampleCatalog', template: 'Bare' }],
    },
    {
      name: 'OtherOrg', users: [
        { name: 'Other', password: PASSWORD, role: 'vApp User' },
        { name: 'OtherAdmin', password: PASSWORD, role: 'Organization Administrator' },
      ],
      vdcs: [vdc('OtherVdc', 'other-edge', 'other-net', 20)],
      catalogs: [{ name: 'OtherCatalog', templates: [{ name: 'Own', vms: [{ name: 'own' }] }] }],
      vapps: [{ name: 'OtherVApp', vdc: 'OtherVdc', catalog: 'OtherCatalog', template: 'Own' }],
    },
  ],
};

/** What a caller's own world offers the probes: ids of OtherOrg's entities, for paths and bodies that are its own. */
interface Own { org: string; vdc: string; catalog: string; template: string; templateVm: string; vapp: string; vm: string; disk: string; edge: string; base: string }

interface Probe {
  method: string;
  /** the path, naming the entity `id` (or the caller's own, with `id` in the body) */
  path(id: string, own: Own): string;
  body?(id: string, own: Own): string;
  /** media type of the body (XML); CloudAPI bodies are JSON */
  contentType?: string;
}

const get = (path: Probe['path']): Probe => ({ method: 'GET', path });
const post = (path: Probe['path']): Probe => ({ method: 'POST', path });
const del = (path: Probe['path']): Probe => ({ method: 'DELETE', path });
const put = (path: Probe['path'], family: string, body: NonNullable<Probe['body']>): Probe => ({ method: 'PUT', path, body, contentType: type(family) });
const postBody = (path: Probe['path'], family: string, body: NonNullable<Probe['body']>): Probe => ({ method: 'POST', path, body, contentType: type(family) });
const json = (method: string, path: Probe['path'], body?: unknown): Probe => ({ method, path, ...(body !== undefined && { body: () => JSON.stringify(body) }) });

/** The metadata routes under an entity's path (`writes`: the view that changes it). */
const metadata = (base: Probe['path'], writes: boolean): Probe[] => [
  get((id, o) => `${base(id, o)}/metadata`),
  get((id, o) => `${base(id, o)}/metadata/k`),
  get((id, o) => `${base(id, o)}/metadata/SYSTEM/k`),
  ...(writes ? [
    { method: 'POST', path: (id: string, o: Own) => `${base(id, o)}/metadata`, body: () => metadataDoc([{ key: 'k', type: 'MetadataStringValue', value: 'v' }]), contentType: METADATA_XML },
    { method: 'PUT', path: (id: string, o: Own) => `${base(id, o)}/metadata/k`, body: () => metadataValue('MetadataStringValue', 'v'), contentType: VALUE_XML },
    del((id, o) => `${base(id, o)}/metadata/k`),
    { method: 'PUT', path: (id: string, o: Own) => `${base(id, o)}/metadata/GENERAL/k`, body: () => metadataValue('MetadataStringValue', 'v'), contentType: VALUE_XML },
    del((id, o) => `${base(id, o)}/metadata/GENERAL/k`),
  ] : []),
];

const entity = (urnType: string) => get((id) => `/api/entity/urn:vcloud:${urnType}:${id}`);

const composeWith = (source: (id: string, o: Own) => string, storageProfile?: (id: string, o: Own) => string) => postBody(
  (_id, o) => `/api/vdc/${o.vdc}/action/composeVApp`, 'vcloud.composeVAppParams',
  (id, o) => `<ComposeVAppParams ${NS} name="probe-${randomUUID()}" deploy="false" powerOn="false"><SourcedItem><Source href="${o.base}${source(id, o)}"/>`
    + `${storageProfile ? `<StorageProfile href="${o.base}${storageProfile(id, o)}"/>` : ''}</SourcedItem><AllEULAsAccepted>true</AllEULAsAccepted></ComposeVAppParams>`,
);
const instantiate = (body: (id: string, o: Own) => Parameters<typeof instantiateParams>[0]) =>
  ({ method: 'POST', path: (_id: string, o: Own) => `/api/vdc/${o.vdc}/action/instantiateVAppTemplate`, body: (id: string, o: Own) => instantiateParams(body(id, o)), contentType: INSTANTIATE });

const vappPaths = (prefix: 'vapp' | 'vm'): Probe[] => {
  const at = (id: string) => `/api/vApp/${prefix}-${id}`;
  return [
    get(at), del(at), ...POWER_ACTIONS.map((action) => post((id) => `${at(id)}/power/action/${action}`)), post((id) => `${at(id)}/power/action/fly`),
    post((id) => `${at(id)}/action/discardSuspendedState`),
    { method: 'POST', path: (id) => `${at(id)}/action/deploy`, body: () => deployParams(false), contentType: DEPLOY },
    { method: 'POST', path: (id) => `${at(id)}/action/undeploy`, body: () => undeployParams(), contentType: UNDEPLOY },
    prefix === 'vapp'
      ? put(at, 'vcloud.vApp', () => `<VApp ${NS} name="renamed"><Description>d</Description></VApp>`)
      : put(at, 'vcloud.vm', () => `<Vm ${NS} name="renamed"><Description>d</Description></Vm>`),
    postBody((id) => `${at(id)}/action/recomposeVApp`, 'vcloud.recomposeVAppParams', () => `<RecomposeVAppParams ${NS} name="renamed"/>`),
    get((id) => `${at(id)}/controlAccess`),
    postBody((id) => `${at(id)}/action/controlAccess`, 'vcloud.controlAccess',
      () => `<ControlAccessParams ${NS}><IsSharedToEveryone>true</IsSharedToEveryone><EveryoneAccessLevel>ReadOnly</EveryoneAccessLevel></ControlAccessParams>`),
    get((id) => `${at(id)}/virtualHardwareSection`), get((id) => `${at(id)}/virtualHardwareSection/cpu`), get((id) => `${at(id)}/virtualHardwareSection/memory`),
    put((id) => `${at(id)}/virtualHardwareSection/cpu`, 'vcloud.rasdItem',
      () => `<ovf:Item ${NS}><rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits><rasd:InstanceID>4</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></ovf:Item>`),
    put((id) => `${at(id)}/virtualHardwareSection/memory`, 'vcloud.rasdItem',
      () => `<ovf:Item ${NS}><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:InstanceID>5</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></ovf:Item>`),
    get((id) => `${at(id)}/networkConnectionSection`),
    put((id) => `${at(id)}/networkConnectionSection`, 'vcloud.networkConnectionSection',
      () => `<NetworkConnectionSection ${NS}><ovf:Info>nics</ovf:Info></NetworkConnectionSection>`),
    get((id) => `${at(id)}/networkConfigSection`),
    put((id) => `${at(id)}/networkConfigSection`, 'vcloud.networkConfigSection',
      () => `<NetworkConfigSection ${NS}><ovf:Info>networks</ovf:Info></NetworkConfigSection>`),
    get((id) => `${at(id)}/guestCustomizationSection`),
    put((id) => `${at(id)}/guestCustomizationSection`, 'vcloud.guestCustomizationSection',
      () => `<GuestCustomizationSection ${NS}><ovf:Info>guest</ovf:Info><Enabled>false</Enabled></GuestCustomizationSection>`),
    postBody((id) => `${at(id)}/action/reconfigureVm`, 'vcloud.vm', () => `<Vm ${NS} name="renamed"/>`),
    get((id) => `${at(id)}/productSections`), get((id) => `${at(id)}/runtimeInfoSection`), get((id) => `${at(id)}/virtualHardwareSection/disks`),
    get((id) => `${at(id)}/operatingSystemSection`), get((id) => `${at(id)}/vmCapabilities`), get((id) => `${at(id)}/bootOptions`),
    put((id) => `${at(id)}/operatingSystemSection`, 'vcloud.operatingSystemSection',
      () => `<ovf:OperatingSystemSection ${NS} xmlns:vmw="http://www.vmware.com/schema/ovf" ovf:id="94" vmw:osType="ubuntu64Guest"><ovf:Info>os</ovf:Info></ovf:OperatingSystemSection>`),
    put((id) => `${at(id)}/vmCapabilities`, 'vcloud.vmCapabilitiesSection', () => `<VmCapabilities ${NS}><CpuHotAddEnabled>true</CpuHotAddEnabled></VmCapabilities>`),
    postBody((id) => `${at(id)}/action/bootOptions`, 'vcloud.bootOptionsSection', () => `<BootOptions ${NS}><BootDelay>1</BootDelay></BootOptions>`),
    get((id) => `${at(id)}/leaseSettingsSection`),
    put((id) => `${at(id)}/leaseSettingsSection`, 'vcloud.leaseSettingsSection',
      () => `<LeaseSettingsSection ${NS}><ovf:Info>lease</ovf:Info><DeploymentLeaseInSeconds>3600</DeploymentLeaseInSeconds></LeaseSettingsSection>`),
    ...metadata(at, true),
    ...(prefix === 'vm' ? (['attach', 'detach'] as const).map((action) => postBody((id) => `${at(id)}/disk/action/${action}`, 'vcloud.diskAttachOrDetachParams',
      (_id, o) => `<DiskAttachOrDetachParams ${NS}><Disk href="${o.base}/api/disk/${o.disk}"/></DiskAttachOrDetachParams>`)) : []),
    entity(prefix),
    get((id) => `/api/query?type=task&filter=object==${id}`),
    ...(prefix === 'vapp' ? [get((id) => `/api/query?type=vm&filter=container==${id}`)] : []),
  ];
};

/** The probes of each registered type (by URN type), and of the CloudAPI's entities and a template's VMs. */
const PROBES: Record<string, Probe[]> = {
  org: [
    get((id) => `/api/org/${id}`), get((id) => `/api/admin/org/${id}`), get((id) => `/api/tasksList/${id}`),
    ...metadata((id) => `/api/org/${id}`, false), ...metadata((id) => `/api/admin/org/${id}`, true),
    put((id) => `/api/admin/org/${id}`, 'admin.organization', () => `<AdminOrg ${NS} name="renamed"><FullName>x</FullName><Settings/></AdminOrg>`),
    post((id) => `/api/admin/org/${id}/action/disable`), post((id) => `/api/admin/org/${id}/action/enable`), del((id) => `/api/admin/org/${id}`),
    postBody((id) => `/api/admin/org/${id}/catalogs`, 'admin.catalog', () => `<AdminCatalog ${NS} name="probe"><Description>d</Description></AdminCatalog>`),
    postBody((id) => `/api/admin/org/${id}/vdcsparams`, 'admin.createVdcParams', () => `<CreateVdcParams ${NS} name="probe"/>`),
    get((id, o) => `/api/org/${id}/catalog/${o.catalog}/controlAccess/`),
    entity('org'), get((id) => `/api/query?type=orgVdc&filter=org==${id}`),
    json('PUT', (id) => `/cloudapi/1.0.0/orgs/urn:vcloud:org:${id}`, { name: 'renamed', displayName: 'x' }),
    json('DELETE', (id) => `/cloudapi/1.0.0/orgs/urn:vcloud:org:${id}`),
  ],
  vdc: [
    get((id) => `/api/vdc/${id}`), get((id) => `/api/admin/vdc/${id}`),
    get((id) => `/api/admin/vdc/${id}/edgeGateways`), get((id) => `/api/admin/vdc/${id}/networks`),
    put((id) => `/api/vdc/${id}`, 'vcloud.vdc', () => `<Vdc ${NS} name="renamed"><Description>d</Description></Vdc>`),
    post((id) => `/api/admin/vdc/${id}/action/disable`), post((id) => `/api/admin/vdc/${id}/action/enable`), del((id) => `/api/vdc/${id}`), del((id) => `/api/admin/vdc/${id}`),
    { ...instantiate((_id, o) => ({ name: `probe-${randomUUID()}`, template: `${o.base}/api/vAppTemplate/vappTemplate-${o.template}` })), path: (id) => `/api/vdc/${id}/action/instantiateVAppTemplate` },
    { ...composeWith((_id, o) => `/api/vAppTemplate/vm-${o.templateVm}`), path: (id) => `/api/vdc/${id}/action/composeVApp` },
    postBody((id) => `/api/vdc/${id}/disk`, 'vcloud.diskCreateParams', () => `<DiskCreateParams ${NS}><Disk name="probe" sizeMb="1"/></DiskCreateParams>`),
    ...metadata((id) => `/api/vdc/${id}`, false), ...metadata((id) => `/api/admin/vdc/${id}`, true),
    entity('vdc'), get((id) => `/api/query?type=vApp&filter=vdc==${id}`),
  ],
  network: [
    get((id) => `/api/network/${id}`), get((id) => `/api/admin/network/${id}`), get((id) => `/api/network/${id}/allocatedAddresses`),
    // a vApp network's DELETE and reset: an org VDC network is not one, for anybody
    del((id) => `/api/network/${id}`), post((id) => `/api/admin/network/${id}/action/reset`),
    ...metadata((id) => `/api/network/${id}`, false), ...metadata((id) => `/api/admin/network/${id}`, true),
    instantiate((id, o) => ({ name: `probe-${randomUUID()}`, template: `${o.base}/api/vAppTemplate/vappTemplate-${o.template}`,
      network: { name: 'other-net', href: `${o.base}/api/admin/network/${id}` } })),
    postBody((_id, o) => `/api/admin/edgeGateway/${o.edge}/action/configureServices`, 'admin.edgeGatewayServiceConfiguration',
      (id, o) => `<EdgeGatewayServiceConfiguration ${NS}><NatService><IsEnabled>true</IsEnabled><NatRule><RuleType>DNAT</RuleType><IsEnabled>true</IsEnabled><Id>1</Id>`
        + `<GatewayNatRule><Interface href="${o.base}/api/admin/network/${id}"/><OriginalIp>192.168.20.1</OriginalIp><TranslatedIp>192.168.20.10</TranslatedIp></GatewayNatRule>`
        + '</NatRule></NatService></EdgeGatewayServiceConfiguration>'),
    entity('network'),
    json('PUT', (id) => `/cloudapi/1.0.0/orgVdcNetworks/urn:vcloud:network:${id}`, {
      name: 'renamed', networkType: 'ISOLATED', subnets: { values: [{ gateway: '192.168.20.1', prefixLength: 24 }] },
    }),
    json('DELETE', (id) => `/cloudapi/1.0.0/orgVdcNetworks/urn:vcloud:network:${id}`),
  ],
  gateway: [
    get((id) => `/api/admin/edgeGateway/${id}`),
    postBody((id) => `/api/admin/edgeGateway/${id}/action/configureServices`, 'admin.edgeGatewayServiceConfiguration',
      () => `<EdgeGatewayServiceConfiguration ${NS}><NatService><IsEnabled>false</IsEnabled></NatService></EdgeGatewayServiceConfiguration>`),
    entity('gateway'),
    json('PUT', (id) => `/cloudapi/1.0.0/edgeGateways/urn:vcloud:gateway:${id}`, { name: 'renamed', edgeGatewayUplinks: [], orgVdc: {} }),
    json('DELETE', (id) => `/cloudapi/1.0.0/edgeGateways/urn:vcloud:gateway:${id}`),
  ],
  // the CloudAPI-only types (their GET is added below)
  firewallgroup: [
    json('PUT', (id) => `/cloudapi/1.0.0/firewallGroups/urn:vcloud:firewallGroup:${id}`, { name: 'renamed', typeValue: 'IP_SET', ipAddresses: ['10.0.0.9'] }),
    json('DELETE', (id) => `/cloudapi/1.0.0/firewallGroups/urn:vcloud:firewallGroup:${id}`),
  ],
  applicationportprofile: [
    json('PUT', (id) => `/cloudapi/1.0.0/applicationPortProfiles/urn:vcloud:applicationPortProfile:${id}`,
      { name: 'renamed', applicationPorts: [{ protocol: 'TCP', destinationPorts: ['8443'] }] }),
    json('DELETE', (id) => `/cloudapi/1.0.0/applicationPortProfiles/urn:vcloud:applicationPortProfile:${id}`),
  ],
  catalog: [
    get((id) => `/api/catalog/${id}`), get((id) => `/api/admin/catalog/${id}`),
    put((id) => `/api/admin/catalog/${id}`, 'admin.catalog', () => `<AdminCatalog ${NS} name="renamed"><Description>d</Description></AdminCatalog>`),
    del((id) => `/api/admin/catalog/${id}?recursive=true`), get((id, o) => `/api/org/${o.org}/catalog/${id}/controlAccess/`),
    ...metadata((id) => `/api/catalog/${id}`, true), ...metadata((id) => `/api/admin/catalog/${id}`, true),
    entity('catalog'), get((id) => `/api/query?type=catalogItem&filter=catalog==${id}`),
  ],
  catalogitem: [
    get((id) => `/api/catalogItem/${id}`), del((id) => `/api/catalogItem/${id}`),
    put((id) => `/api/catalogItem/${id}`, 'vcloud.catalogItem', () => `<CatalogItem ${NS} name="renamed"><Description>d</Description><Entity href="x"/></CatalogItem>`),
    ...metadata((id) => `/api/catalogItem/${id}`, true), entity('catalogitem'),
  ],
  vapptemplate: [
    get((id) => `/api/vAppTemplate/vappTemplate-${id}`), ...metadata((id) => `/api/vAppTemplate/vappTemplate-${id}`, true),
    instantiate((id, o) => ({ name: `probe-${randomUUID()}`, template: `${o.base}/api/vAppTemplate/vappTemplate-${id}` })),
    composeWith((id) => `/api/vAppTemplate/vappTemplate-${id}`),
    entity('vapptemplate'),
  ],
  templatevm: [
    get((id) => `/api/vAppTemplate/vm-${id}`),
    composeWith((id) => `/api/vAppTemplate/vm-${id}`),
    instantiate((id, o) => ({ name: `probe-${randomUUID()}`, template: `${o.base}/api/vAppTemplate/vappTemplate-${o.template}`, vm: { href: `${o.base}/api/vAppTemplate/vm-${id}` } })),
  ],
  media: [get((id) => `/api/media/${id}`), entity('media')],
  disk: [
    get((id) => `/api/disk/${id}`), get((id) => `/api/disk/${id}/owner`), get((id) => `/api/disk/${id}/attachedVms`),
    put((id) => `/api/disk/${id}`, 'vcloud.disk', () => `<Disk ${NS} name="renamed" sizeMb="2" busType="6" busSubType="lsilogic"><Description>d</Description></Disk>`),
    del((id) => `/api/disk/${id}`),
    ...(['attach', 'detach'] as const).map((action) => postBody((_id, o) => `/api/vApp/vm-${o.vm}/disk/action/${action}`, 'vcloud.diskAttachOrDetachParams',
      (id, o) => `<DiskAttachOrDetachParams ${NS}><Disk href="${o.base}/api/disk/${id}"/></DiskAttachOrDetachParams>`)),
    ...metadata((id) => `/api/disk/${id}`, true),
    entity('disk'),
  ],
  vapp: vappPaths('vapp'),
  vm: vappPaths('vm'),
  user: [
    get((id) => `/api/admin/user/${id}`), entity('user'),
    postBody((_id, o) => `/api/vApp/vapp-${o.vapp}/action/controlAccess`, 'vcloud.controlAccess',
      (id, o) => `<ControlAccessParams ${NS}><IsSharedToEveryone>false</IsSharedToEveryone><AccessSettings><AccessSetting>`
        + `<Subject href="${o.base}/api/admin/user/${id}"/><AccessLevel>ReadOnly</AccessLevel></AccessSetting></AccessSettings></ControlAccessParams>`),
    json('GET', (id) => `/cloudapi/1.0.0/users/urn:vcloud:user:${id}`),
    json('PUT', (id) => `/cloudapi/1.0.0/users/urn:vcloud:user:${id}`, { enabled: true }),
  ],
  task: [get((id) => `/api/task/${id}`), post((id) => `/api/task/${id}/action/cancel`), entity('task')],
  // the provider's own: nothing of them is a tenant's, whether it exists or not
  vimserver: [get((id) => `/api/admin/extension/vimServer/${id}`), entity('vimserver')],
  nsxtmanager: [get((id) => `/api/admin/extension/nsxtManagers/${id}`), entity('nsxtmanager')],
  networkpool: [get((id) => `/api/admin/extension/networkPool/${id}`), entity('networkpool')],
  externalnetwork: [get((id) => `/api/admin/extension/externalnet/${id}`), entity('externalnetwork')],
  providervdc: [
    get((id) => `/api/admin/providervdc/${id}`), get((id) => `/api/admin/extension/providervdc/${id}`), entity('providervdc'),
    get((id) => `/api/query?type=providerVdcStorageProfile&filter=providerVdc==${id}`),
  ],
  pvdcstorageprofile: [get((id) => `/api/admin/pvdcStorageProfile/${id}`)],
  storageprofile: [
    get((id) => `/api/vdcStorageProfile/${id}`),
    composeWith((_id, o) => `/api/vAppTemplate/vm-${o.templateVm}`, (id) => `/api/vdcStorageProfile/${id}`),
  ],
  role: [
    get((id) => `/api/admin/role/${id}`), entity('role'),
    json('GET', (id) => `/cloudapi/1.0.0/roles/urn:vcloud:role:${id}`), json('DELETE', (id) => `/cloudapi/1.0.0/roles/urn:vcloud:role:${id}`),
    json('PUT', (id) => `/cloudapi/1.0.0/roles/urn:vcloud:role:${id}`, { name: 'renamed', description: 'd' }),
    json('GET', (id) => `/cloudapi/1.0.0/roles/urn:vcloud:role:${id}/rights`),
    json('PUT', (id) => `/cloudapi/1.0.0/roles/urn:vcloud:role:${id}/rights`, { values: [{ name: 'vApp: Power Operations' }] }),
  ],
  right: [json('GET', (id) => `/cloudapi/1.0.0/rights/urn:vcloud:right:${id}`)],
  rightsBundle: [
    json('GET', (id) => `/cloudapi/1.0.0/rightsBundles/urn:vcloud:rightsBundle:${id}`),
    json('GET', (id) => `/cloudapi/1.0.0/rightsBundles/urn:vcloud:rightsBundle:${id}/tenants`),
  ],
  token: [json('GET', (id) => `/cloudapi/1.0.0/tokens/urn:vcloud:token:${id}`), json('DELETE', (id) => `/cloudapi/1.0.0/tokens/urn:vcloud:token:${id}`)],
  serviceAccount: [
    json('GET', (id) => `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`),
    json('PUT', (id) => `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`, { name: 'probe', softwareId: 'x', role: 'vApp User' }),
    json('DELETE', (id) => `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}`),
    json('POST', (id) => `/cloudapi/1.0.0/serviceAccounts/urn:vcloud:serviceAccount:${id}/revoke`),
  ],
  // an org by name, where OAuth clients register
  orgname: [{ method: 'POST', path: (name) => `/oauth/tenant/${name}/register`, body: () => JSON.stringify({ client_name: 'probe' }), contentType: 'application/json' }],
  session: [json('GET', (id) => `/cloudapi/1.0.0/sessions/urn:vcloud:session:${id}`), json('DELETE', (id) => `/cloudapi/1.0.0/sessions/urn:vcloud:session:${id}`)],
};
// the item of every CloudAPI collection an entity type declares (/cloudapi/1.0.0/orgs/{urn}…)
for (const t of ENTITY_TYPES) {
  const view = t.cloudApi;
  if (view) PROBES[t.urnType]?.push(json('GET', (id) => `/cloudapi/1.0.0/${view.collection}/urn:vcloud:${t.urnType}:${id}`));
}

function answer(c: Caller, probe: Probe, id: string, own: Own): Promise<Answer> {
  return ask(c, probe.method, probe.path(id, own), id, probe.body?.(id, own), probe.contentType);
}

eachEngine('existence oracles', { seed: SEED, login: ['provider', 'orgAdmin', 'hello'] }, (w) => {
  const fixtures: Record<string, string> = {};
  const askers: Record<string, { caller: Caller; own: Own }> = {};

  before(async () => {
    const db = w.t.cell.services.store.db;
    const example = await w.orgId('ExampleOrg');
    const other = await w.orgId('OtherOrg');
    const one = async <T>(q: Promise<T | undefined>) => { const r = await q; assert.ok(r); return r; };
    const idIn = (table: 'vdcs' | 'networks' | 'edge_gateways' | 'catalogs' | 'vapp_templates' | 'media' | 'vapps' | 'vms' | 'disks', org: string) =>
      one(db.selectFrom(table).select('id').where('org_id', '=', org).executeTakeFirst()).then((r) => r.id);
    const templateOf = async (org: string) => {
      const template = await idIn('vapp_templates', org);
      const vm = await one(db.selectFrom('template_vms').select('id').where('template_id', '=', template).executeTakeFirst());
      return { template, vm: vm.id };
    };
    const exampleTemplate = await templateOf(example);
    const exampleVdc = await idIn('vdcs', example);
    const hello = await w.hello.session();
    // a task of HelloUser's, an API token, a service account and a session, through the API
    const task = await w.hello.call('PUT', `/api/vApp/vapp-${await idIn('vapps', example)}/metadata/k`, metadataValue('MetadataStringValue', 'v'), VALUE_XML);
    assert.equal(task.status, 202, task.text);
    const disk = await w.hello.call('POST', `/api/vdc/${exampleVdc}/disk`, `<DiskCreateParams ${NS}><Disk name="probe-disk" sizeMb="1"/></DiskCreateParams>`, type('vcloud.diskCreateParams'));
    assert.equal(disk.status, 201, disk.text);
    const { clientId } = await createApiToken(w.t.url, 'ExampleOrg', w.hello.token, 'probe-token');
    const account = await w.orgAdmin.cloud('POST', '/serviceAccounts', { name: 'probe-account', softwareId: 'probe', role: 'vApp User' });
    assert.equal(account.status, 201, account.text);
    const visibleToOther = new Set(await w.t.cell.services.rights.names(await (await w.as('Other', 'OtherOrg')).session()));
    const providerRight = (await db.selectFrom('rights').select(['id', 'name']).execute()).find((r) => !visibleToOther.has(r.name));
    assert.ok(providerRight, 'a right OtherOrg is not granted');
    // a firewall group on ExampleOrg's gateway and a port profile of its, through the API: the tasks' Owners
    const made = async (res: CloudResponse) => (await taskOwner(w.provider, res)).split(':').pop()!;
    const group = await made(await w.orgAdmin.cloud('POST', '/firewallGroups',
      { name: 'probe-group', ipAddresses: ['10.0.0.1'], ownerRef: { id: `urn:vcloud:gateway:${await idIn('edge_gateways', example)}` } }));
    const profile = await made(await w.orgAdmin.cloud('POST', '/applicationPortProfiles', { name: 'probe-profile', applicationPorts: [{ protocol: 'TCP', destinationPorts: ['81'] }] }));
    Object.assign(fixtures, {
      firewallgroup: group, applicationportprofile: profile,
      org: example, vdc: exampleVdc, network: await idIn('networks', example), gateway: await idIn('edge_gateways', example),
      catalog: await idIn('catalogs', example),
      catalogitem: (await one(db.selectFrom('catalog_items').select('id').where('entity_id', '=', exampleTemplate.template).executeTakeFirst())).id,
      vapptemplate: exampleTemplate.template, templatevm: exampleTemplate.vm, media: await idIn('media', example),
      vapp: await idIn('vapps', example), vm: await idIn('vms', example), disk: await idIn('disks', example), user: hello.userId, task: /\/api\/task\/([0-9a-f-]{36})/.exec(task.text)![1]!,
      storageprofile: (await one(db.selectFrom('vdc_storage_profiles').select('id').where('vdc_id', '=', exampleVdc).executeTakeFirst())).id,
      role: (await one(db.selectFrom('roles').select('id').where('org_id', '=', example).executeTakeFirst())).id,
      vimserver: (await one(db.selectFrom('virtual_centers').select('id').executeTakeFirst())).id,
      nsxtmanager: (await one(db.selectFrom('nsxt_managers').select('id').executeTakeFirst())).id,
      networkpool: (await one(db.selectFrom('network_pools').select('id').executeTakeFirst())).id,
      externalnetwork: (await one(db.selectFrom('external_networks').select('id').executeTakeFirst())).id,
      providervdc: (await one(db.selectFrom('provider_vdcs').select('id').executeTakeFirst())).id,
      pvdcstorageprofile: (await one(db.selectFrom('provider_vdc_storage_profiles').select('id').executeTakeFirst())).id,
      orgname: 'ExampleOrg', right: providerRight.id, rightsBundle: (await one(db.selectFrom('rights_bundles').select('id').executeTakeFirst())).id, token: clientId, serviceAccount: String(account.json.id).split(':').pop()!, session: hello.id,
    });

    const otherTemplate = await templateOf(other);
    const otherDisk = async () => {
      const made = await (await w.as('OtherAdmin', 'OtherOrg')).call('POST', `/api/vdc/${await idIn('vdcs', other)}/disk`,
        `<DiskCreateParams ${NS}><Disk name="other-disk" sizeMb="1"/></DiskCreateParams>`, type('vcloud.diskCreateParams'));
      assert.equal(made.status, 201, made.text);
      return /\/api\/disk\/([0-9a-f-]{36})/.exec(made.text)![1]!;
    };
    const own: Own = {
      org: other, vdc: await idIn('vdcs', other), catalog: await idIn('catalogs', other), template: otherTemplate.template, templateVm: otherTemplate.vm, vapp: await idIn('vapps', other),
      vm: await idIn('vms', other), disk: await otherDisk(), edge: await idIn('edge_gateways', other), base: w.t.url,
    };
    askers.Other = { caller: await w.as('Other', 'OtherOrg'), own };
    askers.OtherAdmin = { caller: await w.as('OtherAdmin', 'OtherOrg'), own };
    // a vApp User of ExampleOrg sees neither HelloUser's vApp (not shared with it) nor HelloUser's task
    const exampleOwn: Own = { ...own, org: example, vdc: exampleVdc, catalog: fixtures.catalog!, template: exampleTemplate.template, templateVm: exampleTemplate.vm, vm: fixtures.vm!, disk: fixtures.disk! };
    askers.Neighbour = { caller: await w.as('Neighbour', 'ExampleOrg'), own: exampleOwn };
    const viewer = await w.as('Viewer', 'ExampleOrg');
    const shared = await w.hello.call('POST', `/api/vApp/vapp-${fixtures.vapp}/action/controlAccess`,
      `<ControlAccessParams ${NS}><IsSharedToEveryone>false</IsSharedToEveryone><AccessSettings><AccessSetting>`
        + `<Subject href="${w.t.url}/api/admin/user/${(await viewer.session()).userId}"/><AccessLevel>ReadOnly</AccessLevel></AccessSetting></AccessSettings></ControlAccessParams>`,
      type('vcloud.controlAccess'));
    assert.equal(shared.status, 200, shared.text);
    askers.Viewer = { caller: viewer, own: exampleOwn };
  });

  test('every registered type has probes here', () => {
    assert.deepEqual(ENTITY_TYPES.map((t) => t.urnType).filter((u) => !PROBES[u]), []);
  });

  const compare = async (asker: string, types: string[]) => {
    const { caller, own } = askers[asker]!;
    const leaks: string[] = [];
    for (const urnType of types) {
      for (const probe of PROBES[urnType]!) {
        const theirs = await answer(caller, probe, fixtures[urnType]!, own);
        const nothing = await answer(caller, probe, randomUUID(), own);
        const what = `${asker}: ${probe.method} ${probe.path('{id}', own)}${probe.body ? ' (in the body)' : ''}`;
        if (theirs.status < 400 && theirs.status !== 200) leaks.push(`${what} changed another org's entity: ${theirs.status}`);
        try {
          assert.deepEqual(theirs, nothing);
        } catch {
          leaks.push(`${what}\n    theirs:  ${JSON.stringify(theirs)}\n    nothing: ${JSON.stringify(nothing)}`);
        }
        if (probe.path('{id}', own).startsWith('/cloudapi/') && nothing.status === 403) {
          if (nothing.minorErrorCode !== 'ACCESS_TO_RESOURCE_IS_FORBIDDEN') leaks.push(`${what}: a CloudAPI 403 is ACCESS_TO_RESOURCE_IS_FORBIDDEN`);
        }
      }
    }
    assert.deepEqual(leaks, []);
  };

  test('a vApp User of another org learns nothing of what exists', () => compare('Other', Object.keys(PROBES)));
  test('an Organization Administrator of another org learns nothing of what exists', () => compare('OtherAdmin', Object.keys(PROBES)));
  test('a vApp User of the same org learns nothing of the vApps, VMs and tasks it may not see', () => compare('Neighbour', ['vapp', 'vm', 'task']));

  test('on the CloudAPI, an id that names nothing is 403 ACCESS_TO_RESOURCE_IS_FORBIDDEN, for the provider too', async () => {
    for (const [urnType, path] of [['user', 'users'], ['role', 'roles'], ['rightsBundle', 'rightsBundles'], ['right', 'rights'], ['token', 'tokens'],
      ['serviceAccount', 'serviceAccounts'], ['session', 'sessions'],
      ...ENTITY_TYPES.flatMap((t) => (t.cloudApi ? [[t.urnType, t.cloudApi.collection]] : []))]) {
      const res = await w.provider.cloud('GET', `/${path}/urn:vcloud:${urnType}:${randomUUID()}`);
      assert.equal(res.status, 403, `${path}: ${res.text}`);
      assert.equal(res.json.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
    }
  });

  test('the SDK reads the CloudAPI\'s 403 for one entity as NotFoundError, for another org\'s and for none alike; the legacy 403 stays ForbiddenError', async () => {
    const client = await VcdClient.connect(w.t.url, { auth: accessTokenAuth(askers.OtherAdmin!.caller.token) });
    try {
      for (const id of [fixtures.user!, randomUUID()]) {
        await assert.rejects(client.users.get(`urn:vcloud:user:${id}`), (err: unknown) => {
          assert.ok(err instanceof NotFoundError, String(err));
          assert.equal(err.status, 403);
          assert.equal(err.minorErrorCode, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');
          return true;
        });
      }
      await assert.rejects(client.get('/cloudapi/1.0.0/rightsBundles'), ForbiddenError, 'a list the caller may not read is forbidden, not absent');
      await assert.rejects(client.get(`/api/vdc/${fixtures.vdc}`), ForbiddenError, 'the legacy API\'s 403 is as it was');
    } finally {
      await client.close({ logout: false });
    }
  });

  // The writes and actions each registered type's own paths serve, children before parents. The probes above
  // also send what a path does not serve (an unknown action, a vApp's action on a VM, a VM's section on a vApp,
  // DELETE of a VM): those are 404/400 for everyone and are left out here.
  const CHILDREN_FIRST = ['task', 'disk', 'vm', 'vapp', 'vapptemplate', 'catalogitem', 'media', 'catalog', 'firewallgroup', 'applicationportprofile', 'network',
    'gateway', 'vdc', 'user', 'role', 'org'];
  // the provider's own types: no tenant sees them, and their paths serve no write (the test above would name it)
  const PROVIDER_ONLY = ENTITY_TYPES.filter((t) => t.providerOnly).map((t) => t.urnType);
  const NOT_SERVED: Record<string, RegExp> = {
    vm: /\/fly$|recomposeVApp$|action\/controlAccess$|vm-\{id\}$|leaseSettingsSection$|networkConfigSection$/,
    vapp: /\/fly$|(?<!lease|networkConfig)Section(\/cpu|\/memory)?$|reconfigureVm$|vmCapabilities$|bootOptions$/,
    network: /network\/\{id\}$|action\/reset$/,
  };
  /** A route's pattern for a probe's path: `{id}` (with its `vapp-` or URN prefix) a parameter, the query left out. */
  const pattern = (path: string) => path.split('?')[0]!.replace(/[^/]*\{id\}/g, ':id');

  test('every write and action a cell serves on a registered type\'s own paths is probed', async () => {
    const own = askers.Viewer!.own;
    const probed = new Set(ENTITY_TYPES.flatMap((t) => PROBES[t.urnType]!.map((p) => `${p.method} ${pattern(p.path('{id}', own))}`)));
    const roots = [...new Set(ENTITY_TYPES.flatMap((t) => PROBES[t.urnType]!.map((p) => /^.*?:id/.exec(pattern(p.path('{id}', own)))?.[0]).filter((r) => r !== undefined)))];
    const unprobed = (await cellRoutes())
      .map((r) => `${r.method} ${r.path.replace(/:[a-zA-Z]+/g, (m) => (m === ':domain' ? 'GENERAL' : m === ':key' ? 'k' : ':id'))}`)
      // CloudAPI item routes are walked, every method, from the route table by cloudapi-visibility.test.ts
      .filter((r) => !r.startsWith('GET ') && !r.includes(' /cloudapi/') && roots.some((root) => r.split(' ')[1] === root || r.split(' ')[1]!.startsWith(`${root}/`)) && !probed.has(r));
    assert.deepEqual(unprobed, []);
  });

  /** The entity's own DELETE (not its metadata's), which the provider's run sends after every other write. */
  const deletesEntity = (p: Probe, own: Own) => p.method === 'DELETE' && !p.path('{id}', own).includes('/metadata');
  const writesOn = (urnType: string, own: Own) => PROBES[urnType]!.filter((p) => p.method !== 'GET' && p.path('{id}', own).includes('{id}')
    && !NOT_SERVED[urnType]?.test(p.path('{id}', own)));
  /** The entity as ExampleOrg's administrator reads it at its type's first own path. */
  const asOwnerSees = async (urnType: string, own: Own) => {
    const read = PROBES[urnType]!.find((p) => p.method === 'GET' && p.path('{id}', own).includes('{id}'))!;
    return answer(w.orgAdmin, read, fixtures[urnType]!, own);
  };

  test('the registry\'s types are all ordered for the write probes', () => {
    assert.deepEqual(ENTITY_TYPES.map((t) => t.urnType).filter((u) => !CHILDREN_FIRST.includes(u) && !PROVIDER_ONLY.includes(u)), []);
  });

  test('a user of the same org who sees an entity but lacks the right to change it gets the rights refusal, and the entity is unchanged', async () => {
    const { caller, own } = askers.Viewer!;
    const wrong: string[] = [];
    const refusals = new Map<string, string[]>();
    for (const urnType of CHILDREN_FIRST) {
      const seen = await asOwnerSees(urnType, own);
      assert.equal(seen.status, 200, `${urnType}: ${JSON.stringify(seen)}`);
      for (const probe of writesOn(urnType, own)) {
        const got = await answer(caller, probe, fixtures[urnType]!, own);
        const what = `${probe.method} ${probe.path('{id}', own)}`;
        if (got.status !== 403) wrong.push(`${what}: ${JSON.stringify(got)}`);
        else refusals.set(`${got.minorErrorCode}`, [...refusals.get(`${got.minorErrorCode}`) ?? [], what]);
      }
      assert.deepEqual(await asOwnerSees(urnType, own), seen, `${urnType} changed by refused writes`);
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual([...refusals.keys()], ['ACCESS_TO_RESOURCE_IS_FORBIDDEN'], JSON.stringify(Object.fromEntries(refusals), null, 1));
  });

  // last: it really changes (and deletes) ExampleOrg's entities
  test('the provider is not refused any write on an existing entity: a 2xx, or a 400 state refusal', async () => {
    const own = askers.Viewer!.own;
    const wrong: string[] = [];
    const writes = CHILDREN_FIRST.flatMap((urnType) => writesOn(urnType, own).map((probe) => ({ urnType, probe })));
    const deleted = new Set<string>();
    for (const { urnType, probe } of [...writes.filter((x) => !deletesEntity(x.probe, own)), ...writes.filter((x) => deletesEntity(x.probe, own))]) {
      if (deleted.has(urnType)) continue; // its other DELETE path (/api/admin/vdc after /api/vdc) finds nothing left
      const got = await answer(w.provider, probe, fixtures[urnType]!, own);
      if (deletesEntity(probe, own) && got.status < 300) deleted.add(urnType);
      if (got.status >= 300 && got.status !== 400) wrong.push(`${probe.method} ${probe.path('{id}', own)}: ${JSON.stringify(got)}`);
    }
    assert.deepEqual(wrong, []);
  });
});
