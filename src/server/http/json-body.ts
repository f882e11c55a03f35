// The one JSON body parser of the cell: Fastify's own (which refuses __proto__ and constructor
// poisoning), behind two rules of ours:
// - an empty body is no body: go-vcloud-director POSTs actions (revoke, publishAll) with
//   Content-Type: application/json and nothing after it;
// - nesting is bounded: no Cloud Director body is more than a few levels deep, and a deeper one
//   (thousands of brackets in one megabyte) is refused with 400 before it is parsed or reaches a handler.
import type { FastifyInstance } from 'fastify';

export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b, OPEN_BRACKET = 0x5b, CLOSE_BRACE = 0x7d, CLOSE_BRACKET = 0x5d, QUOTE = 0x22, BACKSLASH = 0x5c;

/** Whether the text's objects and arrays nest deeper than the limit (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export function jsonBodies(app: FastifyInstance): void {
  const strictJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = String(raw);
    if (body === '') return done(null, undefined);
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      // a 4xx of the kind Fastify's own parsers raise, so each route family words it its own way (OAuth too)
      return done(Object.assign(new Error(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`), { statusCode: 400 }), undefined);
    }
    return strictJson(request, body, done);
  });
}
