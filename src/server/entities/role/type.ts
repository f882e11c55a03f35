// A role (admin.role, /api/admin/role/{id}): the predefined (global) roles every org sees (System
// Administrator only the provider) and each org's own. Query type role: the roles of the caller's org, as
// vcd-cli's `role list` and the AdminOrg's RoleReferences name them.
import { sql } from 'kysely';
import { urn } from '../../ids.ts';
import type { RoleTable } from '../../store/schema.ts';
import { defineEntityType, defineQueryType, type QueryFields } from '../../inventory/entity-type.ts';
import { ownOrSystemScope, roleScope } from '../../inventory/policy.ts';
import type { Session } from '../../inventory/principal.ts';

const FIELDS: QueryFields = {
  name: { column: 'roles.name', type: 'text' },
  description: { column: 'roles.description', type: 'text' },
  isReadOnly: { column: 'roles.read_only', type: 'boolean' },
};

/** What the caller's own org holds: the predefined roles it sees and its own. */
const inCallersOrg = (session: Session) =>
  sql<boolean>`(${roleScope(session)} and ${ownOrSystemScope(session, 'roles.org_id')})`;

const roleQuery = defineQueryType<RoleTable>({
  name: 'role',
  recordElement: 'RoleRecord',
  recordType: 'QueryResultRoleRecordType',
  referencesElement: 'RoleReferences',
  entityFamily: 'admin.role',
  fields: FIELDS,
  order: ['roles.name', 'roles.id'],
  select: ({ db, session }) => db.selectFrom('roles').selectAll().where(inCallersOrg(session)),
  path: (r) => `/api/admin/role/${r.id}`,
  urn: (r) => urn('role', r.id),
  attributes: (r) => ({ name: r.name, description: r.description, isReadOnly: r.read_only === 1 }),
});

export const roleType = defineEntityType({
  urnType: 'role',
  table: 'roles',
  // a predefined role is no org's: its org is null
  columns: { id: 'roles.id', name: 'roles.name', orgId: 'roles.org_id' },
  views: [{ family: 'admin.role', path: (id) => `/api/admin/role/${id}` }],
  visibility: roleScope,
  queries: [roleQuery],
});
