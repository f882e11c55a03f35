import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFilterValue, matches, parseFilter } from '../src/server/services/filter.ts';
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
