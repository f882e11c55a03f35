// The CloudAPI Session (JSON only).
import type { Session } from '../inventory/principal.ts';
import type { Site } from '../services/site.ts';
import { urn } from '../ids.ts';

export function cloudSession(s: Session, site: Site, idleMinutes: number) {
  const org = { name: s.orgName, id: urn('org', s.orgId) };
  return {
    id: urn('session', s.id),
    site: { name: site.name, id: urn('site', site.id) },
    user: { name: s.userName, id: urn('user', s.userId) },
    org,
    operatingOrg: org,
    location: `${s.orgId}@${site.id}`,
    roles: [s.roleName],
    roleRefs: [{ name: s.roleName, id: urn('role', s.roleId) }],
    sessionIdleTimeoutMinutes: idleMinutes,
  };
}
