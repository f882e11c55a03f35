// The audit trail: who did what, when, from where, and whether it worked. Events name their
// subjects (user, org, token) by id and name only; no secret ever goes in. Anyone, signed in or not,
// can cause events (a failed login), so every text is stored cut to a bound, the trail is paged in SQL,
// and it keeps a bounded history: so many days (Cloud Director's "Days of activity log history to
// keep") and at most so many events.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Store } from '../store/db.ts';
import type { AuditEventTable } from '../store/schema.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import type { ListPage, ListQuery } from './listing.ts';
import type { SqlFields } from '../inventory/sql.ts';
import { listInSql } from './sql-listing.ts';
import { orgScope } from '../inventory/policy.ts';
import type { Session } from '../inventory/principal.ts';

export type AuditEvent = AuditEventTable;

/** VCD's event type names; the audit trail filters on them (eventType==…). */
export const AUDIT = {
  login: 'com/vmware/cloud/event/session/login',
  tokenCreate: 'com/vmware/cloud/event/token/create',
  tokenIssue: 'com/vmware/cloud/event/token/issue',
  tokenUse: 'com/vmware/cloud/event/token/use',
  tokenRotate: 'com/vmware/cloud/event/token/rotate',
  tokenRefused: 'com/vmware/cloud/event/token/refused',
  tokenRevoke: 'com/vmware/cloud/event/token/revoke',
  serviceAccountCreate: 'com/vmware/cloud/event/serviceAccount/create',
  serviceAccountUpdate: 'com/vmware/cloud/event/serviceAccount/update',
  serviceAccountRequest: 'com/vmware/cloud/event/serviceAccount/request',
  serviceAccountGrant: 'com/vmware/cloud/event/serviceAccount/grant',
  serviceAccountRevoke: 'com/vmware/cloud/event/serviceAccount/revoke',
  serviceAccountDelete: 'com/vmware/cloud/event/serviceAccount/delete',
} as const;

export interface Actor {
  userId?: string | null;
  userName?: string;
  orgId?: string | null;
  orgName?: string;
}

export interface AuditRecord {
  type: string;
  success: boolean;
  actor: Actor;
  entity?: { id: string; name: string } | undefined;
  description: string;
  clientAddress?: string | undefined;
}

export interface AuditRetention {
  /** days of history to keep; 0 keeps it forever */
  retentionDays: number;
  /** the most events kept (the oldest go first); 0 for no bound */
  maxEvents: number;
}

/** How long each stored text may be; longer ones are cut, ending in "…". */
export const AUDIT_TEXT_LIMITS = { type: 128, name: 128, entityName: 256, description: 512, clientAddress: 64 } as const;

/** Rows deleted per statement, so that a purge never holds the store (or SQLite, the event loop) for long. */
const PURGE_BATCH = 1000;
const DAY_MS = 86_400_000;

/** The CloudAPI AuditTrailEvent's fields, as filters and sorts name them, over audit_events. */
const AUDIT_TRAIL_FIELDS: SqlFields = {
  eventId: { column: sql`'urn:vcloud:audit:' || id`, type: 'text' },
  eventType: { column: 'type', type: 'text' },
  type: { column: 'type', type: 'text' },
  eventStatus: { column: 'status', type: 'text' },
  timestamp: { column: 'timestamp', type: 'time' },
  'user.name': { column: 'user_name', type: 'text' },
  'user.id': { column: sql`'urn:vcloud:user:' || user_id`, type: 'text' },
  'operatingOrg.name': { column: 'org_name', type: 'text' },
  'operatingOrg.id': { column: sql`'urn:vcloud:org:' || org_id`, type: 'text' },
  'eventEntity.name': { column: 'entity_name', type: 'text' },
  'eventEntity.id': { column: 'entity_id', type: 'text' },
};

/** A text cut to `max` UTF-16 units, ending in "…", never splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 2]!) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

export class AuditService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #retention: AuditRetention;
  /** events recorded since the row bound was last enforced */
  #sinceBound = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(store: Store, clock: Clock, retention: AuditRetention) {
    this.#store = store;
    this.#clock = clock;
    this.#retention = retention;
  }

  async record(r: AuditRecord): Promise<void> {
    const { type, name, entityName, description, clientAddress } = AUDIT_TEXT_LIMITS;
    await this.#store.db.insertInto('audit_events').values({
      id: newId(),
      timestamp: this.#clock.now(),
      type: capText(r.type, type),
      status: r.success ? 'SUCCESS' : 'FAILURE',
      org_id: r.actor.orgId ?? null,
      org_name: capText(r.actor.orgName ?? '', name),
      user_id: r.actor.userId ?? null,
      user_name: capText(r.actor.userName ?? '', name),
      entity_id: r.entity?.id ?? null,
      entity_name: capText(r.entity?.name ?? '', entityName),
      description: capText(r.description, description),
      client_address: capText(r.clientAddress ?? '', clientAddress),
    }).execute();
    // The row bound is checked every 1% of it, so a flood of events overshoots it by that much at most.
    const { maxEvents } = this.#retention;
    if (maxEvents > 0 && ++this.#sinceBound >= Math.ceil(maxEvents / 100)) {
      this.#sinceBound = 0;
      await this.#serially(() => this.#keepAtMost(maxEvents));
    }
  }

  /** A page of the events the caller sees (a tenant its org's, the provider all), oldest first unless sorted. */
  list(session: Session, query: ListQuery): Promise<ListPage<AuditEvent>> {
    const from = this.#store.db.selectFrom('audit_events').selectAll().where(orgScope(session, 'audit_events.org_id'));
    return listInSql(from, query, { engine: this.#store.engine, fields: AUDIT_TRAIL_FIELDS, order: ['timestamp', 'id'] });
  }

  /** Deletes the events older than the retention period, then the oldest beyond the row bound. */
  purge(): Promise<void> {
    const { retentionDays, maxEvents } = this.#retention;
    return this.#serially(async () => {
      if (retentionDays > 0) await this.#deleteOldest(Infinity, this.#clock.now() - retentionDays * DAY_MS);
      if (maxEvents > 0) await this.#keepAtMost(maxEvents);
    });
  }

  async #keepAtMost(maxEvents: number): Promise<void> {
    const { total } = await this.#store.db.selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    await this.#deleteOldest(Number(total) - maxEvents);
  }

  /**
   * Deletes up to `count` of the oldest events (of those before `before`), a batch at a time, letting
   * other work run between batches. Nothing is written when nothing is due.
   */
  async #deleteOldest(count: number, before?: number): Promise<void> {
    const { db } = this.#store;
    while (count > 0) {
      const limit = Math.min(PURGE_BATCH, count);
      let oldest = db.selectFrom('audit_events').select('id');
      if (before !== undefined) oldest = oldest.where('timestamp', '<', before);
      const ids = (await oldest.orderBy('timestamp').orderBy('id').limit(limit).execute()).map((r) => r.id);
      if (ids.length > 0) await db.deleteFrom('audit_events').where('id', 'in', ids).execute();
      if (ids.length < limit) return;
      count -= limit;
      await nextTurn();
    }
  }

  /** Purges run one after another, so two never count the same excess. */
  #serially(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}
