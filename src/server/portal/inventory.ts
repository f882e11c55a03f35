// The org's inventory, read-only: its VDCs, the vApps of each, a vApp's VMs with their power state, and
// tasks. Lists come from the query service (the records /api/query serves, paged in SQL, with the API's
// visibility); a VDC and a vApp from their services' get. What the caller may not see is not found here,
// as the API answers it.
import type { FastifyInstance } from 'fastify';
import { errors, VcdError } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { AttrValue } from '../representation/element.ts';
import { statusName } from '../entities/vapp/records.ts';
import type { Filter } from '../services/filter.ts';
import { DEFAULT_PAGE_SIZE, type ListPage, type ListQuery } from '../services/listing.ts';
import type { Session } from '../inventory/principal.ts';
import { entityId } from '../services/sql-listing.ts';
import type { Vm } from '../entities/vapp/model.ts';
import { pageNumber, PORTAL_ROUTE, sendPage, type portalContext, type SignedIn } from './context.ts';
import { html, type Html } from './html.ts';
import { pager, when } from './layout.ts';

/** One record of a query: the entity's id and its attributes by the API's names. */
interface QueryRecord {
  id: string;
  attrs: { [name: string]: AttrValue };
}

const is = (field: string, value: string): Filter => ({ kind: 'cmp', field, op: '==', value });
const anyOf = (filters: Filter[]): Filter => (filters.length === 1 ? filters[0]! : { kind: 'or', items: filters });
const text = (v: AttrValue) => (v === null || v === undefined ? '' : String(v));
const mb = (n: AttrValue) => (Number(n) >= 1024 ? `${(Number(n) / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} GB` : `${Number(n)} MB`);
const ofLimit = (used: number, limit: number, unit: (n: number) => string) => `${unit(used)} of ${limit === 0 ? 'unlimited' : unit(limit)}`;
const label = (kind: string, words: string) => html`<span class="label ${kind}">${words}</span>`;

/** The colour of a VCD status (a vApp's, a VM's, a VDC's); the rest are plain. */
const STATE_KIND: { [name: string]: string } = {
  POWERED_ON: 'label-success', READY: 'label-success', FAILED_CREATION: 'label-danger', SUSPENDED: 'label-warning', MIXED: 'label-warning', UNRESOLVED: 'label-info',
};
/** VCD's status name in words: POWERED_ON is "Powered on". */
function stateLabel(name: string): Html {
  const words = name.toLowerCase().replaceAll('_', ' ');
  return label(STATE_KIND[name] ?? '', `${words.charAt(0).toUpperCase()}${words.slice(1)}`);
}
const TASK_STATUS: { [status: string]: [string, string] } = {
  running: ['Running', 'label-info'], success: ['Succeeded', 'label-success'], error: ['Failed', 'label-danger'], aborted: ['Aborted', 'label-warning'],
};
const taskLabel = (status: string) => label(TASK_STATUS[status]?.[1] ?? '', TASK_STATUS[status]?.[0] ?? status);

/** What a service's get answers, or undefined where it refuses (VCD's 403: absent, or not the caller's to see). */
async function ifVisible<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if (err instanceof VcdError && err.status === 403) return undefined;
    throw err;
  }
}

