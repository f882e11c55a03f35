// Request logging without secrets: the token endpoint accepts its parameters in the query string
// too, so URLs are logged with secret-bearing parameters blanked.
import type { FastifyReply, FastifyRequest } from 'fastify';

const SECRET_PARAM = /token|assertion|code|password|secret/i;

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    return eq >= 0 && SECRET_PARAM.test(decodeSafely(name)) ? `${name}=[REDACTED]` : pair;
  });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function decodeSafely(s: string): string {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

/** Fastify's request log fields, with the URL redacted. */
export function logRequest(req: FastifyRequest) {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** The reply's log fields (the status alone), as Fastify's own logger would give. */
export function logReply(reply: FastifyReply) {
  return { statusCode: reply.statusCode };
}
