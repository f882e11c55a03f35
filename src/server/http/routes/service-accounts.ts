// CloudAPI service accounts (API 37.0+) and the administrator's half of the device flow.
// A provider may act in a tenant org by naming it in X-VMWARE-VCLOUD-TENANT-CONTEXT, as
// go-vcloud-director does.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { cloudServiceAccount } from '../../representation/oauth-clients.ts';
import type { Org } from '../../services/identity.ts';
import type { ServiceAccountSpec } from '../../services/service-accounts.ts';
import { contextOrgId } from '../cloud-request.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import { deviceGrant, serviceAccountSpec } from '../schemas.ts';
import { idOf } from './api-tokens.ts';

const BASE = '/cloudapi/1.0.0/serviceAccounts';

const withSpec = { schema: { body: serviceAccountSpec } };
type Id = { Params: { id: string } };

export const serviceAccountRoutes: FastifyPluginAsync = async (app) => {
  const { identity, serviceAccounts } = app.services;

  const targetOrg = async (request: FastifyRequest): Promise<Org> => {
    const org = await identity.getOrg(contextOrgId(request) ?? request.session.orgId);
    if (!org) throw errors.badRequest('The tenant context names no organization.');
    return org;
  };

  app.get(BASE, async (request, reply) =>
    sendCloudPage(request, reply, await serviceAccounts.page(request.session, contextOrgId(request), parseListQuery(request)), cloudServiceAccount));

  app.post<{ Body: ServiceAccountSpec }>(BASE, withSpec, async (request, reply) => {
    const created = await serviceAccounts.create(request.session, await targetOrg(request), request.body, request.ip);
    return reply.code(201).sendCloud(cloudServiceAccount(created));
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) =>
    reply.sendCloud(cloudServiceAccount(await serviceAccounts.get(request.session, idOf(request.params.id, 'serviceAccount')))));

  app.put<Id & { Body: ServiceAccountSpec }>(`${BASE}/:id`, withSpec, async (request, reply) => {
    const id = idOf(request.params.id, 'serviceAccount');
    const updated = await serviceAccounts.update(request.session, id, request.body, request.ip);
    return reply.sendCloud(cloudServiceAccount(updated));
  });

  app.delete<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    await serviceAccounts.delete(request.session, idOf(request.params.id, 'serviceAccount'), request.ip);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/revoke`, async (request, reply) => {
    await serviceAccounts.revoke(request.session, idOf(request.params.id, 'serviceAccount'), request.ip);
    return reply.code(204).send();
  });

  app.post<{ Body: { userCode: string } }>('/cloudapi/1.0.0/deviceLookup/grant', { schema: { body: deviceGrant } }, async (request, reply) => {
    await serviceAccounts.grant(request.session, request.body.userCode, request.ip);
    return reply.code(204).send();
  });
};
