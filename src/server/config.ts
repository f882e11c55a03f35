// A cell's configuration: flags, with VCDKIT_* environment variables as fallbacks.
import type { AuditRetention } from './services/audit.ts';
import type { LockoutPolicy } from './services/identity.ts';
import type { TlsConfig } from './tls.ts';

export interface CellConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  seedFile?: string | undefined;
  publicUrl?: string | undefined;
  /** serve https (HTTP/1.1 over TLS 1.2+), with the given certificate or a self-signed one; absent: plain http */
  tls?: TlsConfig | undefined;
  release?: string | undefined;
  /** the sealing key's file, which every cell of one store is given; absent: sealing.key in dataDir, made at first start */
  sealingKeyFile?: string | undefined;
  idleMinutes: number;
  absoluteMinutes: number;
  /** sessions kept in memory (least recently used evicted); the rest are read from the store when used */
  sessionCacheSize: number;
  lockout: LockoutPolicy;
  audit: AuditRetention;
  /** how long a task takes (ms); 0 ends it before the request that started it is answered */
  taskDelayMs: number;
  /**
   * seconds a cell's lease on its tasks lasts without a heartbeat (renewed three times a lease): once it has run
   * out, another cell of the store ends the tasks of a cell that died
   */
  leaseSeconds: number;
  showStackTraces: boolean;
  /** pino level of the cell log; at info and below (the default) the access log is on too; false for neither */
  logLevel: string | false;
  /** seconds for a request's headers to arrive; past it, 408 and the connection closed */
  headersTimeoutSeconds: number;
  /** seconds for a whole request (headers and body) to arrive; past it, 408 and the connection closed */
  requestTimeoutSeconds: number;
  /** seconds a request body may pause (no byte arriving); past it, 408 and the connection closed */
  bodyTimeoutSeconds: number;
  /** open connections at most; one over it is closed at once, unanswered */
  maxConnections: number;
  /** open connections from one client address at most; one over it is closed at once, unanswered */
  maxConnectionsPerAddress: number;
}

export const defaults: CellConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './.vcdkit',
  idleMinutes: 30,
  absoluteMinutes: 1440,
  sessionCacheSize: 10_000,
  // VCD's general settings: InvalidLoginsBeforeLockout 5, AccountLockoutIntervalMinutes 10.
  lockout: { enabled: true, invalidLoginsBeforeLockout: 5, lockoutIntervalMinutes: 10 },
  // VCD's general settings: "Days of activity log history to keep" 90; the row bound is ours.
  audit: { retentionDays: 90, maxEvents: 1_000_000 },
  // vcsim's default: a task ends at once, which is what CI wants.
  taskDelayMs: 0,
  // three minutes: a cell missing two heartbeats (a minute apart) is taken for dead
  leaseSeconds: 180,
  showStackTraces: false,
  logLevel: 'info',
  // As Tomcat's connectionTimeout (20 s) for the headers, a minute for the whole request.
  headersTimeoutSeconds: 20,
  requestTimeoutSeconds: 60,
  // A body that pauses this long has stalled: a client on any working link sends more within it.
  bodyTimeoutSeconds: 10,
  maxConnections: 4096,
  // Far more than a client opens (browsers 6, pooled SDKs tens), so that 16 addresses are needed to fill the cell.
  maxConnectionsPerAddress: 256,
};
