// The firewall group's API (a declaration the engine serves: http/entity-api.ts): POST /firewallGroups (on the Edge
// gateway its ownerRef names, which the caller must see), PUT and DELETE /firewallGroups/{urn}, each a task (202 and
// its Location), as Cloud Director 10.x answers. Lists and GET by URN are the type's CloudAPI view.
import type { FastifyRequest } from 'fastify';
import { defineEntityApi, findByUrn, operation } from '../../http/entity-api.ts';
import { FirewallGroupDetails } from '../../http/cloudapi-schemas.generated.ts';
import { errors } from '../../errors.ts';
import { edgeGatewayType } from '../edge-gateway/type.ts';
import { networkType } from '../network/type.ts';
import { readCloudFirewallGroup, type CloudFirewallGroupBody } from './cloudapi.ts';
import { firewallGroupType } from './type.ts';

/** The body's spec, its member networks found by URN through the caller's visibility. */
async function readGroup(request: FastifyRequest, body: CloudFirewallGroupBody) {
  const read = readCloudFirewallGroup(body);
  for (const member of read.memberUrns) read.spec.memberIds.push((await findByUrn(request, networkType, member)).id);
  return read;
}

export const firewallGroupApi = defineEntityApi(firewallGroupType, {
  idLabel: 'firewall group',
  operations: [
    operation<CloudFirewallGroupBody>({
      api: 'cloudapi', method: 'POST', collection: true, rights: 'create', body: { schema: FirewallGroupDetails }, task: true,
      run: async ({ request, services, session, body }) => {
        const { spec, gateway: gatewayUrn } = await readGroup(request, body);
        if (!gatewayUrn) throw errors.badRequest('The firewall group names no Edge gateway (body/ownerRef/id).');
        const gateway = await findByUrn(request, edgeGatewayType, gatewayUrn);
        return services.firewallGroups.create(session, gateway, spec);
      },
    }),
    operation<CloudFirewallGroupBody>({
      api: 'cloudapi', method: 'PUT', rights: 'edit', body: { schema: FirewallGroupDetails }, task: true,
      run: async ({ request, services, session, entity, body }) =>
        services.firewallGroups.update(session, await services.firewallGroups.get(session, entity.id), (await readGroup(request, body)).spec),
    }),
    operation({
      api: 'cloudapi', method: 'DELETE', rights: 'delete', task: true,
      run: async ({ services, session, entity }) => services.firewallGroups.delete(session, await services.firewallGroups.get(session, entity.id)),
    }),
  ],
});
