// The audit trail: who did what, when, from where, and whether it worked. Events name their
// subjects (user, org, token) by id and name only; no secret ever goes in.
import type { Db } from '../store/db.ts';
import type { AuditEventTable } from '../store/schema.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';

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

export class AuditService {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async record(r: AuditRecord): Promise<void> {
    await this.#db.insertInto('audit_events').values({
      id: newId(),
      timestamp: this.#clock.now(),
      type: r.type,
      status: r.success ? 'SUCCESS' : 'FAILURE',
      org_id: r.actor.orgId ?? null,
      org_name: r.actor.orgName ?? '',
      user_id: r.actor.userId ?? null,
      user_name: r.actor.userName ?? '',
      entity_id: r.entity?.id ?? null,
      entity_name: r.entity?.name ?? '',
      description: r.description,
      client_address: r.clientAddress ?? '',
    }).execute();
  }

  /** Events of one org (a tenant's view) or of all (the provider's), oldest first. */
  list(orgId: string | undefined): Promise<AuditEvent[]> {
    let q = this.#db.selectFrom('audit_events').selectAll();
    if (orgId !== undefined) q = q.where('org_id', '=', orgId);
    return q.orderBy('timestamp').orderBy('id').execute();
  }
}
