// GET /api/versions as VMware documents it: 5.1, 5.5 and 20.0 up to 39.1 by default, each with the login URL
// of its time (/api/sessions up to 35.x, the CloudAPI sessions and their provider URL from 36.0); a cell pinned
// to a release offers just that release's versions and its alpha.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCell, type TestCell } from './helpers/cell.ts';
import { call } from './helpers/http.ts';
import { buildCell } from '../src/server/app.ts';
import { defaults } from '../src/server/config.ts';

interface Listed {
  version: string;
  deprecated: boolean;
  loginUrl: string;
  providerLoginUrl?: string;
}

async function listed(url: string): Promise<{ versions: Listed[]; alpha?: string }> {
  const res = await call(url, 'GET', '/api/versions');
  assert.equal(res.status, 200);
  const versions = [...res.text.matchAll(/<VersionInfo([^>]*)>(.*?)<\/VersionInfo>/g)].map(([, attrs, inner]) => ({
    version: /<Version>([^<]+)</.exec(inner!)![1]!,
    deprecated: /deprecated="true"/.test(attrs!),
    loginUrl: /<LoginUrl>([^<]+)</.exec(inner!)![1]!,
    ...(/<ProviderLoginUrl>/.test(inner!) && { providerLoginUrl: /<ProviderLoginUrl>([^<]+)</.exec(inner!)![1]! }),
  }));
  const alpha = /<AlphaVersion[^>]*><Version>([^<]+)</.exec(res.text)?.[1];
  return { versions, ...(alpha && { alpha }) };
}

const major = (v: string) => Number(v.split('.')[0]);

function assertLoginUrls(url: string, versions: Listed[]) {
  for (const v of versions) {
    if (major(v.version) < 36) {
      assert.equal(v.loginUrl, `${url}/api/sessions`, v.version);
      assert.equal(v.providerLoginUrl, undefined, v.version);
    } else {
      assert.equal(v.loginUrl, `${url}/cloudapi/1.0.0/sessions`, v.version);
      assert.equal(v.providerLoginUrl, `${url}/cloudapi/1.0.0/sessions/provider`, v.version);
    }
  }
}

describe('/api/versions', () => {
  let t: TestCell;
  before(async () => { t = await startCell(); });
  after(async () => { await t.close(); });

  test('by default: 5.1, 5.5, then every major from 20.0 to 39.1, old ones deprecated, each with its login URL', async () => {
    const { versions, alpha } = await listed(t.url);
    const names = versions.map((v) => v.version);
    assert.deepEqual(names.slice(0, 2), ['5.1', '5.5']);
    for (let m = 20; m <= 39; m++) assert.ok(names.includes(`${m}.0`), `${m}.0 is listed`);
    assert.equal(names.at(-1), '39.1');
    assert.deepEqual([...names].sort((a, b) => Number(a) - Number(b)), names, 'in ascending order');
    assert.ok(versions.filter((v) => major(v.version) < 27).every((v) => v.deprecated), 'versions before 27.0 are deprecated');
    assert.ok(versions.filter((v) => major(v.version) >= 37).every((v) => !v.deprecated), 'current versions are not');
    assert.equal(alpha, undefined, 'a current cell lists no alpha');
    assertLoginUrls(t.url, versions);
  });

  for (const [release, top, alpha] of [['10.2', '35.2', '36.0.0-alpha'], ['10.3', '36.3', '37.0.0-alpha'], ['10.4', '37.2', '38.0.0-alpha'],
    ['10.5', '38.1', '39.0.0-alpha'], ['10.6', '39.1', '40.0.0-alpha']] as const) {
    test(`release ${release}: up to ${top}, with ${alpha}`, async () => {
      const pinned = await startCell({ config: { release } });
      try {
        const listing = await listed(pinned.url);
        assert.equal(listing.versions.at(-1)!.version, top);
        assert.equal(listing.alpha, alpha);
        assert.ok(listing.versions.length < 30, 'narrower than the default list');
        assertLoginUrls(pinned.url, listing.versions);
      } finally {
        await pinned.close();
      }
    });
  }

  test('names no SchemaRoot that does not answer, as the real 10.4 sample names none', async () => {
    const res = await call(t.url, 'GET', '/api/versions');
    const schemaRoot = /<SchemaRoot>([^<]+)</.exec(res.text)?.[1];
    if (schemaRoot) assert.equal((await fetch(schemaRoot)).status, 200, `SchemaRoot ${schemaRoot} answers`);
    assert.equal(schemaRoot, undefined);
  });

  test('an unknown release stops the cell before it serves', async () => {
    await assert.rejects(buildCell({ ...defaults, release: '9.7', dataDir: '/nonexistent' }), /unknown release "9\.7"/);
  });
});
