// The service layer (services/index.ts), handed to the routes and the portal as app.services.
import fp from 'fastify-plugin';
import type { Services } from '../../services/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(async function services(app, opts: { services: Services }) {
  app.decorate('services', opts.services);
}, { name: 'vcdkit-services' });
