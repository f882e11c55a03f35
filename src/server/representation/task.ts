// The Task document (TaskType, children in schema order) and an org's TasksList.
import { el, NS, textEl, type Element, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import { link } from './session.ts';
import { errorElement } from './error.ts';
import type { Org } from '../services/identity.ts';
import type { Task } from '../services/tasks.ts';
import { urn } from '../ids.ts';

const time = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

export const taskPath = (id: string) => `/api/task/${id}`;

export function taskElement(ctx: RenderContext, t: Task, org: Org | undefined): Element {
  const ref = (name: string, path: string, family: string, refName: string, id?: string) =>
    el(name, { href: href(ctx, path), id, type: mediaType(ctx, family), name: refName });
  return el('Task', {
    href: href(ctx, taskPath(t.id)), type: mediaType(ctx, 'vcloud.task'), name: 'task', id: urn('task', t.id),
    status: t.status, operation: t.operation, operationName: t.operationName, serviceNamespace: t.serviceNamespace,
    startTime: time(t.startTime), endTime: time(t.endTime), expiryTime: time(t.expiryTime), cancelRequested: t.cancelRequested,
  }, [
    [t.status === 'running' ? link(ctx, 'task:cancel', `${taskPath(t.id)}/action/cancel`) : undefined].filter((l) => l !== undefined),
    ref('Owner', t.owner.path, t.owner.family, t.owner.name, t.owner.urn),
    t.error && errorElement(t.error),
    ref('User', `/api/admin/user/${t.userId}`, 'admin.user', t.userName, urn('user', t.userId)),
    org && ref('Organization', `/api/org/${org.id}`, 'vcloud.org', org.name, urn('org', org.id)),
    textEl('Progress', t.progress),
    t.error && textEl('Details', t.error.message),
  ]);
}

export function taskDocument(ctx: RenderContext, t: Task, org: Org | undefined): VcdDocument {
  return { mediaType: 'vcloud.task', namespace: NS.vcloud, root: taskElement(ctx, t, org) };
}

/**
 * An org's queued, running and recently completed tasks (those the caller may see), newest first. The list
 * has no paging: when it holds only the newest (`more`), a link leads to the query that pages them all.
 */
export function tasksListDocument(ctx: RenderContext, org: Org, tasks: Task[], more: boolean): VcdDocument {
  const everyTask = `/api/query?type=adminTask&sortDesc=startDate&filter=${encodeURIComponent(`org==${org.id}`)}`;
  return {
    mediaType: 'vcloud.tasksList',
    namespace: NS.vcloud,
    root: el('TasksList', { href: href(ctx, `/api/tasksList/${org.id}`), type: mediaType(ctx, 'vcloud.tasksList'), name: org.name }, [
      more ? [link(ctx, 'down', everyTask, 'vcloud.query.records')] : [],
      tasks.map((t) => taskElement(ctx, t, org)),
    ]),
  };
}
