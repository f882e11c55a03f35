// The CloudAPI models of the entity types' CloudAPI views, by the model name each view declares.
import type { AnyCloudApiView } from '../../inventory/entity-type.ts';
import { cloudEdgeGateway } from './edge-gateway.ts';
import { cloudNetwork } from './network.ts';
import { cloudOrg } from './org.ts';
import { cloudVdc } from './vdc.ts';

const MODELS: Readonly<Record<string, (row: any) => unknown>> = {
  Org: cloudOrg, OrgVdc: cloudVdc, VdcNetwork: cloudNetwork, EdgeGateway: cloudEdgeGateway,
};

/** The builder of a view's model from its rows (a view naming a model with none is a mistake caught at start). */
export function cloudModel(view: AnyCloudApiView): (row: any) => unknown {
  const build = MODELS[view.model];
  if (!build) throw new Error(`no CloudAPI model ${view.model} for /${view.collection}`);
  return build;
}
