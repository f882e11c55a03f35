// Builds a cell: the store, the services on top of it, and the HTTP edge in front of them.
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { versionCatalogue } from './api-versions.ts';
import { systemClock, type Clock } from './clock.ts';
import type { CellConfig } from './config.ts';
import { errorDocument } from './representation/error.ts';
import { toXml } from './representation/serialize.ts';
import { requestIds } from './ids.ts';
import { openStore, type Store } from './store/db.ts';
import { certificateNames, serverCertificate, type ServedCertificate } from './tls.ts';
import { Sealer } from './services/sealing.ts';
import { createServices, type Services } from './services/index.ts';
import negotiation from './http/plugins/negotiation.ts';
import errorDocuments, { sendFrameworkError } from './http/plugins/errors.ts';
import authentication from './http/plugins/authentication.ts';
import requestId from './http/plugins/request-id.ts';
import accessLog from './http/plugins/access-log.ts';
import bodyTimeout from './http/plugins/body-timeout.ts';
import servicesPlugin from './http/plugins/services.ts';
import { limitConnectionsPerAddress, type ConnectionsByAddress } from './http/address-limit.ts';
import requestText from './http/plugins/request-text.ts';
import { jsonBodies } from './http/json-body.ts';
import { schemaError } from './http/schemas.ts';
import { versionsRoutes } from './http/routes/versions.ts';
import { legacySessionRoutes } from './http/routes/legacy-sessions.ts';
import { cloudapiSessionRoutes } from './http/routes/cloudapi-sessions.ts';
import { queryRoutes } from './http/routes/query.ts';
import { entityRoutes } from './http/routes/entity.ts';
import { adminRoutes } from './http/routes/admin.ts';
import { oauthRoutes } from './http/routes/oauth.ts';
import { apiTokenRoutes } from './http/routes/api-tokens.ts';
import { serviceAccountRoutes } from './http/routes/service-accounts.ts';
import { auditTrailRoutes } from './http/routes/audit-trail.ts';
import { rbacRoutes } from './http/routes/rbac.ts';
import { taskRoutes } from './http/routes/tasks.ts';
import { portalRoutes } from './portal/index.ts';
import { cloudEntityRoutes } from './http/routes/cloudapi-entities.ts';
import { entityApiRoutes } from './http/routes/entity-apis.ts';
import { cellRoutes } from './http/routes/cells.ts';
import { providerVdcRoutes } from './entities/provider-vdc/routes.ts';
import { nsxtResourceRoutes } from './entities/nsxt-manager/routes.ts';
import { networkPoolRoutes } from './entities/network-pool/routes.ts';

