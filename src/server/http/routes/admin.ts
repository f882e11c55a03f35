// The System view: GET /api/admin (the provider's admin root, with the build in its Description),
// the AdminOrg (read by the provider and the org's administrators; created, updated, enabled,
// disabled and deleted by the provider) and GET /api/admin/user/{uuid}.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { buildDescription, type VersionCatalogue } from '../../api-versions.ts';
import { errors } from '../../errors.ts';
import { isUuid, urn } from '../../ids.ts';
import { adminOrgDocument, adminRootDocument, adminUserDocument, readAdminOrg } from '../../representation/admin.ts';
import { canAdministerOrg, isProvider, noAccess } from '../../inventory/policy.ts';
import type { Org } from '../../services/identity.ts';
import { consumes, requestDocument } from '../request-document.ts';
import { providerOnly } from '../provider-only.ts';
import { sendTask } from './tasks.ts';

type OrgRequest = FastifyRequest<{ Params: { id: string }; Querystring: { force?: string; recursive?: string } }>;

/** pyvcloud sends Python's True/False (and None), so only a case-insensitive "true" is true. */
const flag = (value: string | undefined) => value?.toLowerCase() === 'true';

export const adminRoutes: FastifyPluginAsync<{ catalogue: VersionCatalogue }> = async (app, { catalogue }) => {
  const { identity, orgs, users, catalogs, vdcs, providerBacking } = app.services;
  const description = buildDescription(catalogue);

  /** The org a path names; absent and out of reach answer alike, as VCD does. */
  const orgOf = async (request: OrgRequest): Promise<Org> => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid organization id.`);
    const org = await identity.getOrg(id.toLowerCase());
    if (!org || !canAdministerOrg(request.session, org.id)) throw noAccess(urn('org', id.toLowerCase()));
    return org;
  };
  const writesOrg = { preParsing: [providerOnly, consumes('admin.organization')] };
  const orgDocument = async (request: FastifyRequest, org: Org) => {
    const [userList, catalogList, vdcList] = await Promise.all([
      users.namesInOrg(org.id), catalogs.catalogsOfOrg(org.id), vdcs.namesInOrg(request.session, org.id),
    ]);
    return adminOrgDocument(request.renderContext(), org, isProvider(request.session), { users: userList, catalogs: catalogList, vdcs: vdcList });
  };

  app.get('/api/admin', { preParsing: providerOnly }, async (request, reply) =>
    reply.sendDocument(adminRootDocument(request.renderContext(), await identity.listOrgs(), await providerBacking.list('provider_vdcs'), description)));

  app.post('/api/admin/orgs', writesOrg, async (request, reply) => {
    const org = await orgs.create(readAdminOrg(requestDocument(request, 'admin.organization', 'AdminOrg')));
    return reply.code(201).sendDocument(await orgDocument(request, org));
  });

  app.get('/api/admin/org/:id', async (request: OrgRequest, reply) => reply.sendDocument(await orgDocument(request, await orgOf(request))));

  app.put('/api/admin/org/:id', writesOrg, async (request: OrgRequest, reply) => {
    const org = await orgOf(request);
    const params = readAdminOrg(requestDocument(request, 'admin.organization', 'AdminOrg'));
    return reply.sendDocument(await orgDocument(request, await orgs.update(org, params)));
  });

  for (const action of ['enable', 'disable'] as const) {
    app.post(`/api/admin/org/:id/action/${action}`, { preParsing: providerOnly }, async (request: OrgRequest, reply) => {
      await orgs.setEnabled(await orgOf(request), action === 'enable');
      return reply.code(204).send();
    });
  }

  app.delete('/api/admin/org/:id', { preParsing: providerOnly }, async (request: OrgRequest, reply) =>
    sendTask(reply, await orgs.delete(request.session, await orgOf(request), { force: flag(request.query.force), recursive: flag(request.query.recursive) })));

  app.get<{ Params: { id: string } }>('/api/admin/user/:id', async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid user id.`);
    // The provider, and the administrators of the user's org; absent and out of reach answer alike.
    const user = await users.get(request.session, id.toLowerCase());
    if (!canAdministerOrg(request.session, user.orgId)) throw noAccess(urn('user', id.toLowerCase()));
    return reply.sendDocument(adminUserDocument(request.renderContext(), user));
  });
};
