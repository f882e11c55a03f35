// The CloudAPI EdgeGateway (networking/edgeGateways.yaml) of an NSX-V backed gateway: no uplinks (external
// networks are not modelled), its VDC (as orgVdc and ownerRef), its org, and how many org networks it routes.
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { EdgeGatewaySpec } from './service.ts';
import type { EdgeGatewayCloudRow } from './type.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';

/** NetworkingObjectStatusType of each gateway status the store holds (0 being created, 1 ready, -1 error). */
const STATUSES: Readonly<Record<number, string>> = { 0: 'PENDING', 1: 'REALIZED', [-1]: 'REALIZATION_FAILED' };

export function cloudEdgeGateway(g: EdgeGatewayCloudRow) {
  const vdc = entityReference('vdc', g.vdc_id, g.vdc_name);
  return {
    id: urn('gateway', g.id),
    name: g.name,
    description: g.description,
    status: STATUSES[g.status] ?? 'UNKNOWN',
    edgeGatewayUplinks: [],
    distributedRoutingEnabled: false,
    orgVdcNetworkCount: Number(g.org_networks),
    gatewayBacking: { gatewayType: 'NSXV_BACKED' },
    orgVdc: vdc,
    ownerRef: vdc,
    orgRef: entityReference('org', g.org_id, g.org_name),
  };
}

/** The writable part of an EdgeGateway the cell models, as the spec's schema has let it through (uplinks are not modelled). */
export interface CloudEdgeGatewayBody {
  name: string;
  description?: string | null;
  orgVdc: { id?: string | null } | null;
  ownerRef?: { id?: string | null } | null;
}

/** A gateway's name and description, and the URN of the VDC it is (to be) in: ownerRef, else orgVdc. */
export function readCloudEdgeGateway(body: CloudEdgeGatewayBody): { spec: EdgeGatewaySpec; vdc: string | undefined } {
  const name = body.name.trim();
  if (!name) throw errors.badRequest('The Edge gateway has no name (body/name).');
  return { spec: { name, description: body.description ?? undefined }, vdc: body.ownerRef?.id ?? body.orgVdc?.id ?? undefined };
}
