// Metadata of any entity, keyed by the entity's URN: typed entries in two domains. GENERAL entries
// (READWRITE) belong to whoever may edit the entity; SYSTEM entries only the provider writes, and
// tenants see those that are READONLY, never the PRIVATE ones. Reads answer at once; writes are the
// work of a task (services/tasks.ts), which applies them in its transaction.
import { errors } from '../errors.ts';
import type { Db } from '../store/db.ts';
import type { MetadataTable } from '../store/schema.ts';
import type { Session } from '../inventory/principal.ts';
import type { Task, TaskOwner, TaskService, TaskWork } from './tasks.ts';

export type MetadataDomain = 'GENERAL' | 'SYSTEM';
export type MetadataVisibility = 'READWRITE' | 'READONLY' | 'PRIVATE';
export type MetadataValueType = 'MetadataStringValue' | 'MetadataNumberValue' | 'MetadataBooleanValue' | 'MetadataDateTimeValue';

export const METADATA_VALUE_TYPES: readonly MetadataValueType[] =
  ['MetadataStringValue', 'MetadataNumberValue', 'MetadataBooleanValue', 'MetadataDateTimeValue'];

export interface MetadataEntry {
  domain: MetadataDomain;
  visibility: MetadataVisibility;
  key: string;
  type: MetadataValueType;
  /** the value's canonical text: a decimal integer, true|false, an ISO date-time, or the string */
  value: string;
}

/** Who is asking, as metadata rules see it. */
export interface MetadataViewer {
  /** the provider sees and writes every domain */
  isProvider: boolean;
}

/** VCD: "Length cannot exceed 256 UTF-8 characters"; keys may not contain ';' (nor, here, '/' or controls, which a path cannot carry). */
const KEY = /^[^;/\p{Cc}]{1,256}$/u;
const VALUE_LIMIT = 8192;
const LONG = /^[+-]?\d{1,19}$/;
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Checks one entry as a client sent it and puts its value in canonical form; a bad one is refused
 * with 400, naming what is wrong.
 */
export function checkedEntry(e: MetadataEntry): MetadataEntry {
  if (!KEY.test(e.key)) throw errors.badRequest(`Invalid metadata key "${e.key.slice(0, 300)}": 1 to 256 characters, none of them ';', '/' or a control character.`);
  if (e.domain === 'GENERAL' && e.visibility !== 'READWRITE') {
    throw errors.badRequest(`Metadata in the GENERAL domain is READWRITE; "${e.visibility}" is for the SYSTEM domain.`);
  }
  if (e.domain === 'SYSTEM' && e.visibility === 'READWRITE') {
    throw errors.badRequest('Metadata in the SYSTEM domain is PRIVATE or READONLY.');
  }
  const bad = () => errors.badRequest(`Invalid value for metadata key "${e.key}" of type ${e.type}.`);
  switch (e.type) {
    case 'MetadataStringValue':
      if (e.value.length > VALUE_LIMIT) throw errors.badRequest(`The value of metadata key "${e.key}" is longer than ${VALUE_LIMIT} characters.`);
      return e;
    case 'MetadataNumberValue': {
      if (!LONG.test(e.value.trim())) throw bad();
      const n = BigInt(e.value.trim());
      if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw bad();
      return { ...e, value: n.toString() };
    }
    case 'MetadataBooleanValue': {
      const v = e.value.trim();
      if (!/^(true|false|1|0)$/.test(v)) throw bad();
      return { ...e, value: String(v === 'true' || v === '1') };
    }
    case 'MetadataDateTimeValue': {
      const v = e.value.trim();
      if (!DATE_TIME.test(v) || Number.isNaN(Date.parse(v))) throw bad();
      return { ...e, value: v };
    }
  }
}

const toEntry = (r: MetadataTable): MetadataEntry => ({
  domain: r.domain as MetadataDomain, visibility: r.visibility as MetadataVisibility, key: r.key,
  type: r.value_type as MetadataValueType, value: r.value,
});

const visibleTo = (viewer: MetadataViewer, e: Pick<MetadataEntry, 'domain' | 'visibility'>) =>
  viewer.isProvider || e.domain === 'GENERAL' || e.visibility !== 'PRIVATE';

