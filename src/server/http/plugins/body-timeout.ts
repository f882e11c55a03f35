// A request body that stops arriving gets 408 (an Error document, then the connection closed) once no byte of
// it has come for --body-timeout, long before --request-timeout would end the whole request. While a body is
// due, the socket's own idle timer is armed (Node refreshes it with every byte it reads), so a stalled body
// costs no timer of ours and no polling; once the body is in, it is disarmed, so a slow answer is never cut.
import fp from 'fastify-plugin';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';

export interface BodyTimeoutOptions {
  seconds: number;
}

/** whether a body follows the headers: a Content-Length other than 0, or a Transfer-Encoding */
function announcesBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

export default fp(async function bodyTimeout(app, opts: BodyTimeoutOptions) {
  const ms = opts.seconds * 1000;
  const watch = (request: FastifyRequest, reply: FastifyReply) => {
    const req = request.raw;
    const res = reply.raw;
    const socket = req.socket;
    // Back to the server's idle timeout (none), unless the answer is out: Node has then set the keep-alive timeout.
    const disarm = () => {
      if (res.socket) socket.setTimeout(app.server.timeout);
    };
    // Node tells the request of a timeout while its body is incomplete: the client has stalled.
    req.setTimeout(ms, () => {
      // answered already (a route that reads no body): the connection only waits for bytes that do not come
      if (res.headersSent) socket.destroy();
      else reply.send(errors.bodyTimeout(opts.seconds));
    });
    // It tells the response in any case: with the body all in but unread (a GET's), the wait is on the answer.
    res.on('timeout', () => {
      if (req.complete) disarm();
    });
    req.once('end', disarm);
    // Node sets the keep-alive timeout once the answer is out; while the body is still due, the body's applies.
    res.once('finish', () => {
      if (!req.complete) socket.setTimeout(ms);
    });
  };
  // a plain callback hook, as this runs on every request
  app.addHook('onRequest', (request, reply, done) => {
    if (announcesBody(request.headers)) watch(request, reply);
    done();
  });
}, { name: 'vcdkit-body-timeout', dependencies: ['vcdkit-errors'] });
