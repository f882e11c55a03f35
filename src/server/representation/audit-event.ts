// CloudAPI AuditTrailEvent (audit-trail/audit-trail-event.yaml).
import type { AuditEvent } from '../services/audit.ts';
import { urn } from '../ids.ts';

export function auditTrailEvent(e: AuditEvent) {
  return {
    eventId: urn('audit', e.id),
    description: e.description,
    operatingOrg: { name: e.org_name, id: e.org_id && urn('org', e.org_id) },
    user: { name: e.user_name, id: e.user_id && urn('user', e.user_id) },
    eventEntity: { name: e.entity_name, id: e.entity_id },
    eventType: e.type,
    serviceNamespace: 'com.vmware.cloud',
    eventStatus: e.status,
    timestamp: new Date(e.timestamp).toISOString(),
    external: false,
    additionalProperties: { clientAddress: e.client_address },
  };
}
