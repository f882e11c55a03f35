// User Preferences: Access Tokens (list, New → shown once, Revoke with confirmation), the user's own active
// sessions (sign out of each), and Security (set up or turn off multi-factor authentication).
import type { FastifyInstance } from 'fastify';
import { errors, VcdError } from '../errors.ts';
import { urn } from '../ids.ts';
import { escapeFilterValue, parseFilter } from '../services/filter.ts';
import { MAX_PAGE_SIZE } from '../services/listing.ts';
import { LOCKED_OUT } from '../services/mfa.ts';
import { field, redirect, sendPage, type portalContext, type SignedIn } from './context.ts';
import { PORTAL_ROUTE } from './context.ts';
import { html } from './html.ts';
import { alert, csrfField, when } from './layout.ts';
import { enrolmentForm, recoveryCodes } from './sign-in.ts';

const SESSIONS_SHOWN = 50;
/** The expiry choices, in days ('' never, the default as in VCD), in the order offered. */
const EXPIRY_DAYS: readonly [string, string][] = [['', 'Never'], ['7', '7 days'], ['30', '30 days'], ['90', '90 days'], ['365', '1 year']];

export function preferenceRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>): void {
  const { apiTokens, sessions, mfa } = app.services;
  const both = (path: string) => [`/tenant/:org${path}`, `/provider${path}`];

  const tokensPage = async (at: SignedIn, message?: string) => {
    const mine = parseFilter(`owner.id==${escapeFilterValue(urn('user', at.session.userId))}`);
    const tokens = await apiTokens.page(at.session, { page: 1, pageSize: MAX_PAGE_SIZE, filter: mine, sortDesc: 'createdTimeUtc' });
    const own = await sessions.ofUser(at.session.userId, SESSIONS_SHOWN);
    return html`
      ${message ? alert('danger', message) : ''}
      <p>An API token lets a script or tool act as you without your password or a second factor. Treat it like a password.</p>
      <table class="table"><caption>Your API tokens</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">From</th><th scope="col">Expires</th><th scope="col"><span class="portal-sr">Actions</span></th></tr></thead>
        <tbody>${tokens.items.length ? tokens.items.map((t) => html`<tr>
          <td>${t.name}</td><td>${when(t.createdAt)}</td><td>${when(t.lastUsedAt)}</td><td>${t.lastUsedAddress ?? ''}</td><td>${when(t.expiresAt)}</td>
          <td><a class="btn btn-sm btn-danger-outline" href="${at.base}/preferences/tokens/${t.id}/revoke" aria-label="Revoke ${t.name}">Revoke</a></td></tr>`)
          : html`<tr><td colspan="6">No API tokens yet.</td></tr>`}</tbody></table>
      <h3>New token</h3>
      <form method="post" action="${at.base}/preferences/tokens" class="clr-form clr-form-horizontal">
        ${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="token-name">Name</label>
          <div class="clr-control-container"><input class="clr-input" id="token-name" name="name" type="text" required maxlength="128"></div></div>
        <div class="clr-form-control"><label class="clr-control-label" for="token-expiry">Expires after</label>
          <div class="clr-control-container"><div class="clr-select-wrapper"><select class="clr-select" id="token-expiry" name="expiry">
            ${EXPIRY_DAYS.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></div></div></div>
        <button type="submit" class="btn btn-primary">Create</button>
      </form>
      <h2>Active sessions</h2>
      <table class="table"><caption>Where you are signed in (portal and API)</caption>
        <thead><tr><th scope="col">Opened</th><th scope="col">Last active</th><th scope="col">By</th><th scope="col">From</th><th scope="col"><span class="portal-sr">Actions</span></th></tr></thead>
        <tbody>${own.map((x) => html`<tr><td>${when(x.createdAt)}</td><td>${when(x.lastActivityAt)}</td>
          <td>${x.kind === 'portal' ? 'Portal' : x.kind === 'token' ? 'API token' : 'API password'}${x.id === at.session.id ? ' (this one)' : ''}</td><td>${x.clientAddress}</td>
          <td><form method="post" action="${at.base}/preferences/sessions/${x.id}/sign-out" class="portal-inline">${csrfField(at)}
            <button type="submit" class="btn btn-sm btn-outline">Sign out</button></form></td></tr>`)}</tbody></table>`;
  };

  for (const path of both('/preferences/tokens')) {
    app.get(path, PORTAL_ROUTE, ctx.signedIn(async (_request, reply, at) =>
      sendPage(reply, { ...at, title: 'Access Tokens', current: '/preferences/tokens' }, await tokensPage(at))));

    // New: the token is in this one answer (no-store), never in a URL, and only its hash is kept.
    app.post(path, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      const days = field(request, 'expiry', 8);
      if (!EXPIRY_DAYS.some(([value]) => value === days)) throw errors.badRequest('Choose an expiry from the list.');
      try {
        const { client, token } = await apiTokens.create(at.session, at.org, { name: field(request, 'name', 256), expiresIn: days ? Number(days) * 86400 : undefined }, request.ip);
        return sendPage(reply, { ...at, title: 'Token created', current: '/preferences/tokens' }, html`
          ${alert('warning', html`This is the only time the token <strong>${client.name}</strong> is shown. Copy it now and keep it like a password; if it is lost, revoke it and create another.`)}
          <pre id="new-token" class="portal-secret">${token}</pre>
          <p><button type="button" class="btn btn-outline" data-copy="new-token">Copy token</button>
          <a class="btn btn-primary" href="${at.base}/preferences/tokens">Done</a></p>`, 201);
      } catch (err) {
        if (!(err instanceof VcdError) || err.status !== 400) throw err;
        return sendPage(reply, { ...at, title: 'Access Tokens', current: '/preferences/tokens' }, await tokensPage(at, err.message), 400);
      }
    }));
  }

  for (const path of both('/preferences/tokens/:id/revoke')) {
    app.get(path, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      const token = await apiTokens.get(at.session, request.params.id!);
      return sendPage(reply, { ...at, title: 'Revoke token', current: '/preferences/tokens' }, html`
        <p>Revoke the API token <strong>${token.name}</strong>? Anything using it stops working at once, and it cannot be undone.</p>
        <form method="post" action="${at.base}/preferences/tokens/${token.id}/revoke" class="portal-inline">${csrfField(at)}
          <button type="submit" class="btn btn-danger">Revoke</button></form>
        <a class="btn btn-outline" href="${at.base}/preferences/tokens">Cancel</a>`);
    }));
    app.post(path, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      await apiTokens.revoke(at.session, request.params.id!, request.ip);
      return redirect(reply, `${at.base}/preferences/tokens`);
    }));
  }

  for (const path of both('/preferences/sessions/:id/sign-out')) {
    app.post(path, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      await sessions.closeOwn(at.session.userId, request.params.id!);
      return redirect(reply, request.params.id === at.session.id ? at.base : `${at.base}/preferences/tokens`);
    }));
  }

  const label = (at: SignedIn) => `${at.session.userName}@${at.session.orgName}`;
  const enrolContent = async (at: SignedIn, message?: string) => {
    const e = (await mfa.pending(at.session.userId, label(at))) ?? (await mfa.begin(at.session.userId, label(at)));
    return enrolmentForm(at, `${at.base}/preferences/security/confirm`, e, 'Set up a second factor for your sign-ins.', message);
  };
  const securityTitle = { title: 'Security', current: '/preferences/security' };

  for (const path of both('/preferences/security')) {
    app.get(path, PORTAL_ROUTE, ctx.signedIn(async (_request, reply, at) => {
      const enrolled = await mfa.isEnrolled(at.session.userId);
      const required = (await mfa.policy(at.session.orgId)).mfaRequired;
      return sendPage(reply, { ...at, ...securityTitle }, enrolled ? html`
        <p>Multi-factor authentication is <strong>on</strong>: each sign-in asks for a code from your authenticator app.
          ${await mfa.remainingRecoveryCodes(at.session.userId)} recovery codes remain.</p>
        ${required ? html`<p>Your organization requires it.</p>` : html`
        <form method="post" action="${at.base}/preferences/security/off" class="clr-form clr-form-horizontal">${csrfField(at)}
          <div class="clr-form-control"><label class="clr-control-label" for="off-code">Current code</label>
            <div class="clr-control-container"><input class="clr-input" id="off-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="64"></div></div>
          <button type="submit" class="btn btn-danger-outline">Turn off</button></form>`}` : html`
        <p>Multi-factor authentication is <strong>off</strong>${required ? ' (your organization requires it: you will set it up at your next sign-in)' : ''}.</p>
        <form method="post" action="${at.base}/preferences/security/enrol" class="portal-inline">${csrfField(at)}
          <button type="submit" class="btn btn-primary">Set up</button></form>`);
    }));
  }
  for (const path of both('/preferences/security/enrol')) {
    app.post(path, PORTAL_ROUTE, ctx.signedIn(async (_request, reply, at) => sendPage(reply, { ...at, ...securityTitle }, await enrolContent(at))));
  }
  for (const path of both('/preferences/security/confirm')) {
    app.post(path, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      const codes = await mfa.confirm(at.session.userId, field(request, 'code', 64));
      if (!codes) return sendPage(reply, { ...at, ...securityTitle }, await enrolContent(at, 'That code is not valid. Enter the current code.'), 401);
      return sendPage(reply, { ...at, title: 'Recovery codes', current: '/preferences/security' }, recoveryCodes(at.base, codes));
    }));
  }
  for (const path of both('/preferences/security/off')) {
    app.post(path, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      if ((await mfa.policy(at.session.orgId)).mfaRequired) throw errors.forbidden('Your organization requires multi-factor authentication.');
      const check = await mfa.verify(at.session.userId, field(request, 'code', 64));
      if (check !== 'accepted') throw errors.unauthorized(check === 'locked' ? LOCKED_OUT : 'That code is not valid.');
      await mfa.remove(at.session.userId);
      return redirect(reply, `${at.base}/preferences/security`);
    }));
  }
}