/** Whose metadata a write changes: the entity as a task's owner, how tasks name it, and whether the caller may change it. */
export interface MetadataSubject {
  owner: TaskOwner;
  /** e.g. "Organization", in the task's operation text */
  label: string;
  writable: boolean;
}

export class MetadataService {
  readonly #db: Db;
  readonly #tasks: TaskService;

  constructor(db: Db, tasks: TaskService) {
    this.#db = db;
    this.#tasks = tasks;
  }

  /** Merges entries into the entity's metadata (each replaces the entry of its domain and key), through a task. */
  merge(session: Session, subject: MetadataSubject, entries: MetadataEntry[]): Promise<Task> {
    const work = this.#mergeWork(subject.owner.urn, entries, this.#writer(session, subject));
    return this.#run(session, subject, 'metadataUpdate', 'Updating', work);
  }

  /** Deletes an entry, which must exist (else 404 before any task starts), through a task. */
  async delete(session: Session, subject: MetadataSubject, domain: MetadataDomain, key: string): Promise<Task> {
    const work = await this.#deleteWork(subject.owner.urn, domain, key, this.#writer(session, subject));
    return this.#run(session, subject, 'metadataDelete', 'Deleting', work);
  }

  #writer(session: Session, subject: MetadataSubject): MetadataViewer {
    if (!subject.writable) throw errors.forbidden(`No right to change the metadata of ${subject.owner.name}.`);
    return { isProvider: session.isProvider };
  }

  #run(session: Session, subject: MetadataSubject, operationName: string, verb: string, work: TaskWork): Promise<Task> {
    return this.#tasks.run({
      session, owner: subject.owner, operationName, work,
      operation: `${verb} metadata for ${subject.label} (${subject.owner.urn.split(':').pop()})`,
    });
  }

  /** The entity's entries the viewer may see, by domain and key. */
  async list(urn: string, viewer: MetadataViewer): Promise<MetadataEntry[]> {
    const rows = await this.#db.selectFrom('metadata').selectAll().where('entity_urn', '=', urn)
      // visibleTo, in SQL: only the entries the viewer may see are read
      .$if(!viewer.isProvider, (q) => q.where((eb) => eb.or([eb('domain', '=', 'GENERAL'), eb('visibility', '!=', 'PRIVATE')])))
      .orderBy('domain').orderBy('key').execute();
    return rows.map(toEntry);
  }

  /** One entry; a missing one, or one the viewer may not see, is 404. */
  async get(urn: string, domain: MetadataDomain, key: string, viewer: MetadataViewer): Promise<MetadataEntry> {
    // a key no entry can have is not looked up
    const row = KEY.test(key) && await this.#db.selectFrom('metadata').selectAll()
      .where('entity_urn', '=', urn).where('domain', '=', domain).where('key', '=', key).executeTakeFirst();
    const entry = row && toEntry(row);
    if (!entry || !visibleTo(viewer, entry)) throw errors.notFound(`There is no metadata entry with key "${key}" in the ${domain} domain.`);
    return entry;
  }

  #mergeWork(urn: string, entries: MetadataEntry[], writer: MetadataViewer): TaskWork {
    const checked = entries.map((e) => this.#writable(checkedEntry(e), writer));
    return async (trx) => {
      for (const e of checked) {
        await trx.insertInto('metadata')
          .values({ entity_urn: urn, domain: e.domain, key: e.key, visibility: e.visibility, value_type: e.type, value: e.value })
          .onConflict((oc) => oc.columns(['entity_urn', 'domain', 'key']).doUpdateSet({ visibility: e.visibility, value_type: e.type, value: e.value }))
          .execute();
      }
    };
  }

  async #deleteWork(urn: string, domain: MetadataDomain, key: string, writer: MetadataViewer): Promise<TaskWork> {
    this.#writable(await this.get(urn, domain, key, writer), writer);
    return async (trx) => {
      await trx.deleteFrom('metadata').where('entity_urn', '=', urn).where('domain', '=', domain).where('key', '=', key).execute();
    };
  }

  #writable(e: MetadataEntry, writer: MetadataViewer): MetadataEntry {
    if (e.domain === 'SYSTEM' && !writer.isProvider) throw errors.forbidden('Only the provider may change metadata in the SYSTEM domain.');
    return e;
  }
}
