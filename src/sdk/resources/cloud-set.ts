// What every CloudAPI-backed resource set shares: an entity by id, by name (a filter on the list), and the
// list itself, paged over the CloudAPI envelope (see query.ts cloudPages).
import { and, eq } from '../filter.ts';
import type { VcdClient } from '../client.ts';
import type { PageOptions } from '../query.ts';
import { ENTITY_TYPES } from './entity-types.generated.ts';
import { found, sendDelete, theOne, type CloudItemOf, type DeleteResultOf, type EntityTypeName, type FindOptions } from './resource.ts';

/** What a CloudAPI set is: its list's path, the field a name lookup filters on, and what to call it in messages. */
export interface CloudSpec {
  /** e.g. /cloudapi/1.0.0/users */
  path: string;
  /** the attribute getByName compares (name, or username for users) */
  nameField: string;
  label: string;
}

/**
 * One CloudAPI entity type: `T` its JSON form. `get` by id (urn:vcloud:…), `list` as an async iterator
 * over pages with the filter builder, `find`/`getByName` through a filter on the name.
 */
export abstract class CloudResourceSet<T extends { id: string }> {
  protected readonly client: VcdClient;
  protected abstract readonly spec: CloudSpec;

  constructor(client: VcdClient) {
    this.client = client;
  }

  /** The entity by its id (urn:vcloud:…). */
  get(id: string, opts: { signal?: AbortSignal | undefined } = {}): Promise<T> {
    return this.client.get<T>(`${this.spec.path}/${id}`, opts);
  }

  /** Every entity the caller can see, fetched page by page as you iterate; `filter` and sorting as the CloudAPI takes them. */
  list(opts?: PageOptions): AsyncGenerator<T, void, undefined> {
    return this.client.pages<T>(this.spec.path, opts);
  }

  /** The one entity with this name (and the further filter), or undefined; AmbiguousNameError when several match. */
  find(name: string, opts: FindOptions = {}): Promise<T | undefined> {
    const byName = eq(this.spec.nameField, name);
    return theOne(this.list({ filter: opts.filter ? and(byName, opts.filter) : byName, pageSize: 2, signal: opts.signal }), name, this.spec.label, (t) => t.id);
  }

  /** The one entity with this name; EntityNotFoundError when none is visible. */
  async getByName(name: string, opts: FindOptions = {}): Promise<T> {
    return found(await this.find(name, opts), name, this.spec.label);
  }
}

/**
 * The set of a declared type the cell serves through the CloudAPI alone (a firewall group, a port profile), from the
 * table: get and list over its collection, find by name, delete by the id its items carry (the task where it runs as one).
 */
export class CloudEntitySet<K extends EntityTypeName> extends CloudResourceSet<CloudItemOf<K>> {
  protected readonly spec: CloudSpec;
  readonly #asTask: boolean;

  constructor(client: VcdClient, name: K) {
    super(client);
    const type: { noun: string; cloudApi: { path: string } | null; deleteTask: boolean | null } = ENTITY_TYPES[name];
    if (!type.cloudApi) throw new Error(`[vcdkit] ${name} has no CloudAPI collection`);
    this.spec = { path: type.cloudApi.path, nameField: 'name', label: type.noun };
    this.#asTask = type.deleteTask === true;
  }

  /** Deletes the entity by its id (urn:vcloud:…). */
  async delete(id: string, opts: { signal?: AbortSignal | undefined } = {}): Promise<DeleteResultOf<K>> {
    return await sendDelete(this.client, `${this.spec.path}/${id}`, this.#asTask, this.spec.label, opts) as DeleteResultOf<K>;
  }
}
