// vApps and VMs: POST /api/vdc/{id}/action/instantiateVAppTemplate and …/composeVApp (201, the VApp with
// its Task); /api/vApp/vapp-{id} and /api/vApp/vm-{id}: GET, PUT (name and description; a Task), DELETE
// (vApps), power/action/{powerOn|powerOff|reset|suspend|shutdown|reboot}, action/deploy, action/undeploy,
// action/discardSuspendedState (202 Tasks); a VM's virtualHardwareSection (and its cpu and memory items),
// networkConnectionSection, guestCustomizationSection, productSections, operatingSystemSection,
// runtimeInfoSection, vmCapabilities, bootOptions (changed through action/bootOptions), virtualHardwareSection/disks
// and action/reconfigureVm; a
// vApp's leaseSettingsSection, controlAccess and recomposeVApp (name and description); metadata of both.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { ACCESS_LEVELS, hasRights, vappAccess, VAPP_RIGHTS } from '../../inventory/policy.ts';
import {
  guestCustomizationSectionDocument, networkConfigSectionDocument, networkConnectionSectionDocument, rasdItemDocument, vAppControlAccessDocument, vAppDocument,
  virtualHardwareDocument, vmDocument, type VAppView,
} from './documents.ts';
import {
  readComposeParams, readControlAccess, readCpuItem, readDeployParams, readGuestCustomization, readInstantiateParams, readMemoryItem,
  readNetworkConfigSection, readNetworkConnections, readRecomposeParams, readUndeployParams, readVAppEdit, readVm, readOperatingSystemSection,
  readVmCapabilities, readBootOptions, readLeaseSettings,
} from './params.ts';
import {
  bootOptionsDocument, disksDocument, leaseSettingsDocument, operatingSystemSectionDocument, productSectionsDocument,
  runtimeInfoSectionDocument, SECTION_EDITS, vmCapabilitiesDocument, VM_SECTIONS,
} from './vm-section-documents.ts';
import type { RenderContext } from '../../representation/context.ts';
import type { VcdDocument } from '../../representation/element.ts';
import type { Session } from '../../inventory/principal.ts';
import type { VApp, Vm, VmChanges } from './model.ts';
import { vappOwner, vmOwner } from './service.ts';
import { POWER_ACTIONS, type Transition } from './power.ts';
import type { Task } from '../../services/tasks.ts';
import { consumes, requestDocument } from '../../http/request-document.ts';
import { metadataRoutes } from '../../http/routes/metadata.ts';
import { sendTask } from '../../http/routes/tasks.ts';

type Ref = { Params: { id: string } };
type Target = { vapp: VApp; vm?: Vm | undefined };

/** "vapp-{uuid}" or "vm-{uuid}": the path segment VCD names both with. */
function parseRef(raw: string): { kind: 'vapp' | 'vm'; id: string } {
  const m = /^(vapp|vm)-(.*)$/.exec(raw);
  if (!m || !isUuid(m[2]!)) throw errors.badRequest(`"${raw}" is not a vApp (vapp-<id>) or a VM (vm-<id>).`);
  return { kind: m[1] as 'vapp' | 'vm', id: m[2]!.toLowerCase() };
}

/** pyvcloud sends Python's True/False: only a case-insensitive "true" is true. */
const flag = (value: string | undefined) => value?.toLowerCase() === 'true';

