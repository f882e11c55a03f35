// The org VDC's API (a declaration the engine serves: http/entity-api.ts): GET /api/vdc/{id} (tenant view) and
// /api/admin/vdc/{id} (admin view); the provider's createVdc (POST /api/admin/org/{id}/vdcsparams: 201 AdminVdc with
// its Task), enable, disable and DELETE; PUT name and description (a Task). Beside them: GET
// /api/vdcStorageProfile/{id}, the VDC's Edge gateways and networks, its metadata. Another org's VDC is forbidden,
// as one that does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { taskDocument } from '../../representation/task.ts';
import { adminVdcDocument, readCreateVdcParams, readVdcEdit, vdcDocument, vdcStorageProfileDocument, type VdcView } from './documents.ts';
import { canAdministerOrg, canSeeInOrg, EDIT_VDC, isProvider } from '../../inventory/policy.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Services } from '../../services/index.ts';
import { vdcOwner, type Vdc } from './service.ts';
import { vdcType } from './type.ts';
import { cloudVdcCapabilities, cloudVdcNetworkProfile, readCloudVdcNetworkProfile, type CloudVdcNetworkProfileBody } from './cloudapi.ts';
import { VdcNetworkProfile } from '../../http/cloudapi-schemas.generated.ts';
import { orgType } from '../org/type.ts';
import { defineEntityApi, flag, findEntity, operation, viewOf } from '../../http/entity-api.ts';
import { sendQuery } from '../../http/routes/query.ts';
import { tenantAndAdminMetadata } from '../../http/routes/metadata.ts';
import type { EntityView } from '../../inventory/entity-type.ts';

const ADMIN = 'admin.vdc';

const view = async (services: Services, session: Session, vdc: Vdc): Promise<VdcView> => ({
  vdc, usage: await services.vdcs.usage(vdc), networks: await services.networks.inVdc(session, vdc), canAdminister: canAdministerOrg(session, vdc.orgId),
  canEdit: canSeeInOrg(session, vdc.orgId, EDIT_VDC), canRemove: isProvider(session), vapps: await services.vapps.inVdc(session, vdc.id),
  disks: await services.disks.inVdc(session, vdc.id),
  backing: isProvider(session) && vdc.providerVdcId !== null ? await services.providerBacking.backingOf(vdc.providerVdcId) : undefined,
});

const findVdc = async (request: FastifyRequest, view: string | EntityView): Promise<Vdc> => {
  const entity = await findEntity(request, vdcType, { idLabel: 'VDC', view });
  return request.server.services.vdcs.get(request.session, entity.id);
};

const beside: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>('/api/vdcStorageProfile/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid storage profile id.`);
    const { profile } = await app.services.vdcs.storageProfile(request.session, id.toLowerCase());
    return reply.sendDocument(vdcStorageProfileDocument(request.renderContext(), profile));
  });

  // A VDC's Edge gateways and networks: the edgeGateway and orgVdcNetwork queries narrowed to the VDC.
  for (const [list, type] of [['edgeGateways', 'edgeGateway'], ['networks', 'orgVdcNetwork']] as const) {
    app.get(`/api/admin/vdc/:id/${list}`, async (request, reply) => {
      const vdc = await findVdc(request, 'vcloud.vdc');
      return sendQuery(app.services.query, request, reply, type, { kind: 'cmp', field: 'vdc', op: '==', value: vdc.id });
    });
  }

  tenantAndAdminMetadata(app, 'Virtual Datacenter', [viewOf(vdcType, 'vcloud.vdc'), viewOf(vdcType, ADMIN)], async (request, v) => {
    const vdc = await findVdc(request, v);
    return { ...vdc, owner: vdcOwner(vdc) };
  });
};

export const vdcApi = defineEntityApi(vdcType, {
  idLabel: 'VDC',
  operations: [
    operation({
      api: 'legacy', method: 'GET', view: 'vcloud.vdc',
      run: async ({ services, session, entity }) => view(services, session, await services.vdcs.get(session, entity.id)),
      render: (ctx, v) => vdcDocument(ctx, v),
    }),
    operation({
      api: 'legacy', method: 'GET', view: ADMIN,
      run: async ({ services, session, entity }) => view(services, session, await services.vdcs.getAdmin(session, entity.id)),
      render: (ctx, v) => adminVdcDocument(ctx, v),
    }),
    operation({
      api: 'legacy', method: 'POST', of: orgType, idLabel: 'organization', view: 'admin.organization', path: '/vdcsparams', provider: true,
      body: { family: 'admin.createVdcParams', root: 'CreateVdcParams', read: readCreateVdcParams }, status: 201,
      run: async ({ services, session, entity, body }) => {
        const { vdc, task } = await services.vdcs.create(session, entity.id, body);
        return { view: await view(services, session, vdc), task, org: await services.orgs.get(entity.id) };
      },
      // VCD answers the new AdminVdc with the creation's Task inside it (Tasks follows Description).
      render: (ctx, { view: v, task, org }) => {
        const doc = adminVdcDocument(ctx, v);
        const children = doc.root.children ?? [];
        const at = children.findIndex((c) => c !== undefined && !Array.isArray(c) && c.name === 'Description') + 1;
        const tasks = { name: 'Tasks', children: [taskDocument(ctx, task, org).root] };
        doc.root.children = [...children.slice(0, at), tasks, ...children.slice(at)];
        return doc;
      },
    }),
    operation({
      api: 'legacy', method: 'PUT', view: 'vcloud.vdc', rights: 'edit', body: { family: 'vcloud.vdc', root: 'Vdc', read: readVdcEdit }, task: true,
      run: async ({ services, session, entity, body }) => services.vdcs.update(session, await services.vdcs.get(session, entity.id), body),
    }),
    ...(['enable', 'disable'] as const).map((action) => operation({
      api: 'legacy', method: 'POST', view: ADMIN, path: `/action/${action}`, provider: true, status: 204,
      run: async ({ services, session, entity }) => services.vdcs.setEnabled(await services.vdcs.getAdmin(session, entity.id), action === 'enable'),
    })),
    ...['vcloud.vdc', ADMIN].map((family) => operation({
      api: 'legacy', method: 'DELETE', view: family, provider: true, task: true,
      run: async ({ services, session, entity, query }) =>
        services.vdcs.delete(session, await services.vdcs.getAdmin(session, entity.id), flag(query.force)),
    })),
    operation({
      api: 'cloudapi', method: 'GET', path: '/capabilities',
      run: async ({ services, session, entity }) => cloudVdcCapabilities(await services.vdcs.networkProvider(await services.vdcs.get(session, entity.id))),
      render: (_ctx, page) => page,
    }),
    operation({
      api: 'cloudapi', method: 'GET', path: '/networkProfile',
      run: async ({ services, session, entity }) => cloudVdcNetworkProfile(await services.vdcs.networkProfile(await services.vdcs.get(session, entity.id))),
      render: (_ctx, profile) => profile,
    }),
    operation<CloudVdcNetworkProfileBody>({
      api: 'cloudapi', method: 'PUT', path: '/networkProfile', provider: true, body: { schema: VdcNetworkProfile }, task: true,
      run: async ({ services, session, entity, body }) =>
        services.vdcs.setNetworkProfile(session, await services.vdcs.getAdmin(session, entity.id), readCloudVdcNetworkProfile(body)),
    }),
  ],
  routes: beside,
});