export interface Cell {
  app: FastifyInstance;
  services: Services;
  store: Store;
  /** the certificate served over https; absent when the cell speaks plain http */
  certificate?: ServedCertificate | undefined;
  /** the open connections per client address, as --max-connections-per-address counts them */
  connectionsByAddress: ConnectionsByAddress;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;

/** What Node answers itself, before Fastify sees the request: by its error code, status and message. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time.'],
};
const MALFORMED: [number, string, string] = [400, 'Bad Request', 'The request is malformed.'];

/**
 * Over TLS, every answer tells browsers to come back to this host only over https, for a year (not to
 * other hosts of its domain, which the cell cannot speak for).
 */
const HSTS = 'max-age=31536000';

/** A raw answer for what Node rejects: oversized or garbled headers, a request that arrives too slowly. */
function clientErrorResponse(err: NodeJS.ErrnoException, tls: boolean): string {
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? MALFORMED;
  const body = toXml(errorDocument({ status, minorErrorCode: 'BAD_REQUEST', message }));
  return `HTTP/1.1 ${status} ${reason}\r\n${tls ? `Strict-Transport-Security: ${HSTS}\r\n` : ''}`
    + `Content-Type: application/vnd.vmware.vcloud.error+xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export async function buildCell(config: CellConfig, clock: Clock = systemClock): Promise<Cell> {
  const catalogue = versionCatalogue(config.release);
  // Before the store opens: a certificate the cell cannot serve stops the start with nothing written.
  const certificate = config.tls
    ? await serverCertificate(config.tls, config.dataDir, certificateNames(config.host, config.publicUrl))
    : undefined;
  // The cell's log: warnings and failures, as JSON lines on stdout.
  const log = pino({ level: config.logLevel === false ? 'silent' : config.logLevel });
  const sealer = await Sealer.open(config.dataDir, config.sealingKeyFile);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  // One cell at a time prepares the store (the catalogues, the predefined roles): cells starting together wait.
  const services = await store.exclusively(async () => {
    await sealer.agreeWithStore(store.db);
    return createServices({
      clock, store, siteName: config.publicUrl ? new URL(config.publicUrl).host : config.host,
      timeouts: { idleMinutes: config.idleMinutes, absoluteMinutes: config.absoluteMinutes },
      sessionCacheSize: config.sessionCacheSize,
      lockout: config.lockout,
      audit: config.audit,
      taskDelayMs: config.taskDelayMs,
      sealer,
      cell: { name: hostname(), primaryIp: config.host, leaseMs: config.leaseSeconds * 1000 },
    });
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });

  const requestTimeout = config.requestTimeoutSeconds * 1000;
  const headersTimeout = Math.min(config.headersTimeoutSeconds * 1000, requestTimeout);
  const serverTimeouts = { headersTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout / 4) };
  // Fastify runs without a logger: requests are logged by the access log below, one line each, which
  // spares every request a child logger and two serialised objects.
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    // A request's headers, and then the whole request, must arrive within these times, else 408 (through
    // clientErrorHandler); Node checks every connectionsCheckingInterval, so that is kept well below them.
    requestTimeout,
    // HTTP/1.1, over TLS 1.2 or later (Node's default ciphers) with a certificate; request.protocol then
    // reads https, and so do hrefs. Node's https server takes the http server's timeouts too.
    ...(certificate
      ? { https: { ...serverTimeouts, cert: certificate.cert, key: certificate.key, minVersion: 'TLSv1.2' as const } }
      : { http: serverTimeouts }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    requestIdHeader: false,
    genReqId: requestIds(),
    frameworkErrors: sendFrameworkError,
    schemaErrorFormatter: schemaError,
    clientErrorHandler: (err, socket) => {
      // destroyed once the answer is out: a client that never closes its side must not keep the connection
      if (socket.writable) socket.end(clientErrorResponse(err, certificate !== undefined), () => socket.destroy());
      else socket.destroy(err);
    },
  });
  // Over the limits, a new connection is closed at once, unanswered; stalled ones free their place at the timeouts.
  app.server.maxConnections = config.maxConnections;
  // On Node's response before Fastify sees the request, so that every answer has it, even those no hook sees.
  if (certificate) app.server.prependListener('request', (_request, response) => response.setHeader('strict-transport-security', HSTS));
  const connectionsByAddress = limitConnectionsPerAddress(app.server, config.maxConnectionsPerAddress);
  jsonBodies(app);
  // VCD documents (with or without ;version=N) arrive as text, read by the route that knows which
  // document to expect (representation/read.ts).
  app.addContentTypeParser(/^application\/([\w.-]+\+)?xml\s*(;|$)/, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(/^application\/[\w.-]+\+json\s*(;|$)/, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // At info and below, one line per request, written asynchronously so that requests never wait for it.
  if (log.isLevelEnabled('info')) await app.register(accessLog, { destination: pino.destination({ dest: 1, sync: false }) });
  await app.register(servicesPlugin, { services });
  await app.register(errorDocuments, { showStackTraces: config.showStackTraces, log, storeUnavailable: store.isUnavailable });
  await app.register(bodyTimeout, { seconds: config.bodyTimeoutSeconds });
  await app.register(requestId);
  await app.register(negotiation, { catalogue, publicUrl: config.publicUrl });
  await app.register(authentication);
  await app.register(requestText);

  await app.register(versionsRoutes, { catalogue });
  await app.register(legacySessionRoutes);
  await app.register(cloudapiSessionRoutes);
  await app.register(queryRoutes);
  await app.register(entityRoutes);
  await app.register(adminRoutes, { catalogue });
  await app.register(oauthRoutes);
  await app.register(apiTokenRoutes);
  await app.register(serviceAccountRoutes);
  await app.register(auditTrailRoutes);
  await app.register(rbacRoutes);
  await app.register(taskRoutes);
  await app.register(cloudEntityRoutes);
  await app.register(entityApiRoutes);
  await app.register(cellRoutes, { catalogue });
  await app.register(providerVdcRoutes);
  await app.register(nsxtResourceRoutes);
  await app.register(networkPoolRoutes);
  await app.register(portalRoutes, { catalogue, log, selfSignedTls: certificate !== undefined && certificate.origin !== 'given' });

  return {
    app, services, store, certificate, connectionsByAddress,
    async close() {
      services.stop();
      // its lease given up (when the store is there to say so), so that a live cell ends at once what it leaves unfinished
      await services.cells.leave().catch(() => {});
      await app.close();
      await store.close();
    },
  };
}
