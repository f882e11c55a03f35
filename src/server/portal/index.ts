// The web portal, served by the cell itself on the same services as the API: server-rendered pages
// (forms, no client framework), Clarity's CSS from node_modules, one small script for copy buttons.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { VersionCatalogue } from '../api-versions.ts';
import { errors } from '../errors.ts';
import { apiPageRoutes } from './api-page.ts';
import { portalContext, PORTAL_ROUTE } from './context.ts';
import { inventoryRoutes } from './inventory.ts';
import { landingRoutes } from './landing.ts';
import { orgAdminRoutes } from './org-admin.ts';
import { preferenceRoutes } from './preferences.ts';
import { providerRoutes } from './provider.ts';
import { signInRoutes } from './sign-in.ts';
import { userRoutes } from './users.ts';

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  'clr-ui.min.css': { file: require.resolve('@clr/ui/clr-ui.min.css'), type: 'text/css; charset=utf-8' },
  'portal.css': { file: new URL('./assets/portal.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' },
  'portal.js': { file: new URL('./assets/portal.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' },
};

export interface PortalOptions {
  catalogue: VersionCatalogue;
  log: Logger;
  /** the cell serves a self-signed certificate (the API page's snippets say how to trust it) */
  selfSignedTls: boolean;
}

export const portalRoutes: FastifyPluginAsync<PortalOptions> = async (app, opts) => {
  await app.register(formbody);
  const ctx = portalContext(app.services);
  app.setErrorHandler((err, request, reply) => {
    const reply500 = ctx.sendError(err, request, reply);
    if (reply.statusCode >= 500) opts.log.error({ err, reqId: request.id }, 'portal request failed');
    return reply500;
  });

  const assets = new Map(Object.entries(ASSETS).map(([name, a]) => [name, { body: readFileSync(a.file), type: a.type }]));
  app.get('/portal/assets/:name', PORTAL_ROUTE, async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) return reply.code(404).type('text/plain').send('Not found');
    return reply.type(asset.type).headers({ 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' }).send(asset.body);
  });

  // An unknown path under the portal's prefixes is the portal's HTML 404, not the API's Error document.
  for (const prefix of ['/tenant', '/provider', '/portal']) {
    await app.register(async (child) => {
      child.setNotFoundHandler((request, reply) => ctx.sendError(errors.notFound('There is no such page.'), request, reply));
    }, { prefix });
  }

  landingRoutes(app);
  signInRoutes(app, ctx);
  apiPageRoutes(app, ctx, opts.catalogue, opts.selfSignedTls);
  preferenceRoutes(app, ctx);
  providerRoutes(app, ctx);
  orgAdminRoutes(app, ctx);
  userRoutes(app, ctx);
  inventoryRoutes(app, ctx);
};
