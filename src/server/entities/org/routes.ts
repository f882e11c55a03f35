// The org's API (a declaration the engine serves: http/entity-api.ts): GET /api/org (the orgs the caller may see),
// GET /api/org/{uuid} and its task list; the AdminOrg (read by the provider and the org's administrators; created,
// updated, enabled, disabled and deleted by the provider); the CloudAPI's POST /orgs, PUT and DELETE /orgs/{urn}.
// An Org's metadata is read-only under /api/org and written under /api/admin/org, as VCD does.
import type { FastifyPluginAsync } from 'fastify';
import { urn } from '../../ids.ts';
import { orgDocument, orgListDocument } from './documents.ts';
import { tasksListDocument } from '../../representation/task.ts';
import { adminOrgDocument, readAdminOrg } from '../../representation/admin.ts';
import { canAdministerOrg, canEditOrg, isProvider, orgScope } from '../../inventory/policy.ts';
import type { EntityView } from '../../inventory/entity-type.ts';
import type { Org } from '../../services/identity.ts';
import type { Services } from '../../services/index.ts';
import type { Session } from '../../inventory/principal.ts';
import type { RenderContext } from '../../representation/context.ts';
import { orgOwner, type OrgParams } from './service.ts';
import { orgType, type OrgCloudRow } from './type.ts';
import { cloudOrg } from './cloudapi.ts';
import { defineEntityApi, flag, findEntity, operation, viewOf, type LegacyBody } from '../../http/entity-api.ts';
import { Org as CloudOrgSchema } from '../../http/cloudapi-schemas.generated.ts';
import type { NewCloudOrg } from '../../http/schemas.ts';
import { tenantAndAdminMetadata } from '../../http/routes/metadata.ts';

const ADMIN = 'admin.organization';
const adminOrgBody: LegacyBody<OrgParams> = { family: ADMIN, root: 'AdminOrg', read: readAdminOrg };
/** An org's task list, seen by whoever sees the org. */
const tasksList: EntityView = { family: 'vcloud.tasksList', path: (id) => `/api/tasksList/${id}` };

const adminDocument = async (ctx: RenderContext, services: Services, session: Session, org: Org) => {
  const [users, catalogs, vdcs, roles] = await Promise.all([
    services.users.namesInOrg(org.id), services.catalogs.catalogsOfOrg(org.id), services.vdcs.namesInOrg(session, org.id),
    services.roles.inOrg(org.id),
  ]);
  return adminOrgDocument(ctx, org, isProvider(session), { users, catalogs, vdcs, roles });
};

/** The CloudAPI Org of an org, as GET /orgs/{urn} reads it. */
const cloudModel = async (services: Services, session: Session, org: Org) =>
  cloudOrg(await services.cloudEntities.get(session, orgType, urn('org', org.id)) as OrgCloudRow);

const fromCloud = (body: NewCloudOrg, enabledByDefault?: boolean): OrgParams =>
  ({ name: body.name, fullName: body.displayName, description: body.description ?? '', enabled: body.isEnabled ?? enabledByDefault });

const metadata: FastifyPluginAsync = async (app) => {
  // read under both views, written under the admin one by those who may edit the org's properties
  tenantAndAdminMetadata(app, 'Organization', [viewOf(orgType, 'vcloud.org'), viewOf(orgType, ADMIN)], async (request, view) => {
    const org = await request.server.services.orgs.get((await findEntity(request, orgType, { idLabel: 'organization', view })).id);
    return { id: org.id, orgId: org.id, owner: orgOwner(org) };
  }, canEditOrg);
};

