// Org VDC networks and Edge gateways: GET /api/network/{id} and /api/admin/network/{id} (OrgVdcNetwork),
// /api/network/{id}/allocatedAddresses, the networks' metadata; GET /api/admin/edgeGateway/{id} and POST
// …/action/configureServices (202 with the Task). Another org's network or gateway is forbidden, as one
// that does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { canAdministerOrg, CONFIGURE_EDGE_GATEWAY, hasRights } from '../../inventory/policy.ts';
import {
  allocatedAddressesDocument, edgeGatewayDocument, orgVdcNetworkDocument, readServiceConfiguration,
} from './documents.ts';
import { networkOwner } from './service.ts';
import { consumes, requestDocument } from '../../http/request-document.ts';
import { metadataRoutes, type MetadataTarget } from '../../http/routes/metadata.ts';
import { sendTask } from '../../http/routes/tasks.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const idOf = (request: IdRequest, what: string) => {
  const { id } = request.params;
  if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid ${what} id.`);
  return id.toLowerCase();
};

export const networkRoutes: FastifyPluginAsync = async (app) => {
  const { networks, edgeGateways } = app.services;

  app.get('/api/network/:id', async (request: IdRequest, reply) => {
    const network = await networks.get(request.session, idOf(request, 'network'));
    return reply.sendDocument(orgVdcNetworkDocument(request.renderContext(), { network, admin: false }));
  });

  app.get('/api/admin/network/:id', async (request: IdRequest, reply) => {
    const network = await networks.getAdmin(request.session, idOf(request, 'network'));
    return reply.sendDocument(orgVdcNetworkDocument(request.renderContext(), { network, admin: true }));
  });

  app.get('/api/network/:id/allocatedAddresses', async (request: IdRequest, reply) => {
    const network = await networks.get(request.session, idOf(request, 'network'));
    return reply.sendDocument(allocatedAddressesDocument(request.renderContext(), network, await networks.allocations(network)));
  });

  const gatewayView = async (request: IdRequest) => {
    const gateway = await edgeGateways.get(request.session, idOf(request, 'Edge gateway'));
    return { gateway, interfaces: await edgeGateways.interfaces(gateway), canConfigure: hasRights(request.session, CONFIGURE_EDGE_GATEWAY) };
  };

  app.get('/api/admin/edgeGateway/:id', async (request: IdRequest, reply) =>
    reply.sendDocument(edgeGatewayDocument(request.renderContext(), await gatewayView(request))));

  app.post('/api/admin/edgeGateway/:id/action/configureServices', { preParsing: consumes('admin.edgeGatewayServiceConfiguration') },
    async (request: IdRequest, reply) => {
      const gateway = await edgeGateways.get(request.session, idOf(request, 'Edge gateway'));
      const config = readServiceConfiguration(requestDocument(request, 'admin.edgeGatewayServiceConfiguration', 'EdgeGatewayServiceConfiguration'));
      return sendTask(reply, await edgeGateways.configureServices(request.session, gateway, config));
    });

  const networkMetadata = (admin: boolean) => async (request: IdRequest): Promise<MetadataTarget> => {
    const id = idOf(request, 'network');
    const network = admin ? await networks.getAdmin(request.session, id) : await networks.get(request.session, id);
    return {
      owner: networkOwner(network),
      label: 'Network',
      place: {
        parentPath: admin ? `/api/admin/network/${network.id}` : `/api/network/${network.id}`,
        parentFamily: 'vcloud.orgVdcNetwork',
        writable: admin && canAdministerOrg(request.session, network.orgId),
      },
    };
  };
  metadataRoutes(app, '/api/network/:id', networkMetadata(false), { writes: false });
  metadataRoutes(app, '/api/admin/network/:id', networkMetadata(true), { writes: true });
};
