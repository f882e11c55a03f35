// Fixed, bounded load from this process with autocannon: same connections and duration for every row.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST' | 'DELETE';
  body?: string;
  /** seconds; BENCH_DURATION overrides for quick runs */
  duration?: number;
  connections?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  /** responses whose status was not 2xx, and socket errors/timeouts */
  failures: number;
}

const DEFAULT_DURATION = Number(process.env.BENCH_DURATION ?? 3);
const DEFAULT_CONNECTIONS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function measureOnce(o: LoadOptions): Promise<LoadResult> {
  const url = new URL(o.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`benchmarks run on loopback only, not ${url.hostname}`);
  const run = (duration: number) => autocannon({
    url: o.url,
    method: o.method ?? 'GET',
    headers: o.headers ?? {},
    ...(o.body !== undefined && { body: o.body }),
    connections: o.connections ?? DEFAULT_CONNECTIONS,
    pipelining: 1,
    duration,
    timeout: 10,
  });
  await run(1); // warm-up: JIT, caches, keep-alive sockets
  const r = await run(o.duration ?? DEFAULT_DURATION);
  return {
    requestsPerSecond: r.requests.average,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/**
 * Measures several targets in alternating rounds (A, B, A, B, …) and keeps each one's median round,
 * so that a noisy neighbour on the machine hits every target alike instead of skewing one of them.
 */
export async function compare(targets: LoadOptions[]): Promise<LoadResult[]> {
  const rounds: LoadResult[][] = targets.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [t, target] of targets.entries()) rounds[t]!.push(await measureOnce(target));
  }
  return rounds.map((rs) => {
    const median = [...rs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(rs.length / 2)]!;
    return { ...median, failures: rs.reduce((n, r) => n + r.failures, 0) };
  });
}
