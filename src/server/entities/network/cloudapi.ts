// The CloudAPI VdcNetwork (networking/orgVdcNetworks.yaml): one IPv4 subnet with its static pool, its VDC (as
// orgVdc and ownerRef), its org, and the Edge gateway a routed network is connected to.
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { FenceMode, NetworkSpec } from './service.ts';
import { formatIpv4 } from '../../ipv4.ts';
import type { NetworkCloudRow } from './type.ts';
import type { IpAllocation } from './service.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';

const NETWORK_TYPES: Readonly<Record<string, string>> = { natRouted: 'NAT_ROUTED', isolated: 'ISOLATED', bridged: 'DIRECT' };

/** The pool's ranges, from their "start-end,…" text (addresses as numbers). */
const ipRanges = (ranges: string | null) => (ranges ? ranges.split(',') : []).map((range) => {
  const [start, end] = range.split('-').map(Number) as [number, number];
  return { startAddress: formatIpv4(start), endAddress: formatIpv4(end) };
});

export function cloudNetwork(n: NetworkCloudRow) {
  const vdc = entityReference('vdc', n.vdc_id, n.vdc_name);
  const totalIpCount = Number(n.total_ips);
  const usedIpCount = Number(n.used_ips);
  return {
    id: urn('network', n.id),
    name: n.name,
    description: n.description,
    subnets: {
      values: [{
        // unset DNS settings are absent, as VCD leaves them
        gateway: n.gateway, prefixLength: n.prefix_length, dnsSuffix: n.dns_suffix || undefined, dnsServer1: n.dns1 || undefined, dnsServer2: n.dns2 || undefined,
        ipRanges: { values: ipRanges(n.ranges) }, enabled: true, totalIpCount, usedIpCount,
      }],
    },
    networkType: NETWORK_TYPES[n.fence_mode] ?? n.fence_mode,
    orgVdc: vdc,
    ownerRef: vdc,
    orgRef: entityReference('org', n.org_id, n.org_name),
    connection: n.edge_gateway_id === null ? null : {
      routerRef: entityReference('gateway', n.edge_gateway_id, n.edge_name ?? ''), connectionType: 'INTERNAL', connected: true,
    },
    isDefaultNetwork: false,
    shared: n.is_shared === 1,
    enableDualSubnetNetwork: false,
    status: 'REALIZED',
    guestVlanTaggingAllowed: false,
    totalIpCount,
    usedIpCount,
  };
}

/** An AllocatedIpAddress (networking/orgVdcNetworks.yaml): the address, what holds it (a VM, with its vApp) and the network. */
export function cloudAllocatedAddress(network: { id: string; name: string; org_id: string; org_name: string }, a: IpAllocation) {
  return {
    id: `${network.id}:${a.ip}`,
    entityId: a.holder?.urn ?? null,
    entityName: a.holder?.name ?? null,
    vAppName: a.holder?.vAppName ?? null,
    ipAddress: a.ip,
    deployed: a.holder?.deployed ?? false,
    allocationType: 'VM_ALLOCATED',
    networkRef: entityReference('network', network.id, network.name),
    orgRef: entityReference('org', network.org_id, network.org_name),
  };
}

/** The writable part of a VdcNetwork, as the spec's schema has let it through (http/cloudapi-schemas.generated.ts). */
export interface CloudNetworkBody {
  name?: string | null;
  description?: string | null;
  networkType?: string | null;
  subnets?: { values?: Array<{
    gateway: string; prefixLength: number; dnsSuffix?: string | null; dnsServer1?: string | null; dnsServer2?: string | null;
    ipRanges?: { values?: Array<{ startAddress?: string | null; endAddress?: string | null }> | null } | null;
  }> | null } | null;
  ownerRef?: { id?: string | null } | null;
  orgVdc?: { id?: string | null } | null;
  connection?: { routerRef?: { id?: string | null } | null } | null;
  shared?: boolean | null;
}

/** A VdcNetwork read: the spec (its gateway by the URN `router` names, set by the caller), its VDC's URN and its router's. */
export interface CloudNetworkRequest {
  spec: NetworkSpec;
  vdc: string | undefined;
  router: string | undefined;
}

const FENCE_MODES: Readonly<Record<string, FenceMode>> = { NAT_ROUTED: 'natRouted', ISOLATED: 'isolated' };

/** The model's writable fields as a network spec; what the cell does not model is refused with a 400 naming the field. */
export function readCloudNetwork(body: CloudNetworkBody): CloudNetworkRequest {
  const name = body.name?.trim();
  if (!name) throw errors.badRequest('The network has no name (body/name).');
  const fenceMode = FENCE_MODES[body.networkType ?? ''];
  if (!fenceMode) throw errors.badRequest(`body/networkType must be NAT_ROUTED or ISOLATED (org VDC networks of other types are not modelled), not ${JSON.stringify(body.networkType ?? null)}.`);
  const subnets = body.subnets?.values ?? [];
  if (subnets.length !== 1) throw errors.badRequest('body/subnets/values must hold exactly one subnet.');
  const subnet = subnets[0]!;
  const ipRanges = (subnet.ipRanges?.values ?? []).map((r, i) => {
    if (!r.startAddress || !r.endAddress) throw errors.badRequest(`body/subnets/values/0/ipRanges/values/${i} needs startAddress and endAddress.`);
    return { start: r.startAddress, end: r.endAddress };
  });
  return {
    spec: {
      name, description: body.description ?? undefined, fenceMode, gateway: subnet.gateway, prefixLength: subnet.prefixLength, ipRanges,
      dns1: subnet.dnsServer1 || undefined, dns2: subnet.dnsServer2 || undefined, dnsSuffix: subnet.dnsSuffix || undefined, shared: body.shared ?? false,
    },
    vdc: body.ownerRef?.id ?? body.orgVdc?.id ?? undefined,
    router: body.connection?.routerRef?.id ?? undefined,
  };
}
