// vApps: instantiated from a template or composed from templates' VMs in a VDC, powered, deployed and
// undeployed, renamed, deleted, metadata. Each change is a task.
import { VcdError } from '../errors.ts';
import type { QueryRecord, Task } from '../types.ts';
import type { Owner } from './catalog.ts';
import { PowerResourceSet } from './power.ts';
import { asArray, hrefOf, nameAndDescription, sendXml, startTask, TaskHandle, type Ref, type NamedEntity, specOf } from './resource.ts';
import type { VAppTemplate } from './vapp-template.ts';
import type { Vm } from './vm.ts';
import { el, OVF_NS, text, VCLOUD_NS, type XmlElement } from './xml.ts';

/** How a NIC gets its address: from the network's pool, by DHCP, given (MANUAL), or none. */
export type IpAllocationMode = 'POOL' | 'DHCP' | 'MANUAL' | 'NONE';

/** A network to connect a new vApp's VMs to: an org VDC network's document, record or reference (href and name). */
export interface NetworkChoice {
  href: string;
  name?: string | undefined;
}

/** A template VM to take into the vApp, optionally renamed. */
export interface SourceVm {
  /** the template VM (its href, or the VM as VAppTemplates.vms() lists it) */
  source: Ref;
  name?: string | undefined;
}

interface CreationParams {
  name: string;
  description?: string | undefined;
  /** deploy the vApp once created (Cloud Director's default: true) */
  deploy?: boolean | undefined;
  /** power it on once created (Cloud Director's default: true) */
  powerOn?: boolean | undefined;
  /** connect every VM's first NIC to this network (bridged to it as a vApp network of the same name) */
  network?: NetworkChoice | undefined;
  /** how the VMs' NICs on `network` get addresses (POOL by default) */
  ipAllocation?: IpAllocationMode | undefined;
}

/** What instantiating a template takes. */
export interface InstantiateParams extends CreationParams {
  /** the template: its href or id, or its document (then its VMs need no second read) */
  template: Ref | VAppTemplate;
  /** which of its VMs, renamed (all of them, as they are, when left out) */
  vms?: SourceVm[] | undefined;
}

/** What composing a vApp from templates' VMs takes. */
export interface ComposeParams extends CreationParams {
  vms: SourceVm[];
}

/** GET /api/vApp/vapp-{id} (application/vnd.vmware.vcloud.vApp+json) */
export interface VApp extends NamedEntity {
  /** 8 powered off, 4 powered on, 3 suspended, 0 while it is being created: see VAPP_STATUS */
  status: number;
  deployed: boolean;
  owner?: Owner | undefined;
  /** tasks running on it (its creation task in the answer to instantiate and compose) */
  tasks?: { task?: Task[] | undefined } | undefined;
  children?: { vm?: Vm[] | undefined } | undefined;
  section?: Array<{ _type: string; [member: string]: unknown }> | undefined;
  dateCreated?: string | undefined;
}

/** A record of the vApp query. */
export interface VAppRecord extends QueryRecord {
  href: string;
  name: string;
  description?: string | undefined;
  vdc: string;
  vdcName: string;
  ownerName: string;
  /** POWERED_OFF, POWERED_ON, SUSPENDED, … */
  status: string;
  isDeployed: boolean;
  isBusy: boolean;
  isEnabled: boolean;
  numberOfCpus: number;
  memoryAllocationMB: number;
  creationDate: string;
}

const TEMPLATE = specOf('vapptemplate', 'vApp template');
const VDC = specOf('vdc', 'VDC');

function networkConfig(network: NetworkChoice, name: string): XmlElement {
  return el('InstantiationParams', {}, el('NetworkConfigSection', {}, text('ovf:Info', 'Configuration parameters for logical networks'),
    el('NetworkConfig', { networkName: name },
      el('Configuration', {}, el('ParentNetwork', { href: network.href }), text('FenceMode', 'bridged')))));
}

