// Builds a cell: the store, the services on top of it, and the HTTP edge in front of them.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { versionCatalogue } from './api-versions.ts';
import { systemClock, type Clock } from './clock.ts';
import type { CellConfig } from './config.ts';
import { errorDocument } from './representation/error.ts';
import { toXml } from './representation/serialize.ts';
import { requestIds } from './ids.ts';
import { openStore, type Store } from './store/db.ts';
import { certificateNames, serverCertificate, type ServedCertificate } from './tls.ts';
import { createServices, servicesPlugin, type Services } from './services/index.ts';
import negotiation from './http/plugins/negotiation.ts';
import errorDocuments, { sendFrameworkError } from './http/plugins/errors.ts';
import authentication from './http/plugins/authentication.ts';
import requestId from './http/plugins/request-id.ts';
import { logReply, logRequest } from './http/redact.ts';
import { versionsRoutes } from './http/routes/versions.ts';
import { legacySessionRoutes } from './http/routes/legacy-sessions.ts';
import { cloudapiSessionRoutes } from './http/routes/cloudapi-sessions.ts';
import { orgRoutes } from './http/routes/orgs.ts';
import { queryRoutes } from './http/routes/query.ts';
import { entityRoutes } from './http/routes/entity.ts';
import { adminRoutes } from './http/routes/admin.ts';
import { oauthRoutes } from './http/routes/oauth.ts';
import { apiTokenRoutes } from './http/routes/api-tokens.ts';
import { serviceAccountRoutes } from './http/routes/service-accounts.ts';
import { auditTrailRoutes } from './http/routes/audit-trail.ts';
import { rbacRoutes } from './http/routes/rbac.ts';
import { taskRoutes } from './http/routes/tasks.ts';
import { vdcRoutes } from './http/routes/vdcs.ts';

export interface Cell {
  app: FastifyInstance;
  services: Services;
  store: Store;
  /** the certificate served over https; absent when the cell speaks plain http */
  certificate?: ServedCertificate | undefined;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;

/** A raw answer for what Node rejects before Fastify sees it (oversized or garbled headers). */
function clientErrorResponse(err: NodeJS.ErrnoException): string {
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = toXml(errorDocument({
    status, minorErrorCode: 'BAD_REQUEST',
    message: status === 431 ? 'The request headers are too large.' : 'The request is malformed.',
  }));
  return `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n`
    + `Content-Type: application/vnd.vmware.vcloud.error+xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

export async function buildCell(config: CellConfig, clock: Clock = systemClock): Promise<Cell> {
  const catalogue = versionCatalogue(config.release);
  // Before the store opens: a certificate the cell cannot serve stops the start with nothing written.
  const certificate = config.tls
    ? await serverCertificate(config.tls, config.dataDir, certificateNames(config.host, config.publicUrl))
    : undefined;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const services = await createServices({
    clock, store, siteName: config.publicUrl ? new URL(config.publicUrl).host : config.host,
    timeouts: { idleMinutes: config.idleMinutes, absoluteMinutes: config.absoluteMinutes },
    sessionCacheSize: config.sessionCacheSize,
    lockout: config.lockout,
    audit: config.audit,
    taskDelayMs: config.taskDelayMs,
  });

  // The cell's log (warnings, failures). Fastify shares it only when requests are logged (info and
  // below); otherwise it runs without one, which spares every request a child logger.
  const cellLog = pino({
    level: config.logLevel === false ? 'silent' : config.logLevel,
    serializers: { req: logRequest, res: logReply, err: pino.stdSerializers.err },
  });
  const log: FastifyBaseLogger = cellLog;
  const app = Fastify({
    ...(cellLog.isLevelEnabled('info') ? { loggerInstance: log } : { logger: false }),
    // HTTP/1.1 over TLS 1.2 or later (Node's default ciphers); request.protocol then reads https, and so do hrefs.
    https: certificate ? { cert: certificate.cert, key: certificate.key, minVersion: 'TLSv1.2' } : null,
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    requestIdHeader: false,
    genReqId: requestIds(),
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: (err, socket) => {
      if (socket.writable) socket.end(clientErrorResponse(err));
      else socket.destroy(err);
    },
  });
  // VCD documents (with or without ;version=N) arrive as text, read by the route that knows which
  // document to expect (representation/read.ts).
  app.addContentTypeParser(/^application\/([\w.-]+\+)?xml\s*(;|$)/, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(/^application\/[\w.-]+\+json\s*(;|$)/, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  await app.register(servicesPlugin, { services });
  await app.register(errorDocuments, { showStackTraces: config.showStackTraces, log });
  await app.register(requestId);
  await app.register(negotiation, { catalogue, publicUrl: config.publicUrl });
  await app.register(authentication);

  await app.register(versionsRoutes, { catalogue });
  await app.register(legacySessionRoutes);
  await app.register(cloudapiSessionRoutes);
  await app.register(orgRoutes);
  await app.register(queryRoutes);
  await app.register(entityRoutes);
  await app.register(adminRoutes, { catalogue });
  await app.register(oauthRoutes);
  await app.register(apiTokenRoutes);
  await app.register(serviceAccountRoutes);
  await app.register(auditTrailRoutes);
  await app.register(rbacRoutes);
  await app.register(taskRoutes);
  await app.register(vdcRoutes);

  return {
    app, services, store, certificate,
    async close() {
      services.stop();
      await app.close();
      await store.close();
    },
  };
}
