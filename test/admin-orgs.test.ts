// The System view over HTTP: the provider creates, updates, enables, disables and deletes orgs through
// /api/admin as pyvcloud and go-vcloud-director do (XML and VCD JSON bodies); a disabled org's users
// are out at once; /api/admin reports the build per release, as go-vcloud-director reads it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applySeed } from '../src/server/bootstrap.ts';
import { engines } from './helpers/engines.ts';
import { startCell, PASSWORD, type TestCell } from './helpers/cell.ts';
import { basic, call, login, XML } from './helpers/http.ts';

const ORG_XML = 'application/vnd.vmware.admin.organization+xml';
const ORG_JSON = 'application/vnd.vmware.admin.organization+json';

/** pyvcloud's System.create_org(name, full_name, is_enabled): E.AdminOrg(E.FullName, E.IsEnabled, E.Settings, name=…). */
const pyvcloudBody = (name: string, enabled = true) =>
  `<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"><FullName>${name} full</FullName>` +
  `<IsEnabled>${enabled}</IsEnabled><Settings/></AdminOrg>`;

/** go-vcloud-director's CreateOrg: an XML declaration, a Description, and general settings the cell does not model yet. */
const govcdBody = (name: string) => `<?xml version="1.0" encoding="UTF-8"?>
<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}">
  <Description>made by govcd</Description>
  <FullName>${name} &amp; co</FullName>
  <IsEnabled>true</IsEnabled>
  <Settings>
    <OrgGeneralSettings><CanPublishCatalogs>false</CanPublishCatalogs><DeployedVMQuota>0</DeployedVMQuota>
      <StoredVmQuota>0</StoredVmQuota><UseServerBootSequence>false</UseServerBootSequence><DelayAfterPowerOnSeconds>0</DelayAfterPowerOnSeconds></OrgGeneralSettings>
    <VAppLeaseSettings><DeleteOnStorageLeaseExpiration>false</DeleteOnStorageLeaseExpiration></VAppLeaseSettings>
  </Settings>
</AdminOrg>`;

const attrOf = (xml: string, name: string) => new RegExp(`<AdminOrg [^>]*${name}="([^"]*)"`).exec(xml)?.[1];
const orgIdOf = (xml: string) => /id="urn:vcloud:org:([0-9a-f-]+)"/.exec(xml)![1]!;

