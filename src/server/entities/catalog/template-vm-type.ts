// A vApp template's VM (vcloud.vm /api/vAppTemplate/vm-{id}), seen by whoever sees its template. Not in the registry:
// its URN type is a VM's (urn:vcloud:vm:…), which /api/entity resolves to the vApp VM; the engine finds it by this.
import { sql } from 'kysely';
import { defineEntityType } from '../../inventory/entity-type.ts';
import { inVisibleCatalog } from './records.ts';

export const templateVmType = defineEntityType({
  urnType: 'vm',
  table: 'template_vms',
  columns: {
    id: 'template_vms.id', name: 'template_vms.name',
    orgId: sql`(select vapp_templates.org_id from vapp_templates where vapp_templates.id = template_vms.template_id)`,
  },
  parent: { type: 'vapptemplate', column: 'template_vms.template_id' },
  views: [{ family: 'vcloud.vm', path: (id) => `/api/vAppTemplate/vm-${id}`, prefix: 'vm-' }],
  visibility: (session) => sql<boolean>`exists (select 1 from vapp_templates
    where vapp_templates.id = template_vms.template_id and ${inVisibleCatalog(session, 'vapp_templates.catalog_id')})`,
});
