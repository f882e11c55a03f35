// Org VDC networks: read (fence mode, IP scopes and pools), their allocated addresses, metadata.
import type { QueryRecord, Reference, Resource } from '../types.ts';
import { asArray, ResourceSetWithMetadata, type Ref, type NamedEntity, specOf, type CloudItemOf, type DeleteResultOf } from './resource.ts';

/** An IP scope of a network: gateway, prefix and the pool VMs take addresses from. */
export interface IpScope {
  isInherited: boolean;
  gateway: string;
  netmask: string;
  subnetPrefixLength: number;
  isEnabled: boolean;
  dns1?: string | undefined;
  dns2?: string | undefined;
  dnsSuffix?: string | undefined;
  ipRanges?: { ipRange?: Array<{ startAddress: string; endAddress: string }> | undefined } | undefined;
}

/** GET /api/network/{id} (application/vnd.vmware.vcloud.orgVdcNetwork+json) */
export interface OrgVdcNetwork extends NamedEntity {
  status: number;
  isShared: boolean;
  configuration: {
    fenceMode: 'natRouted' | 'isolated' | 'bridged' | (string & {});
    ipScopes?: { ipScope?: IpScope[] | undefined } | undefined;
    retainNetInfoAcrossDeployments?: boolean | undefined;
  };
  /** the Edge gateway a routed network is connected to */
  edgeGateway?: Reference | undefined;
}

/** A record of the orgVdcNetwork query. */
export interface OrgVdcNetworkRecord extends QueryRecord {
  href: string;
  name: string;
  defaultGateway: string;
  netmask: string;
  subnetPrefixLength: number;
  /** 0 direct, 1 routed, 2 isolated */
  linkType: number;
  connectedTo?: string | undefined;
  vdc: string;
  vdcName: string;
  isBusy: boolean;
  isShared: boolean;
  usedIpCount: number;
  totalIpCount: number;
}

/** An address of the network's pool held by a VM's NIC. */
export interface AllocatedAddress {
  ipAddress: string;
  allocationType: 'vmAllocated' | (string & {});
  isDeployed: boolean;
  /** rel="down" to the VM holding it, named by its name */
  link?: Resource['link'];
}

/** Org VDC networks (query type orgVdcNetwork). Metadata is read on the network and written through its admin view. */
export class Networks extends ResourceSetWithMetadata<OrgVdcNetwork, OrgVdcNetworkRecord, CloudItemOf<'network'>, DeleteResultOf<'network'>> {
  protected readonly spec = specOf('network');

  protected override metadataWriteHref(href: string): string { return href.replace('/api/network/', '/api/admin/network/'); }

  /** The network's IP scopes. */
  ipScopes(network: OrgVdcNetwork): IpScope[] { return asArray(network.configuration.ipScopes?.ipScope); }

  /** The addresses of the network's pools that VMs hold. */
  async allocatedAddresses(ref: Ref): Promise<AllocatedAddress[]> {
    const doc = await this.client.get<{ ipAddress?: AllocatedAddress[] }>(`${this.href(ref)}/allocatedAddresses`);
    return asArray(doc.ipAddress);
  }
}