for (const engine of engines()) {
  describe(`org management through /api/admin on ${engine}`, () => {
    let t: TestCell;
    let provider: string;
    let tenantAdmin: string;
    before(async () => {
      t = await startCell({ engine });
      provider = await login(t.url, 'administrator', 'System', PASSWORD);
      tenantAdmin = await login(t.url, 'OrgAdmin', 'ExampleOrg', PASSWORD);
    });
    after(async () => { await t.close(); });

    const as = (token: string, contentType?: string) =>
      ({ accept: XML('37.0'), authorization: `Bearer ${token}`, ...(contentType && { 'content-type': `${contentType};version=37.0` }) });
    const create = (body: string, type = ORG_XML, token = provider) => call(t.url, 'POST', '/api/admin/orgs', as(token, type), body);
    const createOk = async (body: string, type = ORG_XML) => {
      const res = await create(body, type);
      assert.equal(res.status, 201, res.text);
      return orgIdOf(res.text);
    };
    const action = (id: string, what: 'enable' | 'disable', token = provider) =>
      call(t.url, 'POST', `/api/admin/org/${id}/action/${what}`, as(token));
    const tenantLogin = (org: string) =>
      call(t.url, 'POST', '/cloudapi/1.0.0/sessions', { accept: 'application/json;version=37.0', authorization: basic('alice', org, PASSWORD) });
    /** DELETE answers 202 with the deletion's Task, which has ended in success (no task delay). */
    const deleteOk = async (id: string, query = '') => {
      const res = await call(t.url, 'DELETE', `/api/admin/org/${id}${query}`, as(provider));
      assert.equal(res.status, 202, res.text);
      assert.match(res.text, /<Task [^>]*status="success"[^>]*operationName="orgDeleteOrg"/);
      assert.match(res.text, new RegExp(`<Owner [^>]*href="[^"]*/api/org/${id}"`));
      const task = await call(t.url, 'GET', new URL(res.headers.get('location')!).pathname, as(provider));
      assert.equal(task.status, 200, 'the task outlives the org');
    };
    const seedUser = (org: string) => applySeed(t.cell.services, { orgs: [{ name: org, users: [{ name: 'alice', password: PASSWORD, role: 'vApp Author' }] }] });

    test('an org created from pyvcloud\'s body appears in /api/org and /api/admin, and takes users', async () => {
      const res = await create(pyvcloudBody('PyOrg'));
      assert.equal(res.status, 201, res.text);
      assert.match(res.headers.get('content-type')!, /^application\/vnd\.vmware\.admin\.organization\+xml;version=37\.0/);
      assert.equal(attrOf(res.text, 'name'), 'PyOrg');
      assert.match(res.text, /<FullName>PyOrg full<\/FullName><IsEnabled>true<\/IsEnabled>/);
      assert.match(res.text, /<Link rel="disable" href="[^"]+\/action\/disable"\/>/);
      assert.match((await call(t.url, 'GET', '/api/org', as(provider))).text, /name="PyOrg"/);
      assert.match((await call(t.url, 'GET', '/api/admin', as(provider))).text, /<OrganizationReference [^>]*name="PyOrg"\/>/);
      await seedUser('PyOrg');
      assert.equal((await tenantLogin('PyOrg')).status, 200);
    });

    test('go-vcloud-director\'s body (declaration, Description, settings) and a VCD JSON body create orgs alike', async () => {
      const fromXml = await call(t.url, 'GET', `/api/admin/org/${await createOk(govcdBody('GoOrg'))}`, as(provider));
      assert.match(fromXml.text, /<Description>made by govcd<\/Description><FullName>GoOrg &amp; co<\/FullName>/);
      const json = JSON.stringify({ name: 'JsonOrg', description: 'from JSON', fullName: 'Json Org', isEnabled: false, settings: {} });
      const res = await call(t.url, 'POST', '/api/admin/orgs', { ...as(provider, ORG_JSON), accept: 'application/*+json;version=37.0' }, json);
      assert.equal(res.status, 201, res.text);
      const org = JSON.parse(res.text);
      assert.deepEqual([org.name, org.fullName, org.description, org.isEnabled], ['JsonOrg', 'Json Org', 'from JSON', false]);
      assert.ok(org.link.some((l: { rel: string }) => l.rel === 'enable'), 'a disabled org offers enable');
    });

    test('a tenant, even an org administrator, cannot manage orgs (403)', async () => {
      const id = orgIdOf((await create(pyvcloudBody('GuardedOrg'))).text);
      const attempts = [
        create(pyvcloudBody('TenantMade'), ORG_XML, tenantAdmin),
        call(t.url, 'GET', '/api/admin', as(tenantAdmin)),
        call(t.url, 'PUT', `/api/admin/org/${id}`, as(tenantAdmin, ORG_XML), pyvcloudBody('Renamed')),
        action(id, 'disable', tenantAdmin),
        call(t.url, 'DELETE', `/api/admin/org/${id}?force=true&recursive=true`, as(tenantAdmin)),
      ];
      for (const res of await Promise.all(attempts)) {
        assert.equal(res.status, 403, res.text);
        assert.match(res.text, /minorErrorCode="ACCESS_TO_RESOURCE_IS_FORBIDDEN"/);
      }
      assert.doesNotMatch((await call(t.url, 'GET', '/api/org', as(provider))).text, /TenantMade/);
    });

    test('a name already taken, in any case, is DUPLICATE_NAME; of concurrent creations of one name exactly one wins', async () => {
      await createOk(pyvcloudBody('DupOrg'));
      for (const name of ['DupOrg', 'duporg', 'System']) {
        const res = await create(pyvcloudBody(name));
        assert.equal(res.status, 400, res.text);
        assert.match(res.text, /minorErrorCode="DUPLICATE_NAME"/);
      }
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => create(pyvcloudBody(i % 2 ? 'RaceOrg' : 'raceorg'))));
      assert.deepEqual(burst.map((r) => r.status).sort(), [201, 400, 400, 400, 400, 400, 400, 400], burst.map((r) => r.text).join('\n'));
      for (const res of burst.filter((r) => r.status === 400)) assert.match(res.text, /minorErrorCode="DUPLICATE_NAME"/);
    });

    test('PUT renames and describes an org; renaming onto another org\'s name is DUPLICATE_NAME', async () => {
      const id = await createOk(pyvcloudBody('EditOrg'));
      const body = '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="EditedOrg"><Description>new words</Description><FullName>Edited</FullName><Settings/></AdminOrg>';
      const res = await call(t.url, 'PUT', `/api/admin/org/${id}`, as(provider, ORG_XML), body);
      assert.equal(res.status, 200, res.text);
      assert.equal(attrOf(res.text, 'name'), 'EditedOrg');
      assert.match((await call(t.url, 'GET', `/api/admin/org/${id}`, as(provider))).text, /<Description>new words<\/Description><FullName>Edited<\/FullName><IsEnabled>true/);
      const clash = await call(t.url, 'PUT', `/api/admin/org/${id}`, as(provider, ORG_XML), pyvcloudBody('ExampleOrg'));
      assert.equal(clash.status, 400, clash.text);
      assert.match(clash.text, /minorErrorCode="DUPLICATE_NAME"/);
    });

    test('disabling an org ends its users\' sessions at once and refuses their logins; enabling lets them in again', async () => {
      const id = await createOk(pyvcloudBody('SleepyOrg'));
      await seedUser('SleepyOrg');
      const token = (await tenantLogin('SleepyOrg')).headers.get('x-vmware-vcloud-access-token')!;
      assert.equal((await call(t.url, 'GET', '/api/session', as(token))).status, 200, 'the session is live (and cached)');
      assert.equal((await action(id, 'disable')).status, 204);
      assert.equal((await call(t.url, 'GET', '/api/session', as(token))).status, 401, 'the open session ends at once');
      assert.equal((await tenantLogin('SleepyOrg')).status, 401, 'a login is refused');
      assert.match((await call(t.url, 'GET', `/api/admin/org/${id}`, as(provider))).text, /<IsEnabled>false<\/IsEnabled>/);
      assert.equal((await action(id, 'enable')).status, 204);
      assert.equal((await tenantLogin('SleepyOrg')).status, 200, 'enabled again, the user logs in');
      assert.equal((await call(t.url, 'GET', '/api/session', as(token))).status, 401, 'the ended session stays ended');
    });

    test('logins racing a disable leave no session that an enable would revive', async () => {
      const id = await createOk(pyvcloudBody('RacyOrg'));
      await seedUser('RacyOrg');
      const logins = Array.from({ length: 20 }, () => tenantLogin('RacyOrg'));
      const [disabled, ...answers] = await Promise.all([action(id, 'disable'), ...logins]);
      assert.equal(disabled!.status, 204);
      assert.deepEqual(answers.filter((r) => r.status !== 200 && r.status !== 401).map((r) => r.status), []);
      assert.equal((await action(id, 'enable')).status, 204);
      const tokens = answers.filter((r) => r.status === 200).map((r) => r.headers.get('x-vmware-vcloud-access-token')!);
      const after = await Promise.all(tokens.map((token) => call(t.url, 'GET', '/api/session', as(token))));
      assert.deepEqual(after.map((r) => r.status).filter((s) => s !== 401), [], 'every session opened before the disable ended');
    });

    test('an enabled org is not deleted; disabled, it is, with its users', async () => {
      const id = await createOk(pyvcloudBody('DoomedOrg'));
      await seedUser('DoomedOrg');
      const refused = await call(t.url, 'DELETE', `/api/admin/org/${id}?force=False&recursive=False`, as(provider));
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /is enabled/);
      assert.equal((await action(id, 'disable')).status, 204);
      await deleteOk(id);
      assert.equal((await call(t.url, 'GET', `/api/admin/org/${id}`, as(provider))).status, 403, 'gone looks like out of reach');
      assert.doesNotMatch((await call(t.url, 'GET', '/api/org', as(provider))).text, /DoomedOrg/);
      assert.equal((await tenantLogin('DoomedOrg')).status, 401);
      const users = await t.cell.store.db.selectFrom('users').select('id').where('org_id', '=', id).execute();
      assert.deepEqual(users, []);
      // the name is free again
      await createOk(pyvcloudBody('DoomedOrg'));
    });

    test('force=True&recursive=True (as pyvcloud capitalises them) deletes an enabled org, ending its sessions', async () => {
      const id = await createOk(pyvcloudBody('ForcedOrg'));
      await seedUser('ForcedOrg');
      const token = (await tenantLogin('ForcedOrg')).headers.get('x-vmware-vcloud-access-token')!;
      await deleteOk(id, '?force=True&recursive=True');
      assert.equal((await call(t.url, 'GET', '/api/session', as(token))).status, 401);
    });

    test('an org holding a VDC or a catalog is deleted only with recursive=true, which takes them with it', async () => {
      await applySeed(t.cell.services, { orgs: [{ name: 'FullOrg',
        vdcs: [{ name: 'vdc1', allocationModel: 'AllocationVApp', storageProfiles: [{ name: 'Gold', limitMb: 1024 }] }],
        catalogs: [{ name: 'cat1' }] }] });
      const id = (await t.cell.services.identity.listOrgs()).find((o) => o.name === 'FullOrg')!.id;
      assert.equal((await action(id, 'disable')).status, 204);
      const refused = await call(t.url, 'DELETE', `/api/admin/org/${id}`, as(provider));
      assert.equal(refused.status, 400, refused.text);
      assert.match(refused.text, /holds VDCs or catalogs/);
      await deleteOk(id, '?recursive=true');
      const db = t.cell.store.db;
      assert.deepEqual(await db.selectFrom('vdcs').select('id').where('org_id', '=', id).execute(), []);
      assert.deepEqual(await db.selectFrom('catalogs').select('id').where('org_id', '=', id).execute(), []);
    });

    test('the System org is neither disabled, renamed nor deleted', async () => {
      const id = /href="[^"]*\/api\/admin\/org\/([0-9a-f-]+)" [^>]*name="System"/.exec((await call(t.url, 'GET', '/api/admin', as(provider))).text)![1]!;
      assert.equal((await action(id, 'disable')).status, 400);
      assert.equal((await call(t.url, 'PUT', `/api/admin/org/${id}`, as(provider, ORG_XML), pyvcloudBody('Sys'))).status, 400);
      assert.equal((await call(t.url, 'DELETE', `/api/admin/org/${id}?force=true&recursive=true`, as(provider))).status, 400);
      assert.equal((await call(t.url, 'GET', '/api/session', as(provider))).status, 200);
    });

    test('a body of another media type is 415; a wrong root, a missing name or FullName, a bad IsEnabled are 400', async () => {
      for (const type of ['application/json', 'application/vnd.vmware.vcloud.org+xml', 'text/plain']) {
        const res = await create(pyvcloudBody('WrongType'), type);
        assert.equal(res.status, 415, `${type}: ${res.text}`);
        assert.match(res.text, /minorErrorCode="UNSUPPORTED_MEDIA_TYPE"/);
      }
      const bad = [
        '<Org xmlns="http://www.vmware.com/vcloud/v1.5" name="X"><FullName>x</FullName></Org>',
        '<AdminOrg name="X"><FullName>x</FullName></AdminOrg>', // no namespace
        '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5"><FullName>x</FullName><Settings/></AdminOrg>',
        '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="X"><Settings/></AdminOrg>',
        '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="X"><FullName>x</FullName><IsEnabled>yes</IsEnabled></AdminOrg>',
        '<AdminOrg xmlns="http://www.vmware.com/vcloud/v1.5" name="a b"><FullName>x</FullName></AdminOrg>',
      ];
      for (const body of bad) {
        const res = await create(body);
        assert.equal(res.status, 400, `${body}: ${res.text}`);
        assert.match(res.text, /minorErrorCode="BAD_REQUEST"/);
      }
      const json = await create(JSON.stringify({ fullName: 'no name' }), ORG_JSON);
      assert.equal(json.status, 400, json.text);
    });
  });
}

