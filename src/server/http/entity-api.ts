// How an entity type's API is declared: its operations on both APIs, as data the engine
// (http/routes/entity-apis.ts) turns into routes. A declaration holds no rights checks, no SQL and no tasks.run:
// the engine resolves the entity (forbidden looks absent), checks the rights, reads the body and answers.
//
// How to declare a type's API (entities/<type>/routes.ts):
//
//   export const diskApi = defineEntityApi(diskType, {
//     idLabel: 'disk',                                  // the 400 for a bad id: "x" is not a valid disk id.
//     operations: [
//       operation({ api: 'legacy', method: 'GET', view: 'vcloud.disk',
//         run: ({ services, session, entity }) => services.disks.get(session, entity.id),
//         render: (ctx, disk) => diskDocument(ctx, disk) }),
//       operation({ api: 'legacy', method: 'DELETE', view: 'vcloud.disk', rights: 'delete', task: true,
//         run: ({ services, session, entity }) => services.disks.delete(session, entity.id) }),
//       operation<NewDisk>({ api: 'cloudapi', method: 'PUT', rights: 'edit', task: true, body: { schema: Disk },
//         run: ({ services, session, entity, body }) => services.disks.update(session, entity.id, body) }),
//     ],
//   });
//
// and one line in ENTITY_APIS (http/routes/entity-apis.ts). For every by-id operation the engine: takes the id
// (legacy: the uuid in `view`'s path, a 400 naming `idLabel` when it is not one; CloudAPI: the URN in
// /cloudapi/1.0.0/<collection>/{urn}), finds the entity through the registry's visibility gate (absent, out of
// reach, or a view the caller may not use: policy.noAccess, the one 403), checks `type.rights[rights]` (policy),
// reads the body (legacy: the media type `family` with root `root`, 415 otherwise, then `read`; CloudAPI: `schema`,
// a 400 naming the field), calls `run` and answers: a task operation (`run` returns the Task, which the service ran
// through TaskService.run) 202 with the Task document (legacy) or with Location: <base>/api/task/{id} and no body
// (CloudAPI, as Cloud Director 10.x does); otherwise `status` (200 by default, 204 sends nothing) with `render`'s
// document (legacy) or JSON model (CloudAPI), with `location`'s path as its Location (a 201's); `page: true`: the
// ListPage `run` returns (of JSON models, for the page `list()` asks for), with its Link headers. `provider: true`
// refuses anyone else (403) before the body is read. A view whose ids carry a prefix (`prefix: 'vapp-'`) takes its
// segment whole as :id: types told apart by it (/api/vApp/vapp-{id}, /api/vApp/vm-{id}) share one Fastify route,
// which serves each request by the operation whose prefix its id has (a 400 naming the prefixes for none).
// A `collection` operation names no entity (POST /cloudapi/1.0.0/orgs); `of` (with its `idLabel`) resolves the id
// as another type's (a VDC is created under its org: /api/admin/org/{id}/vdcsparams); `view` may be a view of the
// operation's own ({ family, path, allowed }) for a path the type's views do not list. A sub-collection of an entity
// that is no entity of its own (a gateway's NAT rules, with ids but no URNs) is operations on the entity with a `path`
// ('/nat/rules', '/nat/rules/:ruleId': the extra parameter read from `request.params`), gated as the entity is, each
// with the rights of its own the type names (entities/gateway-services/routes.ts). Routes a type has beyond its
// operations (metadata, sub-lists) go in `routes`, a Fastify plugin registered after them, and find their entity with
// findEntity(); an entity a body names by URN (a network's VDC) is found with findByUrn(), through the same gate.
// The service a `run` calls starts its own task (TaskService.run) and applies the rules beyond the declaration.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import { isUuid, parseUrn, urn } from '../ids.ts';
import { noAccess } from '../inventory/policy.ts';
import type { EntityRef, EntityType, EntityView } from '../inventory/entity-type.ts';
import type { Session } from '../inventory/principal.ts';
import type { RenderContext } from '../representation/context.ts';
import type { Element, VcdDocument } from '../representation/element.ts';
import type { Services } from '../services/index.ts';
import type { ListQuery } from '../services/listing.ts';

/** A legacy request body: a document of media-type family `family` (e.g. 'vcloud.vdc') with root `root`, read by `read`. */
export interface LegacyBody<Body> {
  family: string;
  root: string;
  read(document: Element): Body;
}

/** A CloudAPI request body: JSON validated against the spec's schema (http/cloudapi-schemas.generated.ts). */
export interface CloudBody {
  schema: object;
}

/** A query flag (force, recursive): pyvcloud sends Python's True/False, so only a case-insensitive "true" is true. */
export const flag = (value: string | undefined): boolean => value?.toLowerCase() === 'true';

/** What `run` is given. */
export interface OperationContext<Body> {
  request: FastifyRequest;
  services: Services;
  session: Session;
  /** the entity the path names (by-id operations), visible to the caller through the operation's view */
  entity: EntityRef;
  body: Body;
  /** the query string's parameters */
  query: Readonly<Record<string, string | undefined>>;
  /** the page a list asks for: page, pageSize (≤ 128), filter, sortAsc or sortDesc (a 400 for bad ones) */
  list(): ListQuery;
}

