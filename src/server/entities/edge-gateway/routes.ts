// The Edge gateway's API (a declaration the engine serves: http/entity-api.ts): GET /api/admin/edgeGateway/{id} and
// POST …/action/configureServices (202 with the Task); the provider's CloudAPI POST /edgeGateways, PUT and DELETE
// /edgeGateways/{urn}, each a task (202 and its Location), as Cloud Director 10.x answers. Another org's gateway is
// forbidden, as one that does not exist.
import { CONFIGURE_EDGE_GATEWAY, hasRights } from '../../inventory/policy.ts';
import { edgeGatewayDocument, readServiceConfiguration } from '../network/documents.ts';
import { edgeGatewayType } from './type.ts';
import { defineEntityApi, findByUrn, operation } from '../../http/entity-api.ts';
import { EdgeGateway } from '../../http/cloudapi-schemas.generated.ts';
import { errors } from '../../errors.ts';
import { readCloudEdgeGateway, type CloudEdgeGatewayBody } from './cloudapi.ts';
import { vdcType } from '../vdc/type.ts';

export const edgeGatewayApi = defineEntityApi(edgeGatewayType, {
  idLabel: 'Edge gateway',
  operations: [
    operation({
      api: 'legacy', method: 'GET',
      run: async ({ services, session, entity }) => {
        const gateway = await services.edgeGateways.get(session, entity.id);
        return { gateway, interfaces: await services.edgeGateways.interfaces(gateway), canConfigure: hasRights(session, CONFIGURE_EDGE_GATEWAY) };
      },
      render: (ctx, view) => edgeGatewayDocument(ctx, view),
    }),
    operation({
      api: 'legacy', method: 'POST', path: '/action/configureServices', task: true,
      body: { family: 'admin.edgeGatewayServiceConfiguration', root: 'EdgeGatewayServiceConfiguration', read: readServiceConfiguration },
      run: async ({ services, session, entity, body }) =>
        services.edgeGateways.configureServices(session, await services.edgeGateways.get(session, entity.id), body),
    }),
    operation<CloudEdgeGatewayBody>({
      api: 'cloudapi', method: 'POST', collection: true, provider: true, body: { schema: EdgeGateway }, task: true,
      run: async ({ request, services, session, body }) => {
        const { spec, vdc: vdcUrn } = readCloudEdgeGateway(body);
        if (!vdcUrn) throw errors.badRequest('The Edge gateway names no VDC (body/orgVdc/id).');
        const vdc = await findByUrn(request, vdcType, vdcUrn);
        return services.edgeGateways.create(session, { id: vdc.id, orgId: vdc.orgId }, spec);
      },
    }),
    operation<CloudEdgeGatewayBody>({
      api: 'cloudapi', method: 'PUT', provider: true, body: { schema: EdgeGateway }, task: true,
      run: async ({ services, session, entity, body }) =>
        services.edgeGateways.update(session, await services.edgeGateways.get(session, entity.id), readCloudEdgeGateway(body).spec),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', provider: true, task: true,
      run: async ({ services, session, entity }) => services.edgeGateways.delete(session, await services.edgeGateways.get(session, entity.id)),
    }),
  ],
});
