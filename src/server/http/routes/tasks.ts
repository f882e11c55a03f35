// GET /api/task/{uuid} and POST /api/task/{uuid}/action/cancel; sendTask() for every route that
// answers with a task (202, the Task, and its href in Location, which some clients read).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { taskDocument, taskPath } from '../../representation/task.ts';
import { href } from '../../representation/context.ts';
import type { Task } from '../../services/tasks.ts';

export async function sendTask(reply: FastifyReply, task: Task): Promise<FastifyReply> {
  const ctx = reply.request.renderContext();
  const org = await reply.server.services.identity.getOrg(task.orgId);
  return reply.code(202).header('location', href(ctx, taskPath(task.id))).sendDocument(taskDocument(ctx, task, org));
}

type Id = { Params: { id: string } };

const taskId = (id: string) => {
  if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid task id.`);
  return id.toLowerCase();
};

export const taskRoutes: FastifyPluginAsync = async (app) => {
  const { tasks, identity } = app.services;

  app.get<Id>('/api/task/:id', async (request, reply) => {
    const task = await tasks.get(request.session, taskId(request.params.id));
    return reply.sendDocument(taskDocument(request.renderContext(), task, await identity.getOrg(task.orgId)));
  });

  // VCD documents only "success", with no body: 204.
  app.post<Id>('/api/task/:id/action/cancel', async (request, reply) => {
    await tasks.cancel(request.session, taskId(request.params.id));
    return reply.code(204).send();
  });
};
