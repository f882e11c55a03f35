// What every inventory resource shares, built from the table of entity types the cell declares
// (entity-types.generated.ts): finding an entity by href, id or name, listing it (over its CloudAPI collection where
// it has one, else the query service), deleting it, its metadata, and the handle of a task an operation started.
import { and, eq, type Filter } from '../filter.ts';
import { AmbiguousNameError, EntityNotFoundError, VcdError } from '../errors.ts';
import type { VcdClient } from '../client.ts';
import type { PageOptions, QueryOptions } from '../query.ts';
import type { WaitOptions } from '../tasks.ts';
import type { QueryRecord, Resource, Task } from '../types.ts';
import { ENTITY_TYPES, type CloudApiModelFields, type QueryRecordFields } from './entity-types.generated.ts';
import { el, text, VCLOUD_NS, XSI_NS, xmlDocument, type XmlElement } from './xml.ts';

/** An entity type the cell declares, by its URN type ('org', 'vdc', 'vapp'…). */
export type EntityTypeName = keyof typeof ENTITY_TYPES;
/** What the SDK knows of an entity type: its views, query types, CloudAPI collection and DELETE path. */
export type EntityTypeInfo = (typeof ENTITY_TYPES)[EntityTypeName];

/** A record of the type's (tenant) query, its fields typed. */
export type RecordOf<K extends EntityTypeName> =
  (typeof ENTITY_TYPES)[K]['queries'] extends { tenant: { name: infer Q extends keyof QueryRecordFields } } ? QueryRecordFields[Q] & QueryRecord : QueryRecord;

/** An item of the type's CloudAPI collection (never, for a type without one), the fields filters may name typed. */
export type CloudItemOf<K extends EntityTypeName> =
  (typeof ENTITY_TYPES)[K]['cloudApi'] extends { model: infer M extends keyof CloudApiModelFields }
    ? CloudApiModelFields[M] & { id: string; name: string; [property: string]: unknown } : never;

/** What `list` yields: CloudAPI items where the type has a collection, query records otherwise. */
export type ListItemOf<K extends EntityTypeName> = [CloudItemOf<K>] extends [never] ? RecordOf<K> : CloudItemOf<K>;

/**
 * What `delete` answers, as the cell declares the type's DELETE: the task's handle where it runs as a task, nothing
 * where the entity is gone at once; never where the type has no DELETE (`delete` throws).
 */
export type DeleteResultOf<K extends EntityTypeName> =
  (typeof ENTITY_TYPES)[K]['deleteTask'] extends true ? TaskHandle : (typeof ENTITY_TYPES)[K]['deleteTask'] extends false ? undefined : never;

/** What every inventory document has: its href, urn id, name and description. */
export interface NamedEntity extends Resource {
  href: string;
  /** urn:vcloud:<type>:<uuid> */
  id: string;
  name: string;
  description?: string | undefined;
}

/** An entity named by its href, its id (uuid or urn:vcloud:…), or anything carrying an href (a document, a record, a reference). */
export type Ref = string | { href?: string | undefined };

/** The members of a repeated element: VCD JSON gives an array, or one object where the server wrote one child. */
export const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The uuid at the end of an href, id or urn. */
export function uuidOf(ref: string): string {
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(ref);
  if (!m) throw new VcdError(`[vcdkit] "${ref}" names no entity (expected an href, a uuid or a urn)`);
  return m[1]!.toLowerCase();
}

/** The href a Ref names: its own href, or the type's path for a uuid or urn. */
export function hrefOf(ref: Ref, spec: Pick<ResourceSpec, 'path' | 'label'>): string {
  if (typeof ref !== 'string') {
    if (!ref.href) throw new VcdError(`[vcdkit] the ${spec.label} reference has no href`);
    return ref.href;
  }
  return /^(https?:\/\/|\/)/i.test(ref) ? ref : spec.path(uuidOf(ref));
}

/** Sends an XML request body and returns the JSON answer. */
export function sendXml<T>(client: VcdClient, method: string, href: string, mediaType: string, root: XmlElement | undefined): Promise<T> {
  return client.request<T>(method, href, root === undefined ? {} : { body: xmlDocument(root), contentType: `application/vnd.vmware.${mediaType}+xml` });
}

/**
 * A running (or finished) task an operation started: `await op.wait({ onProgress, signal, timeoutMs })`
 * resolves with the task once it succeeded, and throws TaskFailedError when it failed or was cancelled.
 * `entity` is what the operation answered besides the task (the new vApp of an instantiation), if anything.
 */
