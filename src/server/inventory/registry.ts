// The registry of entity types: every type the inventory holds, and what is derived from them (the
// entity resolver, hrefs and URNs, "forbidden looks like absent": findVisible, visibleRow, answered with
// policy.noAccess()). Adding a type: its folder under entities/ and one line in ENTITY_TYPES.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { parseUrn, urn } from '../ids.ts';
import type { Db } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import type { Session } from './principal.ts';
import type { AnyQueryTypeDefinition, EntityOwner, EntityRef, EntityType, TableName } from './entity-type.ts';
import { noAccess } from './policy.ts';
import { catalogType } from '../entities/catalog/type.ts';
import { catalogItemType } from '../entities/catalog/catalog-item-type.ts';
import { mediaType } from '../entities/catalog/media-type.ts';
import { orgType } from '../entities/org/type.ts';
import { taskType } from '../entities/task/type.ts';
import { userType } from '../entities/user/type.ts';
import { vAppTemplateType } from '../entities/catalog/vapp-template-type.ts';
import { vdcType } from '../entities/vdc/type.ts';
import { vAppType } from '../entities/vapp/type.ts';
import { vmType } from '../entities/vapp/vm-type.ts';

import { networkType } from '../entities/network/type.ts';
import { edgeGatewayType } from '../entities/edge-gateway/type.ts';
import { roleType } from '../entities/role/type.ts';
import { diskType } from '../entities/disk/type.ts';
import { virtualCenterType } from '../entities/virtual-center/type.ts';
import { nsxtManagerType } from '../entities/nsxt-manager/type.ts';
import { networkPoolType } from '../entities/network-pool/type.ts';
import { providerVdcType } from '../entities/provider-vdc/type.ts';
import { firewallGroupType } from '../entities/firewall-group/type.ts';
import { appPortProfileType } from '../entities/app-port-profile/type.ts';
import { externalNetworkType } from '../entities/external-network/type.ts';

/** Every entity type, in the order the QueryList names their query types. */
export const ENTITY_TYPES: readonly EntityType[] = [
  orgType, vdcType, networkType, edgeGatewayType, firewallGroupType, appPortProfileType, catalogType, catalogItemType, vAppTemplateType, mediaType,
  vAppType, vmType, diskType, userType, roleType, taskType, virtualCenterType, nsxtManagerType, networkPoolType, providerVdcType,
  externalNetworkType,
];

const byUrnType = new Map(ENTITY_TYPES.map((t) => [t.urnType, t]));

/** The entity type of a URN's type segment (case-insensitive), if the inventory holds that type. */
export function entityTypeOf(urnType: string): EntityType | undefined {
  return byUrnType.get(urnType.toLowerCase());
}

/** Every query type the registered entity types carry. */
export function queryTypes(): AnyQueryTypeDefinition[] {
  return ENTITY_TYPES.flatMap((t) => t.queries ?? []);
}

/** An entity's URN. */
export function entityUrn(type: EntityType, id: string): string {
  return urn(type.urnType, id);
}

/** An entity's /api path in its primary (tenant) view, or in the view of the given family. */
export function entityPath(type: EntityType, id: string, family?: string): string {
  const view = family ? type.views.find((v) => v.family === family) : type.views[0];
  if (!view) throw new Error(`${type.urnType} has no ${family ?? 'primary'} view`);
  return view.path(id);
}

/**
 * Who a task is about, as its Owner element names it (Task Owner, BUSY_ENTITY): the entity's URN and name and its
 * view of `family` (the primary view unless told).
 */
export function ownerOf(type: EntityType, entity: { id: string; name: string }, family?: string): EntityOwner {
  const view = family ? type.views.find((v) => v.family === family) : type.views[0];
  if (!view) throw new Error(`${type.urnType} has no ${family ?? 'primary'} view`);
  return { urn: entityUrn(type, entity.id), name: entity.name, family: view.family, path: view.path(entity.id) };
}

