// A user of an org (admin.user, /api/admin/user/{id}, for the provider and the org's administrators).
// Service-account principals are users in the table but not in the API, here as in /users.
// Query types: user (the caller's own org; the System org's users for the provider) and adminUser (every
// org's users for the provider, the caller's own for a tenant).
import { sql, type SelectQueryBuilder } from 'kysely';
import { urn } from '../../ids.ts';
import type { Session } from '../../inventory/principal.ts';
import { canAdministerOrg, orgScope, ownOrgScope } from '../../inventory/policy.ts';
import { defineEntityType, defineQueryType, type QueryContext, type QueryFields, type Visibility } from '../../inventory/entity-type.ts';
import { constantField } from '../../inventory/sql.ts';

interface UserRow {
  id: string;
  name_key: string;
  name: string;
  full_name: string;
  is_enabled: number;
  locked: number;
  org_id: string;
  role_name: string;
}

const NONE = constantField(0);
const NO = constantField(false);

// a quota of 0 is unlimited; no VMs exist yet
const COMMON: QueryFields = {
  name: { column: 'u.name', type: 'text' },
  fullName: { column: 'u.full_name', type: 'text' },
  isEnabled: { column: 'u.is_enabled', type: 'boolean' },
  isLdapUser: NO, isExternal: NO,
  identityProviderType: constantField('INTEGRATED'),
  numberOfDeployedVMs: NONE, deployedVMQuota: NONE, numberOfStoredVMs: NONE, storedVMQuota: NONE,
};

const common = (u: UserRow) => ({
  name: u.name, fullName: u.full_name, isEnabled: u.is_enabled === 1, isLdapUser: false, isExternal: false, identityProviderType: 'INTEGRATED',
  numberOfDeployedVMs: 0, deployedVMQuota: 0, numberOfStoredVMs: 0, storedVMQuota: 0,
});

/** The name_key prefix of a service account's backing user. */
export const SERVICE_ACCOUNT_KEY = '#service-account:';

/** Users, not service-account principals. */
const apiUsers = sql<boolean>`users.name_key not like ${`${SERVICE_ACCOUNT_KEY}%`}`;

/** The users `where` keeps, as a derived table "u" (its lock state depends on the time of the query). */
function usersSelect({ db, now }: QueryContext, where: Visibility): SelectQueryBuilder<any, 'u', UserRow> {
  const users = db.selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.name', 'users.name_key', 'users.full_name', 'users.is_enabled', 'users.org_id', 'roles.name as role_name',
      sql<number>`case when users.locked_until > ${now} then 1 else 0 end`.as('locked')])
    .where(where);
  return db.selectFrom(users.as('u')).selectAll();
}

const entity = {
  entityFamily: 'admin.user',
  order: ['u.name_key', 'u.id'],
  path: (u: UserRow) => `/api/admin/user/${u.id}`,
  urn: (u: UserRow) => urn('user', u.id),
};

const userQuery = defineQueryType<UserRow>({
  name: 'user',
  recordElement: 'UserRecord',
  recordType: 'QueryResultUserRecordType',
  referencesElement: 'UserReferences',
  ...entity,
  fields: {
    ...COMMON,
    isLocked: { column: 'u.locked', type: 'boolean' },
    roleNames: { column: 'u.role_name', type: 'text' },
  },
  select: (ctx) => usersSelect(ctx, sql<boolean>`(${apiUsers} and ${ownOrgScope(ctx.session, 'users.org_id')})`),
  attributes: (u) => ({ ...common(u), isLocked: u.locked === 1, roleNames: u.role_name }),
});

const adminUserQuery = defineQueryType<UserRow>({
  name: 'adminUser',
  recordElement: 'AdminUserRecord',
  recordType: 'QueryResultAdminUserRecordType',
  // queryReferenceView.xsd has no AdminUserReferences: users are UserReferences in both queries
  referencesElement: 'UserReferences',
  ...entity,
  fields: { ...COMMON, org: { column: 'u.org_id', type: 'reference' } },
  select: (ctx) => usersSelect(ctx, userVisibility(ctx.session)),
  attributes: common,
  references: (u) => ({ org: { path: `/api/org/${u.org_id}`, urn: urn('org', u.org_id) } }),
});

function userVisibility(session: Session): Visibility {
  return sql<boolean>`(${apiUsers} and ${orgScope(session, 'users.org_id')})`;
}

export const userType = defineEntityType({
  urnType: 'user',
  table: 'users',
  columns: { id: 'users.id', name: 'users.name', orgId: 'users.org_id' },
  parent: { type: 'org', column: 'users.org_id' },
  views: [{ family: 'admin.user', path: (id) => `/api/admin/user/${id}`, allowed: (session, user) => canAdministerOrg(session, user.orgId) }],
  visibility: userVisibility,
  queries: [userQuery, adminUserQuery],
});
