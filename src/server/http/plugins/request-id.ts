// Every response carries X-VMWARE-VCLOUD-REQUEST-ID; a client's X-VMWARE-VCLOUD-CLIENT-REQUEST-ID is echoed.
import fp from 'fastify-plugin';

export default fp(async function requestId(app) {
  // Set when the request arrives, so every answer (errors included) carries it; a plain callback hook,
  // as this runs on every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-vmware-vcloud-request-id', request.id);
    const clientId = request.headers['x-vmware-vcloud-client-request-id'];
    if (typeof clientId === 'string') reply.header('x-vmware-vcloud-client-request-id', clientId.slice(0, 128));
    done();
  });
}, { name: 'vcdkit-request-id' });
