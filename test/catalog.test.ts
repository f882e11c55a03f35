// Catalogs, catalog items, vApp templates and media over HTTP, on both stores: browsed by following
// links as pyvcloud does (Org → Catalog → CatalogItem → Entity → VAppTemplate → Children/Vm), in XML and
// JSON; created, renamed and deleted by an org administrator (a vApp User refused); the query types in
// every format with filters by name and by href, and paging; another org's catalogs absent (403); every
// document validated against VMware's XSDs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, TEST_SEED } from './helpers/cell.ts';
import { ACCEPT_JSON, attr, type Caller } from './helpers/legacy.ts';
import { eachEngine } from './helpers/world.ts';
import { schemasProblem, validate } from './helpers/xsd.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const SEED: SeedFile = {
  ...TEST_SEED,
  orgs: [
    {
      ...TEST_SEED.orgs![0]!,
      users: [...TEST_SEED.orgs![0]!.users!, { name: 'Viewer', password: PASSWORD, role: 'vApp User' }],
      catalogs: [{
        name: 'ExampleCatalog',
        description: 'Hello vCloud',
        templates: [
          { name: 'Ubuntu Template with vsftpd', description: 'FTP', vms: [{ name: 'web', cpus: 2, memoryMb: 2048, diskMb: 10240, osType: 'ubuntu64Guest', network: 'routed-net' }] },
          { name: 'Bare' },
        ],
        media: [{ name: 'ubuntu.iso', sizeMb: 700 }],
      }],
    },
    { ...TEST_SEED.orgs![1]!, catalogs: [{ name: 'OtherCatalog', templates: [{ name: 'Secret' }] }] },
  ],
};

const schemas = schemasProblem();
async function assertValid(xml: string) {
  if (schemas) return;
  const result = await validate(xml);
  const problems = result.errors.filter((e) => e.loc?.fileName === 'document.xml').map((e) => e.message);
  assert.ok(result.valid, `schema errors:\n${problems.join('\n')}\n--- document:\n${xml}`);
}

const path = (href: string) => new URL(href).pathname + new URL(href).search;
/** The first <tag …> whose attributes match all of `where`, as a map of its attributes. */
function tagOf(xml: string, tag: string, where: Record<string, string> = {}): Record<string, string> | undefined {
  for (const [whole] of xml.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))) {
    const attrs = Object.fromEntries([...whole.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));
    if (Object.entries(where).every(([k, v]) => attrs[k] === v)) return attrs;
  }
  return undefined;
}

