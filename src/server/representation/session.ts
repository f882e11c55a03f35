import { el, NS, textEl, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import type { Session } from '../inventory/principal.ts';
import { urn } from '../ids.ts';
import type { Site } from '../services/site.ts';

export const link = (ctx: RenderContext, rel: string, path: string, family?: string, name?: string) =>
  el('Link', { rel, href: href(ctx, path), type: family ? mediaType(ctx, family) : undefined, name });

/** The legacy Session document, with the well-known links clients look for (each once). */
export function sessionDocument(ctx: RenderContext, s: Session, site: Site): VcdDocument {
  const locationId = `${s.orgId}@${site.id}`;
  return {
    mediaType: 'vcloud.session',
    namespace: NS.vcloud,
    root: el('Session', {
      href: href(ctx, '/api/session'),
      type: mediaType(ctx, 'vcloud.session'),
      user: s.userName,
      org: s.orgName,
      userId: urn('user', s.userId),
      roles: s.roleName,
      locationId,
    }, [
      [
        link(ctx, 'down', '/api/org/', 'vcloud.orgList'),
        link(ctx, 'remove', '/api/session'),
        s.isProvider ? link(ctx, 'down', '/api/admin/', 'admin.vcloud') : undefined,
        // the provider's extension: vCenters, provider VDCs, network pools (pyvcloud's Platform starts there)
        s.isProvider ? link(ctx, 'down', '/api/admin/extension', 'admin.vmwExtension') : undefined,
        link(ctx, 'down', `/api/org/${s.orgId}`, 'vcloud.org', s.orgName),
        link(ctx, 'down', '/api/query', 'vcloud.query.queryList'),
        link(ctx, 'entityResolver', '/api/entity/', 'vcloud.entity'),
        el('Link', { rel: 'openapi', href: href(ctx, '/cloudapi'), type: 'application/json' }),
      ].filter((l) => l !== undefined),
      el('AuthorizedLocations', {}, [[
        // AuthorizedLocationType is an EntityType, whose name the XSD requires; real cells leave it out,
        // schema-bound clients need it, the others ignore it.
        el('Location', { name: s.orgName }, [
          textEl('LocationId', locationId),
          textEl('SiteName', site.name),
          textEl('OrgName', s.orgName),
          textEl('RestApiEndpoint', ctx.baseUrl),
          textEl('UIEndpoint', ctx.baseUrl),
          textEl('AuthContext', s.orgName),
        ]),
      ]]),
    ]),
  };
}
