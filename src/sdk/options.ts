// What connecting and requesting take, and what a response is: the client's option types, apart from the
// client so that the modules it uses (env, query, tasks) need not import it.
import type { AuthStrategy } from './auth/strategy.ts';
import type { DebugEvent, RetryOptions, TlsOptions } from './transport.ts';

/** The client's sense of time; tests and simulations may drive it. */
export interface ClientClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ConnectOptions {
  /** how to log in; without one the client is anonymous (only /api/versions and public endpoints work) */
  auth?: AuthStrategy | undefined;
  /** pin an API version (must be offered by the server; deprecated versions allowed when pinned) */
  apiVersion?: string | undefined;
  /** let negotiation fall back to deprecated versions when no current one is shared */
  allowDeprecated?: boolean | undefined;
  /** an org's id (uuid) the provider acts for: sent as X-VMWARE-VCLOUD-TENANT-CONTEXT */
  tenantContext?: string | undefined;
  tls?: TlsOptions | undefined;
  /** per-request timeout in ms (default 60 000) */
  timeoutMs?: number | undefined;
  retry?: RetryOptions | undefined;
  /** receives every request, response and retry, with secrets redacted */
  debug?: ((event: DebugEvent) => void) | undefined;
  /** renew a session this long before it would run out (default 60 000 ms) */
  refreshMarginMs?: number | undefined;
  clock?: ClientClock | undefined;
  userAgent?: string | undefined;
}

export interface RequestOptions {
  /** a JSON body (serialised, Content-Type application/json unless contentType says otherwise) */
  json?: unknown;
  /** a raw body */
  body?: string | undefined;
  contentType?: string | undefined;
  /** Accept media type; ";version=N" is added. Default: application/json for /cloudapi, application/*+json for /api */
  accept?: string | undefined;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** A response as the SDK received it; `body` is parsed JSON when the server sent JSON, else text. */
export interface VcdResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}
