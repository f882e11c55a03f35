// The provider's legacy views of its backing: GET /api/admin/extension and its reference lists (vCenters, provider
// VDCs, external networks, network pools), a vCenter, an NSX-T manager, a network pool, a provider VDC (admin and
// extension views), a provider VDC's storage profile; POST …/action/registervimserver, answered with the vCenter as
// it is attached already (nothing stands behind the cell to attach). Anyone but the provider gets the one 403.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid, urn } from '../../ids.ts';
import { noAccess } from '../../inventory/policy.ts';
import { consumes, requestDocument } from '../../http/request-document.ts';
import { providerOnly } from '../../http/provider-only.ts';
import type { VcdDocument } from '../../representation/element.ts';
import type { RenderContext } from '../../representation/context.ts';
import type { Session } from '../../inventory/principal.ts';
import {
  extensionDocument, networkPoolDocument, nsxtManagerDocument, providerVdcDocument, providerVdcStorageProfileDocument, readRegisterVimServer,
  referenceListDocument, registeredVimServerDocument, REFERENCE_LISTS, vimServerDocument, vmwProviderVdcDocument, type ReferenceList,
} from './documents.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

export const providerVdcRoutes: FastifyPluginAsync = async (app) => {
  const { providerBacking } = app.services;

  app.get('/api/admin/extension', { preParsing: providerOnly }, async (request, reply) => reply.sendDocument(extensionDocument(request.renderContext())));

  const entries: Record<ReferenceList, () => Promise<Array<{ id: string; name: string }>>> = {
    vimServerReferences: () => providerBacking.list('virtual_centers'),
    providerVdcReferences: () => providerBacking.list('provider_vdcs'),
    externalNetworkReferences: () => providerBacking.list('external_networks'),
    networkPoolReferences: () => providerBacking.list('network_pools'),
  };
  for (const list of Object.keys(REFERENCE_LISTS) as ReferenceList[]) {
    app.get(`/api/admin/extension/${list}`, { preParsing: providerOnly }, async (request, reply) =>
      reply.sendDocument(referenceListDocument(request.renderContext(), list, await entries[list]())));
  }

  /** GET of one entity by its bare id: the document, or the one 403 for what is absent or out of reach. */
  const item = <T>(path: string, urnType: string, read: (session: Session, id: string) => Promise<T | undefined>, build: (ctx: RenderContext, entity: T) => VcdDocument) =>
    app.get(path, async (request: IdRequest, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid ${urnType} id.`);
      const entity = await read(request.session, id.toLowerCase());
      if (entity === undefined) throw noAccess(urn(urnType, id.toLowerCase()));
      return reply.sendDocument(build(request.renderContext(), entity));
    });
  item('/api/admin/extension/vimServer/:id', 'vimserver', (s, id) => providerBacking.virtualCenter(s, id), vimServerDocument);
  item('/api/admin/extension/nsxtManagers/:id', 'nsxtmanager', (s, id) => providerBacking.nsxtManager(s, id), nsxtManagerDocument);
  item('/api/admin/extension/networkPool/:id', 'networkpool', (s, id) => providerBacking.networkPool(s, id), networkPoolDocument);
  item('/api/admin/providervdc/:id', 'providervdc', (s, id) => providerBacking.providerVdc(s, id), providerVdcDocument);
  item('/api/admin/extension/providervdc/:id', 'providervdc', (s, id) => providerBacking.providerVdc(s, id), vmwProviderVdcDocument);
  item('/api/admin/pvdcStorageProfile/:id', 'providervdcstorageprofile', (s, id) => providerBacking.providerVdcStorageProfile(s, id), providerVdcStorageProfileDocument);

  app.post('/api/admin/extension/action/registervimserver', { preParsing: [providerOnly, consumes('admin.registerVimServerParams')] }, async (request, reply) => {
    const { name, url } = readRegisterVimServer(requestDocument(request, 'admin.registerVimServerParams', 'vmext:RegisterVimServerParams'));
    const attached = await providerBacking.attachedVirtualCenter(request.session, name, url);
    if (!attached) {
      const names = (await providerBacking.list('virtual_centers')).map((v) => `"${v.name}"`).join(', ') || 'none';
      throw errors.badRequest(`vCenter "${name}" cannot be attached: this cell's vCenters are declared in its seed file (attached: ${names}).`);
    }
    return reply.sendDocument(registeredVimServerDocument(request.renderContext(), attached));
  });
};
