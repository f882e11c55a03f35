// The metadata routes of an entity, the same for every type: GET and POST …/metadata, and GET, PUT
// and DELETE …/metadata/{key} (GENERAL domain) or …/metadata/{SYSTEM|GENERAL}/{key}. Writes are
// tasks on the entity: 202 with the Task, refused while another task holds it (BUSY_ENTITY).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { canAdministerOrg, isProvider } from '../../inventory/policy.ts';
import type { EntityView } from '../../inventory/entity-type.ts';
import type { Session } from '../../inventory/principal.ts';
import { routePattern } from '../entity-api.ts';
import {
  metadataDocument, metadataValueDocument, readMetadata, readMetadataValue, type MetadataPlace,
} from '../../representation/metadata.ts';
import { consumes, requestDocument } from '../request-document.ts';
import type { MetadataDomain } from '../../services/metadata.ts';
import type { TaskOwner } from '../../services/tasks.ts';
import { sendTask } from './tasks.ts';

/** The entity a request's path names, as its metadata routes need it. */
export interface MetadataTarget {
  owner: TaskOwner;
  /** how operations name its type, e.g. "Organization" */
  label: string;
  place: MetadataPlace;
}

/** Finds the entity a path names, or throws the answer for one the caller may not see. */
export type ResolveTarget = (request: FastifyRequest<{ Params: { id: string } }>) => MetadataTarget | Promise<MetadataTarget>;

type Key = { Params: { id: string; key: string; domain?: string } };

function domainOf(raw: string | undefined): MetadataDomain {
  if (raw === undefined || raw === 'GENERAL') return 'GENERAL';
  if (raw === 'SYSTEM') return 'SYSTEM';
  throw errors.notFound(`There is no metadata domain "${raw}" (GENERAL or SYSTEM).`);
}

/**
 * Registers the metadata routes under `prefix` (e.g. /api/org/:id); with `writes: false` only the reads,
 * as VCD serves a tenant view whose metadata is changed through the admin view.
 */
export function metadataRoutes(app: FastifyInstance, prefix: string, resolve: ResolveTarget, { writes }: { writes: boolean }): void {
  const { metadata } = app.services;
  const subject = (target: MetadataTarget) => ({ owner: target.owner, label: target.label, writable: target.place.writable });

  app.get<{ Params: { id: string } }>(`${prefix}/metadata`, async (request, reply) => {
    const target = await resolve(request);
    const entries = await metadata.list(target.owner.urn, { isProvider: isProvider(request.session) });
    return reply.sendDocument(metadataDocument(request.renderContext(), target.place, entries));
  });

  if (writes) app.post<{ Params: { id: string } }>(`${prefix}/metadata`, { preParsing: consumes('vcloud.metadata') }, async (request, reply) => {
    const target = await resolve(request);
    const entries = readMetadata(requestDocument(request, 'vcloud.metadata', 'Metadata'));
    return sendTask(reply, await metadata.merge(request.session, subject(target), entries));
  });

  for (const path of [`${prefix}/metadata/:key`, `${prefix}/metadata/:domain/:key`]) {
    app.get<Key>(path, async (request, reply) => {
      const target = await resolve(request);
      const entry = await metadata.get(target.owner.urn, domainOf(request.params.domain), request.params.key, { isProvider: isProvider(request.session) });
      return reply.sendDocument(metadataValueDocument(request.renderContext(), target.place, entry));
    });

    if (!writes) continue;
    app.put<Key>(path, { preParsing: consumes('vcloud.metadata.value') }, async (request, reply) => {
      const target = await resolve(request);
      const domain = domainOf(request.params.domain);
      const value = readMetadataValue(requestDocument(request, 'vcloud.metadata.value', 'MetadataValue'), domain);
      // In the domain form, the path names the domain; a body naming another is a contradiction.
      if (request.params.domain !== undefined && value.domain !== domain) {
        throw errors.badRequest(`The body's domain ${value.domain} is not the path's ${domain}.`);
      }
      return sendTask(reply, await metadata.merge(request.session, subject(target), [{ ...value, key: request.params.key }]));
    });

    app.delete<Key>(path, async (request, reply) => {
      const target = await resolve(request);
      return sendTask(reply, await metadata.delete(request.session, subject(target), domainOf(request.params.domain), request.params.key));
    });
  }
}

/**
 * The metadata routes of an entity served under a tenant and an admin view (/api/vdc/{id}, /api/admin/vdc/{id}): read
 * under both, written under the admin one by those `mayWrite` lets (the entity's org's administrators). `find`
 * resolves the entity under the view the request came by (through the engine's gate) and names it as a task owner.
 */
export function tenantAndAdminMetadata(
  app: FastifyInstance, label: string, views: readonly [tenant: EntityView, admin: EntityView],
  find: (request: FastifyRequest, view: EntityView) => Promise<{ id: string; orgId: string; owner: TaskOwner }>,
  mayWrite: (session: Session, orgId: string) => boolean = canAdministerOrg,
): void {
  for (const view of views) {
    const admin = view === views[1];
    metadataRoutes(app, routePattern(view), async (request) => {
      const entity = await find(request, view);
      return {
        owner: entity.owner, label,
        place: { parentPath: view.path(entity.id), parentFamily: view.family, writable: admin && mayWrite(request.session, entity.orgId) },
      };
    }, { writes: admin });
  }
}
