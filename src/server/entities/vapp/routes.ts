// The APIs of vApps and VMs (declarations the engine serves: http/entity-api.ts). POST
// /api/vdc/{id}/action/instantiateVAppTemplate and …/composeVApp (201, the VApp with its Task); /api/vApp/vapp-{id}
// and /api/vApp/vm-{id}, one route the engine serves by the id's prefix: GET, PUT (name and description; a Task),
// DELETE (vApps), power/action/{powerOn|powerOff|reset|suspend|shutdown|reboot}, action/deploy, action/undeploy,
// action/discardSuspendedState (202 Tasks); a VM's virtualHardwareSection (and its cpu and memory items),
// networkConnectionSection, guestCustomizationSection and action/reconfigureVm; a vApp's controlAccess and
// recomposeVApp (name and description); metadata of both. Who may change a vApp (its rights, and the access it is
// shared with) is the service's to decide (service.ts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
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
import type { Session } from '../../inventory/principal.ts';
import type { RenderContext } from '../../representation/context.ts';
import type { Element, VcdDocument } from '../../representation/element.ts';
import type { Services } from '../../services/index.ts';
import type { Task } from '../../services/tasks.ts';
import type { VApp, Vm, VmChanges } from './model.ts';
import { vappOwner, vmOwner } from './service.ts';
import { POWER_ACTIONS, type Transition } from './power.ts';
import { vAppType } from './type.ts';
import { vmType } from './vm-type.ts';
import { vdcType } from '../vdc/type.ts';
import { defineEntityApi, flag, findEntity, operation, routePattern, viewOf, type AnyOperation, type LegacyBody, type OperationContext } from '../../http/entity-api.ts';
import { metadataRoutes } from '../../http/routes/metadata.ts';
import { sendTask } from '../../http/routes/tasks.ts';
import { errors } from '../../errors.ts';
import { isUuid } from '../../ids.ts';

/** A vApp's document as the caller sees it: its tasks (a creation's first), org, and what the caller may do with it. */
const view = async (services: Services, session: Session, vapp: VApp, creation?: Task): Promise<VAppView> => ({
  vapp, tasks: [...(creation ? [creation] : []), ...(await services.vapps.tasksOn(vapp)).filter((t) => t.id !== creation?.id)],
  org: await services.identity.getOrg(vapp.orgId), offers: (t, vm) => services.vapps.offers(vapp, t, vm), ...services.vapps.permissions(session, vapp),
});

type Ctx = OperationContext<any>;
/** The vApp, or the VM (with its vApp), the path names. */
const theVApp = ({ services, session, entity }: Ctx) => services.vapps.get(session, entity.id);
const theVm = ({ services, session, entity }: Ctx) => services.vapps.getVm(session, entity.id);

const body = <T>(family: string, root: string, read: (e: Element) => T): LegacyBody<T> => ({ family, root, read });

/** An operation of both a vApp and a VM: `run` is given the vApp, and the VM when the path names one. */
const ofBoth = (make: (target: (c: Ctx) => Promise<{ vapp: VApp; vm?: Vm }>) => AnyOperation) => ({
  vapp: make(async (c) => ({ vapp: await theVApp(c) })),
  vm: make(theVm),
});

const transitions: Array<{ path: string; body?: LegacyBody<Transition>; transition?: Transition }> = [
  ...POWER_ACTIONS.map((action) => ({ path: `/power/action/${action}`, transition: { kind: 'power', action } as Transition })),
  { path: '/action/deploy', body: body('vcloud.deployVAppParams', 'DeployVAppParams', (e) => ({ kind: 'deploy', ...readDeployParams(e) })) },
  { path: '/action/undeploy', body: body('vcloud.undeployVAppParams', 'UndeployVAppParams', (e) => ({ kind: 'undeploy', action: readUndeployParams(e) })) },
  { path: '/action/discardSuspendedState', transition: { kind: 'discardSuspendedState' } },
];

// a route per action, so that the routes name what the cell serves (COVERAGE.md is read from them)
const power = transitions.map(({ path, body: b, transition }) => ofBoth((target) => operation<Transition | undefined>({
  api: 'legacy', method: 'POST', path, task: true, ...(b && { body: b }),
  run: async (c) => {
    const { vapp, vm } = await target(c);
    return c.services.vapps.transition(c.session, vapp, c.body ?? transition!, vm);
  },
})));

const creations = ([
  ['instantiateVAppTemplate', body('vcloud.instantiateVAppTemplateParams', 'InstantiateVAppTemplateParams', readInstantiateParams)],
  ['composeVApp', body('vcloud.composeVAppParams', 'ComposeVAppParams', readComposeParams)],
] as const).map(([action, b]) => operation({
  api: 'legacy', method: 'POST', of: vdcType, idLabel: 'VDC', view: 'vcloud.vdc', path: `/action/${action}`, body: b as LegacyBody<any>, status: 201,
  run: async ({ services, session, entity, body: spec }) => {
    const { vapp, task } = await services.vapps.create(session, await services.vdcs.get(session, entity.id), spec);
    return { vapp, task, view: await view(services, session, vapp, task) };
  },
  // VCD answers 201 with the new vApp, its creation Task inside (PG5.5), and where it lives
  location: ({ vapp }) => viewOf(vAppType).path(vapp.id),
  render: (ctx, { view: v, task }) => vAppDocument(ctx, v, task),
}));

