// The CloudAPI models of the entity types' CloudAPI views, by the model name each view declares.
import type { AnyCloudApiView } from '../../inventory/entity-type.ts';
import { cloudEdgeGateway } from '../../entities/edge-gateway/cloudapi.ts';
import { cloudNetwork } from '../../entities/network/cloudapi.ts';
import { cloudOrg } from '../../entities/org/cloudapi.ts';
import { cloudVdc } from '../../entities/vdc/cloudapi.ts';
import { cloudVirtualCenter } from '../../entities/virtual-center/cloudapi.ts';
import { cloudNetworkPool } from '../../entities/network-pool/cloudapi.ts';
import { cloudProviderVdc } from '../../entities/provider-vdc/cloudapi.ts';
import { cloudFirewallGroup } from '../../entities/firewall-group/cloudapi.ts';
import { cloudAppPortProfile } from '../../entities/app-port-profile/cloudapi.ts';
import { cloudExternalNetwork } from '../../entities/external-network/cloudapi.ts';

const MODELS: Readonly<Record<string, (row: any) => unknown>> = {
  Org: cloudOrg, OrgVdc: cloudVdc, VdcNetwork: cloudNetwork, EdgeGateway: cloudEdgeGateway,
  VCenterServer: cloudVirtualCenter, NetworkPool: cloudNetworkPool, ProviderVdc: cloudProviderVdc,
  FirewallGroupDetails: cloudFirewallGroup, ApplicationPortProfile: cloudAppPortProfile, ExternalNetwork: cloudExternalNetwork,
};

/** The builder of a view's model from its rows (a view naming a model with none is a mistake caught at start). */
export function cloudModel(view: AnyCloudApiView): (row: any) => unknown {
  const build = MODELS[view.model];
  if (!build) throw new Error(`no CloudAPI model ${view.model} for /${view.collection}`);
  return build;
}
