// VcdClient: negotiates the API version, logs in through a strategy, sends requests with the
// session token, heals sessions (re-login once on 401 when that is safe, or before they run out),
// and offers every entity type the SDK reaches as a resource set (resources/*).
import { SessionEndedError, UnauthorizedError, VcdError, type VcdRequestError } from './errors.ts';
import { requestError } from './response-error.ts';
import { isIdempotent, sleep, Transport, type HttpResponse, type ServerCertificate } from './transport.ts';
import { atLeast, negotiateVersion, parseSupportedVersions, type ServerVersion } from './versions.ts';
import type { AuthContext, AuthRequest, AuthStrategy, Credentials } from './auth/strategy.ts';
import type { ClientClock, ConnectOptions, RequestOptions, VcdResponse } from './options.ts';
import { configFromEnv } from './env.ts';
import { jwtExpiresAt } from './jwt.ts';
import { acceptFor, findLink } from './links.ts';
import { cloudPages, legacyQuery, queryParameters, type PageOptions, type QueryOptions } from './query.ts';
import { Rights, RightsBundles } from './resources/rbac.ts';
import { Sessions } from './resources/session.ts';
import { entitySets, type EntitySets } from './resources/sets.ts';
import { ServiceAccounts, Tokens } from './resources/token.ts';
import type { Entity, QueryRecord, Resource } from './types.ts';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemClock: ClientClock = { now: () => Date.now(), sleep };