/** A section's path under the VM's (VM_SECTIONS: 'productSections/' is /productSections). */
const under = (path: string) => `/${path.replace(/\/$/, '')}`;

/** A change of a VM's sections: a task on the VM. */
const change = (path: string, method: 'PUT' | 'POST', b: LegacyBody<VmChanges>) => operation<VmChanges>({
  api: 'legacy', method, path, body: b, task: true,
  run: async (c) => {
    const { vapp, vm } = await theVm(c);
    return c.services.vapps.changeVm(c.session, vapp, vm, c.body);
  },
});

/** A section of the vApp, or of the VM, the path names, and whether the caller may change it (the links it offers). */
const sectionOf = <T extends { vapp: VApp }>(target: (c: Ctx) => Promise<T>) =>
  (path: string, render: (ctx: RenderContext, target: T, canChange: boolean) => VcdDocument) => operation({
    api: 'legacy', method: 'GET', path,
    run: async (c) => {
      const found = await target(c);
      return { found, canChange: c.services.vapps.permissions(c.session, found.vapp).canChange };
    },
    render: (ctx, { found, canChange }) => render(ctx, found, canChange),
  });
const vappSection = sectionOf(async (c) => ({ vapp: await theVApp(c) }));
const vmSection = sectionOf(theVm);
/** A VM's section rendered from the VM alone. */
const section = (path: string, render: (ctx: RenderContext, vm: Vm, canChange: boolean) => VcdDocument) =>
  vmSection(path, (ctx, { vm }, canChange) => render(ctx, vm, canChange));

const metadata: FastifyPluginAsync = async (app) => {
  const views = { vapp: viewOf(vAppType), vm: viewOf(vmType) };
  // one route for both, as the engine serves them: the gate of the type whose prefix the id has
  metadataRoutes(app, routePattern(views.vapp), async (request: FastifyRequest) => {
    const { services } = request.server;
    const isVm = (request.params as { id: string }).id.startsWith(views.vm.prefix!);
    const { vapp, vm } = isVm
      ? await services.vapps.getVm(request.session, (await findEntity(request, vmType, { idLabel: 'VM', view: views.vm })).id)
      : { vapp: await services.vapps.get(request.session, (await findEntity(request, vAppType, { idLabel: 'vApp', view: views.vapp })).id), vm: undefined };
    const owner = vm ? vmOwner(vm) : vappOwner(vapp);
    return {
      owner, label: vm ? 'Virtual Machine' : 'Virtual Application',
      place: { parentPath: owner.path, parentFamily: owner.family, writable: services.vapps.permissions(request.session, vapp).canChange },
    };
  }, { writes: true });
};

/**
 * One vApp network, by its own id (no entity type of the inventory: the service finds it through its vApp): removed
 * (go-vcloud-director's RemoveNetwork) or reset (its NetworkConfig's repair link), each a task.
 */
const vappNetworks: FastifyPluginAsync = async (app) => {
  const idOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw errors.badRequest(`"${id}" is not a valid network id.`);
    return id.toLowerCase();
  };
  app.delete('/api/network/:id', async (request, reply) => sendTask(reply, await app.services.vapps.removeNetwork(request.session, idOf(request))));
  app.post('/api/admin/network/:id/action/reset', async (request, reply) =>
    sendTask(reply, await app.services.vapps.resetNetwork(request.session, idOf(request))));
};

const both = {
  get: ofBoth((target) => operation({
    api: 'legacy', method: 'GET',
    run: async (c) => {
      const { vapp, vm } = await target(c);
      return { view: await view(c.services, c.session, vapp), vm };
    },
    render: (ctx, { view: v, vm }) => (vm ? vmDocument(ctx, v, vm) : vAppDocument(ctx, v)),
  })),
};

