// The CloudAPI OrgVdc (vdc/vdcs.yaml).
import { urn } from '../../ids.ts';
import { ALLOCATION_TYPES, type VdcCloudRow } from './type.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';

export function cloudVdc(v: VdcCloudRow) {
  return {
    id: urn('vdc', v.id),
    name: v.name,
    description: v.description,
    allocationType: ALLOCATION_TYPES[v.allocation_model] ?? v.allocation_model,
    org: entityReference('org', v.org_id, v.org_name),
  };
}

/**
 * The VDC's capabilities (vdc/vdcCapabilities.yaml), one page of all: the network stack its provider VDC's NSX-T
 * manager gives it (go-vcloud-director's Vdc.IsNsxt reads networkProvider), and no cross-VDC networking, as the
 * cell has no VDC groups yet.
 */
export function cloudVdcCapabilities(networkProvider: 'NSX_T' | undefined) {
  const values = [
    ...(networkProvider ? [{ name: 'networkProvider', description: 'The network provider of the VDC', value: networkProvider, type: 'String', category: 'Infra' }] : []),
    { name: 'crossVdc', description: 'Whether cross-VDC networks can be created', value: false, type: 'Boolean', category: 'OrgVdcNetwork' },
  ];
  return { resultTotal: values.length, pageCount: 1, page: 1, pageSize: values.length, associations: [], values };
}

/** The VDC's network profile (networking/vdcNetworkProfiles.yaml): an NSX-T VDC's services edge cluster, if set. */
export function cloudVdcNetworkProfile(profile: { servicesEdgeCluster: { backingId: string; name: string } | undefined }) {
  const edge = profile.servicesEdgeCluster;
  return {
    primaryEdgeCluster: null, secondaryEdgeCluster: null,
    servicesEdgeCluster: edge ? { edgeClusterRef: { name: edge.name, id: null }, backingId: edge.backingId } : null,
  };
}

/** What a PUT of the network profile asks for: the services edge cluster by its NSX-T id (or its reference's id), null to clear it. */
export function readCloudVdcNetworkProfile(body: CloudVdcNetworkProfileBody): { servicesEdgeClusterId: string | null; nsxv: boolean } {
  const edge = body.servicesEdgeCluster;
  return {
    servicesEdgeClusterId: edge ? edge.backingId ?? edge.edgeClusterRef?.id ?? null : null,
    nsxv: Boolean(body.primaryEdgeCluster?.id || body.secondaryEdgeCluster?.id),
  };
}

type Ref = { id?: string | null; name?: string | null } | null | undefined;
export interface CloudVdcNetworkProfileBody {
  primaryEdgeCluster?: Ref;
  secondaryEdgeCluster?: Ref;
  servicesEdgeCluster?: { edgeClusterRef?: Ref; backingId?: string | null } | null;
}
