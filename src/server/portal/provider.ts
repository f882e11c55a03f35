// The provider's pages: organizations (create, enable or disable, their login policy) and rights bundles
// (create, add rights, publish to chosen orgs or all). Every change goes through the service the API's
// route uses, with the provider's session; only System sessions reach /provider at all.
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.ts';
import { requireProvider } from '../inventory/policy.ts';
import { MAX_PAGE_SIZE } from '../services/listing.ts';
import { RIGHTS } from '../services/oauth-rights.ts';
import { EVERY_RIGHT, field, fields, pageOf, redirect, sendPage, type portalContext, type SignedIn } from './context.ts';
import { PORTAL_ROUTE } from './context.ts';
import { html } from './html.ts';
import { csrfField, pager } from './layout.ts';

export function providerRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>): void {
  const { identity, orgs, mfa, rightsBundles, rights } = app.services;
  const onlyProvider = (at: SignedIn) => requireProvider(at.session, 'Only the provider manages organizations and rights bundles.');
  const { tenantOrg } = ctx;
  const checkbox = (name: string, label: string, checked: boolean, id: string, value = 'on') => html`
    <div class="clr-checkbox-wrapper"><input type="checkbox" id="${id}" name="${name}" value="${value}" class="clr-checkbox"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;

  app.get('/provider/organizations', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    onlyProvider(at);
    const page = await identity.tenantOrgs(pageOf(request));
    const policies = await mfa.policies(page.items.map((o) => o.id));
    const rows = page.items.map((org) => ({ org, policy: policies.get(org.id)! }));
    return sendPage(reply, { ...at, title: 'Organizations', current: '/organizations' }, html`
      <table class="table"><caption>Tenant organizations</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Full name</th><th scope="col">Users</th><th scope="col">State</th><th scope="col">Login policy</th><th scope="col"><span class="portal-sr">Actions</span></th></tr></thead>
        <tbody>${rows.map(({ org, policy }) => html`<tr>
          <td><a href="/tenant/${encodeURIComponent(org.name)}">${org.name}</a></td><td>${org.full_name}</td>
          <td><a href="/provider/organizations/${org.id}/users" aria-label="Users of ${org.name}">Users</a></td>
          <td>${org.is_enabled ? 'Enabled' : 'Disabled'}</td>
          <td><form method="post" action="/provider/organizations/${org.id}/policy" class="portal-inline">${csrfField(at)}
            ${checkbox('mfaRequired', 'MFA required', policy.mfaRequired, `mfa-${org.id}`)}
            ${checkbox('apiPasswordRefused', 'Refuse API passwords', policy.apiPasswordRefused, `apipw-${org.id}`)}
            <button type="submit" class="btn btn-sm btn-outline" aria-label="Save the login policy of ${org.name}">Save</button></form></td>
          <td><form method="post" action="/provider/organizations/${org.id}/${org.is_enabled ? 'disable' : 'enable'}" class="portal-inline">${csrfField(at)}
            <button type="submit" class="btn btn-sm btn-outline">${org.is_enabled ? 'Disable' : 'Enable'} ${org.name}</button></form></td></tr>`)}</tbody></table>
      ${pager('Pages of organizations', page, '/provider/organizations')}
      <h2>New organization</h2>
      <form method="post" action="/provider/organizations" class="clr-form clr-form-horizontal">${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="org-name">Name</label>
          <div class="clr-control-container"><input class="clr-input" id="org-name" name="name" required maxlength="128" pattern="[A-Za-z0-9_.\\-]+"></div></div>
        <div class="clr-form-control"><label class="clr-control-label" for="org-full-name">Full name</label>
          <div class="clr-control-container"><input class="clr-input" id="org-full-name" name="fullName" required maxlength="256"></div></div>
        <button type="submit" class="btn btn-primary">Create</button></form>`);
  }));

  app.post('/provider/organizations', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    onlyProvider(at);
    const name = field(request, 'name', 128);
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw errors.badRequest('An organization name is letters, digits, ".", "_" and "-".');
    await orgs.create({ name, fullName: field(request, 'fullName', 256) || name });
    return redirect(reply, '/provider/organizations');
  }));

  for (const action of ['enable', 'disable'] as const) {
    app.post(`/provider/organizations/:id/${action}`, PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
      onlyProvider(at);
      await orgs.setEnabled(await tenantOrg(request), action === 'enable');
      return redirect(reply, '/provider/organizations');
    }));
  }

  app.post('/provider/organizations/:id/policy', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    onlyProvider(at);
    await mfa.setPolicy(at.session, (await tenantOrg(request)).id, { mfaRequired: field(request, 'mfaRequired', 8) === 'on', apiPasswordRefused: field(request, 'apiPasswordRefused', 8) === 'on' });
    return redirect(reply, '/provider/organizations');
  }));

  app.get('/provider/rights-bundles', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const bundles = await rightsBundles.page(at.session, pageOf(request));
    return sendPage(reply, { ...at, title: 'Rights Bundles', current: '/rights-bundles' }, html`
      <table class="table"><caption>Rights bundles</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Published to</th></tr></thead>
        <tbody>${bundles.items.map((b) => html`<tr><td><a href="/provider/rights-bundles/${b.id}">${b.name}</a></td><td>${b.description}</td>
          <td>${b.publish_all ? 'All organizations' : 'Chosen organizations'}</td></tr>`)}</tbody></table>
      ${pager('Pages of rights bundles', bundles, '/provider/rights-bundles')}
      <h2>New rights bundle</h2>
      <form method="post" action="/provider/rights-bundles" class="clr-form clr-form-horizontal">${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="bundle-name">Name</label>
          <div class="clr-control-container"><input class="clr-input" id="bundle-name" name="name" required maxlength="128"></div></div>
        <div class="clr-form-control"><label class="clr-control-label" for="bundle-description">Description</label>
          <div class="clr-control-container"><input class="clr-input" id="bundle-description" name="description" maxlength="256"></div></div>
        <button type="submit" class="btn btn-primary">Create</button></form>`);
  }));

  app.post('/provider/rights-bundles', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const bundle = await rightsBundles.create(at.session, { name: field(request, 'name', 256), description: field(request, 'description', 512) });
    return redirect(reply, `/provider/rights-bundles/${bundle.id}`);
  }));

  app.get('/provider/rights-bundles/:id', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const bundle = await rightsBundles.get(at.session, request.params.id!);
    const held = await rightsBundles.rightsOf(at.session, bundle.id, EVERY_RIGHT);
    const heldNames = new Set(held.items.map((r) => r.name));
    const addable = (await rights.names(at.session)).filter((n) => !heldNames.has(n));
    // the orgs a page at a time, and which of them have the bundle
    const orgPage = await identity.tenantOrgs(pageOf(request));
    const tenants = await rightsBundles.tenantsAmong(at.session, bundle.id, orgPage.items.map((o) => o.id));
    return sendPage(reply, { ...at, title: `Rights bundle ${bundle.name}`, current: '/rights-bundles' }, html`
      <p>${bundle.description}</p>
      <h2>Rights</h2>
      <p>${held.total} rights.</p>
      <ul class="list portal-columns">${held.items.map((r) => html`<li>${r.name}</li>`)}</ul>
      <form method="post" action="/provider/rights-bundles/${bundle.id}/rights" class="clr-form clr-form-horizontal">${csrfField(at)}
        <div class="clr-form-control"><label class="clr-control-label" for="add-right">Add right</label>
          <div class="clr-control-container"><div class="clr-select-wrapper"><select class="clr-select" id="add-right" name="right">
            ${addable.map((n) => html`<option${n === RIGHTS.ownTokens ? html` selected` : ''}>${n}</option>`)}</select></div></div></div>
        <button type="submit" class="btn btn-primary">Add</button></form>
      <h2>Publish</h2>
      <form method="post" action="/provider/rights-bundles/${bundle.id}/publish" class="clr-form">${csrfField(at)}
        <fieldset><legend>Organizations</legend>
        ${checkbox('all', 'All organizations, present and future', bundle.publish_all === 1, 'publish-all')}
        ${orgPage.items.map((o) => html`${checkbox('org', o.name, tenants.has(o.id), `publish-${o.id}`, o.id)}<input type="hidden" name="shown" value="${o.id}">`)}
        </fieldset>
        <input type="hidden" name="page" value="${String(orgPage.page)}">
        <button type="submit" class="btn btn-primary">Publish</button></form>
      ${pager('Pages of organizations', orgPage, `/provider/rights-bundles/${bundle.id}`)}`);
  }));

  app.post('/provider/rights-bundles/:id/rights', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    await rightsBundles.addRights(at.session, request.params.id!, [field(request, 'right', 256)]);
    return redirect(reply, `/provider/rights-bundles/${request.params.id}`);
  }));

  app.post('/provider/rights-bundles/:id/publish', PORTAL_ROUTE, ctx.signedIn(async (request, reply, at) => {
    const id = request.params.id!;
    await rightsBundles.publishAll(at.session, id, field(request, 'all', 8) === 'on');
    // the form shows a page of orgs: it publishes to those checked and unpublishes the others shown, the rest as they were
    const checked = new Set(fields(request, 'org', MAX_PAGE_SIZE));
    const shown = fields(request, 'shown', MAX_PAGE_SIZE);
    const refs = (ids: string[]) => ids.map((orgId) => ({ id: `urn:vcloud:org:${orgId}` }));
    await rightsBundles.publish(at.session, id, 'publish', refs([...checked]));
    await rightsBundles.publish(at.session, id, 'unpublish', refs(shown.filter((orgId) => !checked.has(orgId))));
    const page = Number(field(request, 'page', 16));
    return redirect(reply, `/provider/rights-bundles/${id}${Number.isSafeInteger(page) && page > 1 ? `?page=${page}` : ''}`);
  }));
}
