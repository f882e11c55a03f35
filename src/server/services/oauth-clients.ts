// OAuth clients as the token and service-account services see them: the client row with its
// owner's and org's names, and a service account's details. Also the one place refresh tokens
// are minted: the secret leaves once, the store keeps its hash.
import { sql } from 'kysely';
import { isSystemOrgName } from '../inventory/policy.ts';
import type { Db, Store } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { AuditService } from './audit.ts';
import type { SessionService } from './sessions.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { IdentityService, Org } from './identity.ts';
import type { ListPage, ListQuery } from './listing.ts';
import type { SqlFields } from '../inventory/sql.ts';
import type { Visibility } from '../inventory/entity-type.ts';
import { listInSql } from './sql-listing.ts';
import { SYSTEM_ORG } from '../inventory/principal.ts';

export type ClientType = 'REFRESH' | 'SERVICE_ACCOUNT';
export type ServiceAccountStatus = 'CREATED' | 'REQUESTED' | 'GRANTED' | 'ACTIVE';

export interface OAuthClient {
  id: string;
  orgId: string;
  orgName: string;
  orgEnabled: boolean;
  userId: string;
  userName: string;
  userEnabled: boolean;
  roleId: string;
  roleName: string;
  name: string;
  type: ClientType;
  issuedAt: number | null;
  expiresAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedAddress: string | null;
  revokedAt: number | null;
  serviceAccount?: { status: ServiceAccountStatus; softwareId: string; softwareVersion: string; uri: string };
}

/** Where an /oauth URL points: /oauth/tenant/{org} or /oauth/provider. */
export type OAuthScope = { kind: 'tenant'; org: string } | { kind: 'provider' };

/** The org an /oauth URL names; the System org only through /oauth/provider. */
export async function scopeOrg(scope: OAuthScope, orgs: Pick<IdentityService, 'findOrgByName'>): Promise<Org | undefined> {
  if (scope.kind === 'provider') return orgs.findOrgByName(SYSTEM_ORG);
  return isSystemOrgName(scope.org) ? undefined : orgs.findOrgByName(scope.org);
}

/** What the token, service-account and grant services share. */
export interface OAuthDeps {
  db: Db;
  clock: Clock;
  clients: ClientStore;
  sessions: SessionService;
  audit: AuditService;
}

export const isExpired = (c: OAuthClient, now: number) => c.expiresAt !== null && c.expiresAt <= now;

function selectClients(db: Db) {
  return db.selectFrom('oauth_clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .innerJoin('roles as r', 'r.id', 'u.role_id')
    .leftJoin('service_accounts as sa', 'sa.client_id', 'c.id')
    .selectAll('c')
    .select([
      'o.name as org_name', 'o.is_enabled as org_enabled', 'u.name as user_name', 'u.is_enabled as user_enabled',
      'r.id as role_id', 'r.name as role_name',
      'sa.status', 'sa.software_id', 'sa.software_version', 'sa.uri',
    ]);
}

export class ClientStore {
  readonly #db: Db;
  readonly #engine: Store['engine'];

  constructor(db: Db, engine: Store['engine']) {
    this.#db = db;
    this.#engine = engine;
  }

  async byId(id: string): Promise<OAuthClient | undefined> {
    const row = await selectClients(this.#db).where('c.id', '=', id).executeTakeFirst();
    return row && toClient(row);
  }

  async byRefreshToken(token: string): Promise<OAuthClient | undefined> {
    const row = await selectClients(this.#db).where('c.refresh_hash', '=', hashSecret(token)).executeTakeFirst();
    return row && toClient(row);
  }

  /** The live clients of a type within `scope` (inventory/policy.ts builds it over c.org_id and c.user_id). */
  #live(type: ClientType, scope: Visibility) {
    return selectClients(this.#db).where('c.type', '=', type).where('c.revoked_at', 'is', null).where(scope);
  }

  /** One live client of a type in a scope. */
  async find(type: ClientType, scope: Visibility, id: string): Promise<OAuthClient | undefined> {
    const row = await this.#live(type, scope).where('c.id', '=', id).executeTakeFirst();
    return row && toClient(row);
  }

  /** Whether a live client of a type in a scope has this name, whatever its case. */
  async nameTaken(type: ClientType, scope: Visibility, name: string): Promise<boolean> {
    return (await this.#live(type, scope).where(sql<boolean>`lower(c.name) = ${name.toLowerCase()}`).executeTakeFirst()) !== undefined;
  }

  /** A page of the live clients of a type in a scope, oldest first unless sorted; `fields` are the list's. */
  async page(type: ClientType, scope: Visibility, query: ListQuery, fields: SqlFields): Promise<ListPage<OAuthClient>> {
    const page = await listInSql(this.#live(type, scope), query, { engine: this.#engine, fields, order: ['c.created_at', { column: 'c.name', type: 'text' }, 'c.id'] });
    return { ...page, items: page.items.map(toClient) };
  }

  /**
   * Mints a refresh token for a client. With `replacing`, only if that is still the current hash
   * (a rotation); without, only if none was ever issued. Undefined when another request won.
   */
  async mint(clientId: string, now: number, replacing?: string): Promise<string | undefined> {
    const token = newSecret();
    let q = this.#db.updateTable('oauth_clients')
      .set({ refresh_hash: hashSecret(token), issued_at: now })
      .where('id', '=', clientId);
    q = replacing === undefined ? q.where('issued_at', 'is', null) : q.where('refresh_hash', '=', replacing);
    const result = await q.executeTakeFirst();
    return result.numUpdatedRows > 0n ? token : undefined;
  }

  async touch(clientId: string, now: number, address: string): Promise<void> {
    await this.#db.updateTable('oauth_clients').set({ last_used_at: now, last_used_address: address })
      .where('id', '=', clientId).execute();
  }
}

type Row = Awaited<ReturnType<ReturnType<typeof selectClients>['executeTakeFirstOrThrow']>>;

function toClient(r: Row): OAuthClient {
  return {
    id: r.id, orgId: r.org_id, orgName: r.org_name, orgEnabled: Boolean(r.org_enabled),
    userId: r.user_id, userName: r.user_name, userEnabled: Boolean(r.user_enabled),
    roleId: r.role_id, roleName: r.role_name,
    name: r.name, type: r.type as ClientType, issuedAt: r.issued_at,
    expiresAt: r.expires_at, createdAt: r.created_at, lastUsedAt: r.last_used_at, lastUsedAddress: r.last_used_address,
    revokedAt: r.revoked_at,
    ...(r.status !== null && {
      serviceAccount: {
        status: r.status as ServiceAccountStatus, softwareId: r.software_id ?? '', softwareVersion: r.software_version ?? '', uri: r.uri ?? '',
      },
    }),
  };
}
