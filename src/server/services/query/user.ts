// type=user (the users of the caller's org) and type=adminUser (every org's users for the provider,
// the caller's own for a tenant). Service-account principals are not users, here as in /users.
import { urn } from '../../ids.ts';
import type { UserService, UserView } from '../users.ts';
import { defineQueryType } from './query-type.ts';

const COMMON = ['name', 'fullName', 'isEnabled', 'isLdapUser', 'isExternal', 'identityProviderType',
  'numberOfDeployedVMs', 'deployedVMQuota', 'numberOfStoredVMs', 'storedVMQuota'] as const;

const common = (u: UserView) => ({
  name: u.name, fullName: u.fullName, isEnabled: u.enabled, isLdapUser: false, isExternal: false, identityProviderType: 'INTEGRATED',
  // no VMs exist yet; a quota of 0 is unlimited
  numberOfDeployedVMs: 0, deployedVMQuota: 0, numberOfStoredVMs: 0, storedVMQuota: 0,
});

const entity = {
  entityFamily: 'admin.user',
  path: (u: UserView) => `/api/admin/user/${u.id}`,
  urn: (u: UserView) => urn('user', u.id),
};

export const userQuery = (users: UserService) => defineQueryType<UserView>({
  name: 'user',
  recordElement: 'UserRecord',
  recordType: 'QueryResultUserRecordType',
  referencesElement: 'UserReferences',
  ...entity,
  fields: [...COMMON, 'isLocked', 'roleNames'],
  // the caller's own org, the System org's users for the provider
  rows: (session) => users.visible(session),
  attributes: (u) => ({ ...common(u), isLocked: u.locked, roleNames: u.roleName }),
});

export const adminUserQuery = (users: UserService) => defineQueryType<UserView>({
  name: 'adminUser',
  recordElement: 'AdminUserRecord',
  recordType: 'QueryResultAdminUserRecordType',
  // queryReferenceView.xsd has no AdminUserReferences: users are UserReferences in both queries
  referencesElement: 'UserReferences',
  ...entity,
  fields: [...COMMON, 'org'],
  rows: (session) => users.acrossOrgs(session),
  attributes: common,
  referenceFields: ['org'],
  references: (u) => ({ org: { path: `/api/org/${u.orgId}`, urn: urn('org', u.orgId) } }),
});
