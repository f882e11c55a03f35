// Every text a request brings (path parameters, query parameters, the strings and keys of a parsed JSON or form
// body, a document's text) must be one the store can hold (storable.ts): a NUL or an unpaired surrogate is a 400
// before any handler runs, so no filter value, name or id with one reaches SQL, on either store.
import fp from 'fastify-plugin';
import { errors } from '../../errors.ts';
import { findUnstorable } from '../../storable.ts';

export default fp(async function requestText(app) {
  // preValidation: after the body is parsed, before the schemas and the handler
  app.addHook('preValidation', (request, _reply, done) => {
    const where = findUnstorable(request.params, 'path') ?? findUnstorable(request.query, 'query')
      ?? findUnstorable(request.body, 'body');
    done(where === undefined ? undefined
      : errors.badRequest(`The request's ${where} holds a NUL character or an unpaired surrogate, which no text may hold.`));
  });
}, { name: 'vcdkit-request-text' });
