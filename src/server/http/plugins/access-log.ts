// The access log: one readable line per request, e.g.
//   2026-11-30T23:40:01.123Z 127.0.0.1 GET /api/org 200 1.4ms 512B rid=1a2b3c
// built as one string when the response is done (no child logger, no object to serialise) and handed to
// a buffered asynchronous writer. Secret-bearing query parameters are blanked (redact.ts).
import fp from 'fastify-plugin';
import { redactUrl } from '../redact.ts';

export interface AccessLogOptions {
  /** where lines go: pino.destination({ sync: false }) (sonic-boom) coalesces them into few writes */
  destination: { write(line: string): unknown };
}

export default fp(async function accessLog(app, opts: AccessLogOptions) {
  const { destination } = opts;
  app.addHook('onResponse', (request, reply, done) => {
    const length = reply.getHeader('content-length') ?? '-';
    destination.write(`${new Date().toISOString()} ${request.ip} ${request.method} ${redactUrl(request.url)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms ${length}B rid=${request.id}\n`);
    done();
  });
}, { name: 'vcdkit-access-log' });
