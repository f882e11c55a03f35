// Every XML document the cell serves, fetched over HTTP from a real cell and validated with libxml2 against
// VMware's published XSDs (see helpers/xsd.ts), on both stores. Skips, saying why, when the schemas are not checked out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { engines } from './helpers/engines.ts';
import { basic, call } from './helpers/http.ts';
import { schemaOf, schemasProblem, validate, VERSIONS_XSD } from './helpers/xsd.ts';
import { hashSecret } from '../src/server/services/secrets.ts';

const ACCEPT = 'application/*+xml;version=37.0';
const problem = schemasProblem();

async function assertValid(xml: string, root = schemaOf(xml)) {
  const result = await validate(xml, root);
  const problems = result.errors.filter((e) => e.loc?.fileName === 'document.xml').map((e) => e.message);
  assert.ok(result.valid, `schema errors:\n${problems.join('\n')}\n--- document:\n${xml}`);
}

for (const engine of engines()) describe(`XML documents validate against the VMware XSDs on ${engine}`, { skip: problem }, () => {
  let t: TestCell;
  let tenant: string;
  let provider: string;
  const get = async (path: string, token: string, status = 200) => {
    const res = await call(t.url, 'GET', path, { accept: ACCEPT, authorization: `Bearer ${token}` });
    assert.equal(res.status, status, `${path}: ${res.text}`);
    return res.text;
  };
  const orgIdOf = (orgList: string, name: string) =>
    new RegExp(`href="[^"]*/api/org/([0-9a-f-]+)" name="${name}"`).exec(orgList)?.[1];

  const logins: string[] = [];

  before(async () => {
    t = await startCell({ engine });
    // a catalog with a template (VMs and sections) and a medium, so that the crawl reaches their documents
    await t.cell.services.catalogs.ensure((await t.cell.services.identity.findOrgByName('ExampleOrg'))!.id, {
      name: 'XsdCatalog',
      templates: [{ name: 'XsdTemplate', vms: [{ name: 'web', network: 'net' }, { name: 'db' }] }],
      media: [{ name: 'xsd.iso', sizeMb: 1 }],
    }, null);
    for (const [user, org] of [['HelloUser', 'ExampleOrg'], ['administrator', 'System']] as const) {
      const res = await call(t.url, 'POST', '/api/sessions', { accept: ACCEPT, authorization: basic(user, org, PASSWORD) });
      assert.equal(res.status, 200, res.text);
      logins.push(res.text);
      if (org === 'System') provider = res.headers.get('x-vmware-vcloud-access-token')!;
      else tenant = res.headers.get('x-vmware-vcloud-access-token')!;
    }
    // a running vApp of HelloUser's from that template, so that the crawl reaches VApp, Vm and their sections
    const { services } = t.cell;
    const session = (await services.sessions.resolveDigest(hashSecret(tenant)))!;
    const vdc = (await services.vdcs.namesInOrg(session, session.orgId))[0]!;
    const templateId = (await services.store.db.selectFrom('vapp_templates').select('id').where('name', '=', 'XsdTemplate').executeTakeFirstOrThrow()).id;
    await services.vapps.create(session, await services.vdcs.get(session, vdc.id), {
      name: 'XsdVApp', deploy: true, powerOn: true, templateId, networks: [], items: [],
    });
  });
  after(async () => { await t.close(); });

  test('a broken document is rejected, so these checks can fail', async () => {
    const result = await validate('<Session xmlns="http://www.vmware.com/vcloud/v1.5" bogus="1"><Nope/></Session>');
    assert.equal(result.valid, false);
    assert.ok(result.errors.some((e) => /attribute 'bogus'/.test(e.message)), result.rawOutput);
    assert.ok(result.errors.some((e) => /Nope.*not expected/.test(e.message)), result.rawOutput);
    // an extension document goes to the extension's schema, which refuses a VimServer without its Url
    const vimServer = '<?xml version="1.0"?>\n<VimServer xmlns="http://www.vmware.com/vcloud/extension/v1.5" name="vc"><Username>u</Username><IsEnabled>true</IsEnabled></VimServer>';
    const extension = await validate(vimServer, schemaOf(vimServer));
    assert.equal(extension.valid, false);
    assert.ok(extension.errors.some((e) => /IsEnabled.*not expected.*Url/s.test(e.message)), extension.rawOutput);
  });

  test('SupportedVersions', async () => {
    const res = await call(t.url, 'GET', '/api/versions');
    assert.equal(res.status, 200);
    await assertValid(res.text, VERSIONS_XSD);
  });

  test('SupportedVersions: every VersionInfo from 36.0 on names its ProviderLoginUrl', async () => {
    const { text } = await call(t.url, 'GET', '/api/versions');
    const infos = [...text.matchAll(/<VersionInfo[^>]*>(.*?)<\/VersionInfo>/g)].map((m) => m[1]!);
    assert.ok(infos.length > 5);
    for (const info of infos) {
      const version = /<Version>([\d.]+)<\/Version>/.exec(info)![1]!;
      const hasProviderLogin = /<ProviderLoginUrl>[^<]+<\/ProviderLoginUrl>/.test(info);
      assert.equal(hasProviderLogin, Number.parseFloat(version) >= 36, `VersionInfo ${version}`);
    }
  });

  test('a broken SupportedVersions is rejected', async () => {
    const result = await validate('<SupportedVersions xmlns="http://www.vmware.com/vcloud/versions"><VersionInfo><LoginUrl>x</LoginUrl></VersionInfo></SupportedVersions>', VERSIONS_XSD);
    assert.equal(result.valid, false);
  });

  test('Session of tenant and provider (POST /api/sessions, GET /api/session)', async () => {
    for (const login of logins) await assertValid(login);
    await assertValid(await get('/api/session', tenant));
    await assertValid(await get('/api/session', provider));
  });

  test('OrgList and Org', async () => {
    const tenantList = await get('/api/org', tenant);
    await assertValid(tenantList);
    const providerList = await get('/api/org', provider);
    await assertValid(providerList);
    const id = orgIdOf(providerList, 'ExampleOrg');
    assert.ok(id, providerList);
    await assertValid(await get(`/api/org/${id}`, tenant));
    await assertValid(await get(`/api/org/${id}`, provider));
  });

  test('QueryList and QueryResultRecords in every format', async () => {
    for (const token of [tenant, provider]) {
      await assertValid(await get('/api/query', token));
      for (const type of ['organization', 'orgVdc', 'catalog', 'user', 'adminUser', 'catalogItem', 'vAppTemplate', 'media', 'role', 'disk', 'adminDisk']) {
        for (const format of ['', '&format=records', '&format=references', '&format=idrecords']) {
          await assertValid(await get(`/api/query?type=${type}${format}`, token));
        }
      }
    }
    // the provider's backing
    for (const type of ['providerVdc', 'providerVdcStorageProfile', 'virtualCenter', 'networkPool', 'nsxTManager', 'externalNetwork']) {
      for (const format of ['', '&format=references', '&format=idrecords']) await assertValid(await get(`/api/query?type=${type}${format}`, provider));
    }
    await assertValid(await get('/api/query?type=adminOrgVdc', provider));
    await assertValid(await get('/api/query?type=adminCatalog&format=references', provider));
    for (const type of ['adminCatalog', 'adminVAppTemplate', 'adminMedia']) await assertValid(await get(`/api/query?type=${type}`, provider));
    await assertValid(await get('/api/query?type=organization&pageSize=1', provider));
  });

  test('Entity', async () => {
    const id = orgIdOf(await get('/api/org', provider), 'ExampleOrg');
    await assertValid(await get(`/api/entity/urn:vcloud:org:${id}`, tenant));
    await assertValid(await get(`/api/entity/urn:vcloud:org:${id}`, provider));
  });

  test('VCloud admin root and AdminOrg', async () => {
    const id = orgIdOf(await get('/api/org', provider), 'ExampleOrg');
    await assertValid(await get('/api/admin/', provider));
    await assertValid(await get(`/api/admin/org/${id}`, provider));
  });

  test('AdminOrg as POST /api/admin/orgs answers it, enabled and disabled; VCloud with its build Description', async () => {
    const created = await call(t.url, 'POST', '/api/admin/orgs', {
      accept: ACCEPT, authorization: `Bearer ${provider}`, 'content-type': 'application/vnd.vmware.admin.organization+xml',
    }, '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="XsdOrg"><FullName>Xsd</FullName><IsEnabled>false</IsEnabled><Settings/></AdminOrg>');
    assert.equal(created.status, 201, created.text);
    await assertValid(created.text);
    const id = /id="urn:vcloud:org:([0-9a-f-]+)"/.exec(created.text)![1]!;
    const enable = await call(t.url, 'POST', `/api/admin/org/${id}/action/enable`, { accept: ACCEPT, authorization: `Bearer ${provider}` });
    assert.equal(enable.status, 204);
    await assertValid(await get(`/api/admin/org/${id}`, provider));
    assert.match(await get('/api/admin', provider), /<Description>\d+\.\d+\.\d+\.\d+ [^<]+<\/Description>/);
  });

  // the resolver's href is a base for URNs; add, enable, disable and configureServices are POSTed to, remove is a DELETE
  const notFollowed = new Set(['remove', 'add', 'enable', 'disable', 'openapi', 'entityResolver', 'edgeGateway:configureServices',
    // a vApp's and VM's actions are POSTed to
    'deploy', 'undeploy', 'discardState', 'reconfigureVm', 'recompose', 'controlAccess', 'disk:attach', 'disk:detach']);
  // the provider's backing (vCenters, provider VDCs, network pools, external networks and their query types), crawled on its own below
  const PROVIDER_BACKING = /\/api\/admin\/(extension|providervdc\/|pvdcStorageProfile\/)|type=(providerVdc|providerVdcStorageProfile|virtualCenter|networkPool|nsxTManager|externalNetwork)\b/;

  /**
   * Breadth-first over every /api href from `start`, bounded: each page is fetched, validated and must be there
   * (but for the 403s named below); `skip`: hrefs left out. Answers the URLs it reached.
   */
  async function crawl(token: string, start: string[], skip: (url: string) => boolean): Promise<Set<string>> {
    const queue = start.map((path) => `${t.url}${path}`);
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < 300) {
      const url = queue.shift()!;
      if (seen.has(url) || skip(url)) continue;
      seen.add(url);
      const path = url.slice(t.url.length);
      const res = await call(t.url, 'GET', path, { accept: ACCEPT, authorization: `Bearer ${token}` });
      await assertValid(res.text);
      // User records point at users' admin views, as VCD's do, which only administrators may open.
      if (res.status === 403 && token === tenant && path.startsWith('/api/admin/user/')) continue;
      // A routed network names its Edge gateway, which a vApp Author may not open.
      if (res.status === 403 && token === tenant && path.startsWith('/api/admin/edgeGateway/')) continue;
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      const xml = res.text;
      // (the extension's documents name what they share with the vcloud namespace vcloud:Link…)
      for (const [tag] of xml.matchAll(/<(?:vcloud:)?(?:Link|Org|OrganizationReference|CatalogItem|Entity|Vm|ResourceEntity|VdcStorageProfile|ProviderVdcStorageProfile|Network|EdgeGateway|VimServer|[A-Za-z]+Record|[A-Za-z]+Reference) [^>]*>/g)) {
        const rel = /\brel="([^"]+)"/.exec(tag)?.[1];
        const href = /\bhref="([^"]+)"/.exec(tag)?.[1]?.replace(/&amp;/g, '&');
        // an action is POSTed to, whatever its link's rel (the boot options' edit link is action/bootOptions)
        if (!href || (rel && (notFollowed.has(rel) || rel.startsWith('power:'))) || href.includes('/action/')) continue;
        assert.ok(href.startsWith(`${t.url}/`), `${path} links outside the cell: ${href}`);
        if (href.startsWith(`${t.url}/api/`)) queue.push(href);
      }
    }
    return seen;
  }

  test('every link reachable from a Session leads to a document that validates (tenant admin, vApp author, provider)', async () => {
    // A simulator's links must lead somewhere, as a real cell's do: clients follow them (vcd-cli, for one,
    // follows the Org's VDC query link at login).
    const orgAdmin = (await call(t.url, 'POST', '/api/sessions', { accept: ACCEPT, authorization: basic('OrgAdmin', 'ExampleOrg', PASSWORD) }))
      .headers.get('x-vmware-vcloud-access-token')!;
    for (const token of [orgAdmin, tenant, provider]) {
      const seen = await crawl(token, ['/api/session'], (url) => PROVIDER_BACKING.test(url));
      for (const expected of ['/api/vApp/vapp-', '/api/vApp/vm-', '/networkConnectionSection/', '/networkConfigSection/', '/guestCustomizationSection/',
        '/virtualHardwareSection/', '/api/tasksList/', '/metadata', 'type=orgVdc', 'type=adminCatalog', '/api/query?type=user',
        '/api/catalog/', '/api/catalogItem/', '/api/vAppTemplate/vappTemplate-', '/api/vAppTemplate/vm-', '/api/media/', '/controlAccess/',
        '/api/vdc/', '/api/vdcStorageProfile/', '/edgeGateways', '/api/network/', '/allocatedAddresses', '/networks', '/leaseSettingsSection/',
        '/productSections/', '/operatingSystemSection/', '/runtimeInfoSection', '/vmCapabilities/', '/bootOptions/', '/virtualHardwareSection/disks']) {
        assert.ok([...seen].some((u) => u.includes(expected)), `the crawl reached ${expected}`);
      }
      // Edge gateways are an administrator's (a vApp Author has no gateway view right)
      if (token !== tenant) assert.ok([...seen].some((u) => u.includes('/api/admin/edgeGateway/')), 'an administrator reaches Edge gateways');
      if (token !== tenant) assert.ok([...seen].some((u) => u.includes('/api/admin/user/')), 'an administrator reaches users');
      if (token !== tenant) assert.ok([...seen].some((u) => u.includes('/api/admin/role/')), 'an administrator reaches roles (the AdminOrg\'s RoleReferences)');
    }
  });

  // (their query types' records are validated with every other's above)
  test('every link reachable from the provider\'s extension and the admin root\'s provider VDCs leads to a document that validates', async () => {
    const session = await get('/api/session', provider);
    const extension = /<Link rel="down" href="[^"]*(\/api\/admin\/extension)" type="application\/vnd\.vmware\.admin\.vmwExtension\+xml"\/>/.exec(session)?.[1];
    assert.ok(extension, 'the provider\'s session links to the extension');
    // only the provider's backing (and the admin root, which names its provider VDCs): the rest is crawled above
    const seen = await crawl(provider, [extension, '/api/admin'], (url) => !PROVIDER_BACKING.test(url) && !url.endsWith('/api/admin'));
    for (const expected of ['/api/admin/extension/vimServerReferences', '/api/admin/extension/vimServer/', '/api/admin/extension/providerVdcReferences',
      '/api/admin/extension/providervdc/', '/api/admin/providervdc/', '/api/admin/pvdcStorageProfile/', '/api/admin/extension/networkPoolReferences',
      '/api/admin/extension/networkPool/', '/api/admin/extension/nsxtManagers/', '/api/admin/extension/externalNetworkReferences',
      '/api/admin/extension/externalnet/']) {
      assert.ok([...seen].some((u) => u.includes(expected)), `the crawl reached ${expected}`);
    }
  });

  test('Metadata, MetadataValue, Task (succeeded and failed), a TasksList with entries, and their task and adminTask records', async () => {
    const id = orgIdOf(await get('/api/org', provider), 'ExampleOrg')!;
    const xsi = 'xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
    const set = await call(t.url, 'PUT', `/api/admin/org/${id}/metadata/SYSTEM/tier`, {
      accept: ACCEPT, authorization: `Bearer ${provider}`, 'content-type': 'application/vnd.vmware.vcloud.metadata.value+xml',
    }, `<MetadataValue ${xsi}><Domain visibility="READONLY">SYSTEM</Domain><TypedValue xsi:type="MetadataNumberValue"><Value>3</Value></TypedValue></MetadataValue>`);
    assert.equal(set.status, 202, set.text);
    await assertValid(set.text);
    await assertValid(await get(new URL(set.headers.get('location')!).pathname, provider));
    const session = (await t.cell.services.sessions.resolveDigest(hashSecret(provider)))!;
    const failed = await t.cell.services.tasks.run({
      session, owner: { urn: `urn:vcloud:org:${id}`, name: 'ExampleOrg', family: 'vcloud.org', path: `/api/org/${id}` },
      operationName: 'metadataUpdate', operation: 'Failing', work: async () => { throw new Error('boom'); },
    });
    await assertValid(await get(`/api/task/${failed.id}`, provider));
    for (const path of [`/api/org/${id}/metadata`, `/api/admin/org/${id}/metadata`, `/api/org/${id}/metadata/SYSTEM/tier`]) {
      await assertValid(await get(path, provider));
      if (!path.includes('/admin/')) await assertValid(await get(path, tenant));
    }
    const list = await get(`/api/tasksList/${session.orgId}`, provider); // the task is filed under its user's org
    assert.match(list, /<Task [^>]*status="error"/);
    await assertValid(list);
    // task: the caller's own org (the provider's two); adminTask: every org (and the creation of the crawl's vApp)
    for (const [type, total] of [['task', 2], ['adminTask', 3]] as const) {
      for (const format of ['records', 'references', 'idrecords']) {
        const page = await get(`/api/query?type=${type}&format=${format}`, provider);
        assert.match(page, new RegExp(`total="${total}"`), `${type} ${format}: ${total} tasks`);
        await assertValid(page);
      }
    }
  });

  test('Error documents (400, 401, 403, 404, 405, 406)', async () => {
    const providerList = await get('/api/org', provider);
    const otherId = orgIdOf(providerList, 'OtherOrg')!;
    await assertValid(await get(`/api/org/${otherId}`, tenant, 403));
    await assertValid(await get('/api/no-such-thing', tenant, 404));
    await assertValid(await get('/api/org/%E0%A4%A', tenant, 400));
    await assertValid((await call(t.url, 'GET', '/api/session', { accept: ACCEPT })).text);
    await assertValid((await call(t.url, 'PUT', '/api/session', { accept: ACCEPT, authorization: `Bearer ${tenant}` })).text);
    const notAcceptable = await call(t.url, 'GET', '/api/session', { accept: 'application/*+xml;version=1.0', authorization: `Bearer ${tenant}` });
    assert.equal(notAcceptable.status, 406);
    await assertValid(notAcceptable.text);
  });

  // last: its tasks would change the task counts above
  test('Disk as createDisk answers it and as GET reads it, its Owner, its attached Vms, and the disk and adminDisk records', async () => {
    const send = (method: string, path: string, type: string, body: string) =>
      call(t.url, method, path, { accept: ACCEPT, authorization: `Bearer ${tenant}`, 'content-type': `application/vnd.vmware.vcloud.${type}+xml` }, body);
    const vdc = /<Link rel="down" href="[^"]*(\/api\/vdc\/[0-9a-f-]+)"/.exec(await get(`/api/org/${orgIdOf(await get('/api/org', provider), 'ExampleOrg')}`, tenant))![1]!;
    const created = await send('POST', `${vdc}/disk`, 'diskCreateParams',
      '<DiskCreateParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk name="XsdDisk" sizeMb="1"><Description>d</Description></Disk></DiskCreateParams>');
    assert.equal(created.status, 201, created.text);
    await assertValid(created.text);
    const disk = new URL(/<Disk [^>]*href="([^"]+)"/.exec(created.text)![1]!).pathname;
    const vm = /<Reference [^>]*href="[^"]*(\/api\/vApp\/vm-[0-9a-f-]+)"/.exec(await get('/api/query?type=vm&format=references', tenant))![1]!;
    const attached = await send('POST', `${vm}/disk/action/attach`, 'diskAttachOrDetachParams',
      `<DiskAttachOrDetachParams xmlns="http://www.vmware.com/vcloud/v1.5"><Disk href="${t.url}${disk}"/></DiskAttachOrDetachParams>`);
    assert.equal(attached.status, 202, attached.text);
    await assertValid(attached.text);
    for (const path of [disk, `${disk}/owner`, `${disk}/attachedVms`, `${disk}/metadata`]) await assertValid(await get(path, tenant));
    assert.match(await get(`${disk}/attachedVms`, tenant), /<VmReference /);
    for (const [type, token] of [['disk', tenant], ['adminDisk', provider]] as const) {
      for (const format of ['records', 'references', 'idrecords']) {
        const page = await get(`/api/query?type=${type}&format=${format}`, token);
        assert.match(page, /total="1"/, `${type} ${format}`);
        await assertValid(page);
      }
    }
  });
});