export const vappRoutes: FastifyPluginAsync = async (app) => {
  const { vapps, vdcs, identity } = app.services;

  const target = async (request: FastifyRequest<Ref>): Promise<Target> => {
    const ref = parseRef(request.params.id);
    return ref.kind === 'vapp' ? { vapp: await vapps.get(request.session, ref.id) } : vapps.getVm(request.session, ref.id);
  };
  const vmTarget = async (request: FastifyRequest<Ref>) => {
    const t = await target(request);
    if (!t.vm) throw errors.notFound(`${request.url.split('?')[0]} names a vApp; this resource is a VM's.`);
    return t as Required<Target>;
  };

  const view = async (session: Session, vapp: VApp, creation?: Task): Promise<VAppView> => {
    const access = vappAccess(session, vapp.sharing);
    const changes = ACCESS_LEVELS.indexOf(access) >= ACCESS_LEVELS.indexOf('Change');
    const full = access === 'FullControl';
    return {
      vapp, tasks: [...(creation ? [creation] : []), ...(await vapps.tasksOn(vapp)).filter((t) => t.id !== creation?.id)],
      org: await identity.getOrg(vapp.orgId), access, offers: (t, vm) => vapps.offers(vapp, t, vm),
      canChange: changes, canShare: full && hasRights(session, ...VAPP_RIGHTS.share),
      canRemove: full && hasRights(session, ...VAPP_RIGHTS.delete) && vapps.removable(vapp),
    };
  };

  for (const [action, family, root, read] of [
    ['instantiateVAppTemplate', 'vcloud.instantiateVAppTemplateParams', 'InstantiateVAppTemplateParams', readInstantiateParams],
    ['composeVApp', 'vcloud.composeVAppParams', 'ComposeVAppParams', readComposeParams],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/api/vdc/:id/action/${action}`, { preParsing: consumes(family) }, async (request, reply) => {
      if (!isUuid(request.params.id)) throw errors.badRequest(`"${request.params.id}" is not a valid VDC id.`);
      const vdc = await vdcs.get(request.session, request.params.id.toLowerCase());
      const spec = read(requestDocument(request, family, root));
      const { vapp, task } = await vapps.create(request.session, vdc, spec);
      // VCD answers 201 with the new vApp, its creation Task inside (PG5.5), and where it lives
      const ctx = request.renderContext();
      return reply.code(201).header('location', `${ctx.baseUrl}/api/vApp/vapp-${vapp.id}`)
        .sendDocument(vAppDocument(ctx, await view(request.session, vapp, task), task));
    });
  }

  app.get<Ref>('/api/vApp/:id', async (request, reply) => {
    const { vapp, vm } = await target(request);
    const v = await view(request.session, vapp);
    return reply.sendDocument(vm ? vmDocument(request.renderContext(), v, vm) : vAppDocument(request.renderContext(), v));
  });

  // Name and description: PUT of a VApp or a Vm (CCZ37), recomposeVApp (go-vcloud-director's way)
  const familyOf = (request: FastifyRequest) => (parseRef((request.params as Ref['Params']).id).kind === 'vm' ? 'vcloud.vm' : 'vcloud.vApp');
  app.put<Ref>('/api/vApp/:id', {
    preParsing: async (request, reply, payload) => consumes(familyOf(request)).call(app, request, reply, payload),
  }, async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) {
      const changes = readVm(requestDocument(request, 'vcloud.vm', 'Vm'));
      return sendTask(reply, await vapps.changeVm(request.session, vapp, vm, { name: changes.name, description: changes.description }));
    }
    return sendTask(reply, await vapps.edit(request.session, vapp, readVAppEdit(requestDocument(request, 'vcloud.vApp', 'VApp'), 'VApp')));
  });
  app.post<Ref>('/api/vApp/:id/action/recomposeVApp', { preParsing: consumes('vcloud.recomposeVAppParams') }, async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.notFound('recomposeVApp is a vApp\'s action.');
    const spec = readRecomposeParams(requestDocument(request, 'vcloud.recomposeVAppParams', 'RecomposeVAppParams'));
    return sendTask(reply, await vapps.recompose(request.session, vapp, spec));
  });

  app.delete<Ref & { Querystring: { force?: string; recursive?: string } }>('/api/vApp/:id', async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.badRequest(`The VM "${vm.name}" is deleted with its vApp, or through recomposeVApp.`);
    return sendTask(reply, await vapps.delete(request.session, vapp, flag(request.query.force)));
  });

  const transition = async (request: FastifyRequest<Ref>, t: Transition) => {
    const { vapp, vm } = await target(request);
    return vapps.transition(request.session, vapp, t, vm);
  };

  // a route per action, so that the routes name what the cell serves (COVERAGE.md is read from them)
  for (const action of POWER_ACTIONS) {
    app.post<Ref>(`/api/vApp/:id/power/action/${action}`, async (request, reply) =>
      sendTask(reply, await transition(request, { kind: 'power', action })));
  }
  app.post<Ref>('/api/vApp/:id/action/deploy', { preParsing: consumes('vcloud.deployVAppParams') }, async (request, reply) =>
    sendTask(reply, await transition(request, { kind: 'deploy', ...readDeployParams(requestDocument(request, 'vcloud.deployVAppParams', 'DeployVAppParams')) })));
  app.post<Ref>('/api/vApp/:id/action/undeploy', { preParsing: consumes('vcloud.undeployVAppParams') }, async (request, reply) =>
    sendTask(reply, await transition(request, {
      kind: 'undeploy', action: readUndeployParams(requestDocument(request, 'vcloud.undeployVAppParams', 'UndeployVAppParams')),
    })));
  app.post<Ref>('/api/vApp/:id/action/discardSuspendedState', async (request, reply) =>
    sendTask(reply, await transition(request, { kind: 'discardSuspendedState' })));

  // A VM's sections
  const change = async (request: FastifyRequest<Ref>, changes: VmChanges) => {
    const { vapp, vm } = await vmTarget(request);
    return vapps.changeVm(request.session, vapp, vm, changes);
  };
  const canChange = (session: Session, vapp: VApp) => ACCESS_LEVELS.indexOf(vappAccess(session, vapp.sharing)) >= 1;

  app.get<Ref>('/api/vApp/:id/virtualHardwareSection', async (request, reply) =>
    reply.sendDocument(virtualHardwareDocument(request.renderContext(), (await vmTarget(request)).vm)));
  for (const which of ['cpu', 'memory'] as const) {
    app.get<Ref>(`/api/vApp/:id/virtualHardwareSection/${which}`, async (request, reply) => {
      const { vapp, vm } = await vmTarget(request);
      return reply.sendDocument(rasdItemDocument(request.renderContext(), vm, which, canChange(request.session, vapp)));
    });
    app.put<Ref>(`/api/vApp/:id/virtualHardwareSection/${which}`, { preParsing: consumes('vcloud.rasdItem') }, async (request, reply) => {
      const item = requestDocument(request, 'vcloud.rasdItem', 'ovf:Item');
      return sendTask(reply, await change(request, which === 'cpu' ? readCpuItem(item) : readMemoryItem(item)));
    });
  }

  app.get<Ref>('/api/vApp/:id/networkConnectionSection', async (request, reply) => {
    const { vapp, vm } = await vmTarget(request);
    return reply.sendDocument(networkConnectionSectionDocument(request.renderContext(), vm, canChange(request.session, vapp)));
  });
  app.put<Ref>('/api/vApp/:id/networkConnectionSection', { preParsing: consumes('vcloud.networkConnectionSection') }, async (request, reply) => {
    const { nics, primary } = readNetworkConnections(requestDocument(request, 'vcloud.networkConnectionSection', 'NetworkConnectionSection'));
    return sendTask(reply, await change(request, { nics, primaryNicIndex: primary }));
  });

  app.get<Ref>('/api/vApp/:id/guestCustomizationSection', async (request, reply) => {
    const { vapp, vm } = await vmTarget(request);
    return reply.sendDocument(guestCustomizationSectionDocument(request.renderContext(), vm, canChange(request.session, vapp)));
  });
  app.put<Ref>('/api/vApp/:id/guestCustomizationSection', { preParsing: consumes('vcloud.guestCustomizationSection') }, async (request, reply) =>
    sendTask(reply, await change(request, {
      guest: readGuestCustomization(requestDocument(request, 'vcloud.guestCustomizationSection', 'GuestCustomizationSection')),
    })));

  // The sections VCD serves on their own (GET), and takes a PUT of where it lets them change (a Task answers)
  const route = (path: string) => `/api/vApp/:id/${path.replace(/\/$/, '')}`;
  const sectionGet = (path: string, build: (ctx: RenderContext, vm: Vm, canChange: boolean) => VcdDocument) =>
    app.get<Ref>(route(path), async (request, reply) => {
      const { vapp, vm } = await vmTarget(request);
      return reply.sendDocument(build(request.renderContext(), vm, canChange(request.session, vapp)));
    });
  sectionGet(VM_SECTIONS.productSections.path, productSectionsDocument);
  sectionGet(VM_SECTIONS.runtimeInfo.path, runtimeInfoSectionDocument);
  sectionGet(VM_SECTIONS.disks.path, disksDocument);
  for (const [section, build, root, read] of [
    ['operatingSystem', operatingSystemSectionDocument, 'ovf:OperatingSystemSection', readOperatingSystemSection],
    ['capabilities', vmCapabilitiesDocument, 'VmCapabilities', readVmCapabilities],
    ['bootOptions', bootOptionsDocument, 'BootOptions', readBootOptions],
  ] as const) {
    const { path, family } = VM_SECTIONS[section];
    const edit = SECTION_EDITS[section]!;
    sectionGet(path, build);
    app.route<Ref>({
      method: edit.method, url: route(edit.path), preParsing: consumes(family),
      handler: async (request, reply) => sendTask(reply, await change(request, read(requestDocument(request, family, root)))),
    });
  }

  app.get<Ref>('/api/vApp/:id/leaseSettingsSection', async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.notFound('The lease settings are a vApp\'s.');
    return reply.sendDocument(leaseSettingsDocument(request.renderContext(), vapp.id, vapp.lease, canChange(request.session, vapp)));
  });
  app.put<Ref>('/api/vApp/:id/leaseSettingsSection', { preParsing: consumes('vcloud.leaseSettingsSection') }, async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.notFound('The lease settings are a vApp\'s.');
    const lease = readLeaseSettings(requestDocument(request, 'vcloud.leaseSettingsSection', 'LeaseSettingsSection'));
    return sendTask(reply, await vapps.setLease(request.session, vapp, lease));
  });

  app.post<Ref>('/api/vApp/:id/action/reconfigureVm', { preParsing: consumes('vcloud.vm') }, async (request, reply) =>
    sendTask(reply, await change(request, readVm(requestDocument(request, 'vcloud.vm', 'Vm')))));

  // Sharing
  app.get<Ref>('/api/vApp/:id/controlAccess', async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.notFound('Access settings are a vApp\'s.');
    return reply.sendDocument(vAppControlAccessDocument(request.renderContext(), vapp));
  });
  app.post<Ref>('/api/vApp/:id/action/controlAccess', { preParsing: consumes('vcloud.controlAccess') }, async (request, reply) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.notFound('Access settings are a vApp\'s.');
    const params = readControlAccess(requestDocument(request, 'vcloud.controlAccess', 'ControlAccessParams'));
    return reply.sendDocument(vAppControlAccessDocument(request.renderContext(), await vapps.setAccess(request.session, vapp, params)));
  });

  metadataRoutes(app, '/api/vApp/:id', async (request) => {
    const { vapp, vm } = await target(request);
    const self = vm ? `/api/vApp/vm-${vm.id}` : `/api/vApp/vapp-${vapp.id}`;
    return {
      owner: vm ? vmOwner(vm) : vappOwner(vapp),
      label: vm ? 'Virtual Machine' : 'Virtual Application',
      place: { parentPath: self, parentFamily: vm ? 'vcloud.vm' : 'vcloud.vApp', writable: canChange(request.session, vapp) },
    };
  }, { writes: true });

  // vApp networks: the NetworkConfigSection, read and replaced; one network removed by its id (go-vcloud-director's
  // RemoveNetwork) or reset (its NetworkConfig's repair link)
  const vappOnly = async (request: FastifyRequest<Ref>) => {
    const { vapp, vm } = await target(request);
    if (vm) throw errors.notFound(`${request.url.split('?')[0]} names a VM; this resource is a vApp's.`);
    return vapp;
  };
  app.get<Ref>('/api/vApp/:id/networkConfigSection', async (request, reply) => {
    const vapp = await vappOnly(request);
    return reply.sendDocument(networkConfigSectionDocument(request.renderContext(), vapp, canChange(request.session, vapp)));
  });
  app.put<Ref>('/api/vApp/:id/networkConfigSection', { preParsing: consumes('vcloud.networkConfigSection') }, async (request, reply) => {
    const vapp = await vappOnly(request);
    const specs = readNetworkConfigSection(requestDocument(request, 'vcloud.networkConfigSection', 'NetworkConfigSection'));
    return sendTask(reply, await vapps.setNetworks(request.session, vapp, specs));
  });
  app.delete<Ref>('/api/network/:id', async (request, reply) => {
    if (!isUuid(request.params.id)) throw errors.badRequest(`"${request.params.id}" is not a valid network id.`);
    return sendTask(reply, await vapps.removeNetwork(request.session, request.params.id.toLowerCase()));
  });
  app.post<Ref>('/api/admin/network/:id/action/reset', async (request, reply) => {
    if (!isUuid(request.params.id)) throw errors.badRequest(`"${request.params.id}" is not a valid network id.`);
    return sendTask(reply, await vapps.resetNetwork(request.session, request.params.id.toLowerCase()));
  });
};