export interface Operation<Body = undefined, Result = unknown> {
  api: 'legacy' | 'cloudapi';
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /**
   * legacy by-id: the view the path is under, by family among the type's views (its path and who may use it), or a
   * view of the operation's own (a path the type's views do not list, e.g. /api/admin/network/{id})
   */
  view?: string | EntityView;
  /** the path after the view's /{id} or the collection's /{urn} ('/action/enable'); for a legacy collection, the whole path */
  path?: string;
  /** the operation names no entity: it addresses the collection (a create) */
  collection?: true;
  /** the type whose id the path holds, when not the declaring type's, and how a bad one is named */
  of?: EntityType;
  idLabel?: string;
  /** the operation's name in the type's `rights` (entity-type.ts), whose rights the caller must hold */
  rights?: string;
  /** the provider's own operation: anyone else gets the 403 before the body is read */
  provider?: true;
  body?: LegacyBody<Body> | CloudBody;
  /** `run` returns the Task it started: the answer is 202 and the task */
  task?: true;
  /** `run` returns a page (ListPage) of JSON models (a CloudAPI list under the entity): the answer is the page, with its Link headers */
  page?: true;
  run(context: OperationContext<Body>): Promise<Result>;
  /** the answer's status when it is not a task: 200 (the default), 201, or 204 (no body) */
  status?: 200 | 201 | 204;
  /** the answer's Location header: the path of what the operation created, as VCD sends with its 201 */
  location?(result: Result): string;
  /** the answer's document (legacy) or JSON model (CloudAPI) */
  render?(ctx: RenderContext, result: Result, context: OperationContext<Body>): VcdDocument | object | Promise<VcdDocument | object>;
}

export type AnyOperation = Operation<any, any>;

/** One operation, its body and result types checked against each other. */
export function operation<Body = undefined, Result = unknown>(o: Operation<Body, Result>): AnyOperation {
  return o as AnyOperation;
}

export interface EntityApi {
  type: EntityType;
  /** how a bad id is named in the 400: "x" is not a valid <idLabel> id. */
  idLabel: string;
  operations: readonly AnyOperation[];
  /** the type's routes beyond its operations (metadata, sub-lists) */
  routes?: FastifyPluginAsync;
}

export function defineEntityApi(type: EntityType, api: Omit<EntityApi, 'type'>): EntityApi {
  return { type, ...api };
}

/** The view a legacy operation's path is under: one of the type's by family (absent: its primary view), or the operation's own. */
export function viewOf(type: EntityType, view?: string | EntityView): EntityView {
  if (typeof view === 'object') return view;
  const found = view === undefined ? type.views[0] : type.views.find((v) => v.family === view);
  if (!found) throw new Error(`${type.urnType} has no ${view} view`);
  return found;
}

/** The Fastify pattern of a view's path: its id as `:id`, and a prefixed id's whole segment (vapp-{id}, vm-{id}) as `:id`. */
export function routePattern(view: EntityView): string {
  return view.path(':id').replace(`${view.prefix ?? ''}:id`, ':id');
}

/** The uuid in a path segment written `<prefix><uuid>` (the prefix the view's), lower-cased; undefined when it is not one. */
export function idIn(segment: string, view: EntityView): string | undefined {
  const prefix = view.prefix ?? '';
  const id = segment.startsWith(prefix) ? segment.slice(prefix.length) : undefined;
  return id !== undefined && isUuid(id) ? id.toLowerCase() : undefined;
}

/**
 * The entity a by-id path names (its :id, a uuid after the view's prefix, or its :urn), if the caller may see it and
 * use `view` (a family of the type's, or a view of its own; absent: the primary view): by the type's visibility (SQL)
 * and the view's rule. Anything else, whether it exists or not, is the one 403 naming what the request named. The
 * engine's gate, and that of a type's own routes.
 */
export async function findEntity(request: FastifyRequest, type: EntityType, how: { idLabel: string; view?: string | EntityView }): Promise<EntityRef> {
  const { id: segment, urn: urnText } = request.params as { id?: string; urn?: string };
  if (urnText !== undefined) return findByUrn(request, type, urnText);
  const view = viewOf(type, how.view);
  const id = segment === undefined ? undefined : idIn(segment, view);
  if (id === undefined) throw errors.badRequest(`"${segment}" is not a valid ${how.idLabel} id.`);
  const { session, server } = request;
  const entity = await server.services.inventory.find(session, type, id);
  if (!entity || (view.allowed && !view.allowed(session, entity))) throw noAccess(urn(type.urnType, id));
  return entity;
}

/**
 * The entity of `type` a URN names (a CloudAPI path's, or a reference in a body: a network's ownerRef), if the caller
 * may see it; a malformed URN 400; another type's, an absent one, one out of reach: the one 403 naming the URN.
 */
export async function findByUrn(request: FastifyRequest, type: EntityType, urnText: string): Promise<EntityRef> {
  const parsed = parseUrn(urnText);
  const entity = parsed.type.toLowerCase() === type.urnType ? await request.server.services.inventory.find(request.session, type, parsed.uuid) : undefined;
  if (!entity) throw noAccess(urnText);
  return entity;
}
