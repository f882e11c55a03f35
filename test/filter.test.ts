import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFilterValue, FILTER_LIMITS, parseFilter } from '../src/server/services/filter.ts';
import { globMatches, matches } from './helpers/filter-oracle.ts';
import { VcdError } from '../src/server/errors.ts';

const rec = { name: 'Example (Org); one', isEnabled: true, numberOfVdcs: 3, owner: { name: 'HelloUser' } };
const get = (f: string) => f.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], rec);
const ok = (f: string) => matches(parseFilter(f), get);

test('comparisons, AND binds tighter than OR, groups', () => {
  assert.equal(ok('isEnabled==true;numberOfVdcs=gt=2'), true);
  assert.equal(ok('isEnabled==false;numberOfVdcs=gt=2'), false);
  assert.equal(ok('isEnabled==false;numberOfVdcs=gt=2,owner.name==HelloUser'), true);
  assert.equal(ok('isEnabled==false;(numberOfVdcs=gt=2,owner.name==HelloUser)'), false);
  assert.equal(ok('numberOfVdcs=le=3;numberOfVdcs=ge=3;numberOfVdcs=lt=4'), true);
  assert.equal(ok('owner.name!=HelloUser'), false);
});

test('wildcards are case-insensitive; exact matches are not', () => {
  assert.equal(ok('owner.name==hello*'), true);
  assert.equal(ok('owner.name==hellouser'), false);
});

test('escaped values round-trip', () => {
  assert.equal(ok(`name==${escapeFilterValue(rec.name)}`), true);
});

test('malformed filters are 400s', () => {
  for (const bad of ['name', 'name==a)', '(name==a', '==x', 'name=~x', '('.repeat(40) + 'a==b' + ')'.repeat(40)]) {
    assert.throws(() => parseFilter(bad), (e: unknown) => e instanceof VcdError && e.status === 400, bad);
  }
});

test('the glob matcher agrees with a regular expression on every short pattern and text', () => {
  // Exhaustive over a small alphabet: patterns up to 5 characters, texts up to 5.
  const words = (n: number, alphabet: string[]): string[] => n === 0 ? [''] : [...words(n - 1, alphabet), ...words(n - 1, alphabet).flatMap((w) => alphabet.map((c) => w + c))];
  const patterns = [...new Set(words(5, ['a', 'B', '*']))];
  const texts = [...new Set(words(5, ['A', 'b', '\n']))];
  for (const p of patterns) {
    const re = new RegExp(`^${p.split('*').join('.*')}$`, 'is');
    for (const text of texts) assert.equal(globMatches(p, text), re.test(text), `${JSON.stringify(p)} on ${JSON.stringify(text)}`);
  }
});

test('a value of many "*" matches at once, however long the text', () => {
  const text = 'a'.repeat(4096);
  assert.equal(ok(`name==${'*a'.repeat(FILTER_LIMITS.wildcards)}`), false);
  assert.equal(globMatches(`${'*a'.repeat(FILTER_LIMITS.wildcards)}*`, text), true);
  assert.equal(globMatches(`${'*'.repeat(FILTER_LIMITS.wildcards)}x`, text), false);
  assert.equal(globMatches('a*b*c', 'ab'), false, 'the prefix and suffix may not overlap');
});

test('filters beyond the limits are 400s that name the limit', () => {
  const refused = (text: string, why: RegExp) => assert.throws(() => parseFilter(text),
    (e: unknown) => e instanceof VcdError && e.status === 400 && why.test(e.message), text.slice(0, 40));
  refused(`name==${'*'.repeat(FILTER_LIMITS.wildcards + 1)}`, /more than 16 "\*" in one value/);
  parseFilter(`name==${'*'.repeat(FILTER_LIMITS.wildcards)}`);
  const terms = (n: number) => Array.from({ length: n }, (_, i) => `a==${i}`).join(';');
  refused(terms(FILTER_LIMITS.comparisons + 1), /more than 64 comparisons/);
  parseFilter(terms(FILTER_LIMITS.comparisons));
  refused(`name==${'x'.repeat(FILTER_LIMITS.length)}`, /longer than 4096 characters/);
});
