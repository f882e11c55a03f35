// An org's users, managed from two places with one set of pages: the provider under an organization
// (/provider/organizations/{id}/users) and an org administrator in their own org
// (/tenant/{org}/administration/users). Create, reset a password, unlock, enable or disable, reset MFA:
// each through the service the API uses (users.ts, mfa.ts), which decides who may (policy.ts).
import type { FastifyInstance } from 'fastify';
import { errors, VcdError } from '../errors.ts';
import { isUuid, urn } from '../ids.ts';
import { requireUserAdministration } from '../inventory/policy.ts';
import type { Org } from '../services/identity.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ListQuery } from '../services/listing.ts';
import type { UserView } from '../entities/user/service.ts';
import { field, pageOf, redirect, sendPage, type portalContext, type PortalRequest, type SignedIn } from './context.ts';
import { PORTAL_ROUTE } from './context.ts';
import { html, type Html } from './html.ts';
import { alert, csrfField, pager } from './layout.ts';

/** The new-user form's choice of role: a select cannot page, so it offers the first (VCD's largest page). */
const OFFERED_ROLES = { page: 1, pageSize: MAX_PAGE_SIZE };
const FIRST_PAGE = { page: 1, pageSize: DEFAULT_PAGE_SIZE };
const DEFAULT_ROLE = 'vApp User';

/** What a change on a user's page did, named in the redirect's query (never anything secret). */
/** What a user page says after a change, by the ?done= of its redirect (a Map: the word comes from the URL). */
const DONE = new Map([
  ['created', 'The user is created.'],
  ['password', 'The password is reset. Give it to the user by a channel you trust.'],
  ['unlock', 'The account is unlocked.'],
  ['enable', 'The user is enabled.'],
  ['disable', 'The user is disabled, and their sessions are ended.'],
  ['mfa', 'Multi-factor authentication is reset: the user sets it up again (at their next sign-in, where the organization requires it).'],
]);

/** One of the two places: its route prefix, the org it manages, its title and navigation entry. */
interface Place {
  prefix: string;
  orgOf(request: PortalRequest, at: SignedIn): Promise<Org>;
  title(org: Org): string;
  current: string;
  /** the address of the list for this org, from which the user pages hang */
  listOf(org: Org, at: SignedIn): string;
}

