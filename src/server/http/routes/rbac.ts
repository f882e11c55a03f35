// CloudAPI rights, roles, rights bundles and users (rbac/*.yaml, user/user.yaml). Static rights
// sit in route config; which org a caller may reach is the services' concern.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { cloudRight, cloudRightsBundle, cloudRole, cloudUser, entityRef } from '../../representation/rbac.ts';
import { list } from '../../services/listing.ts';
import { RBAC_RIGHTS } from '../../services/rights-catalogue.ts';
import { contextOrgId } from '../cloud-request.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import type { UserUpdate } from '../../services/users.ts';
import { entityReferences, namedSpec, userSpec, type EntityReferences, type NamedSpec } from '../schemas.ts';
import { idOf } from './api-tokens.ts';

const API = '/cloudapi/1.0.0';
const RIGHT_FIELDS = ['id', 'name', 'description', 'category', 'rightType', 'serviceNamespace', 'bundleKey'];
const ROLE_FIELDS = ['id', 'name', 'description', 'readOnly', 'bundleKey'];
const BUNDLE_FIELDS = ['id', 'name', 'description', 'readOnly', 'publishAll', 'bundleKey'];
const USER_FIELDS = ['id', 'username', 'fullName', 'email', 'enabled', 'locked', 'providerType', 'nameInSource', 'orgEntityRef.name', 'orgEntityRef.id'];
const REF_FIELDS = ['id', 'name'];

type Id = { Params: { id: string } };
type Named = { Body: NamedSpec };
type IdNamed = Id & Named;
type IdRefs = Id & { Body: EntityReferences };

const view = { config: { rights: [RBAC_RIGHTS.adminView] } };
const manageRoles = { config: { rights: [RBAC_RIGHTS.manageRoles] } };
const control = { config: { rights: [RBAC_RIGHTS.adminControl] } };
const named = { schema: { body: namedSpec } };
const references = { schema: { body: entityReferences } };

/** A paged list of entity references, as the /rights and /tenants sub-resources answer. */
function sendRefs(request: FastifyRequest, reply: FastifyReply, type: string, refs: Array<{ name: string; id: string }>) {
  return sendCloudPage(request, reply, list(refs.map(entityRef(type)), parseListQuery(request), REF_FIELDS), (r) => r);
}