eachEngine('catalogs', { seed: SEED }, (w) => {
  let viewer: Caller;
  before(async () => { viewer = await w.as('Viewer', 'ExampleOrg'); });

  // documents are validated on one store (they are the same on both; validation is slow)
  const get = async (who: Caller, p: string, status = 200) => {
    const res = await who.call('GET', p);
    assert.equal(res.status, status, `${p}: ${res.text}`);
    if (w.engine === 'sqlite') await assertValid(res.text);
    return res.text;
  };

  test('XML: Org → Catalog → CatalogItem → Entity → VAppTemplate → Children/Vm, by links, each document valid', async () => {
    const orgXml = await get(w.hello, `/api/org/${w.org}`);
    const catalogLink = tagOf(orgXml, 'Link', { rel: 'down', type: 'application/vnd.vmware.vcloud.catalog+xml', name: 'ExampleCatalog' });
    assert.ok(catalogLink, orgXml);
    assert.ok(tagOf(orgXml, 'Link', { rel: 'down', type: 'application/vnd.vmware.vcloud.controlAccess+xml' }), orgXml);
    await get(w.hello, path(tagOf(orgXml, 'Link', { rel: 'down', type: 'application/vnd.vmware.vcloud.controlAccess+xml' })!.href!));

    const catalogXml = await get(w.hello, path(catalogLink.href!));
    assert.ok(tagOf(catalogXml, 'Link', { rel: 'up', type: 'application/vnd.vmware.vcloud.org+xml' }), catalogXml);
    assert.ok(tagOf(catalogXml, 'Link', { rel: 'down', type: 'application/vnd.vmware.vcloud.metadata+xml' }), catalogXml);
    await get(w.hello, path(tagOf(catalogXml, 'Link', { rel: 'down', type: 'application/vnd.vmware.vcloud.metadata+xml' })!.href!));
    const itemRef = tagOf(catalogXml, 'CatalogItem', { name: 'Ubuntu Template with vsftpd' });
    assert.ok(itemRef, catalogXml);

    const itemXml = await get(w.hello, path(itemRef.href!));
    const entity = tagOf(itemXml, 'Entity');
    assert.equal(entity?.type, 'application/vnd.vmware.vcloud.vAppTemplate+xml');
    assert.ok(tagOf(itemXml, 'Link', { rel: 'up', type: 'application/vnd.vmware.vcloud.catalog+xml' }), itemXml);
    assert.match(entity.href!, /\/api\/vAppTemplate\/vappTemplate-[0-9a-f-]{36}$/);

    const templateXml = await get(w.hello, path(entity.href!));
    assert.equal(tagOf(templateXml, 'VAppTemplate')?.status, '8');
    assert.match(templateXml, /<Owner [^>]*><User [^>]*name="[^"]+"/);
    assert.match(templateXml, /<NetworkConfigSection>.*<NetworkConfig networkName="routed-net">/s);
    assert.match(templateXml, /<LeaseSettingsSection>/);
    assert.match(templateXml, /<ovf:NetworkSection>.*<ovf:Network ovf:name="routed-net">/s);
    // pyvcloud: //vcloud:VAppTemplate/vcloud:Children/vcloud:Vm, each with href, id, name and type
    const children = /<Children>(.*)<\/Children>/s.exec(templateXml)![1]!;
    const vm = tagOf(children, 'Vm');
    assert.equal(vm?.name, 'web');
    assert.match(vm.id!, /^urn:vcloud:vm:/);
    assert.equal(vm.type, 'application/vnd.vmware.vcloud.vm+xml');
    assert.match(children, /<NetworkConnection network="routed-net"[^>]*>.*<MACAddress>00:50:56:[0-3][0-9a-f](:[0-9a-f]{2}){2}<\/MACAddress>.*<NetworkAdapterType>VMXNET3<\/NetworkAdapterType>/s);
    assert.match(children, /<rasd:ResourceType>3<\/rasd:ResourceType><rasd:VirtualQuantity>2<\/rasd:VirtualQuantity>/);
    assert.match(children, /<rasd:ResourceType>4<\/rasd:ResourceType><rasd:VirtualQuantity>2048<\/rasd:VirtualQuantity>/);
    assert.match(children, /<rasd:ResourceType>17<\/rasd:ResourceType><rasd:VirtualQuantity>10737418240<\/rasd:VirtualQuantity>/);
    assert.match(children, /<GuestCustomizationSection>.*<ComputerName>web<\/ComputerName>/s);

    const vmXml = await get(w.hello, path(vm.href!));
    assert.equal(tagOf(vmXml, 'Vm')?.id, vm.id);
    await get(w.hello, path(tagOf(templateXml, 'Link', { rel: 'down', type: 'application/vnd.vmware.vcloud.metadata+xml' })!.href!));

    const mediaItem = await get(w.hello, path(tagOf(catalogXml, 'CatalogItem', { name: 'ubuntu.iso' })!.href!));
    const mediaXml = await get(w.hello, path(tagOf(mediaItem, 'Entity', { type: 'application/vnd.vmware.vcloud.media+xml' })!.href!));
    assert.equal(tagOf(mediaXml, 'Media')?.imageType, 'iso');
    assert.equal(tagOf(mediaXml, 'Media')?.size, String(700 * 1024 * 1024));
  });

  test('JSON: the same walk, by the JSON documents\' links', async () => {
    const getJson = async (p: string) => {
      const res = await w.hello.call('GET', p, undefined, undefined, ACCEPT_JSON);
      assert.equal(res.status, 200, res.text);
      return JSON.parse(res.text);
    };
    const orgDoc = await getJson(`/api/org/${w.org}`);
    const catalogLink = orgDoc.link.find((l: { type: string; name?: string }) => l.type === 'application/vnd.vmware.vcloud.catalog+json' && l.name === 'ExampleCatalog');
    const catalog = await getJson(path(catalogLink.href));
    const item = catalog.catalogItems.catalogItem.find((i: { name: string }) => i.name === 'Ubuntu Template with vsftpd');
    const template = await getJson(path((await getJson(path(item.href))).entity.href));
    assert.equal(template.status, 8);
    const vm = template.children.vm[0];
    assert.equal(vm.name, 'web');
    const nics = vm.section.find((s: { _type: string }) => s._type === 'NetworkConnectionSectionType');
    assert.equal(nics.networkConnection[0]?.network ?? nics.networkConnection.network, 'routed-net');
    assert.ok(template.section.some((s: { _type: string }) => s._type === 'NetworkConfigSectionType'));
  });

  test('an org administrator creates (201 with its task), renames and deletes a catalog; a vApp User is refused', async () => {
    const body = (name: string) => `<AdminCatalog xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}"><Description>made here</Description></AdminCatalog>`;
    const type = 'application/vnd.vmware.admin.catalog+xml';
    const refused = await viewer.call('POST', `/api/admin/org/${w.org}/catalogs`, body('Nope'), type);
    assert.equal(refused.status, 403, refused.text);
    assert.equal(attr(refused.text, 'minorErrorCode'), 'ACCESS_TO_RESOURCE_IS_FORBIDDEN');

    const created = await w.orgAdmin.call('POST', `/api/admin/org/${w.org}/catalogs`, body('Made'), type);
    assert.equal(created.status, 201, created.text);
    if (w.engine === 'sqlite') await assertValid(created.text);
    assert.match(created.text, /<Tasks><Task [^>]*status="success"/);
    const id = /id="urn:vcloud:catalog:([0-9a-f-]+)"/.exec(created.text)![1]!;
    const again = await w.orgAdmin.call('POST', `/api/admin/org/${w.org}/catalogs`, body('made'), type);
    assert.equal(again.status, 400);
    assert.equal(attr(again.text, 'minorErrorCode'), 'DUPLICATE_NAME');
    const orgXml = await get(w.orgAdmin, `/api/org/${w.org}`);
    assert.ok(tagOf(orgXml, 'Link', { rel: 'down', name: 'Made' }), orgXml);
    assert.ok(tagOf(orgXml, 'Link', { rel: 'add', type: 'application/vnd.vmware.admin.catalog+xml' }), orgXml);

    const renamed = await w.orgAdmin.call('PUT', `/api/admin/catalog/${id}`, body('Renamed'), type);
    assert.equal(renamed.status, 200, renamed.text);
    if (w.engine === 'sqlite') await assertValid(renamed.text);
    assert.equal(tagOf(await get(w.orgAdmin, `/api/admin/catalog/${id}`), 'AdminCatalog')?.name, 'Renamed');
    assert.equal((await viewer.call('PUT', `/api/admin/catalog/${id}`, body('X'), type)).status, 403);
    const bad = await w.orgAdmin.call('PUT', `/api/admin/catalog/${id}`, '<AdminCatalog xmlns="http://www.vmware.com/vcloud/v1.5"/>', type);
    assert.equal(bad.status, 400, bad.text);

    const deleted = await w.orgAdmin.call('DELETE', `/api/admin/catalog/${id}`);
    assert.equal(deleted.status, 202, deleted.text);
    await get(w.orgAdmin, `/api/catalog/${id}`, 403);
  });

  test('a catalog with items is deleted only recursively; an item is renamed and deleted', async () => {
    await w.t.cell.services.catalogs.ensure(w.org, { name: 'Scratch', templates: [{ name: 'one' }, { name: 'two' }] }, null);
    const records = await get(w.orgAdmin, '/api/query?type=catalogItem&filter=catalogName==Scratch');
    const items = [...records.matchAll(/<CatalogItemRecord [^>]*>/g)].map((m) => tagOf(m[0], 'CatalogItemRecord')!);
    assert.equal(items.length, 2);
    const itemPath = path(items[0]!.href!);
    const type = 'application/vnd.vmware.vcloud.catalogItem+xml';
    assert.equal((await viewer.call('PUT', itemPath, '<CatalogItem xmlns="http://www.vmware.com/vcloud/v1.5" name="x"/>', type)).status, 403);
    const renamed = await w.orgAdmin.call('PUT', itemPath, '<CatalogItem xmlns="http://www.vmware.com/vcloud/v1.5" name="uno"><Description>d</Description><Entity href="x"/></CatalogItem>', type);
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(tagOf(renamed.text, 'Entity')?.name, 'uno');
    assert.equal((await w.orgAdmin.call('DELETE', itemPath)).status, 204);
    await get(w.orgAdmin, itemPath, 403);

    const catalogId = items[1]!.catalog!.split('/').pop()!;
    const refused = await w.orgAdmin.call('DELETE', `/api/admin/catalog/${catalogId}`);
    assert.equal(refused.status, 400, refused.text);
    assert.equal((await w.orgAdmin.call('DELETE', `/api/admin/catalog/${catalogId}?recursive=True`)).status, 202);
    await get(w.orgAdmin, path(items[1]!.href!), 403);
  });

  test('queries: records, references and idrecords; filters by name and by catalog href; paging', async () => {
    for (const type of ['catalog', 'adminCatalog', 'catalogItem', 'vAppTemplate', 'adminVAppTemplate', 'media', 'adminMedia']) {
      for (const format of ['records', 'references', 'idrecords']) {
        const xml = await get(type.startsWith('admin') ? w.orgAdmin : w.hello, `/api/query?type=${type}&format=${format}`);
        assert.match(xml, /total="[1-9]/, `${type} ${format}: ${xml}`);
      }
    }
    const catalogs = await get(w.hello, '/api/query?type=catalog&filter=name==ExampleCatalog');
    const record = tagOf(catalogs, 'CatalogRecord')!;
    assert.equal(record.numberOfVAppTemplates, '2');
    assert.equal(record.numberOfMedia, '1');
    assert.equal(record.orgName, 'ExampleOrg');

    const byCatalog = await get(w.hello, `/api/query?type=catalogItem&filter=${encodeURIComponent(`catalog==${record.href}`)}&sortAsc=name`);
    assert.deepEqual([...byCatalog.matchAll(/<CatalogItemRecord [^>]*name="([^"]+)"/g)].map((m) => m[1]), ['Bare', 'Ubuntu Template with vsftpd', 'ubuntu.iso']);
    const ids = await get(w.hello, `/api/query?type=vAppTemplate&format=idrecords&filter=name==Ubuntu*`);
    assert.match(tagOf(ids, 'VAppTemplateRecord')!.id!, /^urn:vcloud:vapptemplate:/);
    assert.equal(tagOf(ids, 'VAppTemplateRecord')!.status, 'RESOLVED');

    const page = await get(w.hello, '/api/query?type=catalogItem&filter=catalogName==ExampleCatalog&sortAsc=name&pageSize=2&page=2');
    assert.equal(tagOf(page, 'QueryResultRecords')!.total, '3');
    assert.deepEqual([...page.matchAll(/<CatalogItemRecord [^>]*name="([^"]+)"/g)].map((m) => m[1]), ['ubuntu.iso']);
    // the Org's link: adminCatalog filtered by the org
    const linked = await get(w.orgAdmin, `/api/query?type=adminCatalog&filter=${encodeURIComponent(`org==${w.org}`)}`);
    assert.ok(tagOf(linked, 'AdminCatalogRecord', { name: 'ExampleCatalog' }), linked);
    assert.equal(tagOf(linked, 'AdminCatalogRecord', { name: 'OtherCatalog' }), undefined);
  });

  test('another org\'s catalogs are absent: 403 to its tenant, missing from its queries; the provider sees both', async () => {
    const otherCatalog = await get(w.provider, '/api/query?type=catalog&filter=name==OtherCatalog');
    const href = tagOf(otherCatalog, 'CatalogRecord')!.href!;
    await get(w.hello, path(href), 403);
    await get(w.other, path(href));
    const template = tagOf(await get(w.provider, '/api/query?type=vAppTemplate&filter=name==Secret'), 'VAppTemplateRecord')!;
    await get(w.hello, path(template.href!), 403);
    assert.equal(tagOf(await get(w.hello, '/api/query?type=vAppTemplate&filter=name==Secret'), 'QueryResultRecords')!.total, '0');
    const mine = tagOf(await get(w.hello, '/api/query?type=catalog&filter=name==ExampleCatalog'), 'CatalogRecord')!;
    await get(w.other, path(mine.href!), 403);
    await get(w.other, `/api/catalog/not-a-uuid`, 400);
  });
});