export class TaskHandle<E = undefined> {
  readonly #client: VcdClient;
  /** the Task as the operation answered it */
  readonly task: Task;
  readonly entity: E;

  constructor(client: VcdClient, task: Task, entity: E) {
    if (!task.href) throw new VcdError('[vcdkit] the cell answered a task without an href');
    this.#client = client;
    this.task = task;
    this.entity = entity;
  }

  get href(): string { return this.task.href!; }

  /** Polls the task until it ends; see WaitOptions. */
  wait(opts?: WaitOptions): Promise<Task> { return this.#client.tasks.wait(this.href, opts); }

  /** The task as it is now. */
  refresh(): Promise<Task> { return this.#client.get<Task>(this.href); }

  /** Asks the cell to cancel the task (it ends "error" with its work undone). */
  cancel(): Promise<void> { return cancelTask(this.#client, this.href); }
}

/** POST {task}/action/cancel (204). */
export async function cancelTask(client: VcdClient, href: string): Promise<void> {
  await client.post(`${href}/action/cancel`);
}

/** Starts an operation that Cloud Director runs as a task (202 with the Task) and returns its handle. */
export async function startTask(client: VcdClient, method: string, href: string, body?: { mediaType: string; root: XmlElement }): Promise<TaskHandle> {
  return new TaskHandle(client, await sendXml<Task>(client, method, href, body?.mediaType ?? '', body?.root), undefined);
}

/**
 * The one item a lookup by name listed (it asks for pages of 2), or undefined; AmbiguousNameError, naming them
 * by `idOf`, when there are more.
 */
export async function theOne<T>(items: AsyncIterable<T>, name: string, label: string, idOf: (t: T) => string): Promise<T | undefined> {
  const found: T[] = [];
  for await (const item of items) {
    found.push(item);
    if (found.length > 1) break;
  }
  if (found.length > 1) {
    throw new AmbiguousNameError(`[vcdkit] more than one ${label} is named "${name}"; narrow the lookup with a filter, or use an href or id`,
      found.map(idOf));
  }
  return found[0];
}

/** What a lookup by name found, or EntityNotFoundError. */
export function found<T>(item: T | undefined, name: string, label: string): T {
  if (item === undefined) throw new EntityNotFoundError(`[vcdkit] no ${label} named "${name}" is visible to this session`);
  return item;
}

/** How a resource type is found: its row of the table, its query type, its path by uuid, and what to call it in messages. */
export interface ResourceSpec {
  type: EntityTypeInfo;
  /** its tenant query type, if it has one */
  queryType: string | undefined;
  /** the /api path of an entity by uuid (its primary view's) */
  path: (uuid: string) => string;
  label: string;
  /** the records of the query type that are of this set (VCD's vm query lists templates' VMs beside vApps'), if not all */
  scope?: Filter;
}

const pathBy = (template: string) => (uuid: string) => template.replace('{id}', uuid);

/** The spec of a declared type; `label` names it in messages (its CLI noun unless told). */
export function specOf(name: EntityTypeName, label?: string): ResourceSpec {
  const type: EntityTypeInfo = ENTITY_TYPES[name];
  const queries: { tenant?: { name: string } } = type.queries;
  // a CloudAPI-only type (a firewall group) has no /api view, and no legacy resource set
  const views: readonly { path: string }[] = type.views;
  if (!views[0]) throw new Error(`${name} has no /api view`);
  return { type, queryType: queries.tenant?.name, path: pathBy(views[0].path), label: label ?? type.noun };
}

/** What a generic delete may ask for; a type's own DELETE takes the ones it knows (VCD ignores the others). */
export interface DeleteOptions {
  /** delete even what is running or deployed (vApps), or enabled (orgs) */
  force?: boolean | undefined;
  /** delete what it holds too (orgs, catalogs) */
  recursive?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/** Options of a lookup by name: a further filter narrows it (e.g. eq('vdc', vdcHref)). */
export interface FindOptions {
  filter?: Filter | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One entity type of the inventory: `D` its document (GET), `R` its query record, `L` what `list` yields (its
 * CloudAPI items where it has a collection, else `R`), `X` what `delete` answers (the task where Cloud Director runs
 * it as one). Get by href, id or name; list as an async iterator over pages, with the filter builder; delete.
 */
export abstract class ResourceSet<D extends Resource, R extends QueryRecord = QueryRecord, L = R, X = TaskHandle | undefined> {
  protected readonly client: VcdClient;
  protected abstract readonly spec: ResourceSpec;

  constructor(client: VcdClient) {
    this.client = client;
  }

  /** The href of an entity given any Ref. */
  href(ref: Ref): string { return hrefOf(ref, this.spec); }

  /** The entity's document, by href, id (uuid or urn) or any object with its href. */
  get(ref: Ref, opts: { signal?: AbortSignal | undefined } = {}): Promise<D> {
    return this.client.get<D>(this.href(ref), opts);
  }

  /**
   * Every entity the caller can see, fetched page by page as you iterate (from `page`, 1 by default): the type's
   * CloudAPI collection where it has one (URN ids), else its query's records; `filter` and sorting as either takes them.
   */
  list(opts?: PageOptions): AsyncGenerator<L, void, undefined> {
    const cloudApi = this.spec.type.cloudApi;
    return cloudApi ? this.client.pages<L>(cloudApi.path, opts) : this.records(opts) as AsyncGenerator<L, void, undefined>;
  }

  /** Every record of the type's query (the legacy query service), fetched page by page as you iterate. */
  records(opts?: QueryOptions): AsyncGenerator<R, void, undefined> {
    return this.client.query<R>(this.#queryType(), { ...opts, filter: this.#scoped(opts?.filter) });
  }

  /** One page (the first unless `page` says) of `records`, as the cell's own XML QueryResultRecords document. */
  listDocument(opts?: QueryOptions): Promise<string> {
    return this.client.queryDocument(this.#queryType(), { ...opts, filter: this.#scoped(opts?.filter) });
  }

  /** The caller's filter within the set's scope. */
  #scoped(filter: Filter | string | undefined): Filter | string | undefined {
    const { scope } = this.spec;
    if (!scope || filter === undefined) return scope ?? filter;
    return `${scope};(${filter})`;
  }

  /** The one record with this name (and the further filter), or undefined; AmbiguousNameError when several match. */
  find(name: string, opts: FindOptions = {}): Promise<R | undefined> {
    const filter = opts.filter ? and(eq('name', name), opts.filter) : eq('name', name);
    return theOne(this.records({ filter, pageSize: 2, signal: opts.signal }), name, this.spec.label, (r) => r.href ?? '');
  }

  /** The document of the one entity with this name; EntityNotFoundError when none is visible. */
  async getByName(name: string, opts: FindOptions = {}): Promise<D> {
    return this.get(found(await this.find(name, opts), name, this.spec.label), { signal: opts.signal });
  }

  /**
   * Deletes the entity (by href, id or urn) where the cell's DELETE for the type is: the handle of its task where
   * the cell declares it runs as one (await `.wait()`), undefined where it is gone at once.
   */
  async delete(ref: Ref, opts: DeleteOptions = {}): Promise<X> {
    const template = this.spec.type.deletePath;
    if (!template) throw new VcdError(`[vcdkit] a ${this.spec.label} cannot be deleted through the API`);
    const query = { force: opts.force || undefined, recursive: opts.recursive || undefined };
    const uuid = uuidOf(this.href(ref));
    // a CloudAPI path takes the URN
    const id = template.startsWith('/cloudapi/') ? `urn:vcloud:${this.spec.type.urnType}:${uuid}` : uuid;
    return await sendDelete(this.client, pathBy(template)(id), this.spec.type.deleteTask, this.spec.label, { query, signal: opts.signal }) as X;
  }

  #queryType(): string {
    if (!this.spec.queryType) throw new VcdError(`[vcdkit] no query type lists ${this.spec.label}s`);
    return this.spec.queryType;
  }
}

/**
 * DELETE at `path`: the handle of its task where the type's delete runs as one (the legacy API answers the Task; the
 * CloudAPI, as Cloud Director 10.x, no body and the task in Location), undefined where the entity is gone at once.
 */
export async function sendDelete(client: VcdClient, path: string, asTask: boolean, label: string,
  opts: { query?: Record<string, boolean | undefined>; signal?: AbortSignal | undefined } = {}): Promise<TaskHandle | undefined> {
  const answer = await client.send<Task | undefined>('DELETE', path, opts);
  if (!asTask) return undefined;
  const location = answer.headers.get('location');
  if (!answer.body && !location) throw new VcdError(`[vcdkit] the DELETE of a ${label} answered no task`);
  const task = answer.body ?? await client.get<Task>(location!, { signal: opts.signal });
  return new TaskHandle(client, task, undefined);
}

/** The resource set of a declared type the SDK has no set of its own for: get, list, records, find, delete. */
export class EntitySet<K extends EntityTypeName> extends ResourceSet<NamedEntity, RecordOf<K>, ListItemOf<K>, DeleteResultOf<K>> {
  protected readonly spec: ResourceSpec;

  constructor(client: VcdClient, name: K) {
    super(client);
    this.spec = specOf(name);
  }
}

/** A metadata entry's value type, as Cloud Director types them. */
export type MetadataValueType = 'MetadataStringValue' | 'MetadataNumberValue' | 'MetadataBooleanValue' | 'MetadataDateTimeValue';

/** One metadata entry. */
export interface MetadataEntry {
  key: string;
  value: string | number | boolean;
  type: MetadataValueType;
  domain: 'GENERAL' | 'SYSTEM';
  visibility?: 'READWRITE' | 'READONLY' | 'PRIVATE' | undefined;
}

interface MetadataJson extends Resource {
  metadataEntry?: Array<{ key: string; domain?: { value?: string; visibility?: string }; typedValue?: { _type?: string; value?: unknown } }>;
}

const typeOf = (value: string | number | boolean | Date): MetadataValueType =>
  value instanceof Date ? 'MetadataDateTimeValue'
    : typeof value === 'number' ? 'MetadataNumberValue' : typeof value === 'boolean' ? 'MetadataBooleanValue' : 'MetadataStringValue';

/** A resource type whose entities carry metadata (read on the entity's href, written where `writeHref` says). */
export abstract class ResourceSetWithMetadata<D extends Resource, R extends QueryRecord = QueryRecord, L = R, X = TaskHandle | undefined> extends ResourceSet<D, R, L, X> {
  /** Where metadata is written: the entity's own href, or (VDCs, networks) its admin view's. */
  protected metadataWriteHref(href: string): string { return href; }

  /** The entity's metadata entries (those of the SYSTEM domain only for the provider). */
  async metadata(ref: Ref): Promise<MetadataEntry[]> {
    const doc = await this.client.get<MetadataJson>(`${this.href(ref)}/metadata`);
    return asArray(doc.metadataEntry).map((e) => ({
      key: e.key,
      value: e.typedValue?.value as MetadataEntry['value'],
      type: (e.typedValue?._type ?? 'MetadataStringValue') as MetadataValueType,
      domain: (e.domain?.value ?? 'GENERAL') as MetadataEntry['domain'],
      visibility: e.domain?.visibility as MetadataEntry['visibility'],
    }));
  }

  /** Sets one entry (typed by its JavaScript value unless `type` says otherwise); a task on the entity. */
  setMetadata(ref: Ref, key: string, value: string | number | boolean | Date, opts: { type?: MetadataValueType; domain?: 'GENERAL' | 'SYSTEM' } = {}): Promise<TaskHandle> {
    const type = opts.type ?? typeOf(value);
    const root = el('MetadataValue', { xmlns: VCLOUD_NS, 'xmlns:xsi': XSI_NS },
      opts.domain && text('Domain', opts.domain),
      el('TypedValue', { 'xsi:type': type }, text('Value', value instanceof Date ? value.toISOString() : value)));
    return startTask(this.client, 'PUT', this.#entryHref(ref, key, opts.domain), { mediaType: 'vcloud.metadata.value', root });
  }

  /** Removes one entry; a task on the entity. */
  deleteMetadata(ref: Ref, key: string, opts: { domain?: 'GENERAL' | 'SYSTEM' } = {}): Promise<TaskHandle> {
    return startTask(this.client, 'DELETE', this.#entryHref(ref, key, opts.domain));
  }

  #entryHref(ref: Ref, key: string, domain: string | undefined): string {
    return `${this.metadataWriteHref(this.href(ref))}/metadata/${domain ? `${domain}/` : ''}${encodeURIComponent(key)}`;
  }
}

/** The VCD document that renames an entity and sets its description (a Vdc, VApp, Vm, AdminCatalog, CatalogItem). */
export const nameAndDescription = (root: string, name: string, description: string | undefined, ...children: XmlElement[]): XmlElement =>
  el(root, { xmlns: VCLOUD_NS, name }, text('Description', description), ...children);
