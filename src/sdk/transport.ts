// The one place requests leave the SDK: Node's own http/https with a keep-alive Agent (no HTTP library to
// load: importing undici alone costs ~30 MB, and Node's fetch takes no TLS options without it), a client
// request id on every request, a timeout, retries with backoff on 429 and 503 honouring Retry-After, and
// a debug hook that only ever sees redacted data.
import { randomUUID, X509Certificate } from 'node:crypto';
import type { Agent as HttpAgent, ClientRequest, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { ConnectionError, VcdTimeoutError } from './errors.ts';
import { redactBody, redactHeaders, redactUrl } from './redact.ts';
import { ResponseHeaders } from './response-headers.ts';

// node:http imported as an ES module loads undici (~10 MB) to fill its WebSocket exports; the built-in module
// itself, as getBuiltinModule gives it, does not.
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

export interface TlsOptions {
  /** PEM certificate(s) of the CA(s) to trust, instead of Node's bundled roots */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** skip certificate verification entirely (test labs only); never the default */
  insecure?: boolean | undefined;
}

/** A certificate of the chain a TLS connection was verified with. */
export interface ServerCertificate {
  /** the certificate as PEM */
  pem: string;
  /** colon-separated hex, as openssl and the cell's banner print it */
  fingerprint256: string;
  subject: string;
}

export interface RetryOptions {
  /** how many times a 429/503 answer is retried (default 3) */
  retries?: number | undefined;
  /** first backoff delay when the server gives no Retry-After (default 500 ms), doubled per attempt */
  baseDelayMs?: number | undefined;
  /** the longest single wait, Retry-After included; a longer Retry-After ends the retries (default 30 s) */
  maxDelayMs?: number | undefined;
}

/** What the debug hook receives: secrets are already redacted. */
export type DebugEvent =
  | { type: 'request'; method: string; url: string; headers: Record<string, string>; body?: string | undefined; attempt: number; clientRequestId: string }
  | { type: 'response'; method: string; url: string; status: number; headers: Record<string, string>; body?: string | undefined; durationMs: number; clientRequestId: string; requestId?: string | undefined }
  | { type: 'retry'; method: string; url: string; status: number; delayMs: number; attempt: number; clientRequestId: string };

export interface TransportOptions {
  tls?: TlsOptions | undefined;
  /** per-request timeout, default 60 s */
  timeoutMs?: number | undefined;
  retry?: RetryOptions | undefined;
  debug?: ((event: DebugEvent) => void) | undefined;
  userAgent?: string | undefined;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** repeating is safe although the method is not idempotent (e.g. the server refused it unprocessed) */
  repeatable?: boolean | undefined;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  request: { method: string; url: string; clientRequestId: string };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/;
const LOGGED_BODY_CHARS = 8192;

export const isIdempotent = (method: string) => IDEMPOTENT.has(method.toUpperCase());

/** Retry-After as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits ms, or rejects with the signal's reason when it aborts first. */
export const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = () => { clearTimeout(timer); reject(signal?.reason); };
  signal?.addEventListener('abort', onAbort, { once: true });
});

export class Transport {
  readonly #http: HttpAgent;
  readonly #https: HttpsAgent;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #debug: ((event: DebugEvent) => void) | undefined;
  readonly #userAgent: string;
  readonly #verifies: boolean;
  #verifiedChain: ServerCertificate[] = [];

  constructor(opts: TransportOptions = {}) {
    const tls = opts.tls ?? {};
    this.#http = new http.Agent({ keepAlive: true });
    this.#https = new https.Agent({ keepAlive: true, ca: tls.ca, rejectUnauthorized: !tls.insecure });
    this.#verifies = !tls.insecure;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#retries = opts.retry?.retries ?? 3;
    this.#baseDelayMs = opts.retry?.baseDelayMs ?? 500;
    this.#maxDelayMs = opts.retry?.maxDelayMs ?? 30_000;
    this.#debug = opts.debug;
    this.#userAgent = opts.userAgent ?? 'vcdkit-sdk';
  }

