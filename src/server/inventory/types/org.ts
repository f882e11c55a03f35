// An organization: the tenant (vcloud.org) and admin (admin.organization) views; the provider sees every
// org, a tenant its own. The orgs are also held in memory by IdentityService, for the hot path.
import { canAdministerOrg, orgScope } from '../policy.ts';
import { defineEntityType } from '../entity-type.ts';

export const orgType = defineEntityType({
  urnType: 'org',
  table: 'orgs',
  columns: { id: 'orgs.id', name: 'orgs.name', orgId: 'orgs.id' },
  views: [
    { family: 'vcloud.org', path: (id) => `/api/org/${id}` },
    { family: 'admin.organization', path: (id) => `/api/admin/org/${id}`, allowed: (session, org) => canAdministerOrg(session, org.id) },
  ],
  visibility: (session) => orgScope(session, 'orgs.id'),
});
