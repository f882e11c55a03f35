// GET /api/versions: discovery, no authentication, any Accept (an Authorization header is ignored).
import type { FastifyPluginAsync } from 'fastify';
import { supportedVersions } from '../../representation/versions.ts';
import type { VersionCatalogue } from '../../api-versions.ts';

export const versionsRoutes: FastifyPluginAsync<{ catalogue: VersionCatalogue }> = async (app, { catalogue }) => {
  app.get('/api/versions', { config: { public: true, anyAccept: true } }, async (request, reply) => {
    return reply.sendDocument(supportedVersions(request.renderContext().baseUrl, catalogue));
  });
};