/** The Entity document's content: each representation of an entity the caller may use. */
export interface ResolvedEntity {
  urn: string;
  references: Array<{ family: string; path: string }>;
}

export class Inventory {
  readonly #db: Kysely<any>;

  constructor(db: Db) {
    // Generic over every table: the types' own files keep the typed column names.
    this.#db = db as Kysely<any>;
  }

  /** The entity `id` (a lower-case uuid) of `type`, if the session may see it (findVisible): the gate of every operation by id. */
  find(session: Session, type: EntityType, id: string): Promise<EntityRef | undefined> {
    return findVisible(this.#db, session, type, id);
  }

  /**
   * GET /api/entity/{urn}: the views of an entity the caller may see. An unknown type, an absent entity and
   * one the caller may not see all answer the same 403, as VCD does.
   */
  async resolve(session: Session, entityUrnText: string): Promise<ResolvedEntity> {
    const { type: urnType, uuid } = parseUrn(entityUrnText);
    const type = entityTypeOf(urnType);
    const ref = type && await findVisible(this.#db, session, type, uuid);
    const views = ref ? type.views.filter((v) => !v.allowed || v.allowed(session, ref)) : [];
    // an entity the caller may use no view of is out of reach too
    if (!type || !ref || !views.length) throw noAccess(entityUrnText);
    return { urn: entityUrn(type, ref.id), references: views.map((v) => ({ family: v.family, path: v.path(ref.id) })) };
  }
}

const orgIdOf = (type: EntityType): RawBuilder<unknown> =>
  (typeof type.columns.orgId === 'string' ? sql.ref(type.columns.orgId) : type.columns.orgId);

/** A select of the rows of `type` the session may see. */
function visibleRows(db: Kysely<any>, session: Session, type: EntityType) {
  return db.selectFrom(type.table).where(type.visibility(session));
}

/**
 * "Forbidden looks like absent": who and whose entity `id` (a lower-case uuid) is, if the session may see it (and
 * use the view of `family`, when given), by the type's own visibility; undefined otherwise, whether it exists or
 * not, for the service to answer with policy.noAccess() naming what the request named (e.g. a storage profile,
 * seen through its VDC, is absent as the profile).
 */
export async function findVisible(db: Db, session: Session, type: EntityType, id: string, family?: string): Promise<EntityRef | undefined> {
  const ref = await visibleRows(db as Kysely<any>, session, type)
    .select([sql.ref(type.columns.id).as('id'), sql.ref(type.columns.name).as('name'), orgIdOf(type).as('orgId')])
    .where(type.columns.id, '=', id).limit(1).executeTakeFirst() as EntityRef | undefined;
  const view = family === undefined ? undefined : type.views.find((v) => v.family === family);
  if (family !== undefined && !view) throw new Error(`${type.urnType} has no ${family} view`);
  return ref && (!view?.allowed || view.allowed(session, ref)) ? ref : undefined;
}

/** The row of entity `id` (a lower-case uuid) if the session may see it (undefined otherwise: answer it with noAccess()). */
export async function visibleRow<T extends TableName>(db: Db, session: Session, type: EntityType<T>, id: string): Promise<Selectable<Database[T]> | undefined> {
  const row = await visibleRows(db as Kysely<any>, session, type).selectAll().where(type.columns.id, '=', id).limit(1).executeTakeFirst();
  return row as Selectable<Database[T]> | undefined;
}

/**
 * The row of entity `id` the session may see; else the one 403 (noAccess) naming `urnText` (the type's URN unless
 * told: a CloudAPI-only type writes its own casing, urn:vcloud:firewallGroup:…), as for an id that names nothing.
 */
export async function requireVisibleRow<T extends TableName>(db: Db, session: Session, type: EntityType<T>, id: string, urnText = entityUrn(type, id)): Promise<Selectable<Database[T]>> {
  const row = await visibleRow(db, session, type, id);
  if (!row) throw noAccess(urnText);
  return row;
}
