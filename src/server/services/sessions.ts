// Sessions: opened by a login, found by a hash of their bearer token, ended by logout, the idle
// timeout or the absolute timeout, or by revoking the token or disabling the user (or org) that opened them.
// Rows live in the store so sessions survive a restart; a bounded cache of the most recently used
// keeps authenticated reads free of writes, and last activity is written back at most once a minute
// per session (the idle timeout is in minutes, so nothing it needs is lost). Expired rows are purged.
//
// Several cells share the store: what one ends or changes, the others must stop serving at their very next
// request. Store triggers bump the cache_versions row in the transaction of every change a cached session
// or cached rights may hold (migration 017); each request reads that row (one single-row read by primary
// key) and a cached entry stamped with older versions is read again from the store. A notification
// (PostgreSQL's LISTEN/NOTIFY) would arrive after the change's answer, leaving a window where another cell
// still accepts what was revoked; the read closes it, on SQLite (a file two processes may share) the same way.
import { isSystemOrgName } from '../inventory/policy.ts';
import type { Session } from '../inventory/principal.ts';
import type { CompiledQuery } from 'kysely';
import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import { newId } from '../ids.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { publishedRightNames } from './rights.ts';

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteMinutes: number;
}

interface Entry {
  session: Session;
  lastActivity: number;
  persistedActivity: number;
  /** the cache_versions the entry was read at */
  versions: CacheVersions;
}

interface CacheVersions {
  sessions: number;
  rights: number;
}

const WRITE_BACK_MS = 60_000;

export interface SessionOptions {
  timeouts: SessionTimeouts;
  /** how many sessions the cache holds; the least recently used goes first */
  cacheSize: number;
  /**
   * PostgreSQL: opening a session share-locks its user's (and token's) row, so that a concurrent
   * disable or revoke either waits for the new row (and then ends it) or is seen (and nothing opens).
   * SQLite runs each statement alone, so the check and the insert are atomic already.
   */
  rowLocks: boolean;
}

const NOTHING = () => {};
const sameVersions = (a: CacheVersions, b: CacheVersions) => a.sessions === b.sessions && a.rights === b.rights;