  /** Sends a request, retrying 429 (never processed) and 503 (when safe to repeat); returns any status. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const clientRequestId = randomUUID();
    const method = req.method.toUpperCase();
    const headers = { 'user-agent': this.#userAgent, ...req.headers, 'x-vmware-vcloud-client-request-id': clientRequestId };
    const repeatable = isIdempotent(method) || req.repeatable === true;
    for (let attempt = 1; ; attempt++) {
      const res = await this.#once(req, method, headers, attempt, clientRequestId, repeatable);
      const retryable = res.status === 429 || (res.status === 503 && repeatable);
      if (!retryable || attempt > this.#retries) return res;
      const delayMs = retryAfterMs(res.headers.get('retry-after')) ?? this.#backoff(attempt);
      if (delayMs > this.#maxDelayMs) return res;
      this.#debug?.({ type: 'retry', method, url: redactUrl(req.url), status: res.status, delayMs, attempt, clientRequestId });
      await sleep(delayMs, req.signal);
    }
  }

  /**
   * The chain the first verified TLS connection was checked against, from the server's certificate to the
   * trust anchor that vouched for it (which Node finds in its store when the server does not send it); empty
   * over http or without verification.
   */
  get verifiedChain(): readonly ServerCertificate[] { return this.#verifiedChain; }

  /** Closes idle connections (the client is done). */
  async close(): Promise<void> {
    this.#http.destroy();
    this.#https.destroy();
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  async #once(
    req: HttpRequest, method: string, headers: Record<string, string>, attempt: number, clientRequestId: string, repeatable: boolean,
  ): Promise<HttpResponse> {
    const { url, body } = req;
    const safeUrl = redactUrl(url);
    const debug = this.#debug;
    debug?.({
      type: 'request', method, url: safeUrl, headers: redactHeaders(headers), attempt, clientRequestId,
      body: body === undefined ? undefined : redactBody(body, headers['content-type']),
    });
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    const started = performance.now();
    const deadline: Deadline = { at: started + timeoutMs, passed: false };
    try {
      const res = await this.#exchange(method, url, headers, body, req.signal, deadline, repeatable);
      const response: HttpResponse = { ...res, request: { method, url: safeUrl, clientRequestId } };
      debug?.({
        type: 'response', method, url: safeUrl, status: res.status, durationMs: Math.round(performance.now() - started),
        headers: redactHeaders(Object.fromEntries(res.headers)), clientRequestId,
        requestId: res.headers.get('x-vmware-vcloud-request-id') ?? undefined,
        body: res.text ? redactBody(res.text.slice(0, LOGGED_BODY_CHARS), res.headers.get('content-type') ?? '') : undefined,
      });
      return response;
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (deadline.passed) throw new VcdTimeoutError(`${method} ${safeUrl} did not complete within ${timeoutMs} ms`);
      throw connectionError(err, method, safeUrl);
    }
  }

  /**
   * One request and its whole answer, ended at the deadline (a timer cleared with the answer: a timeout signal
   * per request would keep its timer, and what it holds, alive for the whole timeout). A keep-alive socket the
   * server closed while it sat idle fails at once; then the request is sent once more on a fresh one, when
   * repeating it is safe (Node's documented pattern).
   */
  async #exchange(
    method: string, url: string, headers: Record<string, string>, body: string | undefined,
    signal: AbortSignal | undefined, deadline: Deadline, repeatable: boolean,
  ): Promise<Omit<HttpResponse, 'request'>> {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const send = secure ? https.request : http.request;
    const options = { method, headers, agent: secure ? this.#https : this.#http, signal };
    const payload = body === undefined ? undefined : Buffer.from(body);
    if (payload) options.headers = { ...headers, 'content-length': String(payload.length) };
    for (let fresh = false; ; fresh = true) {
      let sent: ClientRequest | undefined;
      try {
        return await new Promise((resolve, reject) => {
          const timer = setTimeout(() => { deadline.passed = true; sent?.destroy(); }, Math.max(0, deadline.at - performance.now()));
          sent = send(u, options, (res) => collect(res, timer, resolve, reject));
          if (secure) sent.once('socket', (socket) => this.#recordChain(sent!, socket as TLSSocket));
          sent.on('error', (err) => { clearTimeout(timer); reject(err); });
          sent.end(payload);
        });
      } catch (err) {
        const stale = sent?.reusedSocket && ['ECONNRESET', 'EPIPE'].includes((err as NodeJS.ErrnoException).code ?? '');
        if (!stale || fresh || !repeatable || signal?.aborted || deadline.passed) throw err;
      }
    }
  }

  /** Keeps the chain of a new verified connection (a reused socket's was kept when it was new). */
  #recordChain(request: ClientRequest, socket: TLSSocket): void {
    if (request.reusedSocket || !this.#verifies || this.#verifiedChain.length) return;
    socket.once('secureConnect', () => {
      if (!socket.authorized || this.#verifiedChain.length) return;
      const chain: ServerCertificate[] = [];
      for (let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true); c?.raw; c = c.issuerCertificate) {
        const x509 = new X509Certificate(c.raw);
        chain.push({ pem: x509.toString(), fingerprint256: x509.fingerprint256, subject: x509.subject });
        if (c.issuerCertificate === c) break; // the self-issued anchor names itself as its issuer
      }
      this.#verifiedChain = chain;
    });
  }
}

/** When a request must have been answered, and whether that time came first. */
interface Deadline { at: number; passed: boolean }

/** The status, headers (as WHATWG Headers, so callers see what fetch would give) and body text of a response; the timer ends with it. */
function collect(
  res: IncomingMessage, timer: NodeJS.Timeout, resolve: (answer: Omit<HttpResponse, 'request'>) => void, reject: (err: Error) => void,
): void {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => { text += chunk; });
  res.on('error', (err) => { clearTimeout(timer); reject(err); });
  res.on('end', () => {
    clearTimeout(timer);
    resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: new ResponseHeaders(res.rawHeaders), text });
  });
}

function connectionError(err: unknown, method: string, url: string): ConnectionError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const request = `${method} ${url}`;
  if (TLS_CODES.test(code)) {
    return new ConnectionError(`${request}: the server's TLS certificate is not trusted (${code}). `
      + 'Pass tls.ca with the CA that signed it (or, for a test lab only, tls.insecure / VCD_ALLOW_UNVERIFIED_SSL).', err, request, code);
  }
  return new ConnectionError(`${request}: cannot reach the server (${(err as Error).message})`, err, request);
}
