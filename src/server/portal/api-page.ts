// The API page (UKCloud's top-right menu → API): what a client needs to log in to this cell as the
// signed-in user, each with a copy button, and snippets for curl, pyvcloud and Terraform filled in. Each
// snippet runs as shown: it sets every variable it uses and asks for the secret it needs (the password,
// or an API token where the org refuses passwords on the API), and says what it cannot know.
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

/** The API versions pyvcloud knows (its newest release stops at 36.0); it cannot speak a newer one. */
const PYVCLOUD_VERSIONS = new Set(['29.0', '30.0', '31.0', '32.0', '33.0', '34.0', '35.0', '36.0']);

/** A value as one shell word, single-quoted. */
const sh = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
/** A value as a Python string literal (a JSON string is one). */
const py = (value: string) => JSON.stringify(value);
/** A value as a Terraform string, with its template sequences escaped. */
const hcl = (value: string) => JSON.stringify(value).replaceAll('${', '$${').replaceAll('%{', '%%{');

/** Where a user's API token comes from. */
const API_TOKEN_SOURCE = 'an API token, from User Preferences → Access Tokens';

/** What the snippets are filled in with. */
interface Facts {
  /** the cell's base URL, as its documents' hrefs have it */
  base: string;
  user: string;
  org: string;
  /** the login path of the user's org (tenants or the provider), and its API token exchange */
  loginPath: string;
  tokenPath: string;
  /** the newest API version the cell offers */
  latest: string;
  passwordsRefused: boolean;
  /** the cell serves a self-signed certificate, which no client trusts by itself */
  selfSigned: boolean;
}

const untrusted = (f: Facts, how: string) => (f.selfSigned ? [`# This cell's certificate is self-signed: ${how} (its operator has the file).`] : []);

/** curl with the password (curl asks for it), or with an API token (the shell asks for it). */
function curl(f: Facts, login: 'password' | 'api-token'): string {
  const lines = login === 'password' ? [
    '# The API versions this cell offers',
    'curl -s "$VCD/api/versions"',
    '# Log in: curl asks for your portal password; the access token comes back in a header',
    `TOKEN=$(curl -s -o /dev/null -D - -X POST -u ${sh(`${f.user}@${f.org}`)} -H 'Accept: application/json;version=${f.latest}' "$VCD${f.loginPath}" \\`,
    `  | awk 'tolower($1) == "x-vmware-vcloud-access-token:" { print $2 }' | tr -d '\\r')`,
  ] : [
    `# Paste ${API_TOKEN_SOURCE}`,
    "printf 'API token: ' && read -r API_TOKEN",
    '# Exchange it for an access token',
    `TOKEN=$(curl -s -X POST "$VCD${f.tokenPath}" -H 'Accept: application/json' \\`,
    '  --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$API_TOKEN" \\',
    `  | sed -n 's/.*"access_token" *: *"\\([^"]*\\)".*/\\1/p')`,
  ];
  return [
    ...untrusted(f, 'export CURL_CA_BUNDLE=<the certificate file> first'),
    `VCD=${sh(f.base)}`,
    ...lines,
    '# Use it',
    `curl -s -H "Authorization: Bearer $TOKEN" -H 'Accept: application/*+xml;version=${f.latest}' "$VCD/api/org"`,
  ].join('\n');
}

/** pyvcloud at `version`: it logs in with the password, or, where the org refuses it, with an API token exchanged by hand. */
function pyvcloud(f: Facts, version: string): string {
  const client = `client = Client(${py(f.base)}, api_version=${py(version)})`;
  return [
    ...untrusted(f, 'add verify_ssl_certs="<the certificate file>" to Client(…)'),
    'import getpass',
    ...(f.passwordsRefused ? [
      'import requests',
      'from pyvcloud.vcd.client import Client',
      '',
      `# Your organization refuses passwords on the API: ${API_TOKEN_SOURCE}, exchanged for an access token`,
      `answer = requests.post(${py(f.base + f.tokenPath)}, headers={"Accept": "application/json"},`,
      '                       data={"grant_type": "refresh_token", "refresh_token": getpass.getpass("API token: ")})',
      'answer.raise_for_status()',
      `# ${version}: the newest API version both pyvcloud and this cell know`,
      client,
      'client.rehydrate_from_token(answer.json()["access_token"], is_jwt_token=True)',
    ] : [
      'from pyvcloud.vcd.client import BasicLoginCredentials, Client',
      '',
      `# ${version}: the newest API version both pyvcloud and this cell know`,
      client,
      `client.set_credentials(BasicLoginCredentials(${py(f.user)}, ${py(f.org)}, getpass.getpass("Password: ")))`,
    ]),
    'print([org.get("name") for org in client.get_org_list()])',
    'client.logout()',
  ].join('\n');
}

