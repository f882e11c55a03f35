// The external network's API (a declaration the engine serves: http/entity-api.ts), the provider's only: POST
// /externalNetworks, PUT and DELETE /externalNetworks/{urn}, each a task (202 and its Location) as Cloud Director 10.x
// answers; its used and available addresses; the extension's VMWExternalNetwork. Lists and GET by URN are the type's
// CloudAPI view.
import { defineEntityApi, operation } from '../../http/entity-api.ts';
import { ExternalNetwork } from '../../http/cloudapi-schemas.generated.ts';
import type { Services } from '../../services/index.ts';
import { readCloudExternalNetwork, type CloudExternalNetworkBody } from './cloudapi.ts';
import { externalNetworkDocument } from './documents.ts';
import type { ExternalNetworkSpec } from './service.ts';
import { externalNetworkType } from './type.ts';

/** The body's spec, its Tier-0 router checked against the NSX-T manager it names. */
async function readNetwork(services: Services, body: CloudExternalNetworkBody): Promise<ExternalNetworkSpec> {
  const { managerId, tier0Id, ...rest } = readCloudExternalNetwork(body);
  return { ...rest, ...await services.externalNetworks.tier0Router(managerId, tier0Id) };
}

export const externalNetworkApi = defineEntityApi(externalNetworkType, {
  idLabel: 'external network',
  operations: [
    operation({
      api: 'legacy', method: 'GET', view: 'admin.vmwexternalnet',
      run: ({ services, session, entity }) => services.externalNetworks.get(session, entity.id),
      render: (ctx, network) => externalNetworkDocument(ctx, network),
    }),
    operation<CloudExternalNetworkBody>({
      api: 'cloudapi', method: 'POST', collection: true, provider: true, rights: 'create', body: { schema: ExternalNetwork }, task: true,
      run: async ({ services, session, body }) => services.externalNetworks.create(session, await readNetwork(services, body)),
    }),
    operation<CloudExternalNetworkBody>({
      api: 'cloudapi', method: 'PUT', provider: true, rights: 'edit', body: { schema: ExternalNetwork }, task: true,
      run: async ({ services, session, entity, body }) =>
        services.externalNetworks.update(session, await services.externalNetworks.get(session, entity.id), await readNetwork(services, body)),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', provider: true, rights: 'delete', task: true,
      run: async ({ services, session, entity }) => services.externalNetworks.delete(session, await services.externalNetworks.get(session, entity.id)),
    }),
  ],
});
