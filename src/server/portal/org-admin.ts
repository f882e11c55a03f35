// An org administrator's pages: the org's roles (add a right, from those the provider's bundles publish
// to the org) and the org's login policy. The services decide who may: their own org, with the rights.
import type { FastifyInstance } from 'fastify';
import { canAdministerOrg } from '../inventory/policy.ts';
import { errors } from '../errors.ts';
import { RIGHTS } from '../services/oauth-rights.ts';
import { EVERY_RIGHT, field, pageOf, redirect, sendPage, type portalContext, type SignedIn } from './context.ts';
import { PORTAL_ROUTE } from './context.ts';
import { html } from './html.ts';
import { csrfField, pager } from './layout.ts';

export function orgAdminRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>): void {
  const { roles, rights, mfa } = app.services;
  const administrator = (at: SignedIn) => {
    if (!canAdministerOrg(at.session, at.org.id)) throw errors.forbidden('Only the organization\'s administrators manage its roles and policy.');
  };

  app.get('/tenant/:org/administration/roles', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    administrator(at);
    const page = await roles.page(at.session, undefined, pageOf(request));
    return sendPage(reply, { ...at, title: 'Roles', current: '/administration/roles' }, html`
      <table class="table"><caption>Roles of ${at.org.name}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Kind</th></tr></thead>
        <tbody>${page.items.map((r) => html`<tr><td><a href="${at.base}/administration/roles/${r.id}">${r.name}</a></td><td>${r.description}</td>
          <td>${r.org_id === null ? 'Predefined' : 'This organization\'s'}</td></tr>`)}</tbody></table>
      ${pager('Pages of roles', page, `${at.base}/administration/roles`)}`);
  }));

  app.get('/tenant/:org/administration/roles/:id', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    administrator(at);
    const role = await roles.get(at.session, request.params.id!);
    const held = await roles.rightsOf(at.session, role.id, EVERY_RIGHT);
    const heldNames = new Set(held.items.map((r) => r.name));
    const addable = (await rights.names(at.session)).filter((n) => !heldNames.has(n));
    const editable = role.org_id !== null && !role.read_only;
    return sendPage(reply, { ...at, title: `Role ${role.name}`, current: '/administration/roles' }, html`
      <p>${role.description}</p>
      <h2>Rights</h2>
      <p>${held.total} rights.</p>
      <ul class="list portal-columns">${held.items.map((r) => html`<li>${r.name}</li>`)}</ul>
      ${editable ? html`<form method="post" action="${at.base}/administration/roles/${role.id}/rights" class="clr-form clr-form-horizontal">${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="add-right">Add right</label>
          <div class="clr-control-container"><div class="clr-select-wrapper"><select class="clr-select" id="add-right" name="right">
            ${addable.map((n) => html`<option${n === RIGHTS.ownTokens ? html` selected` : ''}>${n}</option>`)}</select></div></div></div>
        <button type="submit" class="btn btn-primary">Add</button></form>` : html`<p>A predefined role is read-only.</p>`}`);
  }));

  app.post('/tenant/:org/administration/roles/:id/rights', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    administrator(at);
    await roles.grant(at.session, request.params.id!, [field(request, 'right', 256)]);
    return redirect(reply, `${at.base}/administration/roles/${request.params.id}`);
  }));

  app.get('/tenant/:org/administration/policy', PORTAL_ROUTE, ctx.signedIn(async (_request, reply, at) => {
    administrator(at);
    const policy = await mfa.policy(at.org.id);
    return sendPage(reply, { ...at, title: 'Login policy', current: '/administration/policy' }, html`
      <form method="post" action="${at.base}/administration/policy" class="clr-form">${csrfField(at)}
        <div class="clr-checkbox-wrapper"><input type="checkbox" id="mfa-required" name="mfaRequired" value="on" class="clr-checkbox"${policy.mfaRequired ? html` checked` : ''}>
          <label for="mfa-required">Require multi-factor authentication in the portal</label></div>
        <div class="clr-checkbox-wrapper"><input type="checkbox" id="api-password-refused" name="apiPasswordRefused" value="on" class="clr-checkbox"${policy.apiPasswordRefused ? html` checked` : ''}>
          <label for="api-password-refused">Refuse password logins on the API (API tokens and service accounts still work)</label></div>
        <button type="submit" class="btn btn-primary">Save</button></form>`);
  }));

  app.post('/tenant/:org/administration/policy', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    administrator(at);
    await mfa.setPolicy(at.session, at.org.id, { mfaRequired: field(request, 'mfaRequired', 8) === 'on', apiPasswordRefused: field(request, 'apiPasswordRefused', 8) === 'on' });
    return redirect(reply, `${at.base}/administration/policy`);
  }));
}
