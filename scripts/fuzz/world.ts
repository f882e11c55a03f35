// The world a fuzz run works in: principals it acts as (which it never locks out, logs out or edits),
// victims it may change at will, and the checks that the cell still answers and nothing was lost.
import type { SeedFile } from '../../src/server/bootstrap.ts';

export const PASSWORD = 'Fuzz-Passw0rd!';
export const ORG = 'FuzzOrg';
const JSON_ACCEPT = 'application/json;version=37.0';
const FORM = 'application/x-www-form-urlencoded';

export const FUZZ_SEED: SeedFile = {
  system: { users: [{ name: 'administrator', password: PASSWORD }] },
  orgs: [
    {
      name: ORG, fullName: 'Fuzz Organization',
      roles: [{ name: 'Victim Role', rights: ['Organization: View'] }],
      users: [
        { name: 'OrgAdmin', password: PASSWORD, role: 'Organization Administrator' },
        { name: 'VappUser', password: PASSWORD, role: 'vApp User' },
        { name: 'Victim', password: PASSWORD, role: 'vApp User' },
      ],
      vdcs: [{
        name: 'FuzzVdc', allocationModel: 'AllocationPool', cpuLimitMhz: 20000, memoryLimitMb: 65536, storageProfiles: [{ name: 'Gold', limitMb: 1048576, default: true }],
        edgeGateways: [{ name: 'fuzz-edge' }],
        networks: [
          { name: 'fuzz-net', fenceMode: 'natRouted', edgeGateway: 'fuzz-edge', gateway: '10.20.0.1', prefixLength: 24, ipRanges: [{ start: '10.20.0.10', end: '10.20.0.20' }] },
          { name: 'fuzz-isolated', fenceMode: 'isolated', gateway: '10.30.0.1', prefixLength: 29, ipRanges: [{ start: '10.30.0.2', end: '10.30.0.3' }] },
        ],
      }],
      catalogs: [{
        name: 'FuzzCatalog',
        templates: [{ name: 'FuzzTemplate', vms: [{ name: 'vm', cpus: 1, memoryMb: 512, diskMb: 1024, osType: 'ubuntu64Guest' }] }],
        media: [{ name: 'fuzz.iso', sizeMb: 10 }],
      }],
    },
    { name: 'OtherOrg', users: [{ name: 'Other', password: PASSWORD, role: 'vApp User' }] },
    // the org that writes through /api/admin/org/{id} aim at: renamed, disabled, deleted at will
    { name: 'VictimOrg' },
  ],
  rightsBundles: [{ name: 'Victim Bundle', rights: ['Organization: View'], publishTo: [] }],
};

/** Who the fuzzer acts as: tokens it sends, and how each principal logs in again at the end. */
export interface Principal {
  name: string;
  token: string;
  login(): Promise<string>;
}

export interface World {
  url: string;
  principals: Principal[];
  /** URNs of entities the fuzzer may change, by type (role, rightsBundle, user, token, serviceAccount, org, session) */
  victims: Record<string, string>;
  /** the bare uuids of orgs, for /api/org/{id} */
  orgUuids: string[];
  /** ids of the predefined role Organization Administrator (read-only, so safe to aim at) */
  predefinedRole: string;
  /**
   * /api path segments of the inventory's entities, by type (vdc, vdcStorageProfile, catalog, catalogItem, vAppTemplate, templateVm,
   * media, task, victimOrg, network, edgeGateway, vapp, vm, victimVApp: the bare uuids; the vApp's name is in vappName)
   */
  ids: Record<string, string>;
}

async function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return { headers: res.headers, json: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined };
}

const basic = (user: string, org: string) => `Basic ${Buffer.from(`${user}@${org}:${PASSWORD}`).toString('base64')}`;

async function passwordLogin(url: string, user: string, org: string): Promise<string> {
  const path = org === 'System' ? '/cloudapi/1.0.0/sessions/provider' : '/cloudapi/1.0.0/sessions';
  const res = await send(url, 'POST', path, { accept: JSON_ACCEPT, authorization: basic(user, org) });
  return res.headers.get('x-vmware-vcloud-access-token')!;
}

const cloud = (url: string, token: string) => (method: string, path: string, body?: unknown) =>
  send(url, method, `/cloudapi/1.0.0${path}`, {
    accept: JSON_ACCEPT, authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }),
  }, body === undefined ? undefined : JSON.stringify(body)).then((r) => r.json);

