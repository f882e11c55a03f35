// Reading CloudAPI requests: the org a provider names with
// X-VMWARE-VCLOUD-TENANT-CONTEXT (as go-vcloud-director and the UI do).
import { isProvider } from '../inventory/policy.ts';
import type { FastifyRequest } from 'fastify';
import { isUuid, parseUrn } from '../ids.ts';

/** The org named by the tenant-context header (provider only), else undefined. */
export function contextOrgId(request: FastifyRequest): string | undefined {
  const raw = request.headers['x-vmware-vcloud-tenant-context'];
  if (typeof raw !== 'string' || !raw || !isProvider(request.session)) return undefined;
  return isUuid(raw) ? raw.toLowerCase() : parseUrn(raw).uuid;
}
