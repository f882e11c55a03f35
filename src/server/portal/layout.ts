// The page shell, in VMware's Clarity look (its CSS served from node_modules): a header with the org and
// the user menu, a side navigation by what the user may do, and the page's content.
import { canAdministerOrg } from '../inventory/policy.ts';
import type { Session } from '../inventory/principal.ts';
import { html, type Html } from './html.ts';

export interface Frame {
  title: string;
  /** the form token every form carries */
  csrf: string;
  /** '/tenant/{org}' or '/provider': where this portal's pages are */
  base: string;
  /** the org as its sign-in page names it */
  orgName: string;
  session?: Session | undefined;
  /** the path (after base) of the navigation entry to mark current */
  current?: string;
}

export const csrfField = (f: Pick<Frame, 'csrf'>) => html`<input type="hidden" name="_csrf" value="${f.csrf}">`;

/** A message box: 'danger', 'warning', 'success' or 'info'. */
export const alert = (kind: 'danger' | 'warning' | 'success' | 'info', text: Html | string) => html`
<div class="alert alert-${kind}" role="${kind === 'danger' ? 'alert' : 'status'}"><div class="alert-items"><div class="alert-item static">
  <div class="alert-text">${text}</div></div></div></div>`;

/** A moment (epoch ms or ISO 8601) to the minute, in UTC; none is "Never". */
export const when = (moment: number | string | null | undefined, none = 'Never') => {
  if (moment === null || moment === undefined) return html`<span class="portal-muted">${none}</span>`;
  const iso = new Date(moment).toISOString();
  return html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 16)} UTC</time>`;
};

/** Previous and next links of a paged list (`page` in the query string), with where the reader is. */
export function pager(label: string, at: { page: number; pageCount: number; total: number }, path: string): Html {
  if (at.pageCount <= 1 && at.page <= 1) return html``;
  const to = (n: number) => `${path}?page=${n}`;
  return html`<nav class="portal-pager" aria-label="${label}">
    ${at.page > 1 ? html`<a class="btn btn-sm btn-outline" rel="prev" href="${to(Math.min(at.page - 1, at.pageCount))}">Previous</a>` : ''}
    <span>Page ${at.page} of ${at.pageCount} (${at.total} in all)</span>
    ${at.page < at.pageCount ? html`<a class="btn btn-sm btn-outline" rel="next" href="${to(at.page + 1)}">Next</a>` : ''}</nav>`;
}

function navigation(f: Frame & { session: Session }): Html {
  const s = f.session;
  const link = (path: string, label: string) => html`<a class="nav-link${f.current === path ? ' active' : ''}" href="${f.base}${path}"${f.current === path ? html` aria-current="page"` : ''}>${label}</a>`;
  const group = (label: string, links: Html[]) => html`<section class="nav-group"><h2 class="nav-group-label portal-nav-label">${label}</h2>
    <ul class="nav-list">${links.map((l) => html`<li>${l}</li>`)}</ul></section>`;
  return html`<nav class="sidenav" aria-label="Portal"><section class="sidenav-content">
    ${group('User', [link('/api', 'API'), link('/preferences/tokens', 'Access Tokens'), link('/preferences/security', 'Security')])}
    ${s.isProvider
      ? group('Provider', [link('/organizations', 'Organizations'), link('/rights-bundles', 'Rights Bundles')])
      : html`${group('Inventory', [link('/vdcs', 'Virtual Data Centers'), link('/tasks', 'Tasks')])}
        ${canAdministerOrg(s, s.orgId) ? group('Administration', [link('/administration/users', 'Users'), link('/administration/roles', 'Roles'), link('/administration/policy', 'Login policy')]) : ''}`}
  </section></nav>`;
}

export function page(f: Frame, content: Html): string {
  const s = f.session;
  return `<!doctype html>${html`<html lang="en"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${f.title} · vcdkit ${f.orgName}</title>
<link rel="stylesheet" href="/portal/assets/clr-ui.min.css"><link rel="stylesheet" href="/portal/assets/portal.css">
<script src="/portal/assets/portal.js" defer></script>
</head><body><div class="main-container">
<header class="header header-6">
  <div class="branding"><a class="nav-link" href="${f.base}"><span class="title">vcdkit · ${f.orgName}</span></a></div>
  ${s ? html`<div class="header-actions">
    <span class="portal-user">${s.userName}@${s.orgName}</span>
    <a class="nav-link nav-text" href="${f.base}/api">API</a>
    <a class="nav-link nav-text" href="${f.base}/preferences/tokens">User Preferences</a>
    <form method="post" action="/portal/sign-out" class="portal-inline">${csrfField(f)}<button type="submit" class="btn btn-link portal-header-button">Sign out</button></form>
  </div>` : ''}
</header>
<div class="content-container">
  ${s ? navigation({ ...f, session: s }) : ''}
  <main class="content-area" id="main"><h1>${f.title}</h1>${content}</main>
</div></div></body></html>`}`;
}