/** "https://host/api" or "https://host/" → "https://host" (env files often carry the /api suffix). */
export function normaliseBaseUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new VcdError(`[vcdkit] unsupported URL scheme in ${url}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
}

interface Shared {
  transport: Transport;
  baseUrl: string;
  /** the base URL's origin, which every request must keep (see url()) */
  origin: string;
  apiVersion: string;
  serverVersions: ServerVersion[];
  auth: AuthStrategy | undefined;
  clock: ClientClock;
  refreshMarginMs: number;
  credentials: Credentials | undefined;
  lastActivity: number;
  loggedOut: boolean;
  renewing: Promise<void> | undefined;
}

/**
 * The resource set of every entity type the cell declares (client.orgs, client.vdcs, client.vapps…; see
 * resources/sets.ts), merged into VcdClient (its constructor assigns them).
 */
export interface VcdClient extends EntitySets {}

/**
 * A connection to a cell. Its transport and session are its own (request, query, pages, logout, close…); every
 * entity type is a resource set on it, one style for all: `get`, `list` (an async iterator over pages), `records`,
 * `getByName`, `delete`, and the type's own operations.
 */
export class VcdClient {
  readonly #s: Shared;
  readonly #tenantContext: string | undefined;

  /** Rights (/cloudapi/1.0.0/rights). */
  readonly rights: Rights = new Rights(this);
  /** Rights bundles (/cloudapi/1.0.0/rightsBundles), their rights and the orgs they are published to. */
  readonly rightsBundles: RightsBundles = new RightsBundles(this);
  /** The caller's tokens (/cloudapi/1.0.0/tokens); API tokens created and revoked. */
  readonly tokens: Tokens = new Tokens(this);
  /** Service accounts (/cloudapi/1.0.0/serviceAccounts, API 37.0+). */
  readonly serviceAccounts: ServiceAccounts = new ServiceAccounts(this);
  /** The session this client is logged in with. */
  readonly sessions: Sessions = new Sessions(this);

  private constructor(shared: Shared, tenantContext: string | undefined) {
    this.#s = shared;
    this.#tenantContext = tenantContext;
    Object.assign(this, entitySets(this));
  }

  /** Connects: GET /api/versions, negotiates the version, and logs in when a strategy is given. */
  static async connect(url: string, options: ConnectOptions = {}): Promise<VcdClient> {
    const baseUrl = normaliseBaseUrl(url);
    const transport = new Transport(options);
    try {
      const res = await transport.send({ method: 'GET', url: `${baseUrl}/api/versions`, headers: { accept: 'application/*+xml' } });
      if (res.status !== 200) throw requestError(res);
      const serverVersions = parseSupportedVersions(res.text);
      const apiVersion = negotiateVersion(serverVersions, options);
      const clock = options.clock ?? systemClock;
      const client = new VcdClient({
        transport, baseUrl, origin: new URL(baseUrl).origin, apiVersion, serverVersions, auth: options.auth, clock,
        refreshMarginMs: options.refreshMarginMs ?? 60_000, credentials: undefined, lastActivity: clock.now(),
        loggedOut: false, renewing: undefined,
      }, options.tenantContext);
      if (options.auth) await client.#login();
      return client;
    } catch (err) {
      await transport.close();
      throw err;
    }
  }

  /** Connects as the Terraform-style environment variables say (see configFromEnv); `overrides` win. */
  static fromEnv(env: Record<string, string | undefined> = process.env, overrides: ConnectOptions = {}): Promise<VcdClient> {
    const { url, options } = configFromEnv(env);
    return VcdClient.connect(url, { ...options, ...overrides });
  }

  /** scheme://host[:port] of the cell */
  get baseUrl(): string { return this.#s.baseUrl; }
  /** the negotiated API version */
  get apiVersion(): string { return this.#s.apiVersion; }
  /** what GET /api/versions listed */
  get serverVersions(): readonly ServerVersion[] { return this.#s.serverVersions; }
  /** the current session token, for handing to other tools (treat it as a secret) */
  get accessToken(): string | undefined { return this.#s.credentials?.token; }
  /**
   * Over https, the certificate chain the cell's was verified with, from its own to the trust anchor (e.g. the
   * CA that NODE_EXTRA_CA_CERTS or tls.ca named), so that a caller can keep that anchor; empty over http or
   * with tls.insecure.
   */
  get verifiedChain(): readonly ServerCertificate[] { return this.#s.transport.verifiedChain; }

  /** The client's sense of time (ConnectOptions.clock): task waits poll by it. */
  get clock(): ClientClock { return this.#s.clock; }

  /** The same session acting for another org (provider only): requests carry X-VMWARE-VCLOUD-TENANT-CONTEXT. */
  actAs(orgId: string): VcdClient {
    return new VcdClient(this.#s, orgId.replace(/^urn:vcloud:org:/, ''));
  }

  /** Sends a request and returns the parsed body; throws a VcdRequestError subclass on status >= 400. */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return (await this.send<T>(method, path, opts)).body;
  }

  get<T = unknown>(path: string, opts?: RequestOptions): Promise<T> { return this.request<T>('GET', path, opts); }
  post<T = unknown>(path: string, json?: unknown, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, json === undefined ? opts : { ...opts, json });
  }
  put<T = unknown>(path: string, json?: unknown, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, json === undefined ? opts : { ...opts, json });
  }
  delete<T = unknown>(path: string, opts?: RequestOptions): Promise<T> { return this.request<T>('DELETE', path, opts); }

  /** Like request(), but returns status, headers and body together. */
  async send<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<VcdResponse<T>> {
    const verb = method.toUpperCase();
    let res = await this.#authenticated(verb, this.#target(path, opts.query), opts);
    // A read may be redirected (the CloudAPI entity resolver answers 303); only within this cell, see url().
    for (let hops = 0; verb === 'GET' && REDIRECTS.has(res.status) && res.headers.has('location') && hops < 5; hops++) {
      res = await this.#authenticated('GET', this.#target(new URL(res.headers.get('location')!, res.request.url).toString()), opts);
    }
    if (res.status >= 400) throw requestError(res);
    const isJson = /json/i.test(res.headers.get('content-type') ?? '');
    const body = (res.text && isJson ? JSON.parse(res.text) : res.text || undefined) as T;
    return { status: res.status, headers: res.headers, body, text: res.text };
  }

  /** An absolute URL for a path or an href; hrefs must point at this cell, so the token never leaves it. */
  url(pathOrHref: string, query?: RequestOptions['query']): string {
    return this.#target(pathOrHref, query).toString();
  }

  #target(pathOrHref: string, query?: RequestOptions['query']): URL {
    const { baseUrl, origin } = this.#s;
    const u = /^https?:\/\//i.test(pathOrHref) ? new URL(pathOrHref) : new URL(`${baseUrl}${pathOrHref.startsWith('/') ? '' : '/'}${pathOrHref}`);
    if (u.origin !== origin) throw new VcdError(`[vcdkit] refusing to send the session to ${u.origin}, which is not ${origin}`);
    if (query) for (const k in query) if (query[k] !== undefined) u.searchParams.set(k, String(query[k]));
    return u;
  }

  /** Resolves a URN (urn:vcloud:type:uuid) to its Entity, whose alternate links lead to the object. */
  entity(urn: string): Promise<Entity> {
    return this.get<Entity>(`/api/entity/${encodeURIComponent(urn)}`);
  }

  /** GETs the target of a resource's link by rel (and media type), asking for it as JSON. */
  follow<T = unknown>(resource: Resource, rel: string, type?: string, opts: RequestOptions = {}): Promise<T> {
    const link = findLink(resource, rel, type);
    return this.get<T>(link.href, { accept: acceptFor(link), ...opts });
  }

  /** The cell's own XML document at a path or href, as it served it (for showing or keeping, not for reading: use get). */
  async document(pathOrHref: string, opts: Pick<RequestOptions, 'signal'> = {}): Promise<string> {
    return (await this.send<string>('GET', pathOrHref, { ...opts, accept: 'application/*+xml' })).text;
  }

  /** One page (the first unless `page` says) of a typed legacy query, as the cell's own XML QueryResultRecords document. */
  async queryDocument(type: string, opts: QueryOptions = {}): Promise<string> {
    return (await this.send<string>('GET', '/api/query', { query: queryParameters(type, opts), accept: 'application/*+xml', signal: opts.signal })).text;
  }

  /** Every record of a typed legacy query (/api/query?type=…), fetched page by page as you iterate. */
  query<R = QueryRecord>(type: string, opts?: QueryOptions): AsyncGenerator<R, void, undefined> {
    return legacyQuery<R>(this, type, opts);
  }

  /** Every item of a CloudAPI list (e.g. "/cloudapi/1.0.0/rights"), fetched page by page as you iterate. */
  pages<T>(path: string, opts?: PageOptions): AsyncGenerator<T, void, undefined> {
    return cloudPages<T>(this, path, opts);
  }

  /** Ends the session (DELETE /cloudapi/1.0.0/sessions/{id}, or DELETE /api/session). Later requests fail with SessionEndedError. */
  async logout(): Promise<void> {
    const creds = this.#s.credentials;
    if (creds && !this.#s.loggedOut) {
      const raw = (method: string, path: string) =>
        this.#s.transport.send({ method, url: this.url(path), headers: { ...this.#defaultHeaders(path, {}), ...authHeader(creds) } });
      // DELETE /api/session is gone from API 38.0; the CloudAPI session id works from 34.0.
      let sessionId = creds.sessionId;
      if (!sessionId && atLeast(this.#s.apiVersion, '34.0')) {
        const current = await raw('GET', '/cloudapi/1.0.0/sessions/current');
        if (current.status === 200) sessionId = (JSON.parse(current.text) as { id?: string }).id;
      }
      const res = await raw('DELETE', sessionId ? `/cloudapi/1.0.0/sessions/${sessionId}` : '/api/session');
      if (res.status >= 400 && res.status !== 401) throw requestError(res);
    }
    this.#s.loggedOut = true;
    this.#s.credentials = undefined;
  }

  /** Logs out (if logged in; `logout: false` keeps the session for later use of its token) and closes the connection pool. */
  async close(opts: { logout?: boolean } = {}): Promise<void> {
    try {
      if (this.#s.credentials && opts.logout !== false) await this.logout();
    } finally {
      await this.#s.transport.close();
    }
  }

  #defaultHeaders(path: string, opts: RequestOptions): Record<string, string> {
    const v = this.#s.apiVersion;
    const accept = opts.accept ?? (path.startsWith('/cloudapi/') ? 'application/json' : 'application/*+json');
    const headers: Record<string, string> = { accept: accept.includes('version=') ? accept : `${accept};version=${v}` };
    if (this.#tenantContext) headers['x-vmware-vcloud-tenant-context'] = this.#tenantContext;
    if (opts.json !== undefined || opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    return opts.headers ? { ...headers, ...opts.headers } : headers;
  }

  async #authenticated(method: string, target: URL, opts: RequestOptions): Promise<HttpResponse> {
    const s = this.#s;
    const url = target.toString();
    const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
    const attempt = async (): Promise<{ res: HttpResponse; creds: Credentials | undefined }> => {
      const creds = s.credentials;
      const headers = this.#defaultHeaders(target.pathname, opts);
      if (creds) Object.assign(headers, authHeader(creds));
      const res = await s.transport.send({ method, url, body, signal: opts.signal, timeoutMs: opts.timeoutMs, headers });
      if (res.status < 400) s.lastActivity = s.clock.now();
      return { res, creds };
    };

    if (s.loggedOut) throw new SessionEndedError('[vcdkit] this client has logged out; connect again to continue.');
    if (this.#runningOut()) await this.#renew();
    const first = await attempt();
    if (first.res.status !== 401 || !s.auth) return first.res;

    const rejected = requestError(first.res);
    if (!s.auth.renewable) {
      throw new SessionEndedError(`[vcdkit] the session has ended (it expired, was logged out or its token was revoked), and ${s.auth.description} cannot log in again. Connect with fresh credentials.`, rejected);
    }
    if (!safeToRepeat(method, rejected)) throw rejected;
    // Another request may already have renewed the session while this one was in flight.
    if (s.credentials === first.creds) await this.#renew();
    const second = await attempt();
    if (second.res.status === 401) {
      throw new SessionEndedError(`[vcdkit] the cell refused a fresh session from ${s.auth.description}; the account may be disabled or the token revoked.`, requestError(second.res));
    }
    return second.res;
  }

  /** Whether the session runs out within the refresh margin (and can be renewed): checked before each request. */
  #runningOut(): boolean {
    const s = this.#s;
    const creds = s.credentials;
    if (!creds || !s.auth?.renewable) return false;
    const runsOutAt = Math.min(creds.expiresAt ?? Infinity, creds.idleTimeoutMs ? s.lastActivity + creds.idleTimeoutMs : Infinity);
    return s.clock.now() >= runsOutAt - s.refreshMarginMs;
  }

  /** One login at a time: concurrent callers share the renewal in flight. */
  async #renew(): Promise<void> {
    const s = this.#s;
    s.renewing ??= this.#login().catch((err: unknown) => {
      throw new SessionEndedError(`[vcdkit] the session ended and logging in again (${s.auth?.description}) failed: ${(err as Error).message}`, err);
    }).finally(() => { s.renewing = undefined; });
    await s.renewing;
  }

  async #login(): Promise<void> {
    const s = this.#s;
    if (!s.auth) return;
    const ctx: AuthContext = {
      baseUrl: s.baseUrl,
      apiVersion: s.apiVersion,
      now: () => s.clock.now(),
      sleep: (ms, signal) => s.clock.sleep(ms, signal),
      send: (req: AuthRequest) => s.transport.send({
        method: req.method, url: this.url(req.path), body: req.body, signal: req.signal, headers: req.headers ?? {},
      }),
    };
    const creds = await s.auth.login(ctx);
    s.credentials = { ...creds, expiresAt: creds.expiresAt ?? jwtExpiresAt(creds.token) };
    s.lastActivity = s.clock.now();
  }
}

function authHeader(creds: Credentials): Record<string, string> {
  return creds.scheme === 'legacy' ? { 'x-vcloud-authorization': creds.token } : { authorization: `Bearer ${creds.token}` };
}

/**
 * A request refused with 401 is repeated after a fresh login when doing so cannot act twice: idempotent
 * methods always; others only when the cell answered a VCD error document, i.e. it refused the
 * request at authentication, before acting on it.
 */
function safeToRepeat(method: string, rejected: VcdRequestError): boolean {
  return isIdempotent(method) || (rejected instanceof UnauthorizedError && rejected.minorErrorCode !== undefined);
}