export const orgApi = defineEntityApi(orgType, {
  idLabel: 'organization',
  operations: [
    operation({
      api: 'legacy', method: 'GET', collection: true, path: '/api/org',
      run: ({ services, session }) => services.identity.listOrgs(orgScope(session, 'orgs.id')),
      render: (ctx, orgs) => orgListDocument(ctx, orgs),
    }),
    operation({
      api: 'legacy', method: 'GET', view: 'vcloud.org',
      run: async ({ services, session, entity }) => {
        const org = await services.orgs.get(entity.id);
        const [vdcs, catalogs] = await Promise.all([services.vdcs.namesInOrg(session, org.id), services.catalogs.catalogsOfOrg(org.id)]);
        return { org, vdcs, catalogs, canAdminister: canAdministerOrg(session, org.id) };
      },
      render: (ctx, { org, canAdminister, vdcs, catalogs }) => orgDocument(ctx, org, canAdminister, { vdcs, catalogs }),
    }),
    operation({
      api: 'legacy', method: 'GET', view: tasksList,
      run: async ({ services, session, entity }) => {
        const org = await services.orgs.get(entity.id);
        return { org, ...await services.tasks.listForOrg(session, org.id) };
      },
      render: (ctx, { org, tasks, more }) => tasksListDocument(ctx, org, tasks, more),
    }),
    operation({
      api: 'legacy', method: 'POST', collection: true, path: '/api/admin/orgs', provider: true, body: adminOrgBody, status: 201,
      run: ({ services, body }) => services.orgs.create(body),
      render: (ctx, org, { services, session }) => adminDocument(ctx, services, session, org),
    }),
    operation({
      api: 'legacy', method: 'GET', view: ADMIN,
      run: ({ services, entity }) => services.orgs.get(entity.id),
      render: (ctx, org, { services, session }) => adminDocument(ctx, services, session, org),
    }),
    operation({
      api: 'legacy', method: 'PUT', view: ADMIN, provider: true, body: adminOrgBody,
      run: async ({ services, entity, body }) => services.orgs.update(await services.orgs.get(entity.id), body),
      render: (ctx, org, { services, session }) => adminDocument(ctx, services, session, org),
    }),
    ...(['enable', 'disable'] as const).map((action) => operation({
      api: 'legacy', method: 'POST', view: ADMIN, path: `/action/${action}`, provider: true, status: 204,
      run: async ({ services, entity }) => services.orgs.setEnabled(await services.orgs.get(entity.id), action === 'enable'),
    })),
    operation({
      api: 'legacy', method: 'DELETE', view: ADMIN, provider: true, task: true,
      run: async ({ services, session, entity, query }) =>
        services.orgs.delete(session, await services.orgs.get(entity.id), { force: flag(query.force), recursive: flag(query.recursive) }),
    }),
    // Synchronous, as Cloud Director answers up to API 39 (from 40 it answers 202 and a task); disabled unless the
    // body says otherwise, as the spec's default has it.
    operation<NewCloudOrg, Org>({
      api: 'cloudapi', method: 'POST', collection: true, provider: true, body: { schema: CloudOrgSchema }, status: 201,
      run: ({ services, body }) => services.orgs.create(fromCloud(body, false)),
      render: (_ctx, org, { services, session }) => cloudModel(services, session, org),
    }),
    // PUT /orgs/{urn} (API 37.0 and later): synchronous, the Org as it now is; isEnabled absent leaves the state
    operation<NewCloudOrg, Org>({
      api: 'cloudapi', method: 'PUT', provider: true, body: { schema: CloudOrgSchema },
      run: async ({ services, entity, body }) => services.orgs.update(await services.orgs.get(entity.id), fromCloud(body)),
      render: (_ctx, org, { services, session }) => cloudModel(services, session, org),
    }),
    // DELETE /orgs/{urn}?force&recursive (API 37.0 and later): a task, as the legacy DELETE
    operation({
      api: 'cloudapi', method: 'DELETE', provider: true, task: true,
      run: async ({ services, session, entity, query }) =>
        services.orgs.delete(session, await services.orgs.get(entity.id), { force: flag(query.force), recursive: flag(query.recursive) }),
    }),
  ],
  routes: metadata,
});
