// What the inventory knows about each kind of entity (org, user, task, vdc, catalog…): one EntityType per
// entities/<type>/type.ts, listed once in inventory/registry.ts. The entity resolver (/api/entity/{urn}),
// hrefs and URNs, "forbidden looks like absent" and the legacy query types are all derived from it, so a new
// type touches that folder only.
import type { Expression, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Db } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import type { Session } from './principal.ts';
import type { RightName } from './rights-catalogue.ts';
import type { SqlField } from './sql.ts';

/** A table of the store. */
export type TableName = keyof Database;

/** Who an entity is and whose it is: enough to build its references and decide who may use each view. */
export interface EntityRef {
  /** the bare uuid (the last segment of its URN and of its /api path) */
  id: string;
  name: string;
  /** the org it belongs to (for an org: itself) */
  orgId: string;
}

/** An entity as a task's Owner names it: its URN, name, and one view's media-type family and /api path. */
export interface EntityOwner {
  urn: string;
  name: string;
  /** media type family, e.g. vcloud.org */
  family: string;
  /** its /api path */
  path: string;
}

/** One representation of an entity: a media-type family at an /api path. */
export interface EntityView {
  /** media-type family without "application/vnd.vmware." and "+xml", e.g. "vcloud.org", "admin.organization" */
  family: string;
  /** its /api path, e.g. (id) => `/api/org/${id}` */
  path(id: string): string;
  /**
   * what comes before the id in its path segment, where VCD writes one (`vappTemplate-`, `vapp-`, `vm-`): types whose
   * paths differ only by it (/api/vApp/vapp-{id}, /api/vApp/vm-{id}) share one route, which the engine serves by it
   */
  prefix?: string;
  /**
   * who may use this view, among those who may see the entity at all (e.g. the admin view: the provider and
   * the org's administrators; use inventory/policy.ts); absent: everyone who sees the entity
   */
  allowed?(session: Session, entity: EntityRef): boolean;
}

/** A condition on a type's table (columns qualified by the table's name) that keeps the rows a session may see. */
export type Visibility = Expression<SqlBool>;

export interface EntityType<T extends TableName = TableName> {
  /** the type segment of its URN, urn:vcloud:<urnType>:<uuid>, lower case: 'org', 'vdc', 'user', 'task'… */
  urnType: string;
  /** the store table holding one row per entity */
  table: T;
  /**
   * the columns (of `table`) holding the entity's id and its name, and its org's id: a column, or an
   * expression where the org is its parent's (a catalog item's is its catalog's)
   */
  columns: { id: string; name: string; orgId: string | RawBuilder<unknown> };
  /** the representations, the primary (tenant) view first; references and hrefs are built from these */
  views: readonly EntityView[];
  /** the parent entity's urnType and the column holding its id (an org has none; a vdc: { type: 'org', column: 'org_id' }) */
  parent?: { type: string; column: string };
  /**
   * which rows of `table` a session may see, as SQL (never a filter over loaded rows): the provider all, a tenant
   * its own org's, users their own where VCD says so. Build it with policy.orgScope() and friends.
   */
  visibility(session: Session): Visibility;
  /**
   * the rights each operation on the type needs, by operation name ('view', 'create', 'edit', 'delete',
   * 'powerOn'…); checked with policy.requireOperation(session, type, operation)
   */
  rights?: Readonly<Record<string, readonly RightName[]>>;
  /**
   * the provider's own objects (vCenters, provider VDCs…): anyone else is refused the CloudAPI collection (VCD's
   * 403), as well as seeing none of them (declare `visibility` as policy.providerScope)
   */
  providerOnly?: boolean;
  /** the legacy query types whose records point at this entity (e.g. org: organization; vdc: orgVdc, adminOrgVdc) */
  queries?: readonly AnyQueryTypeDefinition[];
  /** its CloudAPI collection, where Cloud Director has one (org: /cloudapi/1.0.0/orgs) */
  cloudApi?: AnyCloudApiView;
  /**
   * what the SDK and the CLI call it (src/sdk/resources/entity-types.generated.ts, `npm run entity-types`): the
   * client's resource set (client.<set>, default `<urnType>s`) and the CLI's noun (vcdkit <noun>, default the urnType)
   */
  names?: { set?: string; noun?: string };
}