export function inventoryRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>): void {
  const { query, vdcs, vapps } = app.services;

  const records = async (session: Session, type: string, q: ListQuery): Promise<ListPage<QueryRecord>> => {
    const { type: t, page } = await query.run(session, type, q);
    return { ...page, items: page.items.map((row) => ({ id: entityId(t.path(row)), attrs: t.attributes(row) })) };
  };

  /** An entity of this org the caller sees; else (another org's, not shared, absent) not found, as in the API. */
  const found = async <T extends { orgId: string }>(at: SignedIn, what: string, id: string | undefined, get: (id: string) => Promise<T>): Promise<T> => {
    const entity = id !== undefined && isUuid(id) ? await ifVisible(() => get(id.toLowerCase())) : undefined;
    if (!entity || entity.orgId !== at.org.id) throw errors.notFound(`There is no such ${what}.`);
    return entity;
  };

  const tasksTable = (caption: string, page: ListPage<QueryRecord>, empty: string) => html`
    <table class="table"><caption>${caption}</caption>
      <thead><tr><th scope="col">Operation</th><th scope="col">Object</th><th scope="col">Status</th><th scope="col">Started</th>
        <th scope="col">Ended</th><th scope="col">By</th></tr></thead>
      <tbody>${page.items.length ? page.items.map(({ attrs: a }) => html`<tr>
        <td>${a.operationFull}${a.status === 'error' ? html`<div class="portal-muted">${a.message}</div>` : ''}</td>
        <td>${a.objectName}</td>
        <td>${taskLabel(text(a.status))}</td>
        <td>${when(text(a.startDate))}</td><td>${when(a.endDate === undefined ? undefined : text(a.endDate), 'Not yet')}</td><td>${a.ownerName}</td></tr>`)
        : html`<tr><td colspan="6">${empty}</td></tr>`}</tbody></table>`;

  app.get('/tenant/:org/vdcs', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const page = await records(at.session, 'orgVdc', { page: pageNumber(request), pageSize: DEFAULT_PAGE_SIZE, filter: is('org', at.org.id), sortAsc: 'name' });
    return sendPage(reply, { ...at, title: 'Virtual Data Centers', current: '/vdcs' }, html`
      <table class="table"><caption>Virtual data centers of ${at.org.name}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">vApps</th><th scope="col">VMs (running)</th>
          <th scope="col">CPU used</th><th scope="col">Memory used</th><th scope="col">Storage used</th></tr></thead>
        <tbody>${page.items.length ? page.items.map(({ id, attrs: a }) => html`<tr>
          <td><a href="${at.base}/vdcs/${id}">${a.name}</a></td><td>${a.isEnabled ? stateLabel(text(a.status)) : label('', 'Disabled')}</td>
          <td>${a.numberOfVApps}</td><td>${a.numberOfVMs} (${a.numberOfRunningVMs})</td>
          <td>${ofLimit(Number(a.cpuUsedMhz), Number(a.cpuLimitMhz), (n) => `${n} MHz`)}</td>
          <td>${ofLimit(Number(a.memoryUsedMB), Number(a.memoryLimitMB), mb)}</td>
          <td>${ofLimit(Number(a.storageUsedMB), Number(a.storageLimitMB), mb)}</td></tr>`)
          : html`<tr><td colspan="7">No virtual data centers that you can see.</td></tr>`}</tbody></table>
      ${pager('Pages of virtual data centers', page, `${at.base}/vdcs`)}`);
  }));

  app.get('/tenant/:org/vdcs/:id', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const vdc = await found(at, 'virtual data center', request.params.id, (id) => vdcs.get(at.session, id));
    const usage = await vdcs.usage(vdc);
    const list = await records(at.session, 'vApp', { page: pageNumber(request), pageSize: DEFAULT_PAGE_SIZE, filter: is('vdc', vdc.id), sortAsc: 'name' });
    return sendPage(reply, { ...at, title: `Virtual data center ${vdc.name}`, current: '/vdcs' }, html`
      ${vdc.description ? html`<p>${vdc.description}</p>` : ''}
      <table class="table table-vertical portal-facts"><caption>The virtual data center ${vdc.name}</caption><tbody>
        <tr><th scope="row">State</th><td>${vdc.enabled ? 'Enabled' : 'Disabled'}</td></tr>
        <tr><th scope="row">Allocation model</th><td>${vdc.allocationModel}</td></tr>
        <tr><th scope="row">CPU</th><td>${ofLimit(usage.cpuMhz, vdc.cpu.limit, (n) => `${n} MHz`)}</td></tr>
        <tr><th scope="row">Memory</th><td>${ofLimit(usage.memoryMb, vdc.memory.limit, mb)}</td></tr>
        <tr><th scope="row">VMs</th><td>${vdc.vmQuota === 0 ? usage.vms : `${usage.vms} of ${vdc.vmQuota}`}</td></tr>
        ${vdc.storageProfiles.map((p) => html`<tr><th scope="row">Storage: ${p.name}${p.isDefault ? ' (default)' : ''}</th>
          <td>${ofLimit(usage.storageMb.get(p.id) ?? 0, p.limitMb, mb)}</td></tr>`)}
      </tbody></table>
      <h2>vApps</h2>
      <table class="table"><caption>vApps in ${vdc.name} that you can see</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">State</th><th scope="col">CPUs</th><th scope="col">Memory</th>
          <th scope="col">Owner</th><th scope="col">Created</th></tr></thead>
        <tbody>${list.items.length ? list.items.map(({ id, attrs: a }) => html`<tr>
          <td><a href="${at.base}/vapps/${id}">${a.name}</a></td><td>${stateLabel(text(a.status))}${a.isBusy ? html` ${label('label-info', 'Busy')}` : ''}</td>
          <td>${a.numberOfCpus}</td><td>${mb(a.memoryAllocationMB)}</td><td>${a.ownerName}</td><td>${when(text(a.creationDate))}</td></tr>`)
          : html`<tr><td colspan="6">No vApps that you can see.</td></tr>`}</tbody></table>
      ${pager('Pages of vApps', list, `${at.base}/vdcs/${vdc.id}`)}`);
  }));

  app.get('/tenant/:org/vapps/:id', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const vapp = await found(at, 'vApp', request.params.id, (id) => vapps.get(at.session, id));
    const vdc = await ifVisible(() => vdcs.get(at.session, vapp.vdcId));
    const objects = [vapp.id, ...vapp.vms.map((v) => v.id)].map((id) => is('object', id));
    const tasks = await records(at.session, 'task', { page: pageNumber(request), pageSize: DEFAULT_PAGE_SIZE, filter: anyOf(objects), sortDesc: 'startDate' });
    const nics = (vm: Vm) => vm.nics.filter((n) => n.connected);
    return sendPage(reply, { ...at, title: `vApp ${vapp.name}`, current: '/vdcs' }, html`
      ${vapp.description ? html`<p>${vapp.description}</p>` : ''}
      <table class="table table-vertical portal-facts"><caption>The vApp ${vapp.name}</caption><tbody>
        <tr><th scope="row">State</th><td>${stateLabel(statusName(vapp.status))}</td></tr>
        <tr><th scope="row">Deployed</th><td>${vapp.deployed ? 'Yes' : 'No'}</td></tr>
        <tr><th scope="row">Virtual data center</th><td>${vdc ? html`<a href="${at.base}/vdcs/${vdc.id}">${vdc.name}</a>` : ''}</td></tr>
        <tr><th scope="row">Owner</th><td>${vapp.owner?.name}</td></tr>
        <tr><th scope="row">Created</th><td>${when(vapp.createdAt)}</td></tr>
      </tbody></table>
      <h2>Virtual machines</h2>
      <table class="table"><caption>VMs of ${vapp.name}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Power state</th><th scope="col">Guest OS</th><th scope="col">CPUs</th>
          <th scope="col">Memory</th><th scope="col">Networks</th><th scope="col">IP addresses</th></tr></thead>
        <tbody>${vapp.vms.length ? vapp.vms.map((vm) => html`<tr>
          <td>${vm.name}</td><td>${stateLabel(statusName(vm.status))}</td><td>${vm.osType}</td><td>${vm.cpus}</td><td>${mb(vm.memoryMb)}</td>
          <td>${nics(vm).map((n) => n.network).join(', ')}</td><td>${nics(vm).map((n) => n.ip ?? '').filter(Boolean).join(', ')}</td></tr>`)
          : html`<tr><td colspan="7">No VMs yet.</td></tr>`}</tbody></table>
      <h2>Tasks</h2>
      ${tasksTable(`Tasks on ${vapp.name} and its VMs that you can see`, tasks, 'No tasks that you can see.')}
      ${pager('Pages of tasks', tasks, `${at.base}/vapps/${vapp.id}`)}`);
  }));

  app.get('/tenant/:org/tasks', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const page = await records(at.session, 'task', { page: pageNumber(request), pageSize: DEFAULT_PAGE_SIZE, sortDesc: 'startDate' });
    return sendPage(reply, { ...at, title: 'Tasks', current: '/tasks' }, html`
      ${tasksTable(`Tasks in ${at.org.name} that you can see, newest first`, page, 'No tasks that you can see.')}
      ${pager('Pages of tasks', page, `${at.base}/tasks`)}`);
  }));
}
