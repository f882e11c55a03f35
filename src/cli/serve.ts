// `vcdkit serve`: start a cell and print how to reach it.
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaults, type CellConfig } from '../server/config.ts';
import { parseBooleanWord } from '../sdk/env.ts';
import type { ServedCertificate } from '../server/tls.ts';
import type { Credential } from '../server/bootstrap.ts';
import { CliError } from './errors.ts';
import { EXIT } from './exit-codes.ts';

const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number, 0 or more');
  return n;
};
// The SDK's rule, so VCDKIT_SHOW_STACK_TRACES=false means false (commander alone reads only a variable's presence).
const bool = (v: string) => {
  const b = parseBooleanWord(v);
  if (b === undefined) throw new InvalidArgumentError('Use true/false, 1/0, yes/no or on/off.');
  return b;
};

/** Where the certificate is and its fingerprint, so clients can be told to trust it (curl --cacert …). */
function certificateLine(c: ServedCertificate): string {
  const origin = { given: 'given', generated: 'self-signed, generated now', kept: 'self-signed' }[c.origin];
  return `TLS certificate: ${c.certFile} (${origin})  SHA-256 fingerprint: ${c.fingerprint}`;
}
/**
 * The environment a script needs, as Terraform's vcd provider reads it (VCD_URL is the API root, ending in /api):
 * a tenant account made now, with its password, or the URL alone on a later start.
 */
function exportLines(base: string, tenant: Credential | undefined, certificate: ServedCertificate | undefined): string[] {
  return [
    `export VCD_URL=${base}/api`,
    ...(certificate && certificate.origin !== 'given' ? ['export VCD_ALLOW_UNVERIFIED_SSL=true'] : []),
    ...(tenant ? [`export VCD_ORG=${tenant.org}`, `export VCD_USER=${tenant.user}`, `export VCD_PASSWORD=${tenant.password}`] : []),
  ];
}

