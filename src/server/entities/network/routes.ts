// The org VDC network's API (a declaration the engine serves: http/entity-api.ts): GET /api/network/{id} and
// /api/admin/network/{id} (OrgVdcNetwork), /api/network/{id}/allocatedAddresses; beside them the networks' metadata.
// The CloudAPI's POST /orgVdcNetworks, PUT and DELETE /orgVdcNetworks/{urn}, each a task (202 and its Location), as
// Cloud Director 10.x answers, and the paged /orgVdcNetworks/{urn}/allocatedIpAddresses. Another org's network is forbidden, as one that does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { canAdministerOrg } from '../../inventory/policy.ts';
import type { EntityView } from '../../inventory/entity-type.ts';
import { allocatedAddressesDocument, orgVdcNetworkDocument } from './documents.ts';
import { networkOwner } from './service.ts';
import { networkType, type NetworkCloudRow } from './type.ts';
import { urn } from '../../ids.ts';
import { defineEntityApi, findByUrn, findEntity, operation, viewOf } from '../../http/entity-api.ts';
import { VdcNetwork } from '../../http/cloudapi-schemas.generated.ts';
import { cloudAllocatedAddress, readCloudNetwork, type CloudNetworkBody } from './cloudapi.ts';
import { vdcType } from '../vdc/type.ts';
import { edgeGatewayType } from '../edge-gateway/type.ts';
import { errors } from '../../errors.ts';
import { tenantAndAdminMetadata } from '../../http/routes/metadata.ts';

const TENANT = 'vcloud.orgVdcNetwork';
/** The admin path of a network: the same document, for the provider and the org's administrators. */
const admin: EntityView = { family: TENANT, path: (id) => `/api/admin/network/${id}`, allowed: (session, n) => canAdministerOrg(session, n.orgId) };
const allocated: EntityView = { family: 'vcloud.allocatedNetworkAddress', path: (id) => `/api/network/${id}/allocatedAddresses` };

/** The Edge gateway a VdcNetwork's connection names (routerRef), if the caller sees it. */
const routedThrough = async (request: FastifyRequest, router: string) =>
  request.server.services.edgeGateways.get(request.session, (await findByUrn(request, edgeGatewayType, router)).id);

const metadata: FastifyPluginAsync = async (app) => {
  tenantAndAdminMetadata(app, 'Network', [viewOf(networkType, TENANT), admin], async (request, view) => {
    const entity = await findEntity(request, networkType, { idLabel: 'network', view });
    const network = await request.server.services.networks.get(request.session, entity.id);
    return { ...network, owner: networkOwner(network) };
  });
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
    // the addresses allocated from the network's pool, paged, filtered and sorted by ipAddress, as Cloud Director pages
    // them; the legacy allocatedAddresses, which VCD deprecates for org VDC networks from API 35.0, stays whole
    operation({
      api: 'cloudapi', method: 'GET', path: '/allocatedIpAddresses', page: true,
      run: async ({ services, session, entity, list }) => {
        const network = await services.cloudEntities.get(session, networkType, urn(networkType.urnType, entity.id)) as NetworkCloudRow;
        const page = await services.networks.allocationsPage(network.id, list());
        return { ...page, items: page.items.map((a) => cloudAllocatedAddress(network, a)) };
      },
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
