// The org VDC network's API (a declaration the engine serves: http/entity-api.ts): GET /api/network/{id} and
// /api/admin/network/{id} (OrgVdcNetwork), /api/network/{id}/allocatedAddresses; beside them the networks' metadata.
// Another org's network is forbidden, as one that does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { canAdministerOrg } from '../../inventory/policy.ts';
import type { EntityView } from '../../inventory/entity-type.ts';
import { allocatedAddressesDocument, orgVdcNetworkDocument } from './documents.ts';
import { networkOwner, type OrgVdcNetwork } from './service.ts';
import { networkType } from './type.ts';
import { defineEntityApi, findEntity, operation } from '../../http/entity-api.ts';
import { metadataRoutes, type MetadataTarget } from '../../http/routes/metadata.ts';

const TENANT = 'vcloud.orgVdcNetwork';
/** The admin path of a network: the same document, for the provider and the org's administrators. */
const admin: EntityView = { family: TENANT, path: (id) => `/api/admin/network/${id}`, allowed: (session, n) => canAdministerOrg(session, n.orgId) };
const allocated: EntityView = { family: 'vcloud.allocatedNetworkAddress', path: (id) => `/api/network/${id}/allocatedAddresses` };

const findNetwork = async (request: FastifyRequest, isAdmin: boolean): Promise<OrgVdcNetwork> => {
  const entity = await findEntity(request, networkType, { idLabel: 'network', view: isAdmin ? admin : TENANT });
  return request.server.services.networks.get(request.session, entity.id);
};

const networkMetadata = (isAdmin: boolean) => async (request: FastifyRequest): Promise<MetadataTarget> => {
  const network = await findNetwork(request, isAdmin);
  return {
    owner: networkOwner(network),
    label: 'Network',
    place: {
      parentPath: isAdmin ? `/api/admin/network/${network.id}` : `/api/network/${network.id}`,
      parentFamily: TENANT,
      writable: isAdmin && canAdministerOrg(request.session, network.orgId),
    },
  };
};

const metadata: FastifyPluginAsync = async (app) => {
  metadataRoutes(app, '/api/network/:id', networkMetadata(false), { writes: false });
  metadataRoutes(app, '/api/admin/network/:id', networkMetadata(true), { writes: true });
};

export const networkApi = defineEntityApi(networkType, {
  idLabel: 'network',
  operations: [
    ...[TENANT, admin].map((v) => operation({
      api: 'legacy', method: 'GET', view: v,
      run: ({ services, session, entity }) => services.networks.get(session, entity.id),
      render: (ctx, network) => orgVdcNetworkDocument(ctx, { network, admin: v === admin }),
    })),
    operation({
      api: 'legacy', method: 'GET', view: allocated,
      run: async ({ services, session, entity }) => {
        const network = await services.networks.get(session, entity.id);
        return { network, allocations: await services.networks.allocations(network) };
      },
      render: (ctx, { network, allocations }) => allocatedAddressesDocument(ctx, network, allocations),
    }),
  ],
  routes: metadata,
});
