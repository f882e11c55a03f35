// Independent disks: createDisk (POST /api/vdc/{id}/disk: 201, the Disk with its creation Task inside),
// GET, PUT and DELETE /api/disk/{id} (the writes as tasks), its owner, its attached VMs and its metadata;
// attaching and detaching on a VM (POST /api/vApp/vm-{id}/disk/action/attach|detach, tasks on the VM).
// Thin: every rule is DiskService's.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import type { Task } from '../../services/tasks.ts';
import { consumes, requestDocument } from '../../http/request-document.ts';
import { metadataRoutes } from '../../http/routes/metadata.ts';
import { sendTask } from '../../http/routes/tasks.ts';
import { attachedVmsDocument, diskDocument, diskOwnerDocument, diskPath, readDiskCreateParams, readDiskEdit, readPlacement } from './documents.ts';
import { diskOwner, type Disk } from './service.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const idOf = (raw: string, what: string) => {
  if (!isUuid(raw)) throw errors.badRequest(`"${raw}" is not a valid ${what} id.`);
  return raw.toLowerCase();
};

/** "vm-{uuid}": the VM segment of /api/vApp/…; a vApp (vapp-{uuid}) has no disk actions. */
const vmIdOf = (raw: string) => {
  const m = /^(vapp|vm)-(.*)$/.exec(raw);
  if (!m || !isUuid(m[2]!)) throw errors.badRequest(`"${raw}" is not a vApp (vapp-<id>) or a VM (vm-<id>).`);
  if (m[1] === 'vapp') throw errors.notFound(`/api/vApp/${raw}/disk names a vApp; this resource is a VM's.`);
  return m[2]!.toLowerCase();
};

export const diskRoutes: FastifyPluginAsync = async (app) => {
  const { disks, vdcs, identity } = app.services;

  const send = async (request: FastifyRequest, disk: Disk, tasks: readonly Task[] = []) => {
    return diskDocument(request.renderContext(), { disk, tasks, org: await identity.getOrg(disk.orgId), ...disks.offers(request.session) });
  };
  const disk = (request: IdRequest) => disks.get(request.session, idOf(request.params.id, 'disk'));

  app.post('/api/vdc/:id/disk', { preParsing: consumes('vcloud.diskCreateParams') }, async (request: IdRequest, reply) => {
    const vdc = await vdcs.get(request.session, idOf(request.params.id, 'VDC'));
    const created = await disks.create(request.session, vdc, readDiskCreateParams(requestDocument(request, 'vcloud.diskCreateParams', 'DiskCreateParams')));
    return reply.code(201).header('location', `${request.renderContext().baseUrl}${diskPath(created.disk.id)}`)
      .sendDocument(await send(request, created.disk, [created.task]));
  });

  app.get('/api/disk/:id', async (request: IdRequest, reply) => reply.sendDocument(await send(request, await disk(request))));

  app.put('/api/disk/:id', { preParsing: consumes('vcloud.disk') }, async (request: IdRequest, reply) => {
    const target = await disk(request);
    return sendTask(reply, await disks.update(request.session, target, readDiskEdit(requestDocument(request, 'vcloud.disk', 'Disk'))));
  });

  app.delete('/api/disk/:id', async (request: IdRequest, reply) => sendTask(reply, await disks.delete(request.session, await disk(request))));

  app.get('/api/disk/:id/owner', async (request: IdRequest, reply) =>
    reply.sendDocument(diskOwnerDocument(request.renderContext(), await disk(request))));

  app.get('/api/disk/:id/attachedVms', async (request: IdRequest, reply) => {
    const target = await disk(request);
    return reply.sendDocument(attachedVmsDocument(request.renderContext(), target, await disks.attachedVms(request.session, target)));
  });

  for (const action of ['attach', 'detach'] as const) {
    app.post(`/api/vApp/:id/disk/action/${action}`, { preParsing: consumes('vcloud.diskAttachOrDetachParams') }, async (request: IdRequest, reply) => {
      const vmId = vmIdOf(request.params.id);
      const placement = readPlacement(requestDocument(request, 'vcloud.diskAttachOrDetachParams', 'DiskAttachOrDetachParams'));
      return sendTask(reply, await disks[action](request.session, vmId, placement));
    });
  }

  metadataRoutes(app, '/api/disk/:id', async (request) => {
    const target = await disk(request);
    const path = diskPath(target.id);
    return {
      owner: diskOwner(target), label: 'Disk',
      place: { parentPath: path, parentFamily: 'vcloud.disk', writable: disks.offers(request.session).canEdit },
    };
  }, { writes: true });
};
