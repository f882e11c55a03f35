// Documents are written straight from Element trees (representation/serialize.ts): names and text
// from the store must come out escaped, and the result must parse back to the same values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { startCell, PASSWORD, TEST_SEED, type TestCell } from './helpers/cell.ts';
import { call, login, XML } from './helpers/http.ts';

const HOSTILE = `A&B <Org> "quoted" 'single' ]]>`;

describe('XML output', () => {
  let t: TestCell;
  before(async () => {
    t = await startCell({ seed: { ...TEST_SEED, orgs: [...TEST_SEED.orgs!, { name: HOSTILE, fullName: `<FullName>&amp;` }] } });
  });
  after(async () => { await t.close(); });

  test('attribute values and text are escaped and parse back unchanged', async () => {
    const token = await login(t.url, 'administrator', 'System', PASSWORD);
    const auth = { accept: XML(), authorization: `Bearer ${token}` };
    const list = await call(t.url, 'GET', '/api/org', auth);
    assert.equal(list.status, 200);
    assert.match(list.text, /^<\?xml version="1\.0" encoding="UTF-8" standalone="yes"\?>\n<OrgList xmlns="http:\/\/www\.vmware\.com\/vcloud\/v1\.5" /);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (n) => n === 'Org' });
    const orgs = parser.parse(list.text).OrgList.Org as Array<{ name: string; href: string }>;
    const hostile = orgs.find((o) => o.name === HOSTILE);
    assert.ok(hostile, `not found among ${orgs.map((o) => o.name).join(' | ')}`);

    const org = await call(t.url, 'GET', new URL(hostile.href).pathname, auth);
    assert.equal(org.status, 200);
    const doc = parser.parse(org.text).Org[0];
    assert.equal(doc.name, HOSTILE);
    assert.equal(doc.FullName, '<FullName>&amp;');
    assert.match(org.text, /<Description\/>/, 'an empty element is written self-closed');
  });
});
