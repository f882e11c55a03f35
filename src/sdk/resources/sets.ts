// The client's resource set of every entity type the cell declares (entity-types.generated.ts), named as the table
// says (client.orgs, client.vdcs…): the SDK's own set where it has one (built on ResourceSet, with the type's further
// operations), the generic EntitySet otherwise, so a type the cell adds is on the client once the table is regenerated.
import type { VcdClient } from '../client.ts';
import { ENTITY_TYPES } from './entity-types.generated.ts';
import { CatalogItems } from './catalog-item.ts';
import { Catalogs } from './catalog.ts';
import { Disks } from './disk.ts';
import { EdgeGateways } from './edge-gateway.ts';
import { MediaFiles } from './media.ts';
import { Networks } from './network.ts';
import { Orgs } from './org.ts';
import { Roles, Users } from './rbac.ts';
import { EntitySet, type EntityTypeName } from './resource.ts';
import { CloudEntitySet } from './cloud-set.ts';
import { Tasks } from './task.ts';
import { VAppTemplates } from './vapp-template.ts';
import { VApps } from './vapp.ts';
import { Vdcs } from './vdc.ts';
import { Vms } from './vm.ts';

/** The types with a set of their own. Users and roles are read and made over the CloudAPI, as Cloud Director's own clients do. */
const OWN_SETS = {
  org: Orgs, vdc: Vdcs, network: Networks, gateway: EdgeGateways, catalog: Catalogs, catalogitem: CatalogItems,
  vapptemplate: VAppTemplates, media: MediaFiles, vapp: VApps, vm: Vms, disk: Disks, user: Users, role: Roles, task: Tasks,
} as const satisfies Partial<Record<EntityTypeName, new (client: VcdClient) => unknown>>;

type SetOf<K extends EntityTypeName> = K extends keyof typeof OWN_SETS ? InstanceType<(typeof OWN_SETS)[K]> : EntitySet<K>;

/** The types the cell serves through the CloudAPI alone (no /api view): a firewall group, a port profile. */
type CloudOnly = { [K in EntityTypeName]: (typeof ENTITY_TYPES)[K]['views'] extends readonly [] ? K : never }[EntityTypeName];

/** A resource set per declared entity type, by the name the table gives it. */
export type EntitySets = {
  readonly [K in EntityTypeName as (typeof ENTITY_TYPES)[K]['set']]: K extends CloudOnly ? CloudEntitySet<K> : SetOf<K>;
};

export function entitySets(client: VcdClient): EntitySets {
  const own: Partial<Record<string, new (client: VcdClient) => unknown>> = OWN_SETS;
  return Object.fromEntries(Object.entries(ENTITY_TYPES).map(([name, type]) => {
    const Own = own[name];
    const set = Own ? new Own(client) : type.views.length ? new EntitySet(client, name as EntityTypeName) : new CloudEntitySet(client, name as EntityTypeName);
    return [type.set, set];
  })) as EntitySets;
}