export const vappApi = defineEntityApi(vAppType, {
  idLabel: 'vApp',
  operations: [
    ...creations,
    both.get.vapp,
    // Name and description: PUT of a VApp (CCZ37), recomposeVApp (go-vcloud-director's way)
    operation({
      api: 'legacy', method: 'PUT', task: true, body: body('vcloud.vApp', 'VApp', (e) => readVAppEdit(e, 'VApp')),
      run: async (c) => c.services.vapps.edit(c.session, await theVApp(c), c.body),
    }),
    operation({
      api: 'legacy', method: 'POST', path: '/action/recomposeVApp', task: true,
      body: body('vcloud.recomposeVAppParams', 'RecomposeVAppParams', readRecomposeParams),
      run: async (c) => c.services.vapps.recompose(c.session, await theVApp(c), c.body),
    }),
    // vApp networks: the NetworkConfigSection, read and replaced
    vappSection('/networkConfigSection', (ctx, { vapp }, canChange) => networkConfigSectionDocument(ctx, vapp, canChange)),
    operation({
      api: 'legacy', method: 'PUT', path: '/networkConfigSection', task: true,
      body: body('vcloud.networkConfigSection', 'NetworkConfigSection', readNetworkConfigSection),
      run: async (c) => c.services.vapps.setNetworks(c.session, await theVApp(c), c.body),
    }),
    operation({
      api: 'legacy', method: 'DELETE', task: true,
      run: async (c) => c.services.vapps.delete(c.session, await theVApp(c), flag(c.query.force)),
    }),
    ...power.map((p) => p.vapp),
    vappSection('/leaseSettingsSection', (ctx, { vapp }, canChange) => leaseSettingsDocument(ctx, vapp.id, vapp.lease, canChange)),
    operation({
      api: 'legacy', method: 'PUT', path: '/leaseSettingsSection', task: true,
      body: body('vcloud.leaseSettingsSection', 'LeaseSettingsSection', readLeaseSettings),
      run: async (c) => c.services.vapps.setLease(c.session, await theVApp(c), c.body),
    }),
    // Sharing
    operation({
      api: 'legacy', method: 'GET', path: '/controlAccess',
      run: theVApp,
      render: (ctx, vapp) => vAppControlAccessDocument(ctx, vapp),
    }),
    operation({
      api: 'legacy', method: 'POST', path: '/action/controlAccess', body: body('vcloud.controlAccess', 'ControlAccessParams', readControlAccess),
      run: async (c) => c.services.vapps.setAccess(c.session, await theVApp(c), c.body),
      render: (ctx, vapp) => vAppControlAccessDocument(ctx, vapp),
    }),
  ],
  routes: async (app) => {
    await app.register(metadata);
    await app.register(vappNetworks);
  },
});

export const vmApi = defineEntityApi(vmType, {
  idLabel: 'VM',
  operations: [
    both.get.vm,
    operation({
      api: 'legacy', method: 'PUT', task: true, body: body('vcloud.vm', 'Vm', readVm),
      run: async (c) => {
        const { vapp, vm } = await theVm(c);
        return c.services.vapps.changeVm(c.session, vapp, vm, { name: c.body.name, description: c.body.description });
      },
    }),
    ...power.map((p) => p.vm),
    operation({
      api: 'legacy', method: 'GET', path: '/virtualHardwareSection',
      run: async (c) => (await theVm(c)).vm,
      render: (ctx, vm) => virtualHardwareDocument(ctx, vm),
    }),
    ...(['cpu', 'memory'] as const).flatMap((which) => [
      section(`/virtualHardwareSection/${which}`, (ctx, vm, canChange) => rasdItemDocument(ctx, vm, which, canChange)),
      change(`/virtualHardwareSection/${which}`, 'PUT', body<VmChanges>('vcloud.rasdItem', 'ovf:Item', which === 'cpu' ? readCpuItem : readMemoryItem)),
    ]),
    section('/networkConnectionSection', networkConnectionSectionDocument),
    change('/networkConnectionSection', 'PUT', body('vcloud.networkConnectionSection', 'NetworkConnectionSection', (e) => {
      const { nics, primary } = readNetworkConnections(e);
      return { nics, primaryNicIndex: primary };
    })),
    section('/guestCustomizationSection', guestCustomizationSectionDocument),
    change('/guestCustomizationSection', 'PUT', body('vcloud.guestCustomizationSection', 'GuestCustomizationSection', (e) => ({ guest: readGuestCustomization(e) }))),
    // the sections VCD serves on their own (GET), and takes a change of where it lets them change (a Task answers)
    section(under(VM_SECTIONS.productSections.path), productSectionsDocument),
    section(under(VM_SECTIONS.runtimeInfo.path), runtimeInfoSectionDocument),
    section(under(VM_SECTIONS.disks.path), disksDocument),
    ...([
      ['operatingSystem', operatingSystemSectionDocument, 'ovf:OperatingSystemSection', readOperatingSystemSection],
      ['capabilities', vmCapabilitiesDocument, 'VmCapabilities', readVmCapabilities],
      ['bootOptions', bootOptionsDocument, 'BootOptions', readBootOptions],
    ] as const).flatMap(([name, build, root, read]) => {
      const { path, family } = VM_SECTIONS[name];
      const edit = SECTION_EDITS[name]!;
      return [section(under(path), build), change(under(edit.path), edit.method, body<VmChanges>(family, root, read))];
    }),
    change('/action/reconfigureVm', 'POST', body('vcloud.vm', 'Vm', readVm)),
  ],
});

