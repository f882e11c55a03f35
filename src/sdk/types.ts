// Typed views of what a cell serves. Legacy /api objects are read as VCD's JSON form
// (application/*+json): attributes and children as lowerCamel keys, repeated children as arrays.

/** A link: `rel` says what following it does (down, up, edit, remove, nextPage, alternate…). */
export interface Link {
  rel: string;
  href: string;
  type?: string | undefined;
  name?: string | undefined;
  /** CloudAPI model name (33.0+) */
  model?: string | undefined;
}

/** Anything with an href and links. */
export interface Resource {
  href?: string | undefined;
  type?: string | undefined;
  link?: Link[] | undefined;
}

export interface Reference {
  href: string;
  name?: string | undefined;
  type?: string | undefined;
  id?: string | undefined;
}

/** CloudAPI's {name, id} reference. */
export interface EntityReference {
  name: string;
  id: string;
}

/** GET /api/session */
export interface Session extends Resource {
  user: string;
  org: string;
  userId: string;
  roles: string;
  locationId: string;
}

/** GET /cloudapi/1.0.0/sessions/current */
export interface CloudSession {
  id: string;
  site: EntityReference;
  user: EntityReference;
  org: EntityReference;
  operatingOrg: EntityReference;
  location: string;
  roles: string[];
  roleRefs: EntityReference[];
  sessionIdleTimeoutMinutes: number;
}

/** GET /api/org */
export interface OrgList extends Resource {
  org?: Reference[] | undefined;
}

/** GET /api/org/{id} */
export interface Org extends Resource {
  id: string;
  name: string;
  fullName: string;
  description?: string | undefined;
  isEnabled: boolean;
}

/** GET /api/entity/{urn}: links (rel alternate) to every current representation of the object */
export interface Entity extends Resource {
  id: string;
  name: string;
}

/** A legacy query record (OrgRecord, UserRecord, …): attributes vary by query type. */
export interface QueryRecord extends Resource {
  name?: string | undefined;
  id?: string | undefined;
  [attribute: string]: unknown;
}

/** GET /api/query?type=… (records, references or idrecords) */
export interface QueryResultRecords<R = QueryRecord> extends Resource {
  name: string;
  page: number;
  pageSize: number;
  total: number;
  /** records and idrecords format */
  record?: R[] | undefined;
  /** references format */
  reference?: R[] | undefined;
}

/** A CloudAPI page. */
export interface CloudPage<T> {
  resultTotal: number;
  pageCount: number;
  page: number;
  pageSize: number;
  associations?: unknown[] | undefined;
  values: T[];
}

/** /cloudapi/1.0.0/tokens: API tokens (REFRESH), proxy and extension tokens */
export interface Token {
  id: string;
  name: string;
  /** only when just created */
  token?: string | undefined;
  expirationTimeUtc?: string | undefined;
  owner: EntityReference;
  org: EntityReference;
  type: 'REFRESH' | 'PROXY' | 'EXTENSION' | (string & {});
  createdTimeUtc?: string | null | undefined;
  lastUsedTimeUtc?: string | null | undefined;
  lastUsedAddress?: string | null | undefined;
}

/** A newly created API token: `token` is shown this once; keep it as a secret. */
export interface CreatedApiToken {
  /** urn:vcloud:token:… */
  id: string;
  name: string;
  token: string;
}

/** /cloudapi/1.0.0/serviceAccounts (API 37.0+) */
export interface ServiceAccount {
  /** urn:vcloud:serviceAccount:<client id> */
  id: string;
  name: string;
  softwareId: string;
  softwareVersion?: string | undefined;
  role: EntityReference;
  uri?: string | undefined;
  org: EntityReference;
  status: 'CREATED' | 'REQUESTED' | 'GRANTED' | 'ACTIVE' | (string & {});
}

/** What creating a service account needs; role by name, or {name} / {id}. */
export interface ServiceAccountSpec {
  name: string;
  softwareId: string;
  softwareVersion?: string | undefined;
  role: string | { name?: string; id?: string };
  uri?: string | undefined;
}

/** /cloudapi/1.0.0/rights */
export interface Right {
  id: string;
  name: string;
  description?: string | undefined;
  bundleKey?: string | undefined;
  category?: string | undefined;
  serviceNamespace?: string | undefined;
  rightType?: string | undefined;
}

/** /cloudapi/1.0.0/roles */
export interface Role {
  id: string;
  name: string;
  description?: string | undefined;
  bundleKey?: string | undefined;
  readOnly?: boolean | undefined;
}

/** A legacy Task (application/vnd.vmware.vcloud.task+json). */
export interface Task extends Resource {
  id?: string | undefined;
  name?: string | undefined;
  status: 'queued' | 'preRunning' | 'running' | 'success' | 'error' | 'canceled' | 'aborted' | (string & {});
  operation?: string | undefined;
  operationName?: string | undefined;
  progress?: number | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
  error?: { minorErrorCode?: string; message?: string; majorErrorCode?: number } | undefined;
}
