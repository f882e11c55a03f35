// A task (vcloud.task, /api/task/{id}): its owner's and the org administrators' (VCD shows a user their
// own tasks, an org administrator the org's, the provider every one). Query types: task (the caller's own
// org) and adminTask (every org for the provider); expired tasks are gone, as in the TasksList.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import type { TaskTable } from '../../store/schema.ts';
import type { Session } from '../../inventory/principal.ts';
import { ownerScope, ownOrgScope } from '../../inventory/policy.ts';
import { defineEntityType, defineQueryType, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { urnId, urnType } from '../../inventory/sql.ts';

type TaskRow = Pick<TaskTable, 'id' | 'org_id' | 'operation' | 'operation_name' | 'status' | 'progress' | 'start_time' | 'end_time'
  | 'user_name' | 'owner_urn' | 'owner_name' | 'owner_path' | 'service_namespace' | 'error_message'> & { org_name: string };

/** Every status VCD names (TaskType's status), the ones a task of this cell takes among them. */
const TASK_STATUSES = ['queued', 'preRunning', 'running', 'success', 'error', 'canceled', 'aborted'];

const taskVisibility = (session: Session): Visibility => ownerScope(session, 'tasks.org_id', 'tasks.user_id');

const FIELDS: QueryFields = {
  org: { column: 'tasks.org_id', type: 'reference' },
  orgName: { column: 'orgs.name', type: 'text' },
  name: { column: 'tasks.operation_name', type: 'text' },
  operationFull: { column: 'tasks.operation', type: 'text' },
  startDate: { column: 'tasks.start_time', type: 'time' },
  endDate: { column: 'tasks.end_time', type: 'time' },
  status: { column: 'tasks.status', type: 'text', values: TASK_STATUSES },
  progress: { column: 'tasks.progress', type: 'number' },
  ownerName: { column: 'tasks.user_name', type: 'text' },
  object: { column: urnId('tasks.owner_urn'), type: 'reference' },
  objectType: { column: urnType('tasks.owner_urn'), type: 'text' },
  objectName: { column: 'tasks.owner_name', type: 'text' },
  serviceNamespace: { column: 'tasks.service_namespace', type: 'text' },
};

function tasksSelect({ db, now }: QueryContext, where: Visibility) {
  return db.selectFrom('tasks').innerJoin('orgs', 'orgs.id', 'tasks.org_id')
    .select(['tasks.id', 'tasks.org_id', 'orgs.name as org_name', 'tasks.operation', 'tasks.operation_name', 'tasks.status',
      'tasks.progress', 'tasks.start_time', 'tasks.end_time', 'tasks.user_name', 'tasks.owner_urn', 'tasks.owner_name',
      'tasks.owner_path', 'tasks.service_namespace', 'tasks.error_message'])
    .where(where).where('tasks.expiry_time', '>', now);
}

const time = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());

const attributes = (t: TaskRow) => ({
  orgName: t.org_name, name: t.operation_name, operationFull: t.operation, startDate: time(t.start_time), endDate: time(t.end_time),
  status: t.status, progress: t.progress, ownerName: t.user_name, objectType: /^urn:vcloud:([^:]+):/.exec(t.owner_urn)?.[1],
  objectName: t.owner_name, serviceNamespace: t.service_namespace,
});

const entity = {
  referencesElement: 'TaskReferences',
  entityFamily: 'vcloud.task',
  order: ['tasks.start_time', 'tasks.id'],
  path: (t: TaskRow) => `/api/task/${t.id}`,
  urn: (t: TaskRow) => urn('task', t.id),
  references: (t: TaskRow) => ({
    org: { path: `/api/org/${t.org_id}`, urn: urn('org', t.org_id) },
    object: { path: t.owner_path, urn: t.owner_urn },
  }),
};

const taskQuery = defineQueryType<TaskRow>({
  name: 'task',
  recordElement: 'TaskRecord',
  recordType: 'QueryResultTaskRecordType',
  ...entity,
  fields: { ...FIELDS, message: { column: sql`coalesce(tasks.error_message, tasks.operation)`, type: 'text' } },
  select: (ctx) => tasksSelect(ctx, sql<boolean>`(${ownOrgScope(ctx.session, 'tasks.org_id')} and ${taskVisibility(ctx.session)})`),
  attributes: (t) => ({ ...attributes(t), message: t.error_message ?? t.operation }),
});

const adminTaskQuery = defineQueryType<TaskRow>({
  name: 'adminTask',
  recordElement: 'AdminTaskRecord',
  recordType: 'QueryResultAdminTaskRecordType',
  ...entity,
  fields: FIELDS,
  select: (ctx) => tasksSelect(ctx, taskVisibility(ctx.session)),
  attributes,
});

export const taskType = defineEntityType({
  urnType: 'task',
  table: 'tasks',
  columns: { id: 'tasks.id', name: 'tasks.operation_name', orgId: 'tasks.org_id' },
  views: [{ family: 'vcloud.task', path: (id) => `/api/task/${id}` }],
  visibility: taskVisibility,
  queries: [taskQuery, adminTaskQuery],
});