/**
 * An entity type's CloudAPI collection: GET /cloudapi/1.0.0/<collection> (paged, FIQL filter, sortAsc/sortDesc, all in
 * SQL over `fields`, as the legacy query service runs) and GET …/<collection>/{urn}. The rows are the type's visible
 * ones (its visibility is added to `select`'s WHERE); representation/cloudapi/ builds `model` from each row.
 */
export interface CloudApiView<Row> {
  /** the collection's segment under /cloudapi/1.0.0, e.g. "orgs", "orgVdcNetworks" */
  collection: string;
  /** the name of VMware's JSON model (its definition in the CloudAPI spec), e.g. "Org", "VdcNetwork" */
  model: string;
  /** the model's properties that filters and sorts may name (dotted for nested ones: "orgRef.id"), and their SQL */
  fields: QueryFields;
  /** the columns a row of the model is built from, over the type's table (and what it joins) */
  select(ctx: QueryContext): SelectQueryBuilder<any, any, Row>;
  /** columns (or fields, compared as the field is) that order rows a sort leaves tied, and all rows when there is no sort */
  order: readonly (string | SqlField)[];
}

export type AnyCloudApiView = CloudApiView<any>;

export function defineCloudApiView<Row>(v: CloudApiView<Row>): AnyCloudApiView {
  return v;
}

/** What a query type's select is built with. */
export interface QueryContext {
  db: Db;
  session: Session;
  /** the clock's now, epoch milliseconds (e.g. whether a lock has expired) */
  now: number;
}

/**
 * How an API field of a query type reads in SQL:
 * - text: compared and sorted byte by byte, null as ''; "*" wildcards match case-insensitively
 * - time: epoch milliseconds in the column, ISO 8601 in filters
 * - boolean: a 0/1 column, true/false in filters
 * - number: a numeric column, a number in filters
 * - reference: the column holds an entity's bare id; a filter may name it by href, URN or id (org==<href>)
 */
export type QueryField = SqlField;

/** A query type's fields by API name: the attributes that may be filtered on, sorted by and picked with fields=. */
export type QueryFields = Readonly<Record<string, QueryField>>;

/** A record attribute's value: what a document's attribute holds (representation/query.ts writes them). */
export type RecordValue = string | number | boolean | null | undefined;

/** An entity a record points to: its /api path (an href in records) and URN (in idrecords). */
export interface EntityPointer {
  path: string;
  urn: string;
}

/**
 * One typed query of the legacy query service (/api/query?type=…), run in SQL: the select narrowed to what the
 * caller may see, then the FIQL filter, sort and page over `fields` (services/sql-listing.ts).
 */
export interface QueryTypeDefinition<Row> {
  /** the query type name, e.g. "organization", "adminOrgVdc" */
  name: string;
  /** record element in records/idrecords format, e.g. "OrgRecord" */
  recordElement: string;
  /** its XSD type, which JSON names in "_type", e.g. "QueryResultOrgRecordType" */
  recordType: string;
  /** container element in references format, e.g. "OrgReferences" */
  referencesElement: string;
  /** media-type family of the entity a record points to, e.g. "vcloud.org" */
  entityFamily: string;
  /** the attributes that may be filtered, sorted and selected, and their SQL */
  fields: QueryFields;
  /**
   * the rows the caller may see (apply the entity type's visibility), selecting what path/urn/attributes read;
   * absent while the entity has no table yet: the query answers no records
   */
  select?(ctx: QueryContext): SelectQueryBuilder<any, any, Row>;
  /** columns that order rows a sort leaves tied, and all rows when there is no sort (creation order, then id) */
  order: readonly string[];
  /** the entity's /api path and URN */
  path(row: Row): string;
  urn(row: Row): string;
  /** the record's attributes by field name (pointer fields come from `references`) */
  attributes(row: Row): Record<string, RecordValue>;
  /** fields naming another entity (type 'reference' in `fields`), and their values */
  references?(row: Row): Record<string, EntityPointer>;
}

/** A query type over rows of any shape: the registry does not care what each one holds. */
export type AnyQueryTypeDefinition = QueryTypeDefinition<any>;

export function defineQueryType<Row>(t: QueryTypeDefinition<Row>): AnyQueryTypeDefinition {
  return t;
}

export function defineEntityType<T extends TableName>(t: EntityType<T>): EntityType<T> {
  return t;
}
