// Issue "one request freezes the cell": a filter value full of "*" once compiled to a backtracking
// RegExp and held the event loop for minutes. The cell runs in a child process here, so that on a
// frozen cell the test gives up after a deadline instead of freezing the runner with it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCellProcess, type CellProcess } from './helpers/cell-process.ts';
import { JSON_, login, XML } from './helpers/http.ts';
import { PASSWORD } from './helpers/cell.ts';
const FILTER_LIMITS = { comparisons: 64, wildcards: 16 };

/** Generous: a cell answers these in milliseconds; a frozen one not within minutes. */
const DEADLINE_MS = 10_000;

describe('filters cannot freeze the cell', () => {
  let cell: CellProcess;
  let token: string;
  before(async () => {
    cell = await startCellProcess();
    token = await login(cell.url, 'Other', 'OtherOrg', PASSWORD); // a vApp User
  });
  after(async () => { await cell.stop(); });

  const get = (path: string, accept: string) => fetch(`${cell.url}${path}`, {
    headers: { accept, authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(DEADLINE_MS),
  }).then(async (res) => ({ status: res.status, text: await res.text() }));

  const hostile = encodeURIComponent(`name==${'*'.repeat(FILTER_LIMITS.wildcards)}x`);
  for (const [what, path, accept] of [
    ['CloudAPI rights', `/cloudapi/1.0.0/rights?filter=${hostile}`, JSON_('37.0')],
    ['the organization query', `/api/query?type=organization&filter=${hostile}`, XML('37.0')],
  ] as const) {
    test(`${what}: a value of ${FILTER_LIMITS.wildcards} "*" is answered, and so is everyone else meanwhile`, async () => {
      const [filtered, versions] = await Promise.all([
        get(path, accept),
        get('/api/versions', XML('37.0')),
      ]);
      assert.equal(filtered.status, 200, filtered.text);
      assert.equal(versions.status, 200);
    });
  }

  test('a value with one "*" too many, or a comparison too many, is a 400 naming the limit', async () => {
    const stars = await get(`/cloudapi/1.0.0/rights?filter=${encodeURIComponent(`name==${'*'.repeat(FILTER_LIMITS.wildcards + 1)}x`)}`, JSON_('37.0'));
    assert.equal(stars.status, 400);
    assert.match(JSON.parse(stars.text).message, new RegExp(`more than ${FILTER_LIMITS.wildcards} "\\*" in one value`));
    const many = Array.from({ length: FILTER_LIMITS.comparisons + 1 }, (_, i) => `name==r${i}`).join(',');
    const terms = await get(`/api/query?type=organization&filter=${encodeURIComponent(many)}`, XML('37.0'));
    assert.equal(terms.status, 400);
    assert.match(terms.text, /<Error [^>]*majorErrorCode="400"/);
    assert.match(terms.text, new RegExp(`more than ${FILTER_LIMITS.comparisons} comparisons`));
  });
});
