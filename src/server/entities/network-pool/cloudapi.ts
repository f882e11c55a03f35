// The CloudAPI NetworkPool (networking/networkPools.yaml): GENEVE, backed by its NSX-T manager's transport zone.
import { urn } from '../../ids.ts';
import { entityReference } from '../../representation/cloudapi/entity-reference.ts';
import type { NetworkPoolRow } from './type.ts';

export function cloudNetworkPool(r: NetworkPoolRow) {
  const manager = entityReference('nsxtmanager', r.manager_id, r.manager_name);
  return {
    id: urn('networkpool', r.id),
    name: r.name,
    description: r.description,
    poolType: r.pool_type,
    promiscuousMode: false,
    status: 'REALIZED',
    managingOwnerRef: manager,
    backing: {
      transportZoneRef: { id: r.transport_zone_id, name: r.transport_zone_name },
      providerRef: manager,
    },
  };
}

/** The CloudAPI NetworkPoolSummary: the pool without its backing. */
export function cloudNetworkPoolSummary(r: NetworkPoolRow) {
  const { backing: _backing, ...summary } = cloudNetworkPool(r);
  return summary;
}
