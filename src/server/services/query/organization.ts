// type=organization: the orgs the caller may see (a tenant its own, the provider all).
import { urn } from '../../ids.ts';
import type { IdentityService, Org } from '../identity.ts';
import { defineQueryType } from './query-type.ts';

export function organizationQuery(identity: IdentityService) {
  return defineQueryType<Org>({
    name: 'organization',
    recordElement: 'OrgRecord',
    recordType: 'QueryResultOrgRecordType',
    referencesElement: 'OrgReferences',
    entityFamily: 'vcloud.org',
    fields: ['name', 'displayName', 'isEnabled', 'isReadOnly', 'numberOfCatalogs', 'numberOfVdcs', 'numberOfVApps',
      'numberOfGroups', 'numberOfDisks', 'canPublishCatalogs', 'canPublishExternally', 'deployedVMQuota', 'storedVMQuota'],
    async rows(session) {
      const orgs = identity.listOrgs();
      return session.isProvider ? orgs : orgs.filter((o) => o.id === session.orgId);
    },
    path: (o) => `/api/org/${o.id}`,
    urn: (o) => urn('org', o.id),
    attributes: (o) => ({
      name: o.name,
      displayName: o.full_name,
      isEnabled: Boolean(o.is_enabled),
      isReadOnly: false,
      // Counts of what the model holds: no catalogs, VDCs, vApps, groups or disks exist yet.
      numberOfCatalogs: 0,
      numberOfVdcs: 0,
      numberOfVApps: 0,
      numberOfGroups: 0,
      numberOfDisks: 0,
      canPublishCatalogs: false,
      canPublishExternally: false,
      deployedVMQuota: 0,
      storedVMQuota: 0,
    }),
  });
}
