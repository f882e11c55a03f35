// The operations engine: the routes of every declared entity API (http/entity-api.ts says how one is declared),
// on both APIs. Each by-id operation resolves its entity through the registry's visibility gate (forbidden looks
// absent: the one 403), checks the rights its type names, reads its body, runs, and answers as Cloud Director does.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preParsingAsyncHookHandler, RouteOptions } from 'fastify';
import { errors } from '../../errors.ts';
import type { EntityView } from '../../inventory/entity-type.ts';
import { requireOperation } from '../../inventory/policy.ts';
import { href } from '../../representation/context.ts';
import type { VcdDocument } from '../../representation/element.ts';
import { taskPath } from '../../representation/task.ts';
import type { Task } from '../../services/tasks.ts';
import { findEntity, routePattern, viewOf, type AnyOperation, type CloudBody, type EntityApi, type LegacyBody, type OperationContext } from '../entity-api.ts';
import { providerOnly } from '../provider-only.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import type { ListPage } from '../../services/listing.ts';
import { consumes, requestDocument } from '../request-document.ts';
import { sendTask } from './tasks.ts';
import { orgApi } from '../../entities/org/routes.ts';
import { vdcApi } from '../../entities/vdc/routes.ts';
import { networkApi } from '../../entities/network/routes.ts';
import { edgeGatewayApi } from '../../entities/edge-gateway/routes.ts';
import { catalogApi, catalogItemApi, mediaApi, templateVmApi, vAppTemplateApi } from '../../entities/catalog/routes.ts';
import { diskApi } from '../../entities/disk/routes.ts';
import { vappApi, vmApi } from '../../entities/vapp/routes.ts';
import { gatewayServicesApi } from '../../entities/gateway-services/routes.ts';
import { firewallGroupApi } from '../../entities/firewall-group/routes.ts';
import { externalNetworkApi } from '../../entities/external-network/routes.ts';
import { appPortProfileApi } from '../../entities/app-port-profile/routes.ts';

/** Every declared entity API. */
export const ENTITY_APIS: readonly EntityApi[] = [
  orgApi, vdcApi, networkApi, edgeGatewayApi, gatewayServicesApi, firewallGroupApi, appPortProfileApi, catalogApi, catalogItemApi,
  vAppTemplateApi, templateVmApi, mediaApi, vappApi, vmApi, diskApi, externalNetworkApi,
];

export const CLOUDAPI = '/cloudapi/1.0.0';

const isLegacyBody = (body: LegacyBody<unknown> | CloudBody): body is LegacyBody<unknown> => 'family' in body;

export const entityApiRoutes: FastifyPluginAsync = async (app) => {
  const byRoute = new Map<string, Served[]>();
  for (const api of ENTITY_APIS) {
    for (const op of api.operations) {
      const served = serve(api, op);
      const key = `${served.route.method} ${served.route.url}`;
      byRoute.set(key, [...byRoute.get(key) ?? [], served]);
    }
  }
  // the types whose ids carry a prefix, by the path their views share (/api/vApp/:id: vApps and VMs)
  const prefixed = new Map<string, Served[]>();
  for (const served of [...byRoute.values()].flat()) {
    if (served.view?.prefix) prefixed.set(routePattern(served.view), [...prefixed.get(routePattern(served.view)) ?? [], served]);
  }
  for (const served of byRoute.values()) {
    const view = served[0]!.view;
    app.route(view?.prefix ? byPrefix(served, prefixed.get(routePattern(view))!) : served[0]!.route);
  }
  for (const api of ENTITY_APIS) if (api.routes) await app.register(api.routes);
};

/** An operation's route, and the view (with its id's prefix) and name its path's id has. */
interface Served {
  route: RouteOptions & { preParsing: preParsingAsyncHookHandler[] };
  view: EntityView | undefined;
  idLabel: string;
}

function serve(api: EntityApi, op: AnyOperation): Served {
  const target = op.of ?? api.type;
  const view = op.api === 'legacy' && !op.collection ? viewOf(target, op.view) : undefined;
  const idLabel = op.idLabel ?? api.idLabel;
  const preParsing = [
    ...(op.provider ? [providerOnly] : []),
    ...(op.body && isLegacyBody(op.body) ? [consumes(op.body.family)] : []),
  ];
  const route = {
    method: op.method,
    url: urlOf(api, op, view),
    preParsing,
    ...(op.body && 'schema' in op.body && { schema: { body: op.body.schema } }),
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const { session } = request;
      const entity = op.collection ? undefined : await findEntity(request, target, { idLabel, ...(view && { view }) });
      if (op.rights) requireOperation(session, api.type, op.rights);
      const context: OperationContext<unknown> = {
        request, session, services: request.server.services, entity: entity!,
        body: op.body ? (isLegacyBody(op.body) ? op.body.read(requestDocument(request, op.body.family, op.body.root)) : request.body) : undefined,
        query: request.query as Record<string, string | undefined>,
        list: () => parseListQuery(request),
      };
      const result = await op.run(context);
      return answer(request, reply, op, result, context);
    },
  };
  return { route, view, idLabel };
}

/**
 * One route for the operations of types whose paths differ by their id's prefix (/api/vApp/vapp-{id} and
 * /api/vApp/vm-{id}): each request is served by the operation whose prefix its id has. An id of another type the path
 * takes (`all`: a vApp's where only a VM's operation is) is a 404, as the resource is not the type's; an id with none
 * of the prefixes a 400 naming them.
 */
function byPrefix(served: readonly Served[], all: readonly Served[]): RouteOptions {
  const segment = (request: FastifyRequest) => (request.params as { id: string }).id;
  const of = (request: FastifyRequest, among: readonly Served[]) => among.find((s) => segment(request).startsWith(s.view!.prefix!));
  const labels = (among: readonly Served[]) => [...new Map(among.map((s) => [s.view!.prefix!, s])).values()];
  return {
    method: served[0]!.route.method,
    url: served[0]!.route.url,
    preParsing: async function (request, reply, payload) {
      let body = payload;
      for (const hook of of(request, served)?.route.preParsing ?? []) body = await hook.call(this, request, reply, body) as typeof body;
      return body;
    },
    handler: async function (request, reply) {
      const chosen = of(request, served);
      if (chosen) return chosen.route.handler.call(this, request, reply);
      const other = of(request, all);
      if (other) {
        const takes = labels(served).map((s) => `a ${s.idLabel}'s`).join(' or ');
        throw errors.notFound(`${request.url.split('?')[0]} names a ${other.idLabel}; this resource is ${takes}.`);
      }
      const takes = labels(all).map((s) => `a ${s.idLabel} (${s.view!.prefix}<id>)`).join(' or ');
      throw errors.badRequest(`"${segment(request)}" is not ${takes}.`);
    },
  };
}

function urlOf(api: EntityApi, op: AnyOperation, view: EntityView | undefined): string {
  const path = op.path ?? '';
  if (op.api === 'legacy') return view ? `${routePattern(view)}${path}` : path;
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
  if (op.page) return sendCloudPage(request, reply, result as ListPage<unknown>, (item) => item);
  const status = op.status ?? 200;
  if (status === 204 || !op.render) return reply.code(204).send();
  const ctx = request.renderContext();
  if (op.location) reply.header('location', href(ctx, op.location(result)));
  const body = await op.render(ctx, result, context);
  return op.api === 'legacy' ? reply.code(status).sendDocument(body as VcdDocument) : reply.code(status).sendCloud(body);
}
