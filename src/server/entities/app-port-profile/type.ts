// An application port profile (/cloudapi/1.0.0/applicationPortProfiles/{urn}): the SYSTEM ones Cloud Director ships
// (every org's, read-only) and an org's TENANT ones. Who sees them: the provider every one; a tenant with the gateway
// firewall view right the SYSTEM ones and its org's. CloudAPI model ApplicationPortProfile, filtered and sorted in SQL.
import { sql, type SqlBool } from 'kysely';
import { CONFIGURE_GATEWAY_FIREWALL, VIEW_GATEWAY_FIREWALL, hasRights, ownOrSystemScope } from '../../inventory/policy.ts';
import { defineCloudApiView, defineEntityType, type Visibility } from '../../inventory/entity-type.ts';
import { urnField } from '../../inventory/sql.ts';
import type { Session } from '../../inventory/principal.ts';

/** What the CloudAPI ApplicationPortProfile is built from. */
export interface AppPortProfileCloudRow {
  id: string;
  name: string;
  description: string;
  scope: string;
  ports: string;
  org_id: string | null;
  org_name: string | null;
}

/** The provider sees every profile; a tenant with the firewall view right the SYSTEM ones and its org's. */
export function appPortProfileVisibility(session: Session): Visibility {
  if (session.isProvider) return sql<boolean>`1 = 1`;
  if (!hasRights(session, VIEW_GATEWAY_FIREWALL)) return sql<boolean>`1 = 0`;
  return ownOrSystemScope(session, 'app_port_profiles.org_id');
}

const appPortProfileCloudApi = defineCloudApiView<AppPortProfileCloudRow>({
  collection: 'applicationPortProfiles',
  model: 'ApplicationPortProfile',
  fields: {
    id: urnField('applicationPortProfile', 'app_port_profiles.id'),
    name: { column: 'app_port_profiles.name', type: 'text' },
    scope: { column: 'app_port_profiles.scope', type: 'text' },
    'orgRef.id': { column: 'app_port_profiles.org_id', type: 'reference' },
    // the context a client looks in (go-vcloud-director: a VDC): the SYSTEM profiles and those of the context's org
    _context: {
      column: sql`cast('' as text)`, type: 'text',
      matches: (id) => sql<SqlBool>`(app_port_profiles.org_id is null or app_port_profiles.org_id in
        (select org_id from vdcs where id = ${id} union select id from orgs where id = ${id} union select org_id from edge_gateways where id = ${id}))`,
    },
  },
  select: ({ db }) => db.selectFrom('app_port_profiles')
    .leftJoin('orgs', 'orgs.id', 'app_port_profiles.org_id')
    .select(['app_port_profiles.id', 'app_port_profiles.name', 'app_port_profiles.description', 'app_port_profiles.scope',
      'app_port_profiles.ports', 'app_port_profiles.org_id', 'orgs.name as org_name']),
  order: ['app_port_profiles.created', 'app_port_profiles.id'],
});

export const appPortProfileType = defineEntityType({
  urnType: 'applicationportprofile',
  names: { set: 'applicationPortProfiles', noun: 'app-port-profile' },
  table: 'app_port_profiles',
  columns: { id: 'app_port_profiles.id', name: 'app_port_profiles.name', orgId: sql`coalesce(app_port_profiles.org_id, '')` },
  views: [],
  visibility: appPortProfileVisibility,
  rights: { create: [CONFIGURE_GATEWAY_FIREWALL], edit: [CONFIGURE_GATEWAY_FIREWALL], delete: [CONFIGURE_GATEWAY_FIREWALL] },
  cloudApi: appPortProfileCloudApi,
});
