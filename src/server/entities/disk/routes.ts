// The independent disk's API (a declaration the engine serves: http/entity-api.ts): createDisk (POST
// /api/vdc/{id}/disk: 201, the Disk with its creation Task inside), GET, PUT and DELETE /api/disk/{id} (the writes
// as tasks), attaching and detaching on a VM (POST /api/vApp/vm-{id}/disk/action/attach|detach, tasks on the VM).
// Beside them: the disk's owner, its attached VMs and its metadata. Every rule is DiskService's.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Session } from '../../inventory/principal.ts';
import type { Services } from '../../services/index.ts';
import type { Task } from '../../services/tasks.ts';
import { defineEntityApi, findEntity, operation } from '../../http/entity-api.ts';
import { metadataRoutes } from '../../http/routes/metadata.ts';
import { vdcType } from '../vdc/type.ts';
import { vmType } from '../vapp/vm-type.ts';
import { attachedVmsDocument, diskDocument, diskOwnerDocument, diskPath, readDiskCreateParams, readDiskEdit, readPlacement, type DiskView } from './documents.ts';
import { diskOwner, type Disk } from './service.ts';
import { diskType } from './type.ts';

const view = async (services: Services, session: Session, disk: Disk, tasks: readonly Task[] = []): Promise<DiskView> =>
  ({ disk, tasks, org: await services.identity.getOrg(disk.orgId), ...services.disks.offers(session) });

const findDisk = async (request: FastifyRequest): Promise<Disk> =>
  request.server.services.disks.get(request.session, (await findEntity(request, diskType, { idLabel: 'disk' })).id);

const beside: FastifyPluginAsync = async (app) => {
  app.get('/api/disk/:id/owner', async (request, reply) => reply.sendDocument(diskOwnerDocument(request.renderContext(), await findDisk(request))));

  app.get('/api/disk/:id/attachedVms', async (request, reply) => {
    const disk = await findDisk(request);
    return reply.sendDocument(attachedVmsDocument(request.renderContext(), disk, await app.services.disks.attachedVms(request.session, disk)));
  });

  metadataRoutes(app, '/api/disk/:id', async (request) => {
    const disk = await findDisk(request);
    return {
      owner: diskOwner(disk), label: 'Disk',
      place: { parentPath: diskPath(disk.id), parentFamily: 'vcloud.disk', writable: app.services.disks.offers(request.session).canEdit },
    };
  }, { writes: true });
};

export const diskApi = defineEntityApi(diskType, {
  idLabel: 'disk',
  operations: [
    operation({
      api: 'legacy', method: 'GET', view: 'vcloud.disk',
      run: async ({ services, session, entity }) => view(services, session, await services.disks.get(session, entity.id)),
      render: (ctx, v) => diskDocument(ctx, v),
    }),
    // the rights to create are the disk's (DiskService), though the path names the VDC
    operation({
      api: 'legacy', method: 'POST', of: vdcType, idLabel: 'VDC', view: 'vcloud.vdc', path: '/disk', status: 201,
      body: { family: 'vcloud.diskCreateParams', root: 'DiskCreateParams', read: readDiskCreateParams },
      run: async ({ services, session, entity, body }) => {
        const { disk, task } = await services.disks.create(session, await services.vdcs.get(session, entity.id), body);
        return view(services, session, disk, [task]);
      },
      render: (ctx, v) => diskDocument(ctx, v),
    }),
    operation({
      api: 'legacy', method: 'PUT', view: 'vcloud.disk', rights: 'edit', task: true,
      body: { family: 'vcloud.disk', root: 'Disk', read: readDiskEdit },
      run: async ({ services, session, entity, body }) => services.disks.update(session, await services.disks.get(session, entity.id), body),
    }),
    operation({
      api: 'legacy', method: 'DELETE', view: 'vcloud.disk', rights: 'delete', task: true,
      run: async ({ services, session, entity }) => services.disks.delete(session, await services.disks.get(session, entity.id)),
    }),
    // on the VM's path: its vApp's sharing and the VM's rights decide (DiskService)
    ...(['attach', 'detach'] as const).map((action) => operation({
      api: 'legacy', method: 'POST', of: vmType, idLabel: 'VM', view: 'vcloud.vm', path: `/disk/action/${action}`, task: true,
      body: { family: 'vcloud.diskAttachOrDetachParams', root: 'DiskAttachOrDetachParams', read: readPlacement },
      run: ({ services, session, entity, body }) => services.disks[action](session, entity.id, body),
    })),
  ],
  routes: beside,
});
