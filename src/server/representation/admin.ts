// The admin views: the VCloud admin root, the AdminOrg and the User, as far as the model reaches; and
// the AdminOrg a provider sends to create or update an org.
import { errors } from '../errors.ts';
import { el, NS, textEl, type Element, type VcdDocument } from './element.ts';
import { attr, childBoolean, childText } from './read.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import { link } from './session.ts';
import type { Org } from '../services/identity.ts';
import type { UserView } from '../entities/user/service.ts';
import { urn } from '../ids.ts';

/** The provider's admin root; its Description is the build, as VCD reports it (`buildDescription`). */
export function adminRootDocument(ctx: RenderContext, orgs: Org[], providerVdcs: ReadonlyArray<{ id: string; name: string }>, description: string): VcdDocument {
  return {
    mediaType: 'admin.vcloud',
    namespace: NS.vcloud,
    root: el('VCloud', { href: href(ctx, '/api/admin'), type: mediaType(ctx, 'admin.vcloud'), name: 'vCloud' }, [
      [link(ctx, 'down', '/api/query', 'vcloud.query.queryList'), link(ctx, 'add', '/api/admin/orgs', 'admin.organization')],
      textEl('Description', description),
      el('OrganizationReferences', {}, [
        orgs.map((o) => el('OrganizationReference', { href: href(ctx, `/api/admin/org/${o.id}`), type: mediaType(ctx, 'admin.organization'), name: o.name })),
      ]),
      el('ProviderVdcReferences', {}, [
        providerVdcs.map((p) => el('ProviderVdcReference', { href: href(ctx, `/api/admin/providervdc/${p.id}`), type: mediaType(ctx, 'admin.providervdc'), name: p.name })),
      ]),
    ]),
  };
}

type Named = { id: string; name: string };

/** What an AdminOrg references (groups and networks are not modelled yet: their lists stay empty). */
export interface AdminOrgContents {
  users: Named[];
  catalogs: Named[];
  vdcs: Named[];
  roles: Named[];
}

const reference = (ctx: RenderContext, element: string, path: string, family: string, r: Named) =>
  el(element, { href: href(ctx, path), type: mediaType(ctx, family), name: r.name });

/**
 * AdminOrg: the schema requires Settings; the model has no org settings yet, so it stays empty. Then
 * references to everything in the org, by admin href, as VCD lists them (go-vcloud-director finds an
 * org's VDCs and catalogs there, and walks them to delete an org recursively). The provider (`manage`)
 * gets the links to edit, enable or disable, and remove the org.
 */
export function adminOrgDocument(ctx: RenderContext, o: Org, manage: boolean, contents: AdminOrgContents): VcdDocument {
  const self = `/api/admin/org/${o.id}`;
  return {
    mediaType: 'admin.organization',
    namespace: NS.vcloud,
    root: el('AdminOrg', { href: href(ctx, self), type: mediaType(ctx, 'admin.organization'), name: o.name, id: urn('org', o.id) }, [
      [
        link(ctx, 'alternate', `/api/org/${o.id}`, 'vcloud.org'),
        link(ctx, 'down', `${self}/metadata`, 'vcloud.metadata'),
        ...(manage ? [
          link(ctx, 'edit', self, 'admin.organization'),
          link(ctx, 'remove', self),
          o.is_enabled ? link(ctx, 'disable', `${self}/action/disable`) : link(ctx, 'enable', `${self}/action/enable`),
        ] : []),
      ],
      textEl('Description', o.description),
      textEl('FullName', o.full_name),
      textEl('IsEnabled', Boolean(o.is_enabled)),
      el('Settings', {}),
      el('Users', {}, [contents.users.map((u) => reference(ctx, 'UserReference', `/api/admin/user/${u.id}`, 'admin.user', u))]),
      el('Groups', {}),
      el('Catalogs', {}, [contents.catalogs.map((c) => reference(ctx, 'CatalogReference', `/api/admin/catalog/${c.id}`, 'admin.catalog', c))]),
      el('Vdcs', {}, [contents.vdcs.map((v) => reference(ctx, 'Vdc', `/api/admin/vdc/${v.id}`, 'admin.vdc', v))]),
      el('Networks', {}),
      // go-vcloud-director's AdminOrg.GetRoleReference finds a role to give a new user here
      el('RoleReferences', {}, [contents.roles.map((r) => reference(ctx, 'RoleReference', `/api/admin/role/${r.id}`, 'admin.role', r))]),
    ]),
  };
}

/** What an AdminOrg request document asks for; fields it leaves out stay as they are (or default). */
export interface AdminOrgParams {
  name: string;
  fullName: string;
  description?: string | undefined;
  enabled?: boolean | undefined;
}

/** Org names go into login names (user@org) and URLs (/tenant/{org}): letters, digits, '-', '_' and '.'. */
const ORG_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Reads an AdminOrg (XML or JSON, see read.ts): `name` and FullName are required, as the schema has them. */
export function readAdminOrg(e: Element): AdminOrgParams {
  const name = attr(e, 'name')?.trim();
  if (!name) throw errors.badRequest('The AdminOrg has no name.');
  if (!ORG_NAME.test(name)) {
    throw errors.badRequest(`"${name}" is not a valid organization name: use at most 128 letters, digits, '-', '_' or '.', starting with a letter or digit.`);
  }
  const fullName = childText(e, 'FullName')?.trim();
  if (!fullName) throw errors.badRequest('The AdminOrg has no FullName.');
  return { name, fullName, description: childText(e, 'Description'), enabled: childBoolean(e, 'IsEnabled') };
}

/** A role (admin.role): its name and description; its rights are read at /cloudapi/1.0.0/roles/{urn}/rights. */
export function adminRoleDocument(ctx: RenderContext, r: { id: string; name: string; description: string; org_id: string | null }): VcdDocument {
  return {
    mediaType: 'admin.role',
    namespace: NS.vcloud,
    root: el('Role', { href: href(ctx, `/api/admin/role/${r.id}`), type: mediaType(ctx, 'admin.role'), name: r.name, id: urn('role', r.id) }, [
      r.org_id ? [link(ctx, 'up', `/api/admin/org/${r.org_id}`, 'admin.organization')] : undefined,
      textEl('Description', r.description),
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
