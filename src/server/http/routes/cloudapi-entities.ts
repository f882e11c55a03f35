// The CloudAPI collections of the entity types that declare one (entities/*/type.ts `cloudApi`): for each,
// GET /cloudapi/1.0.0/<collection> (the page envelope and Link headers, FIQL filter, sortAsc/sortDesc, in SQL) and
// GET …/<collection>/{urn} (the model, or the one 403 for an entity out of reach or absent). And the provider's
// POST /orgs, the org /api/admin/orgs creates.
import type { FastifyPluginAsync } from 'fastify';
import { urn } from '../../ids.ts';
import { ENTITY_TYPES } from '../../inventory/registry.ts';
import { orgType, type OrgCloudRow } from '../../entities/org/type.ts';
import { cloudModel } from '../../representation/cloudapi/index.ts';
import { cloudOrg } from '../../entities/org/cloudapi.ts';
import { parseListQuery, sendCloudPage } from '../paging.ts';
import { providerOnly } from '../provider-only.ts';
import { Org } from '../cloudapi-schemas.generated.ts';
import type { NewCloudOrg } from '../schemas.ts';

const API = '/cloudapi/1.0.0';

export const cloudEntityRoutes: FastifyPluginAsync = async (app) => {
  const { cloudEntities, orgs } = app.services;
  for (const type of ENTITY_TYPES) {
    const view = type.cloudApi;
    if (!view) continue;
    const model = cloudModel(view);
    app.get(`${API}/${view.collection}`, async (request, reply) =>
      sendCloudPage(request, reply, await cloudEntities.list(request.session, type, parseListQuery(request)), model));
    app.get<{ Params: { urn: string } }>(`${API}/${view.collection}/:urn`, async (request, reply) =>
      reply.sendCloud(model(await cloudEntities.get(request.session, type, request.params.urn))));
  }

  // Synchronous, as Cloud Director answers up to API 39 (from 40 it answers 202 and a task); disabled unless the
  // body says otherwise, as the spec's default has it.
  app.post<{ Body: NewCloudOrg }>(`${API}/orgs`, { preParsing: providerOnly, schema: { body: Org } }, async (request, reply) => {
    const { name, displayName, description, isEnabled } = request.body;
    const org = await orgs.create({ name, fullName: displayName, description: description ?? '', enabled: isEnabled ?? false });
    const row = await cloudEntities.get(request.session, orgType, urn('org', org.id)) as OrgCloudRow;
    return reply.code(201).sendCloud(cloudOrg(row));
  });
};
