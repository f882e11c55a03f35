// Users and rights bundles (/cloudapi/1.0.0/users, /rightsBundles); rights and roles are on VcdClient.
import type { VcdClient } from './client.ts';
import type { PageOptions } from './query.ts';
import type { EntityReference } from './types.ts';

/** /cloudapi/1.0.0/users */
export interface User {
  id: string;
  username: string;
  fullName?: string | undefined;
  email?: string | undefined;
  enabled: boolean;
  locked: boolean;
  roleEntityRefs: EntityReference[];
  orgEntityRef: EntityReference;
  providerType?: string | undefined;
}

export interface NewUser {
  username: string;
  password: string;
  /** the role's id (urn:vcloud:role:…) */
  roleId: string;
  fullName?: string | undefined;
  email?: string | undefined;
  enabled?: boolean | undefined;
}

/** The users the caller may see; the provider reads an org's with client.actAs(orgId). */
export const users = (client: VcdClient, opts?: PageOptions): AsyncGenerator<User, void, undefined> => client.pages<User>('/cloudapi/1.0.0/users', opts);

export const user = (client: VcdClient, id: string): Promise<User> => client.get<User>(`/cloudapi/1.0.0/users/${id}`);

/** Creates a local user in the caller's org (or, for the provider, in the org of client.actAs(orgId)). */
export function createUser(client: VcdClient, spec: NewUser): Promise<User> {
  return client.post<User>('/cloudapi/1.0.0/users', {
    username: spec.username, password: spec.password, fullName: spec.fullName, email: spec.email, enabled: spec.enabled ?? true,
    roleEntityRefs: [{ id: spec.roleId }],
  });
}

/** Changes a user: enabled, unlocked (locked: false), full name, email, role. */
export function updateUser(client: VcdClient, id: string, change: Partial<Pick<User, 'enabled' | 'locked' | 'fullName' | 'email' | 'roleEntityRefs'>>): Promise<User> {
  return client.put<User>(`/cloudapi/1.0.0/users/${id}`, change);
}

/** /cloudapi/1.0.0/rightsBundles */
export interface RightsBundle {
  id: string;
  name: string;
  description?: string | undefined;
  publishAll?: boolean | undefined;
}

export const rightsBundles = (client: VcdClient, opts?: PageOptions): AsyncGenerator<RightsBundle, void, undefined> =>
  client.pages<RightsBundle>('/cloudapi/1.0.0/rightsBundles', opts);

/** The rights a bundle or role grants (CloudAPI references). */
export const rightsOf = (client: VcdClient, kind: 'roles' | 'rightsBundles', id: string, opts?: PageOptions): AsyncGenerator<EntityReference, void, undefined> =>
  client.pages<EntityReference>(`/cloudapi/1.0.0/${kind}/${id}/rights`, opts);

/** The orgs a rights bundle is published to. */
export const tenantsOf = (client: VcdClient, bundleId: string, opts?: PageOptions): AsyncGenerator<EntityReference, void, undefined> =>
  client.pages<EntityReference>(`/cloudapi/1.0.0/rightsBundles/${bundleId}/tenants`, opts);
