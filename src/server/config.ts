// A cell's configuration: flags, with VCDKIT_* environment variables as fallbacks.
import type { LockoutPolicy } from './services/identity.ts';

export interface CellConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  seedFile?: string | undefined;
  publicUrl?: string | undefined;
  release?: string | undefined;
  idleMinutes: number;
  absoluteMinutes: number;
  lockout: LockoutPolicy;
  showStackTraces: boolean;
  /** pino level of the cell log; at info and below (the default) the access log is on too; false for neither */
  logLevel: string | false;
  /** seconds for a request's headers to arrive; past it, 408 and the connection closed */
  headersTimeoutSeconds: number;
  /** seconds for a whole request (headers and body) to arrive; past it, 408 and the connection closed */
  requestTimeoutSeconds: number;
  /** open connections at most; one over it is closed at once, unanswered */
  maxConnections: number;
}

export const defaults: CellConfig = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './.vcdkit',
  idleMinutes: 30,
  absoluteMinutes: 1440,
  // VCD's general settings: InvalidLoginsBeforeLockout 5, AccountLockoutIntervalMinutes 10.
  lockout: { enabled: true, invalidLoginsBeforeLockout: 5, lockoutIntervalMinutes: 10 },
  showStackTraces: false,
  logLevel: 'info',
  // As Tomcat's connectionTimeout (20 s) for the headers, a minute for the whole request.
  headersTimeoutSeconds: 20,
  requestTimeoutSeconds: 60,
  maxConnections: 4096,
};
