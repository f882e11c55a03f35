// The one interface every login method implements. The client knows nothing of how a token was
// obtained: it asks the strategy for credentials at connect, and again when a session ends, if the
// strategy says it can (a bare access token cannot).
import type { HttpResponse } from '../transport.ts';

/** An unauthenticated request a strategy sends through the client's transport (base URL, retries, logs). */
export interface AuthRequest {
  method: string;
  /** a path below the base URL, e.g. "/cloudapi/1.0.0/sessions" */
  path: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** What the client lends a strategy while it logs in. */
export interface AuthContext {
  baseUrl: string;
  /** the negotiated API version */
  apiVersion: string;
  send(req: AuthRequest): Promise<HttpResponse>;
  /** the client's clock (ms since the epoch) */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A session token and what is known about its lifetime. */
export interface Credentials {
  token: string;
  /** "bearer" sends Authorization: Bearer; "legacy" sends x-vcloud-authorization (pre-JWT tokens) */
  scheme: 'bearer' | 'legacy';
  /** when the token stops working (client clock, ms), if the server said */
  expiresAt?: number | undefined;
  /** the server's idle timeout, if it said (the session ends this long after the last request) */
  idleTimeoutMs?: number | undefined;
  /** the CloudAPI session id (urn:vcloud:session:…), if the login answered it */
  sessionId?: string | undefined;
}

export interface AuthStrategy {
  /** for messages, e.g. "password login as HelloUser@ExampleOrg"; never contains a secret */
  readonly description: string;
  /** true when login() can run again unattended after the session ends */
  readonly renewable: boolean;
  login(ctx: AuthContext): Promise<Credentials>;
}
