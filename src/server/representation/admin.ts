// The admin views: the VCloud admin root, the AdminOrg and the User, as far as the model reaches.
import { el, NS, textEl, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import { link } from './session.ts';
import type { Org } from '../services/identity.ts';
import type { UserView } from '../services/users.ts';
import { urn } from '../ids.ts';

export function adminRootDocument(ctx: RenderContext, orgs: Org[]): VcdDocument {
  return {
    mediaType: 'admin.vcloud',
    namespace: NS.vcloud,
    root: el('VCloud', { href: href(ctx, '/api/admin'), type: mediaType(ctx, 'admin.vcloud'), name: 'vCloud' }, [
      [link(ctx, 'down', '/api/query', 'vcloud.query.queryList')],
      el('OrganizationReferences', {}, [
        orgs.map((o) => el('OrganizationReference', { href: href(ctx, `/api/admin/org/${o.id}`), type: mediaType(ctx, 'admin.organization'), name: o.name })),
      ]),
    ]),
  };
}

/** AdminOrg: the schema requires Settings; the model has no org settings yet, so it stays empty. */
export function adminOrgDocument(ctx: RenderContext, o: Org): VcdDocument {
  return {
    mediaType: 'admin.organization',
    namespace: NS.vcloud,
    root: el('AdminOrg', { href: href(ctx, `/api/admin/org/${o.id}`), type: mediaType(ctx, 'admin.organization'), name: o.name, id: urn('org', o.id) }, [
      [
        link(ctx, 'alternate', `/api/org/${o.id}`, 'vcloud.org'),
        link(ctx, 'down', `/api/admin/org/${o.id}/metadata`, 'vcloud.metadata'),
      ],
      textEl('Description', o.description),
      textEl('FullName', o.full_name),
      textEl('IsEnabled', Boolean(o.is_enabled)),
      el('Settings', {}),
    ]),
  };
}

/**
 * A user's admin view. The Role reference is left out (it is optional): the legacy /api/admin/role is not
 * served yet, and roles are read at /cloudapi/1.0.0/roles.
 */
export function adminUserDocument(ctx: RenderContext, u: UserView): VcdDocument {
  return {
    mediaType: 'admin.user',
    namespace: NS.vcloud,
    root: el('User', { href: href(ctx, `/api/admin/user/${u.id}`), type: mediaType(ctx, 'admin.user'), name: u.name, id: urn('user', u.id) }, [
      [link(ctx, 'up', `/api/admin/org/${u.orgId}`, 'admin.organization')],
      textEl('FullName', u.fullName),
      textEl('EmailAddress', u.email),
      textEl('IsEnabled', u.enabled),
      textEl('IsLocked', u.locked),
      textEl('IsExternal', false),
      textEl('ProviderType', 'INTEGRATED'),
      // no VMs exist yet; a quota of 0 is unlimited
      textEl('StoredVmQuota', 0),
      textEl('DeployedVmQuota', 0),
    ]),
  };
}
