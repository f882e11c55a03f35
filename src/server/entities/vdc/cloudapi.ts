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

/** The VDC's network profile (networking/vdcNetworkProfiles.yaml): no edge cluster is set for it. */
export function cloudVdcNetworkProfile() {
  return { primaryEdgeCluster: null, secondaryEdgeCluster: null, servicesEdgeCluster: null };
}
