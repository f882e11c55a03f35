// The API page (UKCloud's top-right menu → API): what a client needs to log in to this cell as the
// signed-in user, each with a copy button, and snippets for curl, pyvcloud and Terraform filled in.
import type { FastifyInstance } from 'fastify';
import { compareVersions, type VersionCatalogue } from '../api-versions.ts';
import { urn } from '../ids.ts';
import { isSystemOrgName } from '../inventory/policy.ts';
import type { portalContext } from './context.ts';
import { PORTAL_ROUTE } from './context.ts';
import { sendPage } from './context.ts';
import { html } from './html.ts';

const copyable = (id: string, label: string, value: string) => html`
  <tr><th scope="row">${label}</th><td><code id="${id}">${value}</code></td>
  <td><button type="button" class="btn btn-sm btn-outline" data-copy="${id}" aria-label="Copy ${label}">Copy</button></td></tr>`;

const snippet = (id: string, title: string, text: string) => html`
  <h3 id="${id}-title">${title}</h3>
  <pre id="${id}" class="portal-snippet" aria-labelledby="${id}-title">${text}</pre>
  <button type="button" class="btn btn-sm btn-outline" data-copy="${id}">Copy ${title}</button>`;

export function apiPageRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>, catalogue: VersionCatalogue): void {
  const versions = [...catalogue.versions].filter((v) => !v.deprecated).map((v) => v.version).sort((a, b) => compareVersions(b, a));
  const latest = versions[0] ?? catalogue.versions.at(-1)!.version;

  const handler = ctx.signedIn(async (request, reply, at) => {
    const s = at.session;
    const base = request.renderContext().baseUrl;
    const provider = isSystemOrgName(s.orgName);
    const apiUrl = `${base}/api`;
    const login = provider ? `${base}/cloudapi/1.0.0/sessions/provider` : `${base}/cloudapi/1.0.0/sessions`;
    const tokenUrl = provider ? `${base}/oauth/provider/token` : `${base}/oauth/tenant/${encodeURIComponent(s.orgName)}/token`;
    const apiUser = `${s.userName}@${s.orgName}`;
    const accept = `application/*+xml;version=${latest}`;
    const curl = [
      '# the API versions this cell offers',
      `curl -s ${base}/api/versions`,
      '# log in with your portal password; the token is in the X-VMWARE-VCLOUD-ACCESS-TOKEN header',
      `curl -s -i -X POST -u '${apiUser}' -H 'Accept: application/json;version=${latest}' ${login}`,
      '# use it',
      `curl -s -H "Authorization: Bearer $TOKEN" -H 'Accept: ${accept}' ${apiUrl}/org`,
      '# or exchange an API token (User Preferences → Access Tokens) for an access token',
      `curl -s -X POST ${tokenUrl} -H 'Accept: application/json' -d grant_type=refresh_token -d "refresh_token=$API_TOKEN"`,
    ].join('\n');
    const pyvcloud = [
      'from pyvcloud.vcd.client import BasicLoginCredentials, Client',
      `client = Client('${base}', api_version='${latest}')`,
      `client.set_credentials(BasicLoginCredentials('${s.userName}', '${s.orgName}', PASSWORD))`,
    ].join('\n');
    const terraform = [
      'provider "vcd" {',
      `  url                  = "${apiUrl}"`,
      `  org                  = "${s.orgName}"`,
      `  user                 = "${s.userName}"`,
      '  auth_type            = "api_token_file"',
      '  api_token_file       = "token.json"',
      '  allow_api_token_file = true',
      '}',
    ].join('\n');
    return sendPage(reply, { ...at, title: 'API', current: '/api' }, html`
      <p>Use these to reach the API as <strong>${apiUser}</strong>. The password is your portal password${provider ? '' : html`; where your organization requires multi-factor authentication, create an <a href="${at.base}/preferences/tokens">API token</a> instead`}.</p>
      <table class="table table-vertical portal-facts"><caption>API access</caption><tbody>
        ${copyable('api-url', 'API URL', apiUrl)}
        ${copyable('api-username', 'API username', apiUser)}
        ${copyable('username', 'Username', s.userName)}
        ${copyable('org-name', 'Organization', s.orgName)}
        ${copyable('org-id', 'Organization ID', s.orgId)}
        ${copyable('org-urn', 'Organization URN', urn('org', s.orgId))}
        ${copyable('api-versions', 'API versions', versions.join(', '))}
      </tbody></table>
      <h2>Snippets</h2>
      ${snippet('snippet-curl', 'curl', curl)}
      ${snippet('snippet-pyvcloud', 'pyvcloud', pyvcloud)}
      ${snippet('snippet-terraform', 'Terraform', terraform)}`);
  });
  app.get('/tenant/:org/api', PORTAL_ROUTE, handler);
  app.get('/provider/api', PORTAL_ROUTE, handler);
}