describe('the build version in /api/admin\'s Description follows --release', () => {
  // go-vcloud-director's GetVcdVersion: the Description splits at the first space into a version and a date.
  const GOVCD = /^\s*(\S+)\s+(.*)/;
  for (const release of [undefined, '10.4', '10.6']) {
    test(`release ${release ?? '(default)'}`, async () => {
      const t = await startCell({ config: { release } });
      try {
        const provider = await login(t.url, 'administrator', 'System', PASSWORD, release === '10.4');
        const res = await call(t.url, 'GET', '/api/admin', { accept: XML(release === '10.4' ? '37.0' : '39.0'), authorization: `Bearer ${provider}` });
        const description = /<Description>([^<]*)<\/Description>/.exec(res.text)?.[1];
        assert.ok(description, res.text);
        const [, version, date] = GOVCD.exec(description)!;
        assert.match(version!, new RegExp(`^${(release ?? '10.6').replace('.', '\\.')}\\.\\d+\\.\\d+$`), 'four segments: major.minor.patch.build');
        // govcd parses the date with dateparse.ParseStrict, which refuses a JavaScript-style "GMT+0000 (UTC)"
        // (GetVcdShortVersion then fails): weekday, month, day, year, time and a zone name, as VCD writes it.
        const shape = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{4} \d{2}:\d{2}:\d{2} UTC$/;
        assert.match(date!, shape);
        const when = new Date(date!);
        assert.equal(when.toUTCString().slice(0, 3), date!.slice(0, 3), `the weekday of ${date}`);
      } finally {
        await t.close();
      }
    });
  }
});