const tokenGrant = (url: string, params: Record<string, string>) =>
  send(url, 'POST', `/oauth/tenant/${ORG}/token`, { 'content-type': FORM, accept: 'application/json' }, new URLSearchParams(params).toString())
    .then((r) => r.json as { access_token?: string; refresh_token?: string });

/** An API token of the org administrator: registered, issued, and its refresh token exchanged for a session. */
async function apiToken(url: string, session: string, name: string): Promise<{ clientId: string; refreshToken: string }> {
  const reg = await send(url, 'POST', `/oauth/tenant/${ORG}/register`,
    { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session}` }, JSON.stringify({ client_name: name }));
  const clientId = (reg.json as { client_id: string }).client_id;
  const issued = await tokenGrant(url, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: session, client_id: clientId });
  return { clientId, refreshToken: issued.refresh_token! };
}

/** The /api path segment of the first entity a query finds, and of the first href to `/api/<kind>/` in a document. */
const firstRef = (xml: string) => /<\w*Reference [^>]*href="[^"]*\/api\/(?:admin\/)?\w+\/([^"/]+)"/.exec(xml)?.[1];
const hrefTo = (xml: string, kind: string) => new RegExp(`href="[^"]*/api/${kind}/([^"/]+)"`).exec(xml)?.[1];
/** The uuid of the first href to `/api/<kind>/<prefix>-<uuid>` (vApp/vapp, vAppTemplate/vm…) in a document. */
const prefixedHref = (xml: string, kind: string, prefix: string) => new RegExp(`href="[^"]*/api/${kind}/${prefix}-([^"/]+)"`).exec(xml)?.[1];

/** The inventory's entities the routes name, and a task (a metadata write on the org), on a cell seeded with FUZZ_SEED. */
async function inventoryIds(url: string, providerToken: string, adminToken: string, orgUuid: string): Promise<Record<string, string>> {
  const get = async (token: string, path: string, method = 'GET', body?: string, contentType?: string) => {
    const res = await fetch(`${url}${path}`, { method, body, headers: {
      accept: 'application/*+xml;version=37.0', authorization: `Bearer ${token}`, ...(contentType && { 'content-type': contentType }) } });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return text;
  };
  const ids: Record<string, string> = {};
  for (const type of ['catalog', 'catalogItem', 'vAppTemplate', 'media']) {
    ids[type] = firstRef(await get(adminToken, `/api/query?type=${type}&format=references`))!;
  }
  ids.vdc = firstRef(await get(adminToken, '/api/query?type=orgVdc&format=references'))!;
  ids.vdcStorageProfile = hrefTo(await get(adminToken, `/api/vdc/${ids.vdc}`), 'vdcStorageProfile')!;
  const orgs = await get(providerToken, '/api/query?type=organization&format=references&filter=name==VictimOrg');
  ids.victimOrg = firstRef(orgs)!;
  const metadata = '<MetadataValue xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><TypedValue xsi:type="MetadataStringValue"><Value>v</Value></TypedValue></MetadataValue>';
  ids.task = hrefTo(await get(adminToken, `/api/admin/org/${orgUuid}/metadata/tier`, 'PUT', metadata, 'application/vnd.vmware.vcloud.metadata.value+xml'), 'task')!;
  for (const type of ['orgVdcNetwork', 'edgeGateway'] as const) {
    ids[type === 'orgVdcNetwork' ? 'network' : type] = firstRef(await get(adminToken, `/api/query?type=${type}&format=references&filter=name==fuzz-*`))!;
  }
  ids.templateVm = prefixedHref(await get(adminToken, `/api/vAppTemplate/${ids.vAppTemplate}`), 'vAppTemplate', 'vm')!;
  // two vApps made through the API, stopped: one the routes work on, and a victim that DELETE aims at
  const instantiate = async (name: string) => {
    const params = `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" deploy="false" powerOn="false">`
      + `<Source href="${url}/api/vAppTemplate/${ids.vAppTemplate}"/><AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>`;
    return get(adminToken, `/api/vdc/${ids.vdc}/action/instantiateVAppTemplate`, 'POST', params, 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml');
  };
  const vapp = await instantiate('fuzz-vapp');
  ids.vapp = prefixedHref(vapp, 'vApp', 'vapp')!;
  ids.vm = prefixedHref(vapp, 'vApp', 'vm')!;
  ids.victimVApp = prefixedHref(await instantiate('fuzz-victim-vapp'), 'vApp', 'vapp')!;
  const missing = Object.entries(ids).filter(([, id]) => !id).map(([type]) => type);
  if (missing.length) throw new Error(`the fuzz world has no ${missing.join(', ')}`);
  return ids;
}

/** Logs the principals in and creates the victims, on a cell seeded with FUZZ_SEED. */
export async function prepareWorld(url: string): Promise<World> {
  const principal = async (name: string, user: string, org: string): Promise<Principal> => {
    const login = () => passwordLogin(url, user, org);
    return { name, token: await login(), login };
  };
  const provider = await principal('provider', 'administrator', 'System');
  const orgAdmin = await principal('org admin', 'OrgAdmin', ORG);
  const vappUser = await principal('vApp user', 'VappUser', ORG);
  const ownToken = await apiToken(url, orgAdmin.token, 'fuzz-principal');
  const exchangeOwn = async () => (await tokenGrant(url, { grant_type: 'refresh_token', refresh_token: ownToken.refreshToken })).access_token!;
  const tokenPrincipal: Principal = { name: 'API token', token: await exchangeOwn(), login: exchangeOwn };

  const admin = cloud(url, orgAdmin.token);
  const asProvider = cloud(url, provider.token);
  const victimToken = await apiToken(url, orgAdmin.token, 'fuzz-victim');
  const account = await admin('POST', '/serviceAccounts', { name: 'fuzz-victim', softwareId: 'fuzz', role: 'vApp User' });
  const filter = (name: string) => `?filter=${encodeURIComponent(`name==${name}`)}`;
  const [victimRole] = (await admin('GET', `/roles${filter('Victim Role')}`)).values;
  const [predefined] = (await admin('GET', `/roles${filter('Organization Administrator')}`)).values;
  const [bundle] = (await asProvider('GET', `/rightsBundles${filter('Victim Bundle')}`)).values;
  const users = (await admin('GET', '/users')).values as Array<{ username: string; id: string }>;
  const current = await admin('GET', '/sessions/current');
  // A session of its own to end: the principals' sessions must outlive the run.
  const victimSession = await cloud(url, await passwordLogin(url, 'Victim', ORG))('GET', '/sessions/current');
  const providerSession = await asProvider('GET', '/sessions/current');
  return {
    ids: await inventoryIds(url, provider.token, orgAdmin.token, current.org.id.split(':').pop()),
    url,
    principals: [provider, orgAdmin, vappUser, tokenPrincipal],
    victims: {
      role: victimRole.id, rightsBundle: bundle.id, user: users.find((u) => u.username === 'Victim')!.id,
      token: `urn:vcloud:token:${victimToken.clientId}`, serviceAccount: account.id, org: current.org.id, session: victimSession.id,
    },
    orgUuids: [current.org.id, providerSession.org.id].map((id: string) => id.split(':').pop()!),
    predefinedRole: predefined.id,
  };
}

/**
 * After a run: the cell still serves discovery and an authenticated read, and every principal still logs in
 * (no account locked, disabled or lost). Returns the problems found.
 */
export async function checkHealth(world: World): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, check: () => Promise<unknown>) => {
    try { await check(); } catch (err) { problems.push(`${what}: ${(err as Error).message}`); }
  };
  await attempt('GET /api/versions', () => send(world.url, 'GET', '/api/versions', {}));
  // Nothing the run sends may end a principal's session: it never logs them out, edits or locks them.
  for (const p of world.principals) {
    await attempt(`${p.name}'s session from before the run`, () =>
      send(world.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_ACCEPT, authorization: `Bearer ${p.token}` }));
  }
  for (const p of world.principals) {
    await attempt(`${p.name} logs in and reads`, async () => {
      const token = await p.login();
      await send(world.url, 'GET', '/api/org', { accept: 'application/*+xml;version=37.0', authorization: `Bearer ${token}` });
      await send(world.url, 'GET', '/cloudapi/1.0.0/sessions/current', { accept: JSON_ACCEPT, authorization: `Bearer ${token}` });
    });
  }
  return problems;
}
