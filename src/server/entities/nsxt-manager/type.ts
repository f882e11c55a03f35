// An NSX-T manager (urn:vcloud:nsxtmanager), the provider's only, with what it offers to import (Tier-0 routers,
// edge clusters, transport zones: the CloudAPI's /nsxTResources lists, http/routes/nsxt-resources.ts). The
// nsxTManager query type and the extension's view (admin.nsxTmanager /api/admin/extension/nsxtManagers/{id}).
import { urn } from '../../ids.ts';
import { providerScope, SYSTEM_ORG_ID } from '../../inventory/policy.ts';
import { defineEntityType, defineQueryType } from '../../inventory/entity-type.ts';

interface NsxtManagerRow {
  id: string;
  name: string;
  url: string;
  version: string;
}

const nsxtManagerQuery = defineQueryType<NsxtManagerRow>({
  name: 'nsxTManager',
  recordElement: 'NsxTManagerRecord',
  recordType: 'QueryResultNsxTManagerRecordType',
  referencesElement: 'NsxTManagerReferences',
  entityFamily: 'admin.nsxTmanager',
  fields: {
    name: { column: 'nsxt_managers.name', type: 'text' },
    url: { column: 'nsxt_managers.url', type: 'text' },
    version: { column: 'nsxt_managers.version', type: 'text' },
  },
  select: ({ db, session }) => db.selectFrom('nsxt_managers')
    .select(['nsxt_managers.id', 'nsxt_managers.name', 'nsxt_managers.url', 'nsxt_managers.version']).where(providerScope(session)),
  order: ['nsxt_managers.created', 'nsxt_managers.id'],
  path: (r) => `/api/admin/extension/nsxtManagers/${r.id}`,
  urn: (r) => urn('nsxtmanager', r.id),
  attributes: (r) => ({ name: r.name, url: r.url, version: r.version }),
});

export const nsxtManagerType = defineEntityType({
  urnType: 'nsxtmanager',
  names: { set: 'nsxtManagers', noun: 'nsxt-manager' },
  table: 'nsxt_managers',
  columns: { id: 'nsxt_managers.id', name: 'nsxt_managers.name', orgId: SYSTEM_ORG_ID },
  views: [{ family: 'admin.nsxTmanager', path: (id) => `/api/admin/extension/nsxtManagers/${id}` }],
  visibility: providerScope,
  providerOnly: true,
  queries: [nsxtManagerQuery],
});
