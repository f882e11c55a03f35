// Rights, roles, rights bundles and users (/cloudapi/1.0.0/rights, /roles, /rightsBundles, /users).
import type { PageOptions } from '../query.ts';
import type { EntityReference, Right, Role } from '../types.ts';
import { CloudResourceSet } from './cloud-set.ts';

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

/** What a user update may change: enabled, unlocked (locked: false), full name, email, role. */
export type UserChange = Partial<Pick<User, 'enabled' | 'locked' | 'fullName' | 'email' | 'roleEntityRefs'>>;

/** /cloudapi/1.0.0/rightsBundles */
export interface RightsBundle {
  id: string;
  name: string;
  description?: string | undefined;
  publishAll?: boolean | undefined;
}

/** The rights the caller can see; by name with getByName. */
export class Rights extends CloudResourceSet<Right> {
  protected readonly spec = { path: '/cloudapi/1.0.0/rights', nameField: 'name', label: 'right' };
}

/** A set whose entities group rights (roles, rights bundles). */
export abstract class RightsGroupings<T extends { id: string }> extends CloudResourceSet<T> {
  /** The rights it grants. */
  rights(id: string, opts?: PageOptions): AsyncGenerator<EntityReference, void, undefined> {
    return this.client.pages<EntityReference>(`${this.spec.path}/${id}/rights`, opts);
  }
}

/** The roles of the caller's org (the provider reads an org's with client.actAs(orgId)). */
export class Roles extends RightsGroupings<Role> {
  protected readonly spec = { path: '/cloudapi/1.0.0/roles', nameField: 'name', label: 'role' };
}

/** The rights bundles the provider publishes to orgs. */
export class RightsBundles extends RightsGroupings<RightsBundle> {
  protected readonly spec = { path: '/cloudapi/1.0.0/rightsBundles', nameField: 'name', label: 'rights bundle' };

  /** The orgs the bundle is published to. */
  tenants(id: string, opts?: PageOptions): AsyncGenerator<EntityReference, void, undefined> {
    return this.client.pages<EntityReference>(`${this.spec.path}/${id}/tenants`, opts);
  }
}

/** The local users the caller may see; the provider reads and makes an org's with client.actAs(orgId). getByName takes the username. */
export class Users extends CloudResourceSet<User> {
  protected readonly spec = { path: '/cloudapi/1.0.0/users', nameField: 'username', label: 'user' };

  /** Creates a local user in the caller's org (or, for the provider, in the org of client.actAs(orgId)). */
  create(spec: NewUser): Promise<User> {
    return this.client.post<User>(this.spec.path, {
      username: spec.username, password: spec.password, fullName: spec.fullName, email: spec.email, enabled: spec.enabled ?? true,
      roleEntityRefs: [{ id: spec.roleId }],
    });
  }

  /** Changes a user: enabled, unlocked (locked: false), full name, email, role. */
  update(id: string, change: UserChange): Promise<User> {
    return this.client.put<User>(`${this.spec.path}/${id}`, change);
  }
}