export class SessionService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly timeouts: SessionTimeouts;
  readonly #cacheSize: number;
  readonly #rowLocks: boolean;
  /** by token digest, least recently used first (a Map iterates in insertion order) */
  readonly #cache = new Map<string, Entry>();
  /**
   * Effective rights by role and org, shared by the sessions that have them (hundreds of names each:
   * one copy per session would be most of a cached session's size); dropped with `invalidateAll`.
   */
  readonly #rights = new Map<string, ReadonlySet<string>>();
  /** the rights version #rights was read at */
  #rightsVersion = -1;
  /** bumped by every invalidation, so a load that raced one does not cache what it read */
  #epoch = 0;
  /** the cache versions' read under way, and the one that starts when it ends (#versions) */
  #reading: Promise<CacheVersions> | undefined;
  #nextRead: Promise<CacheVersions> | undefined;
  /** that read, compiled once: it runs on every authenticated request, and building it cost more than running it */
  readonly #versionsQuery: CompiledQuery<CacheVersions>;

  constructor(db: Db, clock: Clock, options: SessionOptions) {
    this.#db = db;
    this.#versionsQuery = db.selectFrom('cache_versions').select(['sessions', 'rights']).where('id', '=', 1).compile();
    this.#clock = clock;
    this.timeouts = options.timeouts;
    this.#cacheSize = options.cacheSize;
    this.#rowLocks = options.rowLocks;
  }

  /**
   * Opens a session for an enabled user of an enabled org, and for `tokenId`, only while that token
   * is issued and not revoked; undefined when any of them no longer holds (a disable or revoke won
   * the race), which the caller refuses like a bad credential.
   */
  async open(userId: string, kind: string, clientAddress: string, tokenId: string | null = null): Promise<{ token: string; session: Session } | undefined> {
    const token = newSecret();
    const hash = hashSecret(token);
    const now = this.#clock.now();
    const id = newId();
    let source = this.#db.selectFrom('users as u')
      .innerJoin('orgs as o', 'o.id', 'u.org_id')
      .select((eb) => [
        eb.val(id).as('id'), eb.val(hash).as('token_hash'), 'u.id as user_id', 'u.org_id', eb.val(kind).as('kind'),
        eb.val(tokenId).as('token_id'), eb.val(now).as('created_at'), eb.val(now).as('last_activity_at'),
        eb.val(clientAddress).as('client_address'),
      ])
      .where('u.id', '=', userId).where('u.is_enabled', '=', 1).where('o.is_enabled', '=', 1);
    if (tokenId !== null) {
      source = source.where((eb) => eb.exists(eb.selectFrom('oauth_clients as c').select('c.id')
        .where('c.id', '=', tokenId).whereRef('c.user_id', '=', 'u.id')
        .where('c.revoked_at', 'is', null).where('c.issued_at', 'is not', null)
        .$if(this.#rowLocks, (q) => q.forShare())));
    }
    // (the org's row too: a concurrent disable of the org then waits for the new row, and ends it)
    if (this.#rowLocks) source = source.forShare(['u', 'o']);
    const inserted = await this.#db.insertInto('sessions')
      .columns(['id', 'token_hash', 'user_id', 'org_id', 'kind', 'token_id', 'created_at', 'last_activity_at', 'client_address'])
      .expression(source)
      .executeTakeFirst();
    if (!inserted.numInsertedOrUpdatedRows) return undefined;
    // A revoke or disable that ran after the insert has ended the session already.
    const entry = await this.#load(hash, await this.#versions());
    return entry && { token, session: entry.session };
  }

  /** The live session for a bearer token, or undefined (unknown, ended or expired). Counts as activity. */
  resolve(token: string): Promise<Session | undefined> {
    return this.resolveDigest(hashSecret(token));
  }

  /** `resolve`, for a token already digested. */
  async resolveDigest(hash: string): Promise<Session | undefined> {
    const versions = await this.#versions();
    if (versions.rights !== this.#rightsVersion) {
      this.#rights.clear();
      this.#rightsVersion = versions.rights;
    }
    const cached = this.#cache.get(hash);
    let entry: Entry | undefined;
    if (cached && sameVersions(cached.versions, versions)) {
      entry = cached;
      this.#touch(hash, cached);
    } else {
      // not cached, or the store changed since it was (through any cell): read it, keeping the activity seen here
      this.#cache.delete(hash);
      entry = await this.#load(hash, versions);
      if (entry && cached) entry.lastActivity = Math.max(entry.lastActivity, cached.lastActivity);
    }
    if (!entry) return undefined;
    const now = this.#clock.now();
    if (this.#expired(entry, now) && !(await this.#activeElsewhere(entry, now))) {
      await this.#end(hash, entry.session.id);
      return undefined;
    }
    entry.lastActivity = now;
    if (now - entry.persistedActivity >= WRITE_BACK_MS) {
      entry.persistedActivity = now;
      const written = await this.#db.updateTable('sessions').set({ last_activity_at: now }).where('id', '=', entry.session.id).executeTakeFirst();
      // No row: the session was ended outside this cell (`vcdkit admin reset-password` on its store).
      if (!written.numUpdatedRows) {
        this.#cache.delete(hash);
        return undefined;
      }
    }
    return entry.session;
  }

  async close(session: Session): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', session.id).execute();
    this.#forget((s) => s.id === session.id);
  }

  /** A user's live sessions, newest first (at most `limit`), as the portal lists them. */
  async ofUser(userId: string, limit: number): Promise<{ id: string; kind: string; createdAt: number; lastActivityAt: number; clientAddress: string }[]> {
    const now = this.#clock.now();
    const idleSince = now - this.timeouts.idleMinutes * 60_000;
    // The store's activity time trails by up to a write-back interval: the cache knows better. Both are
    // asked in SQL, before the limit, so an idle session never takes the place of a live one in the page.
    const cached = new Map([...this.#cache.values()].filter((e) => e.session.userId === userId).map((e) => [e.session.id, e.lastActivity]));
    const liveInCache = [...cached].filter(([, at]) => at > idleSince).map(([id]) => id);
    const rows = await this.#db.selectFrom('sessions')
      .select(['id', 'kind', 'created_at', 'last_activity_at', 'client_address'])
      .where('user_id', '=', userId)
      .where('created_at', '>', now - this.timeouts.absoluteMinutes * 60_000)
      .where((eb) => eb.or([eb('last_activity_at', '>', idleSince), ...(liveInCache.length ? [eb('id', 'in', liveInCache)] : [])]))
      .orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id, kind: r.kind, createdAt: r.created_at, clientAddress: r.client_address,
      lastActivityAt: Math.max(r.last_activity_at, cached.get(r.id) ?? 0),
    }));
  }

  /** Ends one of a user's own sessions; false when they have none of that id. */
  async closeOwn(userId: string, id: string): Promise<boolean> {
    const ended = await this.#db.deleteFrom('sessions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    this.#forget((s) => s.id === id && s.userId === userId);
    return ended.numDeletedRows > 0n;
  }

  /**
   * Ends every session a given API token opened (revocation is immediate). Call it after the token
   * is marked revoked: a session opening concurrently then either sees the mark or is deleted here.
   */
  async closeByToken(tokenId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('token_id', '=', tokenId).execute();
    this.#forget((s) => s.tokenId === tokenId);
  }

  /** Ends every session of a user, after they are disabled (same ordering as `closeByToken`). */
  async closeByUser(userId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    this.#forget((s) => s.userId === userId);
  }

  /**
   * Ends every session in an org, after it is disabled (same ordering as `closeByToken`). Found
   * through the org's users, whose sessions are indexed.
   */
  async closeByOrg(orgId: string): Promise<void> {
    await this.#db.deleteFrom('sessions')
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('org_id', '=', orgId))
      .execute();
    this.#forget((s) => s.orgId === orgId);
  }

  /** Drops cached views of an org's sessions after the org is renamed. */
  invalidateOrg(orgId: string): void {
    this.#forget((s) => s.orgId === orgId);
  }

  /** Drops cached views of a user's sessions after their role or rights change. */
  invalidateUser(userId: string): void {
    this.#forget((s) => s.userId === userId);
  }

  /** Drops every cached session, e.g. after a role's rights change. */
  invalidateAll(): void {
    this.#epoch++;
    this.#cache.clear();
    this.#rights.clear();
  }

  /**
   * Deletes the sessions past their idle or absolute timeout from the store, and from the cache. The
   * store's activity time may trail by up to a write-back interval, hence the margin on the idle cut.
   */
  async purgeExpired(): Promise<void> {
    const now = this.#clock.now();
    for (const [hash, entry] of this.#cache) if (this.#expired(entry, now)) this.#cache.delete(hash);
    await this.#db.deleteFrom('sessions')
      .where((eb) => eb.or([
        eb('last_activity_at', '<', now - this.timeouts.idleMinutes * 60_000 - WRITE_BACK_MS),
        eb('created_at', '<=', now - this.timeouts.absoluteMinutes * 60_000),
      ]))
      .execute();
  }

  /**
   * Whether a session idle as this cell saw it was used at another cell meanwhile: that cell's write-back is in
   * the store (a minute behind at most, as here). Asked only of a session about to end.
   */
  async #activeElsewhere(entry: Entry, now: number): Promise<boolean> {
    const stored = await this.#db.selectFrom('sessions').select('last_activity_at').where('id', '=', entry.session.id).executeTakeFirst();
    if (!stored) return false;
    entry.lastActivity = Math.max(entry.lastActivity, stored.last_activity_at);
    return !this.#expired(entry, now);
  }

  #expired(entry: Entry, now: number): boolean {
    return now - entry.lastActivity >= this.timeouts.idleMinutes * 60_000
      || now - entry.session.createdAt >= this.timeouts.absoluteMinutes * 60_000;
  }

  #forget(match: (s: Session) => boolean): void {
    this.#epoch++;
    for (const [hash, entry] of this.#cache) if (match(entry.session)) this.#cache.delete(hash);
  }

  /** Marks an entry most recently used: it moves to the end of the cache's order. */
  #touch(hash: string, entry: Entry): void {
    this.#cache.delete(hash);
    this.#cache.set(hash, entry);
  }

  /** Caches an entry as the most recently used, evicting the least recently used beyond the bound. */
  #remember(hash: string, entry: Entry): void {
    this.#touch(hash, entry);
    if (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }

  async #end(hash: string, id: string): Promise<void> {
    this.#cache.delete(hash);
    await this.#db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /**
   * The store's cache versions, read after this call: callers that come while a read is under way share the
   * next one, which starts when it ends (one read at a time however many requests wait, and never a read that
   * began before the request it answers).
   */
  #versions(): Promise<CacheVersions> {
    if (!this.#reading) return this.#readVersions();
    this.#nextRead ??= this.#reading.then(NOTHING, NOTHING).then(() => {
      this.#nextRead = undefined;
      return this.#readVersions();
    });
    return this.#nextRead;
  }

  #readVersions(): Promise<CacheVersions> {
    const read = this.#db.executeQuery(this.#versionsQuery).then(({ rows: [row] }) => row ?? Promise.reject(new Error('the cache_versions row is missing')));
    this.#reading = read;
    const done = () => { if (this.#reading === read) this.#reading = undefined; };
    read.then(done, done);
    return read;
  }

  /** Reads a session from the store; `versions` were read before it, so a change after them is seen next time. */
  async #load(hash: string, versions: CacheVersions): Promise<Entry | undefined> {
    const epoch = this.#epoch;
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
      .where('users.is_enabled', '=', 1)
      .where('orgs.is_enabled', '=', 1)
      .executeTakeFirst();
    if (!row) return undefined;
    // Effective rights: the role's, cut down to what the bundles published to the org hold (the
    // System org answers to no bundle).
    const isProvider = isSystemOrgName(row.org_name);
    const rightsKey = `${row.role_id}:${row.org_id}`;
    let rights = this.#rights.get(rightsKey);
    if (!rights) {
      let rightsQuery = this.#db.selectFrom('role_rights').select('right_name').where('role_id', '=', row.role_id);
      if (!isProvider) rightsQuery = rightsQuery.where('right_name', 'in', publishedRightNames(this.#db, row.org_id));
      rights = new Set((await rightsQuery.execute()).map((r) => r.right_name));
      if (epoch === this.#epoch && versions.rights === this.#rightsVersion) this.#rights.set(rightsKey, rights);
    }
    const entry: Entry = {
      session: {
        id: row.id, kind: row.kind, tokenId: row.token_id, createdAt: row.created_at,
        userId: row.user_id, userName: row.user_name, orgId: row.org_id, orgName: row.org_name,
        roleId: row.role_id, roleName: row.role_name,
        rights,
        isProvider,
      },
      lastActivity: row.last_activity_at,
      persistedActivity: row.last_activity_at,
      versions,
    };
    if (epoch === this.#epoch) this.#remember(hash, entry);
    return entry;
  }
}
