// CloudAPI rights, roles, rights bundles and users (rbac/*.yaml, user/user.yaml). Static rights
// sit in route config; which org a caller may reach is the services' concern.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { cloudRight, cloudRightsBundle, cloudRole, cloudUser, entityRef } from '../../representation/rbac.ts';
import type { ListPage } from '../../services/listing.ts';
import { contextOrg } from '../../inventory/policy.ts';
import { RBAC_RIGHTS } from '../../inventory/rights-catalogue.ts';
import { contextOrgId } from '../cloud-request.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import type { NewUser, UserUpdate } from '../../entities/user/service.ts';
import { RightsBundle, Role } from '../cloudapi-schemas.generated.ts';
import { entityReferences, newUserSpec, userSpec, type EntityReferences, type NamedSpec } from '../schemas.ts';
import { idOf } from './api-tokens.ts';

const API = '/cloudapi/1.0.0';

type Id = { Params: { id: string } };
type Named = { Body: NamedSpec };
type IdNamed = Id & Named;
type IdRefs = Id & { Body: EntityReferences };

const view = { config: { rights: [RBAC_RIGHTS.adminView] } };
const manageRoles = { config: { rights: [RBAC_RIGHTS.manageRoles] } };
const control = { config: { rights: [RBAC_RIGHTS.adminControl] } };
const role = { schema: { body: Role } };
const rightsBundle = { schema: { body: RightsBundle } };
const references = { schema: { body: entityReferences } };

/** A page of entity references, as the /rights and /tenants sub-resources answer. */
function sendRefs(request: FastifyRequest, reply: FastifyReply, type: string, refs: ListPage<{ name: string; id: string }>) {
  return sendCloudPage(request, reply, refs, entityRef(type));
}

