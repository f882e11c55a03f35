// Sends generated hostile requests to a cell on loopback and counts the answers. Bounded: a fixed
// number of requests, each with a timeout, to 127.0.0.1 only.
import { connect } from 'node:net';
import { Pool, errors as undiciErrors } from 'undici';
import { generate, type FuzzRequest } from './grammar.ts';
import { Random } from './random.ts';
import { checkHealth, type World } from './world.ts';

export interface FuzzOptions {
  requests: number;
  seed: number;
  concurrency: number;
  timeoutMs: number;
}

export interface Finding {
  index: number;
  status: number | string;
  request: string;
  tags: string[];
  answer: string;
}

export interface FuzzReport {
  requests: number;
  byClass: Record<string, number>;
  byStatus: Record<string, number>;
  /** requests that got no HTTP answer (timeout, reset before a status line) */
  unanswered: number;
  /** requests the HTTP client library refused to send (not the cell's doing) */
  unsendable: number;
  /** 5xx answers and unanswered requests, the first few of each */
  findings: Finding[];
  /** the requests that took longest to answer, for spotting what stalls the cell */
  slowest: Array<{ ms: number; request: string; tags: string[] }>;
  /** what the after-run checks found wrong */
  health: string[];
  elapsedMs: number;
}

const MAX_FINDINGS = 20;
const SLOWEST = 5;

function describe(req: FuzzRequest): string {
  if (req.raw) return `raw ${JSON.stringify(req.body?.slice(0, 160))}`;
  return `${req.method} ${req.path.slice(0, 160)}${req.body ? ` body ${JSON.stringify(req.body.slice(0, 120))}` : ''}`;
}

/** Header values undici sends as they are: no control characters, nothing beyond Latin-1. */
const SENDABLE = /^[\t\x20-\x7e\x80-\xff]*$/;
const clientSendable = (req: FuzzRequest) => req.headers.every((h) => SENDABLE.test(h));

/** A request as the bytes of an HTTP/1.1 message, for a raw socket (UTF-8 header values, framing our own). */
function asBytes(req: FuzzRequest): string {
  const lines = [`${req.method} ${req.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (let i = 0; i < req.headers.length; i += 2) lines.push(`${req.headers[i]}: ${Buffer.from(req.headers[i + 1]!, 'utf8').toString('latin1')}`);
  const body = Buffer.from(req.body ?? '', 'utf8').toString('latin1');
  if (req.body !== undefined) lines.push(`Content-Length: ${body.length}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Raw bytes on a socket of their own; the answer is the status of the first response line. */
function sendRaw(url: URL, bytes: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    const socket = connect(Number(url.port), '127.0.0.1', () => socket.write(bytes, 'latin1'));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      out += chunk;
      const m = /^HTTP\/1\.[01] (\d{3}) /.exec(out);
      if (m && out.includes('\r\n\r\n')) {
        socket.destroy();
        resolve({ status: Number(m[1]), text: out.slice(0, 400) });
      }
    });
    socket.on('error', (err) => reject(err));
    socket.on('close', () => reject(new Error(`closed without an answer: ${JSON.stringify(out.slice(0, 80))}`)));
  });
}

export async function runFuzz(world: World, opts: FuzzOptions, progress?: (done: number) => void): Promise<FuzzReport> {
  const url = new URL(world.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`the fuzzer speaks to 127.0.0.1 only, not ${url.hostname}`);
  const pool = new Pool(url.origin, { connections: opts.concurrency, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs });
  const random = new Random(opts.seed);
  const report: FuzzReport = { requests: 0, byClass: {}, byStatus: {}, unanswered: 0, unsendable: 0, findings: [], slowest: [], health: [], elapsedMs: 0 };
  const started = performance.now();
  let next = 0;

  const record = (index: number, req: FuzzRequest, status: number | string, answer: string) => {
    if (typeof status === 'number') {
      const cls = `${Math.floor(status / 100)}xx`;
      report.byClass[cls] = (report.byClass[cls] ?? 0) + 1;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if (status < 500) return;
    } else {
      report.unanswered++;
    }
    if (report.findings.length < MAX_FINDINGS) report.findings.push({ index, status, request: describe(req), tags: req.tags, answer: answer.slice(0, 300) });
  };

  const one = async (index: number, req: FuzzRequest) => {
    if (req.raw || !clientSendable(req)) {
      try {
        const { status, text } = await sendRaw(url, req.raw ? req.body ?? '' : asBytes(req), opts.timeoutMs);
        record(index, req, status, text);
      } catch (err) {
        record(index, req, (err as Error).message, '');
      }
      return;
    }
    try {
      const res = await pool.request({
        method: req.method, path: req.path, headers: req.headers, body: req.body, signal: AbortSignal.timeout(opts.timeoutMs),
      });
      const text = await res.body.text();
      record(index, req, res.statusCode, res.statusCode >= 500 ? text : '');
    } catch (err) {
      if (err instanceof undiciErrors.InvalidArgumentError) { report.unsendable++; return; }
      record(index, req, `${(err as Error).name}: ${(err as Error).message}`, '');
    }
  };

  const worker = async () => {
    while (next < opts.requests) {
      const index = next++;
      const req = generate(random, world);
      const t0 = performance.now();
      // The client's own timeouts are not trusted alone: a request that stalls is a finding, not a stalled run.
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<void>((resolve) => {
        timer = setTimeout(() => { record(index, req, `no answer within ${opts.timeoutMs} ms`, ''); resolve(); }, opts.timeoutMs + 1000);
      });
      await Promise.race([one(index, req), stalled]);
      clearTimeout(timer);
      const ms = performance.now() - t0;
      if (report.slowest.length < SLOWEST || ms > report.slowest[report.slowest.length - 1]!.ms) {
        report.slowest.push({ ms: Math.round(ms), request: describe(req), tags: req.tags });
        report.slowest.sort((x, y) => y.ms - x.ms).splice(SLOWEST);
      }
      report.requests++;
      if (progress && report.requests % 1000 === 0) progress(report.requests);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    await pool.close();
  }
  report.elapsedMs = performance.now() - started;
  report.health = await checkHealth(world);
  return report;
}

/** Whether the run is clean: no 5xx, every request answered, the cell healthy afterwards. */
export const passed = (r: FuzzReport) => !r.byClass['5xx'] && r.unanswered === 0 && r.health.length === 0;
