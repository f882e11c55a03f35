// The CloudAPI ExternalNetwork (networking/externalNetworks.yaml; VCD's ExternalNetworkV2) of an external network,
// and what a body asks for: its subnets and its NSX-T Tier-0 backing.
import { errors } from '../../errors.ts';
import { parseUrn, urn } from '../../ids.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';
import { subnetIpCount, totalIpCount, type ExternalSubnet } from './service.ts';
import { EXTERNAL_NETWORK_URN, type ExternalNetworkRow } from './type.ts';

export function cloudExternalNetwork(r: ExternalNetworkRow) {
  const subnets = JSON.parse(r.subnets) as ExternalSubnet[];
  return {
    id: urn(EXTERNAL_NETWORK_URN, r.id),
    name: r.name,
    description: r.description,
    subnets: {
      values: subnets.map((s) => ({
        gateway: s.gateway, prefixLength: s.prefixLength, dnsSuffix: s.dnsSuffix ?? '', dnsServer1: s.dns1 ?? '', dnsServer2: s.dns2 ?? '',
        ipRanges: { values: s.ipRanges.map((x) => ({ startAddress: x.start, endAddress: x.end })) },
        enabled: s.enabled, totalIpCount: subnetIpCount(s), usedIpCount: 0,
      })),
    },
    networkBackings: {
      values: [{
        backingId: r.tier0_id, backingType: 'NSXT_TIER0', backingTypeValue: 'NSXT_TIER0', name: r.tier0_name,
        networkProvider: entityReference('nsxtmanager', r.manager_id, r.manager_name), parentTier0Ref: null,
      }],
    },
    status: 'REALIZED',
    totalIpCount: totalIpCount(subnets),
    usedIpCount: 0,
    dedicatedOrg: null,
    dedicatedEdgeGateway: null,
  };
}

/** ExternalNetwork as the spec's schema has let it through (http/cloudapi-schemas.generated.ts). */
export interface CloudExternalNetworkBody {
  name?: string | null;
  description?: string | null;
  subnets?: { values?: Array<{
    gateway?: string | null; prefixLength?: number | null; dnsSuffix?: string | null; dnsServer1?: string | null; dnsServer2?: string | null;
    enabled?: boolean | null; ipRanges?: { values?: Array<{ startAddress?: string | null; endAddress?: string | null }> | null } | null;
  }> | null } | null;
  networkBackings?: { values?: Array<{
    backingId?: string | null; backingType?: string | null; backingTypeValue?: string | null; networkProvider?: { id?: string | null } | null;
  }> | null } | null;
}

/** What a body asks for: the network's name, description and subnets, and the Tier-0 router it names (ids still to be checked). */
export interface CloudExternalNetworkRequest {
  name: string;
  description: string;
  subnets: ExternalSubnet[];
  managerId: string;
  tier0Id: string;
}

const BACKING = 'body/networkBackings/values/0';

export function readCloudExternalNetwork(body: CloudExternalNetworkBody): CloudExternalNetworkRequest {
  const name = body.name?.trim();
  if (!name) throw errors.badRequest('The external network has no name (body/name).');
  const backings = body.networkBackings?.values ?? [];
  if (backings.length !== 1) throw errors.badRequest('body/networkBackings/values must hold exactly one backing (an NSX-T Tier-0 router).');
  const backing = backings[0]!;
  const type = backing.backingTypeValue ?? backing.backingType;
  if (type !== 'NSXT_TIER0') throw errors.badRequest(`${BACKING}/backingTypeValue must be NSXT_TIER0 (only Tier-0 backed external networks are modelled), not ${JSON.stringify(type ?? null)}.`);
  if (!backing.backingId) throw errors.badRequest(`${BACKING}/backingId names no Tier-0 router.`);
  const provider = backing.networkProvider?.id ?? '';
  const parsed = parseUrn(provider);
  if (parsed.type.toLowerCase() !== 'nsxtmanager') throw errors.badRequest(`${BACKING}/networkProvider/id must name an NSX-T manager (urn:vcloud:nsxtmanager:…), not ${JSON.stringify(provider)}.`);
  const subnets = (body.subnets?.values ?? []).map((s, i): ExternalSubnet => {
    if (!s.gateway || typeof s.prefixLength !== 'number') throw errors.badRequest(`body/subnets/values/${i} needs gateway and prefixLength.`);
    const ipRanges = (s.ipRanges?.values ?? []).map((x, j) => {
      if (!x.startAddress || !x.endAddress) throw errors.badRequest(`body/subnets/values/${i}/ipRanges/values/${j} needs startAddress and endAddress.`);
      return { start: x.startAddress, end: x.endAddress };
    });
    return {
      gateway: s.gateway, prefixLength: s.prefixLength, dns1: s.dnsServer1 || undefined, dns2: s.dnsServer2 || undefined, dnsSuffix: s.dnsSuffix || undefined,
      enabled: s.enabled ?? true, ipRanges,
    };
  });
  return { name, description: body.description ?? '', subnets, managerId: parsed.uuid, tier0Id: backing.backingId };
}
