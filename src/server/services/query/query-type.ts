// One typed query of the legacy query service (/api/query?type=…): which rows a caller may see,
// which fields may be filtered and sorted on, and how a row reads as a record.
import type { AttrValue } from '../../representation/element.ts';
import type { Session } from '../sessions.ts';
import type { ListPage, ListQuery } from '../listing.ts';

export interface QueryType<Row> {
  /** the query type name, e.g. "organization" */
  name: string;
  /** record element in records/idrecords format, e.g. "OrgRecord" */
  recordElement: string;
  /** its XSD type, which JSON names in "_type", e.g. "QueryResultOrgRecordType" */
  recordType: string;
  /** container element in references format, e.g. "OrgReferences" */
  referencesElement: string;
  /** media-type family of the entity a record points to, e.g. "vcloud.org" */
  entityFamily: string;
  /** attributes that may be filtered, sorted and selected with fields= */
  fields: readonly string[];
  /** the rows visible to this caller, in the default (creation) order, listed in memory ... */
  rows?(session: Session): Promise<Row[]>;
  /** ... or the page the store answers itself (sql-listing.ts), for types with a table */
  list?(session: Session, query: ListQuery): Promise<ListPage<Row>>;
  /** the entity's /api path and URN */
  path(row: Row): string;
  urn(row: Row): string;
  /** the record's attributes by field name (a subset of `fields`) */
  attributes(row: Row): Record<string, AttrValue>;
  /** fields naming another entity (filters name it by href, urn or id) ... */
  referenceFields?: readonly string[];
  /** ... and their values: an href in records, the URN in idrecords */
  references?(row: Row): Record<string, EntityPointer>;
}

export interface EntityPointer {
  path: string;
  urn: string;
}

/** A query type over rows of any shape: the registry does not care what each one holds. */
export type AnyQueryType = QueryType<unknown>;

export function defineQueryType<Row>(t: QueryType<Row>): AnyQueryType {
  return t as unknown as AnyQueryType;
}
