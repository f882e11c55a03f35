import { el, NS, textEl, type VcdDocument } from '../../representation/element.ts';
import { href, mediaType, type RenderContext } from '../../representation/context.ts';
import { link } from '../../representation/session.ts';
import type { Org } from '../../services/identity.ts';
import { urn } from '../../ids.ts';

export function orgListDocument(ctx: RenderContext, orgs: Org[]): VcdDocument {
  return {
    mediaType: 'vcloud.orgList',
    namespace: NS.vcloud,
    root: el('OrgList', { href: href(ctx, '/api/org/'), type: mediaType(ctx, 'vcloud.orgList') }, [
      orgs.map((o) => el('Org', { href: href(ctx, `/api/org/${o.id}`), name: o.name, type: mediaType(ctx, 'vcloud.org') })),
    ]),
  };
}

/**
 * The tenant view of an org, with the links VCD puts there (the VDC query link is the one vcd-cli follows);
 * the admin view's link only for those who may follow it.
 */
/** What an Org links down to: its VDCs and catalogs, as the caller may see them. */
export interface OrgContents {
  vdcs: ReadonlyArray<{ id: string; name: string }>;
  catalogs: ReadonlyArray<{ id: string; name: string }>;
}

export function orgDocument(ctx: RenderContext, o: Org, canAdminister: boolean, { vdcs, catalogs }: OrgContents): VcdDocument {
  const q = (type: string, filter: string) => `/api/query?type=${type}&filter=${encodeURIComponent(filter)}`;
  return {
    mediaType: 'vcloud.org',
    namespace: NS.vcloud,
    root: el('Org', { href: href(ctx, `/api/org/${o.id}`), type: mediaType(ctx, 'vcloud.org'), name: o.name, id: urn('org', o.id) }, [
      [
        ...vdcs.map((v) => link(ctx, 'down', `/api/vdc/${v.id}`, 'vcloud.vdc', v.name)),
        ...catalogs.flatMap((c) => [
          link(ctx, 'down', `/api/catalog/${c.id}`, 'vcloud.catalog', c.name),
          link(ctx, 'down', `/api/org/${o.id}/catalog/${c.id}/controlAccess/`, 'vcloud.controlAccess'),
        ]),
        link(ctx, 'down', `/api/tasksList/${o.id}`, 'vcloud.tasksList'),
        link(ctx, 'down', `/api/org/${o.id}/metadata`, 'vcloud.metadata'),
        link(ctx, 'down', q('orgVdc', `org==${o.id}`), 'vcloud.query.records'),
        link(ctx, 'down', q('adminCatalog', `org==${o.id},isShared==true`), 'vcloud.query.records'),
        canAdminister ? link(ctx, 'add', `/api/admin/org/${o.id}/catalogs`, 'admin.catalog') : undefined,
        canAdminister ? link(ctx, 'alternate', `/api/admin/org/${o.id}`, 'admin.organization') : undefined,
      ].filter((l) => l !== undefined),
      textEl('Description', o.description),
      textEl('FullName', o.full_name),
      textEl('IsEnabled', Boolean(o.is_enabled)),
    ]),
  };
}
