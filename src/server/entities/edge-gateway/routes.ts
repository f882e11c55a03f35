// The Edge gateway's API (a declaration the engine serves: http/entity-api.ts): GET /api/admin/edgeGateway/{id} and
// POST …/action/configureServices (202 with the Task). Another org's gateway is forbidden, as one that does not exist.
import { CONFIGURE_EDGE_GATEWAY, hasRights } from '../../inventory/policy.ts';
import { edgeGatewayDocument, readServiceConfiguration } from '../network/documents.ts';
import { edgeGatewayType } from './type.ts';
import { defineEntityApi, operation } from '../../http/entity-api.ts';

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
  ],
});
