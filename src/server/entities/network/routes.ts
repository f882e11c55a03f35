// The org VDC network's API (a declaration the engine serves: http/entity-api.ts): GET /api/network/{id} and
// /api/admin/network/{id} (OrgVdcNetwork), /api/network/{id}/allocatedAddresses; beside them the networks' metadata.
// The CloudAPI's POST /orgVdcNetworks, PUT and DELETE /orgVdcNetworks/{urn}, each a task (202 and its Location), as
// Cloud Director 10.x answers. Another org's network is forbidden, as one that does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { canAdministerOrg } from '../../inventory/policy.ts';
import type { EntityView } from '../../inventory/entity-type.ts';
import { allocatedAddressesDocument, orgVdcNetworkDocument } from './documents.ts';
import { networkOwner, type OrgVdcNetwork } from './service.ts';
import { networkType } from './type.ts';
import { defineEntityApi, findByUrn, findEntity, operation } from '../../http/entity-api.ts';
import { VdcNetwork } from '../../http/cloudapi-schemas.generated.ts';
import { readCloudNetwork, type CloudNetworkBody } from './cloudapi.ts';
import { vdcType } from '../vdc/type.ts';
import { edgeGatewayType } from '../edge-gateway/type.ts';
import { errors } from '../../errors.ts';
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

/** The Edge gateway a VdcNetwork's connection names (routerRef), if the caller sees it. */
const routedThrough = async (request: FastifyRequest, router: string) =>
  request.server.services.edgeGateways.get(request.session, (await findByUrn(request, edgeGatewayType, router)).id);

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
    operation<CloudNetworkBody>({
      api: 'cloudapi', method: 'POST', collection: true, rights: 'create', body: { schema: VdcNetwork }, task: true,
      run: async ({ request, services, session, body }) => {
        const { spec, vdc: vdcUrn, router } = readCloudNetwork(body);
        if (!vdcUrn) throw errors.badRequest('The network names no VDC (body/ownerRef/id).');
        const vdc = await findByUrn(request, vdcType, vdcUrn);
        const gateway = router === undefined ? undefined : await routedThrough(request, router);
        return services.networks.create(session, { id: vdc.id, orgId: vdc.orgId }, { ...spec, edgeGateway: gateway?.name }, gateway);
      },
    }),
    operation<CloudNetworkBody>({
      api: 'cloudapi', method: 'PUT', rights: 'edit', body: { schema: VdcNetwork }, task: true,
      run: async ({ request, services, session, entity, body }) => {
        const { spec, router } = readCloudNetwork(body);
        const gateway = router === undefined ? undefined : await routedThrough(request, router);
        return services.networks.update(session, await services.networks.get(session, entity.id), { ...spec, edgeGateway: gateway?.name });
      },
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', rights: 'delete', task: true,
      run: async ({ services, session, entity }) => services.networks.delete(session, await services.networks.get(session, entity.id)),
    }),
  ],
  routes: metadata,
});
