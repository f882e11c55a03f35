// Sessions: opened by a login, found by a hash of their bearer token, ended by logout, the idle
// timeout or the absolute timeout. Rows live in the store so sessions survive a restart; a small
// cache keeps authenticated reads free of writes, and last activity is written back at most once
// a minute per session (the idle timeout is in minutes, so nothing it needs is lost).
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { SYSTEM_ORG } from './roles-catalogue.ts';
import { publishedRightNames } from './rights.ts';

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteMinutes: number;
}

/** What a request knows about whoever is calling. */
export interface Session {
  id: string;
  kind: string;
  tokenId: string | null;
  createdAt: number;
  userId: string;
  userName: string;
  orgId: string;
  orgName: string;
  roleId: string;
  roleName: string;
  rights: ReadonlySet<string>;
  /** true for a session in the System org */
  isProvider: boolean;
}

interface Entry {
  session: Session;
  lastActivity: number;
  persistedActivity: number;
}

const WRITE_BACK_MS = 60_000;

export class SessionService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly timeouts: SessionTimeouts;
  readonly #cache = new Map<string, Entry>();

  constructor(db: Db, clock: Clock, timeouts: SessionTimeouts) {
    this.#db = db;
    this.#clock = clock;
    this.timeouts = timeouts;
  }

  async open(userId: string, kind: string, clientAddress: string, tokenId: string | null = null): Promise<{ token: string; session: Session }> {
    const token = newSecret();
    const now = this.#clock.now();
    const id = newId();
    const user = await this.#db.selectFrom('users').select(['org_id']).where('id', '=', userId).executeTakeFirstOrThrow();
    await this.#db.insertInto('sessions').values({
      id, token_hash: hashSecret(token), user_id: userId, org_id: user.org_id, kind, token_id: tokenId,
      created_at: now, last_activity_at: now, client_address: clientAddress,
    }).execute();
    const session = await this.#load(hashSecret(token));
    if (!session) throw new Error('session vanished while opening');
    return { token, session: session.session };
  }

  /**
   * The session for a bearer token's digest (`hashSecret`) when memory alone can answer: cached, live,
   * and with no activity to write back. Counts as activity. Otherwise undefined, and `resolveDigest`
   * must decide. Every authenticated request asks this first, so it neither awaits nor touches the store.
   */
  resolveCached(digest: string): Session | undefined {
    const entry = this.#cache.get(digest);
    if (!entry) return undefined;
    const now = this.#clock.now();
    if (this.#expired(entry, now) || now - entry.persistedActivity >= WRITE_BACK_MS) return undefined;
    entry.lastActivity = now;
    return entry.session;
  }

  /** The live session for a bearer token, or undefined (unknown, ended or expired). Counts as activity. */
  resolve(token: string): Promise<Session | undefined> {
    return this.resolveDigest(hashSecret(token));
  }

  /** `resolve`, for a token already digested. */
  async resolveDigest(hash: string): Promise<Session | undefined> {
    const entry = this.#cache.get(hash) ?? (await this.#load(hash));
    if (!entry) return undefined;
    const now = this.#clock.now();
    if (this.#expired(entry, now)) {
      await this.#end(hash, entry.session.id);
      return undefined;
    }
    entry.lastActivity = now;
    if (now - entry.persistedActivity >= WRITE_BACK_MS) {
      entry.persistedActivity = now;
      await this.#db.updateTable('sessions').set({ last_activity_at: now }).where('id', '=', entry.session.id).execute();
    }
    return entry.session;
  }

  async close(session: Session): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', session.id).execute();
    this.#forget((s) => s.id === session.id);
  }

  /** Ends every session a given API token opened (revocation is immediate). */
  async closeByToken(tokenId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('token_id', '=', tokenId).execute();
    this.#forget((s) => s.tokenId === tokenId);
  }

  /** Drops cached views of a user's sessions after their role or rights change. */
  invalidateUser(userId: string): void {
    for (const [hash, entry] of this.#cache) if (entry.session.userId === userId) this.#cache.delete(hash);
  }

  /** Drops every cached session, e.g. after a role's rights change. */
  invalidateAll(): void {
    this.#cache.clear();
  }

  #expired(entry: Entry, now: number): boolean {
    return now - entry.lastActivity >= this.timeouts.idleMinutes * 60_000
      || now - entry.session.createdAt >= this.timeouts.absoluteMinutes * 60_000;
  }

  #forget(match: (s: Session) => boolean): void {
    for (const [hash, entry] of this.#cache) if (match(entry.session)) this.#cache.delete(hash);
  }

  async #end(hash: string, id: string): Promise<void> {
    this.#cache.delete(hash);
    await this.#db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async #load(hash: string): Promise<Entry | undefined> {
    const row = await this.#db.selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('orgs', 'orgs.id', 'sessions.org_id')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .select([
        'sessions.id', 'sessions.kind', 'sessions.token_id', 'sessions.created_at', 'sessions.last_activity_at',
        'users.id as user_id', 'users.name as user_name', 'orgs.id as org_id', 'orgs.name as org_name',
        'roles.id as role_id', 'roles.name as role_name',
      ])
      .where('sessions.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return undefined;
    // Effective rights: the role's, cut down to what the bundles published to the org hold (the
    // System org answers to no bundle).
    const isProvider = row.org_name.toLowerCase() === SYSTEM_ORG.toLowerCase();
    let rightsQuery = this.#db.selectFrom('role_rights').select('right_name').where('role_id', '=', row.role_id);
    if (!isProvider) rightsQuery = rightsQuery.where('right_name', 'in', publishedRightNames(this.#db, row.org_id));
    const rights = await rightsQuery.execute();
    const entry: Entry = {
      session: {
        id: row.id, kind: row.kind, tokenId: row.token_id, createdAt: row.created_at,
        userId: row.user_id, userName: row.user_name, orgId: row.org_id, orgName: row.org_name,
        roleId: row.role_id, roleName: row.role_name,
        rights: new Set(rights.map((r) => r.right_name)),
        isProvider,
      },
      lastActivity: row.last_activity_at,
      persistedActivity: row.last_activity_at,
    };
    this.#cache.set(hash, entry);
    return entry;
  }
}