export const rbacRoutes: FastifyPluginAsync = async (app) => {
  const { rights, roles, rightsBundles, users } = app.services;

  app.get(`${API}/rights`, async (request, reply) =>
    sendCloudPage(request, reply, await rights.page(request.session, parseListQuery(request)), cloudRight));
  app.get<Id>(`${API}/rights/:id`, async (request, reply) =>
    reply.sendCloud(cloudRight(await rights.get(request.session, idOf(request.params.id, 'right')))));

  app.get(`${API}/roles`, view, async (request, reply) =>
    sendCloudPage(request, reply, await roles.page(request.session, contextOrgId(request), parseListQuery(request)), cloudRole));
  app.post<Named>(`${API}/roles`, { ...manageRoles, ...role }, async (request, reply) => {
    const role = await roles.create(request.session, contextOrgId(request) ?? request.session.orgId, request.body);
    return reply.code(201).sendCloud(cloudRole(role));
  });
  app.get<Id>(`${API}/roles/:id`, view, async (request, reply) =>
    reply.sendCloud(cloudRole(await roles.get(request.session, idOf(request.params.id, 'role')))));
  app.put<IdNamed>(`${API}/roles/:id`, { ...manageRoles, ...role }, async (request, reply) =>
    reply.sendCloud(cloudRole(await roles.update(request.session, idOf(request.params.id, 'role'), request.body))));
  app.delete<Id>(`${API}/roles/:id`, manageRoles, async (request, reply) => {
    await roles.delete(request.session, idOf(request.params.id, 'role'));
    return reply.code(204).send();
  });
  app.get<Id>(`${API}/roles/:id/rights`, view, async (request, reply) =>
    sendRefs(request, reply, 'right', await roles.rightsOf(request.session, idOf(request.params.id, 'role'), parseListQuery(request))));
  app.put<IdRefs>(`${API}/roles/:id/rights`, { ...manageRoles, ...references }, async (request, reply) => {
    const id = idOf(request.params.id, 'role');
    const query = parseListQuery(request);
    await roles.setRights(request.session, id, request.body.values);
    return sendRefs(request, reply, 'right', await roles.rightsOf(request.session, id, query));
  });

  const BUNDLES = `${API}/rightsBundles`;
  app.get(BUNDLES, view, async (request, reply) =>
    sendCloudPage(request, reply, await rightsBundles.page(request.session, parseListQuery(request)), cloudRightsBundle));
  app.post<Named>(BUNDLES, { ...control, ...rightsBundle }, async (request, reply) =>
    reply.code(201).sendCloud(cloudRightsBundle(await rightsBundles.create(request.session, request.body))));
  app.get<Id>(`${BUNDLES}/:id`, view, async (request, reply) =>
    reply.sendCloud(cloudRightsBundle(await rightsBundles.get(request.session, idOf(request.params.id, 'rightsBundle')))));
  app.put<IdNamed>(`${BUNDLES}/:id`, { ...control, ...rightsBundle }, async (request, reply) =>
    reply.sendCloud(cloudRightsBundle(await rightsBundles.update(request.session, idOf(request.params.id, 'rightsBundle'), request.body))));
  app.delete<Id>(`${BUNDLES}/:id`, control, async (request, reply) => {
    await rightsBundles.delete(request.session, idOf(request.params.id, 'rightsBundle'));
    return reply.code(204).send();
  });
  app.get<Id>(`${BUNDLES}/:id/rights`, view, async (request, reply) =>
    sendRefs(request, reply, 'right', await rightsBundles.rightsOf(request.session, idOf(request.params.id, 'rightsBundle'), parseListQuery(request))));
  app.put<IdRefs>(`${BUNDLES}/:id/rights`, { ...control, ...references }, async (request, reply) => {
    const id = idOf(request.params.id, 'rightsBundle');
    const query = parseListQuery(request);
    await rightsBundles.setRights(request.session, id, request.body.values);
    return sendRefs(request, reply, 'right', await rightsBundles.rightsOf(request.session, id, query));
  });
  app.get<Id>(`${BUNDLES}/:id/tenants`, view, async (request, reply) =>
    sendRefs(request, reply, 'org', await rightsBundles.tenantsOf(request.session, idOf(request.params.id, 'rightsBundle'), parseListQuery(request))));
  for (const [path, mode] of [['tenants', 'set'], ['tenants/publish', 'publish'], ['tenants/unpublish', 'unpublish']] as const) {
    app.route<IdRefs>({
      method: mode === 'set' ? 'PUT' : 'POST', url: `${BUNDLES}/:id/${path}`, ...control, ...references,
      handler: async (request, reply) => {
        const id = idOf(request.params.id, 'rightsBundle');
        const query = parseListQuery(request);
        await rightsBundles.publish(request.session, id, mode, request.body.values);
        return sendRefs(request, reply, 'org', await rightsBundles.tenantsOf(request.session, id, query));
      },
    });
  }
  for (const [path, all] of [['publishAll', true], ['unpublishAll', false]] as const) {
    app.post<Id>(`${BUNDLES}/:id/tenants/${path}`, control, async (request, reply) => {
      const id = idOf(request.params.id, 'rightsBundle');
      const query = parseListQuery(request);
      await rightsBundles.publishAll(request.session, id, all);
      return sendRefs(request, reply, 'org', await rightsBundles.tenantsOf(request.session, id, query));
    });
  }

  app.get(`${API}/users`, { config: { rights: [RBAC_RIGHTS.viewUsers] } }, async (request, reply) =>
    sendCloudPage(request, reply, await users.page(request.session, contextOrgId(request), parseListQuery(request)), cloudUser));
  app.post<{ Body: NewUser }>(`${API}/users`, { ...control, schema: { body: newUserSpec } }, async (request, reply) =>
    reply.code(201).sendCloud(cloudUser(await users.create(request.session, contextOrg(request.session, contextOrgId(request)), request.body))));
  app.get<Id>(`${API}/users/:id`, { config: { rights: [RBAC_RIGHTS.viewUsers] } }, async (request, reply) =>
    reply.sendCloud(cloudUser(await users.get(request.session, idOf(request.params.id, 'user')))));
  app.put<Id & { Body: UserUpdate }>(`${API}/users/:id`, { ...control, schema: { body: userSpec } }, async (request, reply) =>
    reply.sendCloud(cloudUser(await users.update(request.session, idOf(request.params.id, 'user'), request.body))));
};