export function userRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>): void {
  const { users, roles, mfa } = app.services;
  const places: Place[] = [
    {
      prefix: '/provider/organizations/:id/users',
      orgOf: (request) => ctx.tenantOrg(request),
      title: (org) => `Users of ${org.name}`,
      current: '/organizations',
      listOf: (org) => `/provider/organizations/${org.id}/users`,
    },
    {
      prefix: '/tenant/:org/administration/users',
      orgOf: async (_request, at) => at.org,
      title: () => 'Users',
      current: '/administration/users',
      listOf: (_org, at) => `${at.base}/administration/users`,
    },
  ];

  /** The org of the page, once the caller is known to manage its users. */
  const managed = async (place: Place, request: PortalRequest, at: SignedIn) => {
    const org = await place.orgOf(request, at);
    requireUserAdministration(at.session, org.id);
    return org;
  };

  /** The user a path names, in the page's org (another org's is not found here). */
  const userOf = async (request: PortalRequest, at: SignedIn, org: Org): Promise<UserView> => {
    const id = request.params.userId ?? '';
    const user = isUuid(id) ? await users.get(at.session, id.toLowerCase()) : undefined;
    if (!user || user.orgId !== org.id) throw errors.notFound('There is no such user.');
    return user;
  };

  const state = (u: UserView) => [u.enabled ? 'Enabled' : 'Disabled', u.locked ? ', locked' : ''].join('');

  const listPage = async (place: Place, at: SignedIn, org: Org, query: ListQuery, message?: string): Promise<Html> => {
    const list = await users.page(at.session, org.id, query);
    const enrolled = await mfa.enrolledAmong(list.items.map((u) => u.id));
    const offered = (await roles.page(at.session, org.id, OFFERED_ROLES)).items;
    const base = place.listOf(org, at);
    return html`
      ${message ? alert('danger', message) : ''}
      <table class="table"><caption>Users of ${org.name}</caption>
        <thead><tr><th scope="col">Username</th><th scope="col">Full name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">MFA</th></tr></thead>
        <tbody>${list.items.map((u) => html`<tr><td><a href="${base}/${u.id}">${u.name}</a></td><td>${u.fullName}</td><td>${u.roleName}</td>
          <td>${state(u)}</td><td>${enrolled.has(u.id) ? 'On' : 'Off'}</td></tr>`)}</tbody></table>
      ${pager('Pages of users', list, base)}
      <h2>New user</h2>
      <form method="post" action="${base}" class="clr-form clr-form-horizontal">${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="user-name">Username</label>
          <div class="clr-control-container"><input class="clr-input" id="user-name" name="username" required maxlength="128" pattern="[A-Za-z0-9._@\\-]+" autocomplete="off"></div></div>
        <div class="clr-form-control"><label class="clr-control-label" for="user-full-name">Full name</label>
          <div class="clr-control-container"><input class="clr-input" id="user-full-name" name="fullName" maxlength="256" autocomplete="off"></div></div>
        <div class="clr-form-control"><label class="clr-control-label" for="user-password">Password</label>
          <div class="clr-control-container"><input class="clr-input" id="user-password" name="password" type="password" required maxlength="1024" autocomplete="new-password"></div></div>
        <div class="clr-form-control"><label class="clr-control-label" for="user-role">Role</label>
          <div class="clr-control-container"><div class="clr-select-wrapper"><select class="clr-select" id="user-role" name="role">
            ${offered.map((r) => html`<option value="${r.id}"${r.name === DEFAULT_ROLE ? html` selected` : ''}>${r.name}</option>`)}</select></div></div></div>
        <button type="submit" class="btn btn-primary">Create user</button></form>`;
  };

  const userPage = async (place: Place, at: SignedIn, org: Org, user: UserView, done?: string): Promise<Html> => {
    const action = (path: string, label: string, kind = 'btn-outline') => html`
      <form method="post" action="${place.listOf(org, at)}/${user.id}/${path}" class="portal-inline">${csrfField(at)}
        <button type="submit" class="btn ${kind}">${label}</button></form>`;
    const enrolled = (await mfa.enrolledAmong([user.id])).has(user.id);
    return html`
      ${done && DONE.has(done) ? alert('success', DONE.get(done)!) : ''}
      <table class="table table-vertical portal-facts"><caption>The user ${user.name}</caption><tbody>
        <tr><th scope="row">Username</th><td>${user.name}@${org.name}</td></tr>
        <tr><th scope="row">Full name</th><td>${user.fullName}</td></tr>
        <tr><th scope="row">Role</th><td>${user.roleName}</td></tr>
        <tr><th scope="row">State</th><td>${state(user)}</td></tr>
        <tr><th scope="row">Multi-factor authentication</th><td>${enrolled ? 'On' : 'Off'}</td></tr>
      </tbody></table>
      <h2>Reset password</h2>
      <form method="post" action="${place.listOf(org, at)}/${user.id}/password" class="clr-form clr-form-horizontal">${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="new-password">New password</label>
          <div class="clr-control-container"><input class="clr-input" id="new-password" name="password" type="password" required maxlength="1024" autocomplete="new-password"></div></div>
        <button type="submit" class="btn btn-primary">Reset password</button></form>
      <h2>Account</h2>
      <p>${user.locked ? action('unlock', 'Unlock', 'btn-primary') : ''}
        ${user.enabled ? action('disable', 'Disable', 'btn-danger-outline') : action('enable', 'Enable')}
        ${enrolled ? action('mfa', 'Reset MFA', 'btn-danger-outline') : ''}</p>
      <p><a href="${place.listOf(org, at)}">All users of ${org.name}</a></p>`;
  };

  for (const place of places) {
    const frame = (at: SignedIn, org: Org, title = place.title(org)) => ({ ...at, title, current: place.current });

    app.get(place.prefix, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      const org = await managed(place, request, at);
      return sendPage(reply, frame(at, org), await listPage(place, at, org, pageOf(request)));
    }));

    app.post(place.prefix, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      const org = await managed(place, request, at);
      try {
        const user = await users.create(at.session, org.id, {
          username: field(request, 'username', 128), fullName: field(request, 'fullName', 256), password: field(request, 'password'),
          roleEntityRefs: [{ id: urn('role', field(request, 'role', 64)) }],
        });
        return redirect(reply, `${place.listOf(org, at)}/${user.id}?done=created`);
      } catch (err) {
        if (!(err instanceof VcdError) || err.status !== 400) throw err;
        return sendPage(reply, frame(at, org), await listPage(place, at, org, FIRST_PAGE, err.message), 400);
      }
    }));

    app.get(`${place.prefix}/:userId`, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      const org = await managed(place, request, at);
      const user = await userOf(request, at, org);
      const done = (request.query as Record<string, unknown>).done;
      return sendPage(reply, frame(at, org, `User ${user.name}`), await userPage(place, at, org, user, typeof done === 'string' ? done : undefined));
    }));

    const change = (path: string, act: (request: PortalRequest, at: SignedIn, user: UserView) => Promise<unknown>) =>
      app.post(`${place.prefix}/:userId/${path}`, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
        const org = await managed(place, request, at);
        const user = await userOf(request, at, org);
        await act(request, at, user);
        return redirect(reply, `${place.listOf(org, at)}/${user.id}?done=${path}`);
      }));
    change('password', async (request, at, user) => {
      const password = field(request, 'password');
      if (!password) throw errors.badRequest('Enter the new password.');
      await users.update(at.session, user.id, { password });
    });
    change('unlock', (_request, at, user) => users.update(at.session, user.id, { locked: false }));
    change('enable', (_request, at, user) => users.update(at.session, user.id, { enabled: true }));
    change('disable', (_request, at, user) => users.update(at.session, user.id, { enabled: false }));
    change('mfa', (_request, at, user) => mfa.reset(at.session, user.id));
  }
}
