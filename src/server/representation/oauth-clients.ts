// CloudAPI Token (auth/tokens.yaml) and ServiceAccount, plus two fields VCD lacks: when and from
// where the client was last exchanged. The secret itself is never part of either.
import type { OAuthClient } from '../services/oauth-clients.ts';
import { urn } from '../ids.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function cloudToken(c: OAuthClient) {
  return {
    id: urn('token', c.id),
    name: c.name,
    type: c.type,
    owner: { name: c.userName, id: urn('user', c.userId) },
    org: { name: c.orgName, id: urn('org', c.orgId) },
    expirationTimeUtc: iso(c.expiresAt),
    issued: c.issuedAt !== null,
    createdTimeUtc: iso(c.createdAt),
    lastUsedTimeUtc: iso(c.lastUsedAt),
    lastUsedAddress: c.lastUsedAddress,
  };
}

export function cloudServiceAccount(c: OAuthClient) {
  const sa = c.serviceAccount!;
  return {
    id: urn('serviceAccount', c.id),
    name: c.name,
    softwareId: sa.softwareId,
    softwareVersion: sa.softwareVersion,
    role: { name: c.roleName, id: urn('role', c.roleId) },
    uri: sa.uri,
    org: { name: c.orgName, id: urn('org', c.orgId) },
    status: sa.status,
    requireRotation: true,
    lastUsedTimeUtc: iso(c.lastUsedAt),
    lastUsedAddress: c.lastUsedAddress,
  };
}
