// The CloudAPI models of what an NSX-T manager offers to import (networking/nsxTResources.yaml): Tier0Router,
// NsxTTransportZone (overlay: GENEVE), NsxTEdgeCluster (two edge VMs, active-standby).
import type { NsxtResourceRow } from '../provider-vdc/service.ts';

export const cloudTier0Router = (r: NsxtResourceRow) => ({ id: r.backing_id, displayName: r.name, description: r.description, parentTier0Id: null });

export const cloudTransportZone = (r: NsxtResourceRow) => ({ id: r.backing_id, name: r.name, type: 'GENEVE', alreadyImported: false });

export const cloudEdgeCluster = (r: NsxtResourceRow) =>
  ({ id: r.backing_id, name: r.name, description: r.description, nodeCount: 2, nodeType: 'EDGE_NODE', deploymentType: 'VIRTUAL_MACHINE' });
