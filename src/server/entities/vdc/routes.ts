// Org VDCs: GET /api/vdc/{id} (tenant view), GET /api/admin/vdc/{id} (admin view), GET
// /api/vdcStorageProfile/{id}, each VDC's metadata; the provider's createVdc (POST
// /api/admin/org/{id}/vdcsparams: 201 AdminVdc with its Task), enable, disable and DELETE; PUT name
// and description (a Task). Another org's VDC is forbidden, as one that does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid, urn } from '../../ids.ts';
import { taskDocument } from '../../representation/task.ts';
import { adminVdcDocument, readCreateVdcParams, readVdcEdit, vdcDocument, vdcStorageProfileDocument, type VdcView } from './documents.ts';
import { canAdministerOrg, canSeeInOrg, EDIT_VDC, isProvider, noAccess } from '../../inventory/policy.ts';
import { vdcOwner, type Vdc } from './service.ts';
import { consumes, requestDocument } from '../../http/request-document.ts';
import { providerOnly } from '../../http/provider-only.ts';
import { sendQuery } from '../../http/routes/query.ts';
import { metadataRoutes, type MetadataTarget } from '../../http/routes/metadata.ts';
import { sendTask } from '../../http/routes/tasks.ts';

type IdRequest = FastifyRequest<{ Params: { id: string }; Querystring: { force?: string } }>;

const idOf = (request: IdRequest, what: string) => {
  const { id } = request.params;
  if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid ${what} id.`);
  return id.toLowerCase();
};

export const vdcRoutes: FastifyPluginAsync = async (app) => {
  const { vdcs, vapps, identity, query, networks, providerBacking } = app.services;

  const view = async (request: FastifyRequest, vdc: Vdc): Promise<VdcView> => {
    const { session } = request;
    return {
      vdc, usage: await vdcs.usage(vdc), networks: await networks.inVdc(session, vdc), canAdminister: canAdministerOrg(session, vdc.orgId),
      canEdit: canSeeInOrg(session, vdc.orgId, EDIT_VDC), canRemove: isProvider(session), vapps: await vapps.inVdc(session, vdc.id),
      backing: isProvider(session) && vdc.providerVdcId !== null ? await providerBacking.backingOf(vdc.providerVdcId) : undefined,
    };
  };

  app.get('/api/vdc/:id', async (request: IdRequest, reply) =>
    reply.sendDocument(vdcDocument(request.renderContext(), await view(request, await vdcs.get(request.session, idOf(request, 'VDC'))))));

  app.get('/api/admin/vdc/:id', async (request: IdRequest, reply) =>
    reply.sendDocument(adminVdcDocument(request.renderContext(), await view(request, await vdcs.getAdmin(request.session, idOf(request, 'VDC'))))));

  app.get('/api/vdcStorageProfile/:id', async (request: IdRequest, reply) => {
    const { profile } = await vdcs.storageProfile(request.session, idOf(request, 'storage profile'));
    return reply.sendDocument(vdcStorageProfileDocument(request.renderContext(), profile));
  });

  // A VDC's Edge gateways and networks: the edgeGateway and orgVdcNetwork queries narrowed to the VDC.
  for (const [list, type] of [['edgeGateways', 'edgeGateway'], ['networks', 'orgVdcNetwork']] as const) {
    app.get(`/api/admin/vdc/:id/${list}`, async (request: IdRequest, reply) => {
      const vdc = await vdcs.get(request.session, idOf(request, 'VDC'));
      return sendQuery(query, request, reply, type, { kind: 'cmp', field: 'vdc', op: '==', value: vdc.id });
    });
  }

  app.post('/api/admin/org/:id/vdcsparams', { preParsing: [providerOnly, consumes('admin.createVdcParams')] }, async (request: IdRequest, reply) => {
    const orgId = idOf(request, 'organization');
    const org = await identity.getOrg(orgId);
    if (!org) throw noAccess(urn('org', orgId));
    const spec = readCreateVdcParams(requestDocument(request, 'admin.createVdcParams', 'CreateVdcParams'));
    const { vdc, task } = await vdcs.create(request.session, org.id, spec);
    const ctx = request.renderContext();
    const doc = adminVdcDocument(ctx, await view(request, vdc));
    // VCD answers the new AdminVdc with the creation's Task inside it (Tasks follows Description).
    const children = doc.root.children ?? [];
    const at = children.findIndex((c) => c !== undefined && !Array.isArray(c) && c.name === 'Description') + 1;
    const tasks = { name: 'Tasks', children: [taskDocument(ctx, task, org).root] };
    doc.root.children = [...children.slice(0, at), tasks, ...children.slice(at)];
    return reply.code(201).sendDocument(doc);
  });

  app.put('/api/vdc/:id', { preParsing: consumes('vcloud.vdc') }, async (request: IdRequest, reply) => {
    const vdc = await vdcs.get(request.session, idOf(request, 'VDC'));
    return sendTask(reply, await vdcs.update(request.session, vdc, readVdcEdit(requestDocument(request, 'vcloud.vdc', 'Vdc'))));
  });

  for (const action of ['enable', 'disable'] as const) {
    app.post(`/api/admin/vdc/:id/action/${action}`, { preParsing: providerOnly }, async (request: IdRequest, reply) => {
      await vdcs.setEnabled(await vdcs.getAdmin(request.session, idOf(request, 'VDC')), action === 'enable');
      return reply.code(204).send();
    });
  }

  for (const path of ['/api/vdc/:id', '/api/admin/vdc/:id']) {
    app.delete(path, { preParsing: providerOnly }, async (request: IdRequest, reply) => {
      const vdc = await vdcs.getAdmin(request.session, idOf(request, 'VDC'));
      // pyvcloud sends Python's True/False: only a case-insensitive "true" is true
      return sendTask(reply, await vdcs.delete(request.session, vdc, request.query.force?.toLowerCase() === 'true'));
    });
  }

  const vdcMetadata = (admin: boolean) => async (request: FastifyRequest<{ Params: { id: string } }>): Promise<MetadataTarget> => {
    const id = idOf(request as IdRequest, 'VDC');
    const vdc = admin ? await vdcs.getAdmin(request.session, id) : await vdcs.get(request.session, id);
    return {
      owner: vdcOwner(vdc),
      label: 'Virtual Datacenter',
      place: {
        parentPath: admin ? `/api/admin/vdc/${vdc.id}` : `/api/vdc/${vdc.id}`,
        parentFamily: admin ? 'admin.vdc' : 'vcloud.vdc',
        writable: admin && canAdministerOrg(request.session, vdc.orgId),
      },
    };
  };
  metadataRoutes(app, '/api/vdc/:id', vdcMetadata(false), { writes: false });
  metadataRoutes(app, '/api/admin/vdc/:id', vdcMetadata(true), { writes: true });
};
