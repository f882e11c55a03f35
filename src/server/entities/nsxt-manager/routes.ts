// The CloudAPI's lists of what the NSX-T managers offer to import: GET /cloudapi/1.0.0/nsxTResources/
// importableTier0Routers, importableTransportZones and edgeClusters (paged; filter _context==<manager URN>).
import type { FastifyPluginAsync } from 'fastify';
import { parseListQuery, sendCloudPage } from '../../http/paging.ts';
import type { NsxtResourceKind, NsxtResourceRow } from '../provider-vdc/service.ts';
import { cloudEdgeCluster, cloudTier0Router, cloudTransportZone } from './cloudapi.ts';

const LISTS: ReadonlyArray<[string, NsxtResourceKind, (r: NsxtResourceRow) => unknown]> = [
  ['importableTier0Routers', 'tier0Router', cloudTier0Router],
  ['importableTransportZones', 'transportZone', cloudTransportZone],
  ['edgeClusters', 'edgeCluster', cloudEdgeCluster],
];

export const nsxtResourceRoutes: FastifyPluginAsync = async (app) => {
  const { providerBacking } = app.services;
  for (const [collection, kind, model] of LISTS) {
    app.get(`/cloudapi/1.0.0/nsxTResources/${collection}`, async (request, reply) =>
      sendCloudPage(request, reply, await providerBacking.nsxtResources(request.session, kind, parseListQuery(request), collection), model));
  }
};