function sourcedItem(vm: SourceVm, href: string, network: string | undefined, mode: IpAllocationMode): XmlElement {
  return el('SourcedItem', {},
    el('Source', { href }),
    vm.name !== undefined && el('VmGeneralParams', {}, text('Name', vm.name)),
    network !== undefined && el('InstantiationParams', {},
      el('NetworkConnectionSection', {}, text('ovf:Info', 'The VM\'s network connections'), text('PrimaryNetworkConnectionIndex', 0),
        el('NetworkConnection', { network }, text('NetworkConnectionIndex', 0), text('IsConnected', true), text('IpAddressAllocationMode', mode)))));
}

/** vApps (query type vApp). */
export class VApps extends PowerResourceSet<VApp, VAppRecord, 'vapp'> {
  protected readonly spec = specOf('vapp', 'vApp');

  /** The vApp's VMs, as its document lists them. */
  vms(vapp: VApp): Vm[] { return asArray(vapp.children?.vm); }

  /**
   * Instantiates a template in a VDC: `entity` is the new vApp as first answered (status 0 while it is
   * created), the handle its creation task.
   */
  async instantiate(vdc: Ref, params: InstantiateParams): Promise<TaskHandle<VApp>> {
    const network = params.network && { ...params.network, name: params.network.name ?? await this.#networkName(params.network) };
    let vms = params.vms;
    if (!vms && network) {
      // Connecting the VMs needs one SourcedItem each, so the template's VMs are read.
      const template = typeof params.template !== 'string' && 'children' in params.template
        ? params.template as VAppTemplate : await this.client.get<VAppTemplate>(hrefOf(params.template, TEMPLATE));
      vms = asArray(template.children?.vm).map((vm) => ({ source: vm }));
    }
    const root = el('InstantiateVAppTemplateParams', this.#rootAttrs(params),
      text('Description', params.description),
      network && networkConfig(network, network.name),
      el('Source', { href: hrefOf(params.template, TEMPLATE) }),
      this.#items(vms ?? [], network?.name, params.ipAllocation),
      text('AllEULAsAccepted', true));
    return this.#created(vdc, 'instantiateVAppTemplate', 'vcloud.instantiateVAppTemplateParams', root);
  }

  /** Composes a vApp in a VDC from templates' VMs; as instantiate(), a handle whose `entity` is the new vApp. */
  async compose(vdc: Ref, params: ComposeParams): Promise<TaskHandle<VApp>> {
    const network = params.network && { ...params.network, name: params.network.name ?? await this.#networkName(params.network) };
    const root = el('ComposeVAppParams', this.#rootAttrs(params),
      text('Description', params.description),
      network && networkConfig(network, network.name),
      this.#items(params.vms, network?.name, params.ipAllocation),
      text('AllEULAsAccepted', true));
    return this.#created(vdc, 'composeVApp', 'vcloud.composeVAppParams', root);
  }

  /** Renames the vApp and sets its description (a task). The name stays when only the description is given. */
  async edit(ref: Ref, changes: { name?: string | undefined; description?: string | undefined }): Promise<TaskHandle> {
    const name = changes.name ?? (await this.get(ref)).name;
    return startTask(this.client, 'PUT', this.href(ref), { mediaType: 'vcloud.vApp', root: nameAndDescription('VApp', name, changes.description) });
  }

  #rootAttrs(params: CreationParams) {
    return { xmlns: VCLOUD_NS, 'xmlns:ovf': OVF_NS, name: params.name, deploy: params.deploy, powerOn: params.powerOn };
  }

  #items(vms: SourceVm[], network: string | undefined, mode: IpAllocationMode = 'POOL'): XmlElement[] {
    return vms.map((vm) => {
      const href = typeof vm.source === 'string' ? vm.source : vm.source.href;
      if (!href) throw new VcdError('[vcdkit] a source VM has no href');
      return sourcedItem(vm, href, network, mode);
    });
  }

  async #networkName(network: NetworkChoice): Promise<string> {
    return (await this.client.get<{ name: string }>(network.href)).name;
  }

  async #created(vdc: Ref, action: string, mediaType: string, root: XmlElement): Promise<TaskHandle<VApp>> {
    const vapp = await sendXml<VApp>(this.client, 'POST', `${hrefOf(vdc, VDC)}/action/${action}`, mediaType, root);
    const [task] = asArray(vapp.tasks?.task);
    if (!task) throw new VcdError('[vcdkit] the cell created the vApp without a task');
    return new TaskHandle(this.client, task, vapp);
  }
}