export const rbacRoutes: FastifyPluginAsync = async (app) => {
  const { rights, roles, rightsBundles, users } = app.services;

  app.get(`${API}/rights`, async (request, reply) => {
    const query = parseListQuery(request);
    return sendCloudPage(request, reply, list((await rights.visible(request.session)).map(cloudRight), query, RIGHT_FIELDS), (r) => r);
  });
  app.get<Id>(`${API}/rights/:id`, async (request, reply) =>
    reply.sendCloud(cloudRight(await rights.get(request.session, idOf(request.params.id, 'right')))));

  app.get(`${API}/roles`, view, async (request, reply) => {
    const query = parseListQuery(request);
    const found = (await roles.visible(request.session, contextOrgId(request))).map(cloudRole);
    return sendCloudPage(request, reply, list(found, query, ROLE_FIELDS), (r) => r);
  });
  app.post<Named>(`${API}/roles`, { ...manageRoles, ...named }, async (request, reply) => {
    const role = await roles.create(request.session, contextOrgId(request) ?? request.session.orgId, request.body);
    return reply.code(201).sendCloud(cloudRole(role));
  });
  app.get<Id>(`${API}/roles/:id`, view, async (request, reply) =>
    reply.sendCloud(cloudRole(await roles.get(request.session, idOf(request.params.id, 'role')))));
  app.put<IdNamed>(`${API}/roles/:id`, { ...manageRoles, ...named }, async (request, reply) =>
    reply.sendCloud(cloudRole(await roles.update(request.session, idOf(request.params.id, 'role'), request.body))));
  app.delete<Id>(`${API}/roles/:id`, manageRoles, async (request, reply) => {
    await roles.delete(request.session, idOf(request.params.id, 'role'));
    return reply.code(204).send();
  });
  app.get<Id>(`${API}/roles/:id/rights`, view, async (request, reply) =>
    sendRefs(request, reply, 'right', await roles.rightsOf(request.session, idOf(request.params.id, 'role'))));
  app.put<IdRefs>(`${API}/roles/:id/rights`, { ...manageRoles, ...references }, async (request, reply) => {
    const id = idOf(request.params.id, 'role');
    await roles.setRights(request.session, id, request.body.values);
    return sendRefs(request, reply, 'right', await roles.rightsOf(request.session, id));
  });

  const BUNDLES = `${API}/rightsBundles`;
  app.get(BUNDLES, view, async (request, reply) => {
    const query = parseListQuery(request);
    return sendCloudPage(request, reply, list((await rightsBundles.list(request.session)).map(cloudRightsBundle), query, BUNDLE_FIELDS), (b) => b);
  });
  app.post<Named>(BUNDLES, { ...control, ...named }, async (request, reply) =>
    reply.code(201).sendCloud(cloudRightsBundle(await rightsBundles.create(request.session, request.body))));
  app.get<Id>(`${BUNDLES}/:id`, view, async (request, reply) =>
    reply.sendCloud(cloudRightsBundle(await rightsBundles.get(request.session, idOf(request.params.id, 'rightsBundle')))));
  app.put<IdNamed>(`${BUNDLES}/:id`, { ...control, ...named }, async (request, reply) =>
    reply.sendCloud(cloudRightsBundle(await rightsBundles.update(request.session, idOf(request.params.id, 'rightsBundle'), request.body))));
  app.delete<Id>(`${BUNDLES}/:id`, control, async (request, reply) => {
    await rightsBundles.delete(request.session, idOf(request.params.id, 'rightsBundle'));
    return reply.code(204).send();
  });
  app.get<Id>(`${BUNDLES}/:id/rights`, view, async (request, reply) =>
    sendRefs(request, reply, 'right', await rightsBundles.rightsOf(request.session, idOf(request.params.id, 'rightsBundle'))));
  app.put<IdRefs>(`${BUNDLES}/:id/rights`, { ...control, ...references }, async (request, reply) => {
    const id = idOf(request.params.id, 'rightsBundle');
    await rightsBundles.setRights(request.session, id, request.body.values);
    return sendRefs(request, reply, 'right', await rightsBundles.rightsOf(request.session, id));
  });
  app.get<Id>(`${BUNDLES}/:id/tenants`, view, async (request, reply) =>
    sendRefs(request, reply, 'org', await rightsBundles.tenantsOf(request.session, idOf(request.params.id, 'rightsBundle'))));
  for (const [path, mode] of [['tenants', 'set'], ['tenants/publish', 'publish'], ['tenants/unpublish', 'unpublish']] as const) {
    app.route<IdRefs>({
      method: mode === 'set' ? 'PUT' : 'POST', url: `${BUNDLES}/:id/${path}`, ...control, ...references,
      handler: async (request, reply) =>
        sendRefs(request, reply, 'org', await rightsBundles.publish(request.session, idOf(request.params.id, 'rightsBundle'), mode, request.body.values)),
    });
  }
  for (const [path, all] of [['publishAll', true], ['unpublishAll', false]] as const) {
    app.post<Id>(`${BUNDLES}/:id/tenants/${path}`, control, async (request, reply) =>
      sendRefs(request, reply, 'org', await rightsBundles.publishAll(request.session, idOf(request.params.id, 'rightsBundle'), all)));
  }

  app.get(`${API}/users`, { config: { rights: [RBAC_RIGHTS.viewUsers] } }, async (request, reply) => {
    const query = parseListQuery(request);
    return sendCloudPage(request, reply, list((await users.visible(request.session, contextOrgId(request))).map(cloudUser), query, USER_FIELDS), (u) => u);
  });
  app.get<Id>(`${API}/users/:id`, { config: { rights: [RBAC_RIGHTS.viewUsers] } }, async (request, reply) =>
    reply.sendCloud(cloudUser(await users.get(request.session, idOf(request.params.id, 'user')))));
  app.put<Id & { Body: UserUpdate }>(`${API}/users/:id`, { ...control, schema: { body: userSpec } }, async (request, reply) =>
    reply.sendCloud(cloudUser(await users.update(request.session, idOf(request.params.id, 'user'), request.body))));
};
