// The operations engine: the routes of every declared entity API (http/entity-api.ts says how one is declared),
// on both APIs. Each by-id operation resolves its entity through the registry's visibility gate (forbidden looks
// absent: the one 403), checks the rights its type names, reads its body, runs, and answers as Cloud Director does.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { EntityView } from '../../inventory/entity-type.ts';
import { requireOperation } from '../../inventory/policy.ts';
import { href } from '../../representation/context.ts';
import type { VcdDocument } from '../../representation/element.ts';
import { taskPath } from '../../representation/task.ts';
import type { Task } from '../../services/tasks.ts';
import { findEntity, viewOf, type AnyOperation, type CloudBody, type EntityApi, type LegacyBody, type OperationContext } from '../entity-api.ts';
import { providerOnly } from '../provider-only.ts';
import { consumes, requestDocument } from '../request-document.ts';
import { sendTask } from './tasks.ts';
import { orgApi } from '../../entities/org/routes.ts';
import { vdcApi } from '../../entities/vdc/routes.ts';
import { networkApi } from '../../entities/network/routes.ts';
import { edgeGatewayApi } from '../../entities/edge-gateway/routes.ts';
import { diskApi } from '../../entities/disk/routes.ts';
import { gatewayServicesApi } from '../../entities/gateway-services/routes.ts';
import { firewallGroupApi } from '../../entities/firewall-group/routes.ts';
import { externalNetworkApi } from '../../entities/external-network/routes.ts';
import { appPortProfileApi } from '../../entities/app-port-profile/routes.ts';

/** Every declared entity API. */
export const ENTITY_APIS: readonly EntityApi[] = [orgApi, vdcApi, networkApi, edgeGatewayApi, gatewayServicesApi, firewallGroupApi, appPortProfileApi, diskApi, externalNetworkApi];

export const CLOUDAPI = '/cloudapi/1.0.0';

const isLegacyBody = (body: LegacyBody<unknown> | CloudBody): body is LegacyBody<unknown> => 'family' in body;

export const entityApiRoutes: FastifyPluginAsync = async (app) => {
  for (const api of ENTITY_APIS) {
    for (const op of api.operations) app.route(route(api, op));
    if (api.routes) await app.register(api.routes);
  }
};

function route(api: EntityApi, op: AnyOperation): RouteOptions {
  const target = op.of ?? api.type;
  const view = op.api === 'legacy' && !op.collection ? viewOf(target, op.view) : undefined;
  const preParsing = [
    ...(op.provider ? [providerOnly] : []),
    ...(op.body && isLegacyBody(op.body) ? [consumes(op.body.family)] : []),
  ];
  return {
    method: op.method,
    url: urlOf(api, op, view),
    preParsing,
    ...(op.body && 'schema' in op.body && { schema: { body: op.body.schema } }),
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const { session } = request;
      const entity = op.collection ? undefined : await findEntity(request, target, { idLabel: op.idLabel ?? api.idLabel, ...(view && { view }) });
      if (op.rights) requireOperation(session, target, op.rights);
      const context: OperationContext<unknown> = {
        request, session, services: request.server.services, entity: entity!,
        body: op.body ? (isLegacyBody(op.body) ? op.body.read(requestDocument(request, op.body.family, op.body.root)) : request.body) : undefined,
        query: request.query as Record<string, string | undefined>,
      };
      const result = await op.run(context);
      return answer(request, reply, op, result, context);
    },
  };
}

function urlOf(api: EntityApi, op: AnyOperation, view: EntityView | undefined): string {
  const path = op.path ?? '';
  if (op.api === 'legacy') return view ? `${view.path(':id')}${path}` : path;
  const collection = api.type.cloudApi?.collection;
  if (!collection) throw new Error(`${api.type.urnType} has no CloudAPI collection`);
  return op.collection ? `${CLOUDAPI}/${collection}${path}` : `${CLOUDAPI}/${collection}/:urn${path}`;
}

async function answer(request: FastifyRequest, reply: FastifyReply, op: AnyOperation, result: unknown, context: OperationContext<unknown>) {
  if (op.task) {
    const task = result as Task;
    if (op.api === 'legacy') return sendTask(reply, task);
    // Cloud Director 10.x: 202, no body, and the task to follow in Location
    return reply.code(202).header('location', href(request.renderContext(), taskPath(task.id))).send();
  }
  const status = op.status ?? 200;
  if (status === 204 || !op.render) return reply.code(204).send();
  const body = await op.render(request.renderContext(), result, context);
  return op.api === 'legacy' ? reply.code(status).sendDocument(body as VcdDocument) : reply.code(status).sendCloud(body);
}
