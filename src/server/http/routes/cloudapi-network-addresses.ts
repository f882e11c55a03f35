// GET /cloudapi/1.0.0/orgVdcNetworks/{urn}/allocatedIpAddresses: the addresses allocated from a network's pool,
// paged (pageSize ≤ 128), filtered and sorted by ipAddress, as Cloud Director pages them; the legacy
// /api/network/{id}/allocatedAddresses, which VCD deprecates for org VDC networks from API 35.0 in favour of this
// one, stays whole, as its schema has it (no paging).
import type { FastifyPluginAsync } from 'fastify';
import { networkType, type NetworkCloudRow } from '../../entities/network/type.ts';
import { cloudAllocatedAddress } from '../../entities/network/cloudapi.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';

export const cloudNetworkAddressRoutes: FastifyPluginAsync = async (app) => {
  const { cloudEntities, networks } = app.services;
  app.get<{ Params: { urn: string } }>('/cloudapi/1.0.0/orgVdcNetworks/:urn/allocatedIpAddresses', async (request, reply) => {
    // the network as its CloudAPI view sees it: the one 403 for one out of reach or absent
    const network = await cloudEntities.get(request.session, networkType, request.params.urn) as NetworkCloudRow;
    const page = await networks.allocationsPage(network.id, parseListQuery(request));
    return sendCloudPage(request, reply, page, (a) => cloudAllocatedAddress(network, a));
  });
};
