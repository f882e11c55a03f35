// CloudAPI Right, Role, RightsBundle (rbac/*.yaml) and VcdUser (user/user.yaml), and the entity
// references their /rights and /tenants lists hold.
import { urn } from '../ids.ts';
import type { Right } from '../services/rights.ts';
import type { RightsBundle } from '../services/rights-bundles.ts';
import type { Role } from '../services/roles.ts';
import type { UserView } from '../entities/user/service.ts';
import { categoryUuid, UNDEFINED_KEY } from '../inventory/rights-catalogue.ts';

export const entityRef = (type: string) => (e: { name: string; id: string }) => ({ name: e.name, id: urn(type, e.id) });

export function cloudRight(r: Right) {
  return {
    name: r.name,
    id: urn('right', r.id),
    description: r.description,
    bundleKey: UNDEFINED_KEY,
    category: urn('rightsCategory', categoryUuid(r.category)),
    serviceNamespace: 'com.vmware.vcloud',
    rightType: r.right_type,
    impliedRights: [],
  };
}

export function cloudRole(r: Role) {
  return { name: r.name, id: urn('role', r.id), description: r.description, bundleKey: UNDEFINED_KEY, readOnly: r.read_only === 1 };
}

export function cloudRightsBundle(b: RightsBundle) {
  return { name: b.name, id: urn('rightsBundle', b.id), description: b.description, bundleKey: UNDEFINED_KEY, readOnly: false, publishAll: b.publish_all === 1 };
}

export function cloudUser(u: UserView) {
  return {
    username: u.name,
    fullName: u.fullName,
    description: '',
    id: urn('user', u.id),
    roleEntityRefs: [{ name: u.roleName, id: urn('role', u.roleId) }],
    orgEntityRef: { name: u.orgName, id: urn('org', u.orgId) },
    password: null,
    email: u.email,
    nameInSource: u.name,
    enabled: u.enabled,
    isGroupRole: false,
    providerType: 'LOCAL',
    locked: u.locked,
    stranded: false,
  };
}