/** The Terraform vcd provider with an API token file; over plain http, why it will not do. */
function terraform(f: Facts): string {
  return [
    ...(f.base.startsWith('http:') ? [
      '# This cell speaks plain http: the vcd provider (go-vcloud-director) reads ids only from https hrefs,',
      '# so lookups by id fail; start the cell with --tls.',
    ] : untrusted(f, 'set allow_unverified_ssl = true, or trust it through SSL_CERT_FILE')),
    `# token.json holds ${API_TOKEN_SOURCE}, as {"refresh_token": "<the token>"}`,
    'provider "vcd" {',
    `  url                  = ${hcl(`${f.base}/api`)}`,
    `  org                  = ${hcl(f.org)}`,
    `  user                 = ${hcl(f.user)}`,
    '  auth_type            = "api_token_file"',
    '  api_token_file       = "token.json"',
    '  allow_api_token_file = true',
    '}',
  ].join('\n');
}

export function apiPageRoutes(app: FastifyInstance, ctx: ReturnType<typeof portalContext>, catalogue: VersionCatalogue, selfSigned: boolean): void {
  const versions = [...catalogue.versions].filter((v) => !v.deprecated).map((v) => v.version).sort((a, b) => compareVersions(b, a));
  const latest = versions[0] ?? catalogue.versions.at(-1)!.version;
  // deprecated or not: pyvcloud names its version rather than negotiating, and the cell accepts any it lists
  const pyvcloudVersion = catalogue.versions.map((v) => v.version).filter((v) => PYVCLOUD_VERSIONS.has(v)).sort(compareVersions).at(-1);

  const handler = ctx.signedIn(async (request, reply, at) => {
    const s = at.session;
    const provider = isSystemOrgName(s.orgName);
    const f: Facts = {
      base: request.renderContext().baseUrl, user: s.userName, org: s.orgName, latest, selfSigned,
      loginPath: provider ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions',
      tokenPath: provider ? '/oauth/provider/token' : `/oauth/tenant/${encodeURIComponent(s.orgName)}/token`,
      passwordsRefused: (await app.services.mfa.policy(s.orgId)).apiPasswordRefused,
    };
    const apiUser = `${s.userName}@${s.orgName}`;
    const tokens = html`<a href="${at.base}/preferences/tokens">API token</a>`;
    return sendPage(reply, { ...at, title: 'API', current: '/api' }, html`
      <p>Use these to reach the API as <strong>${apiUser}</strong>. ${f.passwordsRefused
        ? html`Your organization refuses passwords on the API: create an ${tokens} instead.`
        : html`The password is your portal password${provider ? '' : html`; where your organization requires multi-factor authentication, create an ${tokens} instead`}.`}</p>
      <table class="table table-vertical portal-facts"><caption>API access</caption><tbody>
        ${copyable('api-url', 'API URL', `${f.base}/api`)}
        ${copyable('api-username', 'API username', apiUser)}
        ${copyable('username', 'Username', s.userName)}
        ${copyable('org-name', 'Organization', s.orgName)}
        ${copyable('org-id', 'Organization ID', s.orgId)}
        ${copyable('org-urn', 'Organization URN', urn('org', s.orgId))}
        ${copyable('api-versions', 'API versions', versions.join(', '))}
      </tbody></table>
      <h2>Snippets</h2>
      ${f.passwordsRefused ? '' : snippet('snippet-curl', 'curl', curl(f, 'password'))}
      ${snippet('snippet-curl-token', 'curl with an API token', curl(f, 'api-token'))}
      ${pyvcloudVersion ? snippet('snippet-pyvcloud', 'pyvcloud', pyvcloud(f, pyvcloudVersion)) : ''}
      ${snippet('snippet-terraform', 'Terraform', terraform(f))}`);
  });
  app.get('/tenant/:org/api', PORTAL_ROUTE, handler);
  app.get('/provider/api', PORTAL_ROUTE, handler);
}
