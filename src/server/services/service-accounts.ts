// Service accounts (VCD 10.4+): a non-interactive principal with a role, activated by the RFC 8628
// device flow. Each carries a backing user row (unusable for password login) so that the sessions
// it opens resolve like any other.
import { canSeeOrg, hasRights, isProviderRole, isSystemOrgName, noAccess, orgOrContextScope, ownedBy, requireOrgAccess, requireRights } from '../inventory/policy.ts';
import { SERVICE_ACCOUNT_KEY } from '../entities/user/type.ts';
import { randomInt } from 'node:crypto';
import { errors } from '../errors.ts';
import { isUuid, newId, urn } from '../ids.ts';
import { AUDIT } from './audit.ts';
import type { Org } from './identity.ts';
import type { ListPage, ListQuery } from './listing.ts';
import type { OAuthClient, OAuthDeps, ServiceAccountStatus } from './oauth-clients.ts';
import type { Visibility } from '../inventory/entity-type.ts';
import { oauthError } from './oauth-error.ts';
import { RIGHTS } from './oauth-rights.ts';
import { actorOf, validName } from './api-tokens.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { Session } from '../inventory/principal.ts';
import { urnField, type SqlFields } from '../inventory/sql.ts';

export interface ServiceAccountSpec {
  name?: unknown;
  softwareId?: unknown;
  softwareVersion?: unknown;
  uri?: unknown;
  /** a role URN (urn:vcloud:role:<uuid>, or VCD's urn:vcloud:role:<URL-encoded name>) or a role name */
  role?: unknown;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

const DEVICE_CODE_SECONDS = 600;
const POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §6.1: no vowels, no look-alikes. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
/** The backing user's password hash: not a scrypt string, so no password ever verifies. */
const NO_PASSWORD = '!service-account';

/** The CloudAPI ServiceAccount's fields, as filters and sorts name them, over the clients (c), their roles (r), orgs (o) and details (sa). */
const SERVICE_ACCOUNT_FIELDS: SqlFields = {
  id: urnField('serviceAccount', 'c.id'),
  name: { column: 'c.name', type: 'text' },
  softwareId: { column: 'sa.software_id', type: 'text' },
  softwareVersion: { column: 'sa.software_version', type: 'text' },
  'role.name': { column: 'r.name', type: 'text' },
  'role.id': urnField('role', 'r.id'),
  uri: { column: 'sa.uri', type: 'text' },
  'org.name': { column: 'o.name', type: 'text' },
  'org.id': urnField('org', 'c.org_id'),
  status: { column: 'sa.status', type: 'text' },
};

const optionalText = (raw: unknown, what: string): string => {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string' || raw.length > 1024) throw errors.badRequest(`${what} must be a string of at most 1024 characters.`);
  return raw;
};

const normalizeUserCode = (code: string) => code.toUpperCase().replace(/[^A-Z]/g, '');

function newUserCode(): string {
  let code = '';
  while (code.length < 8) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export class ServiceAccountService {
  readonly #deps: OAuthDeps;

  constructor(deps: OAuthDeps) {
    this.#deps = deps;
  }

  /** The org a caller acts on: their own, or for the provider any org (by tenant context). */
  #assertReach(session: Session, orgId: string): void {
    requireOrgAccess(session, orgId);
  }

  async create(session: Session, org: Org, spec: ServiceAccountSpec, clientAddress: string): Promise<OAuthClient> {
    requireRights(session, RIGHTS.manageServiceAccounts);
    this.#assertReach(session, org.id);
    const name = validName(spec.name, 'service account');
    const softwareId = optionalText(spec.softwareId, 'softwareId');
    if (!softwareId) throw errors.badRequest('A service account needs a softwareId.');
    const softwareVersion = optionalText(spec.softwareVersion, 'softwareVersion');
    const uri = optionalText(spec.uri, 'uri');
    const role = await this.#resolveRole(org, spec.role);
    if (await this.#deps.clients.nameTaken('SERVICE_ACCOUNT', ownedBy('c.org_id', org.id), name)) {
      throw errors.badRequest(`A service account named "${name}" already exists in ${org.name}.`);
    }
    const id = newId();
    const now = this.#deps.clock.now();
    await this.#deps.db.transaction().execute(async (tx) => {
      await tx.insertInto('users').values({
        id, org_id: org.id, name, name_key: `${SERVICE_ACCOUNT_KEY}${id}`, full_name: name, email: '',
        password_hash: NO_PASSWORD, role_id: role.id, is_enabled: 1, failed_logins: 0, failed_codes: 0, locked_until: null, created_at: now,
      }).execute();
      await tx.insertInto('oauth_clients').values({
        id, org_id: org.id, user_id: id, name, type: 'SERVICE_ACCOUNT', refresh_hash: null, issued_at: null,
        expires_at: null, created_at: now, last_used_at: null, last_used_address: null, revoked_at: null,
      }).execute();
      await tx.insertInto('service_accounts').values({ client_id: id, status: 'CREATED', software_id: softwareId, software_version: softwareVersion, uri }).execute();
    });
    await this.#deps.audit.record({
      type: AUDIT.serviceAccountCreate, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('serviceAccount', id), name }, description: `Service account "${name}" created with role ${role.name}.`,
    });
    return (await this.#deps.clients.byId(id))!;
  }

  async #resolveRole(org: Pick<Org, 'id' | 'name'>, raw: unknown): Promise<{ id: string; name: string }> {
    let ref = typeof raw === 'object' && raw !== null ? ((raw as { id?: unknown; name?: unknown }).id ?? (raw as { name?: unknown }).name) : raw;
    if (typeof ref !== 'string' || !ref) throw errors.badRequest('A service account needs a role.');
    const m = /^urn:vcloud:role:(.+)$/i.exec(ref);
    if (m) {
      try { ref = decodeURIComponent(m[1]!); } catch { throw errors.badRequest(`"${ref}" is not a valid role reference.`); }
    }
    const key = String(ref);
    const role = await this.#deps.db.selectFrom('roles').select(['id', 'name', 'org_id'])
      .where((eb) => eb.or([eb('org_id', '=', org.id), eb('org_id', 'is', null)]))
      .where((eb) => (isUuid(key) ? eb('id', '=', key.toLowerCase()) : eb('name', '=', key)))
      .orderBy('org_id', 'desc')
      .executeTakeFirst();
    const tenantUsesProviderRole = role && !isSystemOrgName(org.name) && isProviderRole(role.name);
    if (!role || tenantUsesProviderRole) throw errors.invalidReference(`Role "${key}" does not exist in ${org.name}.`);
    return role;
  }

  /** Service accounts the caller may see: their org's, or for the provider every org's (or the tenant context's). */
  #visible(session: Session, contextOrgId?: string): Visibility {
    if (!hasRights(session, RIGHTS.manageServiceAccounts)) requireRights(session, RIGHTS.viewServiceAccounts);
    return orgOrContextScope(session, 'c.org_id', contextOrgId);
  }

  /** A page of the service accounts the caller may see, oldest first unless sorted. */
  page(session: Session, contextOrgId: string | undefined, query: ListQuery): Promise<ListPage<OAuthClient>> {
    return this.#deps.clients.page('SERVICE_ACCOUNT', this.#visible(session, contextOrgId), query, SERVICE_ACCOUNT_FIELDS);
  }

  async get(session: Session, id: string): Promise<OAuthClient> {
    const found = await this.#deps.clients.find('SERVICE_ACCOUNT', this.#visible(session), id);
    if (!found) throw noAccess(urn('serviceAccount', id));
    return found;
  }

  /** softwareId, softwareVersion, uri and role may change; name and status are read-only. */
  async update(session: Session, id: string, spec: ServiceAccountSpec, clientAddress: string): Promise<OAuthClient> {
    requireRights(session, RIGHTS.manageServiceAccounts);
    const sa = await this.get(session, id);
    if (spec.name !== undefined && spec.name !== sa.name) throw errors.badRequest('The name of a service account cannot be changed.');
    const role = spec.role === undefined ? { id: sa.roleId, name: sa.roleName } : await this.#resolveRole({ id: sa.orgId, name: sa.orgName }, spec.role);
    const softwareId = spec.softwareId === undefined ? sa.serviceAccount!.softwareId : optionalText(spec.softwareId, 'softwareId');
    if (!softwareId) throw errors.badRequest('A service account needs a softwareId.');
    await this.#deps.db.updateTable('service_accounts').set({
      software_id: softwareId,
      software_version: spec.softwareVersion === undefined ? sa.serviceAccount!.softwareVersion : optionalText(spec.softwareVersion, 'softwareVersion'),
      uri: spec.uri === undefined ? sa.serviceAccount!.uri : optionalText(spec.uri, 'uri'),
    }).where('client_id', '=', id).execute();
    if (role.id !== sa.roleId) {
      await this.#deps.db.updateTable('users').set({ role_id: role.id }).where('id', '=', sa.userId).execute();
      this.#deps.sessions.invalidateUser(sa.userId);
    }
    await this.#deps.audit.record({
      type: AUDIT.serviceAccountUpdate, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('serviceAccount', id), name: sa.name }, description: `Service account "${sa.name}" updated.`,
    });
    return (await this.#deps.clients.byId(id))!;
  }

  /** Back to CREATED: the refresh token and pending codes go, and so do the sessions it opened. */
  async revoke(session: Session, id: string, clientAddress: string): Promise<void> {
    requireRights(session, RIGHTS.manageServiceAccounts);
    const sa = await this.get(session, id);
    await this.#deps.db.updateTable('oauth_clients').set({ refresh_hash: null, issued_at: null }).where('id', '=', id).execute();
    await this.#deps.db.deleteFrom('device_codes').where('client_id', '=', id).execute();
    await this.setStatus(id, 'CREATED');
    await this.#deps.sessions.closeByToken(id);
    await this.#deps.audit.record({
      type: AUDIT.serviceAccountRevoke, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('serviceAccount', id), name: sa.name }, description: `Service account "${sa.name}" revoked.`,
    });
  }

  async delete(session: Session, id: string, clientAddress: string): Promise<void> {
    requireRights(session, RIGHTS.manageServiceAccounts);
    const sa = await this.get(session, id);
    // Revoked first: a session opening for this client locks the client row before the user row, so the
    // delete takes them in that order too (the other order could deadlock with it on PostgreSQL).
    await this.#deps.db.updateTable('oauth_clients').set({ refresh_hash: null, revoked_at: this.#deps.clock.now() }).where('id', '=', id).execute();
    await this.#deps.sessions.closeByToken(id);
    // The backing user's row takes the client, its codes and any session with it (foreign keys cascade).
    await this.#deps.db.deleteFrom('users').where('id', '=', sa.userId).execute();
    this.#deps.sessions.invalidateUser(sa.userId);
    await this.#deps.audit.record({
      type: AUDIT.serviceAccountDelete, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('serviceAccount', id), name: sa.name }, description: `Service account "${sa.name}" deleted.`,
    });
  }

  /** RFC 8628 §3.1–3.2: the service account asks to be activated; an administrator grants the user code. */
  async requestDevice(org: Org, clientId: unknown, clientAddress: string): Promise<DeviceAuthorization> {
    const sa = await this.serviceAccountOf(org, clientId);
    if (sa.serviceAccount!.status === 'ACTIVE') throw oauthError('invalid_request', 'The service account is already active; revoke it first.');
    const deviceCode = newSecret();
    const userCode = newUserCode();
    await this.#deps.db.deleteFrom('device_codes').where('client_id', '=', sa.id).execute();
    await this.#deps.db.insertInto('device_codes').values({
      device_hash: hashSecret(deviceCode), user_code_hash: hashSecret(normalizeUserCode(userCode)), client_id: sa.id,
      expires_at: this.#deps.clock.now() + DEVICE_CODE_SECONDS * 1000, interval_seconds: POLL_INTERVAL_SECONDS,
      last_polled_at: null, granted_by: null,
    }).execute();
    await this.setStatus(sa.id, 'REQUESTED');
    await this.#deps.audit.record({
      type: AUDIT.serviceAccountRequest, success: true, clientAddress,
      actor: { userId: sa.userId, userName: sa.name, orgId: sa.orgId, orgName: sa.orgName },
      entity: { id: urn('serviceAccount', sa.id), name: sa.name }, description: `Service account "${sa.name}" requested activation.`,
    });
    return { deviceCode, userCode, expiresIn: DEVICE_CODE_SECONDS, interval: POLL_INTERVAL_SECONDS };
  }

  async grant(session: Session, userCode: string, clientAddress: string): Promise<void> {
    requireRights(session, RIGHTS.manageServiceAccounts);
    const row = await this.#deps.db.selectFrom('device_codes').selectAll()
      .where('user_code_hash', '=', hashSecret(normalizeUserCode(userCode))).executeTakeFirst();
    const sa = row && row.expires_at > this.#deps.clock.now() ? await this.#deps.clients.byId(row.client_id) : undefined;
    if (!row || !sa || !canSeeOrg(session, sa.orgId)) {
      throw errors.badRequest('The user code is unknown or has expired.');
    }
    await this.#deps.db.updateTable('device_codes').set({ granted_by: session.userId }).where('device_hash', '=', row.device_hash).execute();
    await this.setStatus(sa.id, 'GRANTED');
    await this.#deps.audit.record({
      type: AUDIT.serviceAccountGrant, success: true, actor: actorOf(session), clientAddress,
      entity: { id: urn('serviceAccount', sa.id), name: sa.name }, description: `Service account "${sa.name}" granted.`,
    });
  }

  /** The service account a client_id names in an org, or invalid_client. */
  async serviceAccountOf(org: Org, clientId: unknown): Promise<OAuthClient> {
    if (typeof clientId !== 'string' || !clientId) throw oauthError('invalid_request', 'client_id is required.');
    const client = isUuid(clientId) ? await this.#deps.clients.byId(clientId.toLowerCase()) : undefined;
    if (!client || client.type !== 'SERVICE_ACCOUNT' || client.orgId !== org.id) {
      throw oauthError('invalid_client', 'Unknown client.');
    }
    return client;
  }

  async setStatus(id: string, status: ServiceAccountStatus): Promise<void> {
    await this.#deps.db.updateTable('service_accounts').set({ status }).where('client_id', '=', id).execute();
  }
}