/** a limit of 0 would turn Node's protection off, so it is refused */
const positive = (v: string) => {
  const n = num(v);
  if (n === 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
};

/** Where the store is: --data (SQLite) or --database (PostgreSQL), as `serve` and `admin` take them. */
export const dataOption = () => new Option('--data <dir>', 'directory of the embedded SQLite store').env('VCDKIT_DATA').default(defaults.dataDir);
export const databaseOption = () => new Option('--database <url>', 'postgres:// URL to use PostgreSQL instead').env('VCDKIT_DATABASE');

export function serveCommand(): Command {
  return new Command('serve')
    .description('run a Cloud Director compatible API cell')
    .addOption(new Option('--host <host>', 'address to listen on').env('VCDKIT_HOST').default(defaults.host))
    .addOption(new Option('--port <port>', 'port to listen on').env('VCDKIT_PORT').argParser(num).default(defaults.port))
    .addOption(dataOption())
    .addOption(databaseOption())
    .addOption(new Option('--seed <file>', 'YAML/JSON file of orgs and users to apply at start').env('VCDKIT_SEED'))
    .addOption(new Option('--public-url <url>', 'base URL used in hrefs (default: from the Host header)').env('VCDKIT_PUBLIC_URL'))
    .addOption(new Option('--tls [boolean]', 'serve https, with --cert/--key or a self-signed certificate kept in the data directory').env('VCDKIT_TLS').argParser(bool))
    .addOption(new Option('--cert <file>', 'PEM certificate (chain) to serve; implies --tls').env('VCDKIT_TLS_CERT').implies({ tls: true }))
    .addOption(new Option('--key <file>', 'PEM private key of --cert; implies --tls').env('VCDKIT_TLS_KEY').implies({ tls: true }))
    .addOption(new Option('--sealing-key-file <file>', 'the key that seals secrets and signs portal forms, the same file for every cell of one database (default: made in the data directory)').env('VCDKIT_SEALING_KEY_FILE'))
    .addOption(new Option('--session-idle-timeout <minutes>', 'idle session timeout').env('VCDKIT_SESSION_IDLE_TIMEOUT').argParser(num).default(defaults.idleMinutes))
    .addOption(new Option('--session-absolute-timeout <minutes>', 'absolute session timeout').env('VCDKIT_SESSION_ABSOLUTE_TIMEOUT').argParser(num).default(defaults.absoluteMinutes))
    .addOption(new Option('--audit-retention-days <days>', 'days of audit trail history to keep (0: forever)').env('VCDKIT_AUDIT_RETENTION_DAYS').argParser(num).default(defaults.audit.retentionDays))
    .addOption(new Option('--audit-max-events <count>', 'most audit events kept, the oldest purged first (0: no bound)').env('VCDKIT_AUDIT_MAX_EVENTS').argParser(num).default(defaults.audit.maxEvents))
    .addOption(new Option('--session-cache-size <sessions>', 'sessions kept in memory (least recently used evicted)').env('VCDKIT_SESSION_CACHE_SIZE').argParser(num).default(defaults.sessionCacheSize))
    .addOption(new Option('--task-delay <ms>', 'how long a task takes (0: it ends before the request is answered)').env('VCDKIT_TASK_DELAY').argParser(num).default(defaults.taskDelayMs))
    .addOption(new Option('--cell-lease <seconds>', 'how long a cell that stops renewing its lease keeps its tasks before another cell ends them').env('VCDKIT_CELL_LEASE').argParser(positive).default(defaults.leaseSeconds))
    .addOption(new Option('--release <release>', 'offer only the API versions of a Cloud Director release (10.2 … 10.6)').env('VCDKIT_RELEASE'))
    .addOption(new Option('--show-stack-traces [boolean]', 'include stack traces in error documents').env('VCDKIT_SHOW_STACK_TRACES').argParser(bool))
    .addOption(new Option('--log-level <level>', 'log level (fatal … trace, or silent); info and below add one access-log line per request').env('VCDKIT_LOG_LEVEL').default(defaults.logLevel))
    .addOption(new Option('--headers-timeout <seconds>', 'time for a request\'s headers to arrive, else 408').env('VCDKIT_HEADERS_TIMEOUT').argParser(positive).default(defaults.headersTimeoutSeconds))
    .addOption(new Option('--request-timeout <seconds>', 'time for a whole request, headers and body, to arrive, else 408').env('VCDKIT_REQUEST_TIMEOUT').argParser(positive).default(defaults.requestTimeoutSeconds))
    .addOption(new Option('--body-timeout <seconds>', 'longest a request body may pause with no byte arriving, else 408').env('VCDKIT_BODY_TIMEOUT').argParser(positive).default(defaults.bodyTimeoutSeconds))
    .addOption(new Option('--max-connections <n>', 'open connections at most; one over it is closed unanswered').env('VCDKIT_MAX_CONNECTIONS').argParser(positive).default(defaults.maxConnections))
    .addOption(new Option('--max-connections-per-address <n>', 'open connections from one client address at most; one over it is closed unanswered').env('VCDKIT_MAX_CONNECTIONS_PER_ADDRESS').argParser(positive).default(defaults.maxConnectionsPerAddress))
    .action(async (o) => {
      const config: CellConfig = {
        ...defaults,
        host: o.host, port: o.port, dataDir: o.data, databaseUrl: o.database, seedFile: o.seed,
        publicUrl: o.publicUrl?.replace(/\/+$/, ''), release: o.release,
        tls: o.tls === true ? { certFile: o.cert, keyFile: o.key } : undefined, sealingKeyFile: o.sealingKeyFile,
        idleMinutes: o.sessionIdleTimeout, absoluteMinutes: o.sessionAbsoluteTimeout, sessionCacheSize: o.sessionCacheSize,
        audit: { retentionDays: o.auditRetentionDays, maxEvents: o.auditMaxEvents },
        taskDelayMs: o.taskDelay, leaseSeconds: o.cellLease,
        showStackTraces: o.showStackTraces === true, logLevel: o.logLevel,
        headersTimeoutSeconds: o.headersTimeout, requestTimeoutSeconds: o.requestTimeout, bodyTimeoutSeconds: o.bodyTimeout,
        maxConnections: o.maxConnections, maxConnectionsPerAddress: o.maxConnectionsPerAddress,
      };
      // Loaded here, so client commands do not pay for the server's modules at start-up.
      const { buildCell } = await import('../server/app.ts');
      const { bootstrap, newTenantAccount } = await import('../server/bootstrap.ts');
      const { StartRefused } = await import('../server/store/start-refused.ts');
      const cell = await buildCell(config).catch((err: unknown) => {
        throw err instanceof StartRefused ? new CliError(err.message, EXIT.error, err.hint) : err;
      });
      const credentials = await bootstrap(cell.services, config.seedFile).catch(async (err: unknown) => {
        await cell.close(); // a refused seed file: let the process end with its message
        throw err;
      });
      const address = await cell.app.listen({ host: config.host, port: config.port }).catch(async (err: NodeJS.ErrnoException) => {
        await cell.close();
        if (err.code !== 'EADDRINUSE') throw err;
        throw new CliError(`port ${config.port} on ${config.host} is already in use`, EXIT.error,
          'another process (another cell?) listens there: choose another port with --port <port>, or --port 0 for any free one');
      });
      const base = config.publicUrl ?? address;
      const lines = [
        `vcdkit cell listening on ${address} (store: ${cell.store.description})`,
        `API URL: ${base}/api   versions: ${base}/api/versions`,
        `Portal: ${base}/tenant/<org>   provider: ${base}/provider`,
        ...(cell.certificate ? [certificateLine(cell.certificate)] : []),
        ...credentials.filter((c) => c.password).map((c) => `  created ${c.user}@${c.org}  password: ${c.password}`),
        ...exportLines(base, newTenantAccount(credentials), cell.certificate),
      ];
      process.stdout.write(lines.join('\n') + '\n');
      const stop = async () => {
        await cell.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
