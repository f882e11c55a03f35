// The CloudAPI request bodies are checked against schemas generated from VMware's spec
// (scripts/cloudapi-schemas.ts → src/server/http/cloudapi-schemas.generated.ts): the committed module must be what
// the generator writes today (skipped, saying why, without the spec), and on every route that takes one a body the
// spec refuses (a wrong type, a required field missing, over a bound) is a 400 naming the field, while a valid
// body, read-only fields and nulls included, still goes through.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { cloudApiSchemas, ITEMS_MAX, renderSchemas, SCHEMAS_FILE, STRING_MAX } from '../scripts/cloudapi-schemas.ts';
import type { Cloud } from './helpers/cloudapi.ts';
import { PASSWORD } from './helpers/cell.ts';
import { specsProblem } from './helpers/specs.ts';
import { eachEngine } from './helpers/world.ts';

describe('cloudapi-schemas.generated.ts', { skip: specsProblem() }, () => {
  test('is what npm run cloudapi-schemas writes today', async () => {
    const committed = await readFile(SCHEMAS_FILE, 'utf8');
    assert.ok(committed === renderSchemas(cloudApiSchemas()), 'src/server/http/cloudapi-schemas.generated.ts is stale: run npm run cloudapi-schemas');
  });
});

/** A route's refused bodies, each with the field its 400 must name, and a body it takes. */
interface Case { method: string; path: string; refused: Array<[unknown, RegExp]>; valid: unknown; status: number }

const long = (n: number) => 'x'.repeat(n);
const refs = (...names: string[]) => ({ values: names.map((name) => ({ name })) });
/** what every EntityReferences route refuses */
const badRefs: Array<[unknown, RegExp]> = [
  [{}, /body must have required property 'values'/],
  [{ values: [{ name: { a: 1 } }] }, /body\/values\/0\/name must be string/],
  [{ values: Array(ITEMS_MAX + 1).fill({ name: 'x' }) }, /body\/values must NOT have more than 1024 items/],
  [{ values: [{ id: long(STRING_MAX + 1) }] }, /body\/values\/0\/id must NOT have more than 4096 characters/],
];
/** Role and RightsBundle: the spec's RightsMapping */
const badMapping: Array<[unknown, RegExp]> = [
  [{ description: 'd' }, /body must have required property 'name'/],
  [{ name: { a: 1 } }, /body\/name must be string/],
  [{ name: '' }, /body\/name must NOT have fewer than 1 characters/],
  [{ name: long(129) }, /body\/name must NOT have more than 128 characters/],
  [{ name: 'x', description: long(257) }, /body\/description must NOT have more than 256 characters/],
];
const newUser = { username: 'spec-made', password: PASSWORD, roleEntityRefs: [{ name: 'vApp User' }] };

async function assertCase(cloud: Cloud, { method, path, refused, valid, status }: Case) {
  for (const [body, field] of refused) {
    const res = await cloud(method, path, body);
    assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    assert.equal(res.json.minorErrorCode, 'BAD_REQUEST');
    assert.match(res.json.message, field, `${method} ${path}`);
  }
  const res = await cloud(method, path, valid);
  assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
  return res.json;
}

eachEngine('CloudAPI bodies checked against the spec', {}, (w) => {
  test('POST /orgs takes the spec\'s Org', async () => {
    await assertCase(w.provider.cloud, {
      method: 'POST', path: '/orgs', status: 201, valid: { name: 'SpecOrg', displayName: 'Spec', id: 'read-only, ignored', description: null },
      refused: [[{ name: 'SpecOrg' }, /required property 'displayName'/], [{ name: 'two words', displayName: 'x' }, /body\/name must match pattern/],
        [{ name: 'SpecOrg', displayName: 'x', isEnabled: { on: true } }, /body\/isEnabled must be boolean/]],
    });
  });

  test('roles take the spec\'s Role, and their rights its EntityReferences', async () => {
    const role = await assertCase(w.provider.cloud, { method: 'POST', path: '/roles', refused: badMapping, valid: { name: 'SpecRole' }, status: 201 });
    await assertCase(w.provider.cloud, {
      method: 'PUT', path: `/roles/${role.id}`, refused: badMapping, status: 200,
      valid: { ...role, name: 'SpecRole2', description: null, bundleKey: 'ignored', readOnly: true },
    });
    await assertCase(w.provider.cloud, { method: 'PUT', path: `/roles/${role.id}/rights`, refused: badRefs, valid: refs('Organization: View'), status: 200 });
    assert.equal((await w.provider.cloud('GET', `/roles/${role.id}`)).json.name, 'SpecRole2');
  });

  test('rights bundles take the spec\'s RightsBundle, and their rights and tenants its EntityReferences', async () => {
    const bundle = await assertCase(w.provider.cloud, { method: 'POST', path: '/rightsBundles', refused: badMapping, valid: { name: 'SpecBundle' }, status: 201 });
    await assertCase(w.provider.cloud, { method: 'PUT', path: `/rightsBundles/${bundle.id}`, refused: badMapping, valid: { ...bundle, name: 'SpecBundle2' }, status: 200 });
    for (const [method, path, valid] of [
      ['PUT', 'rights', refs('Organization: View')], ['PUT', 'tenants', refs('ExampleOrg')],
      ['POST', 'tenants/publish', refs('OtherOrg')], ['POST', 'tenants/unpublish', refs('OtherOrg')],
    ] as const) {
      await assertCase(w.provider.cloud, { method, path: `/rightsBundles/${bundle.id}/${path}`, refused: badRefs, valid, status: 200 });
    }
  });

  test('users take the spec\'s VcdUser: one role, a password when new, int32 quotas', async () => {
    const user = await assertCase(w.orgAdmin.cloud, {
      method: 'POST', path: '/users', status: 201, valid: newUser,
      refused: [
        [{ ...newUser, roleEntityRefs: undefined }, /required property 'roleEntityRefs'/],
        [{ ...newUser, password: undefined }, /required property 'password'/],
        [{ ...newUser, username: long(STRING_MAX + 1) }, /body\/username must NOT have more than 4096 characters/],
        [{ ...newUser, deployedVmQuota: 2 ** 31 }, /body\/deployedVmQuota must be <= 2147483647/],
        [{ ...newUser, enabled: { yes: 1 } }, /body\/enabled must be boolean/],
      ],
    });
    const saved = await assertCase(w.orgAdmin.cloud, {
      method: 'PUT', path: `/users/${user.id}`, status: 200, valid: { ...user, fullName: 'Spec User', password: null },
      refused: [[{ fullName: { a: 1 } }, /body\/fullName must be string/], [{ roleEntityRefs: [] }, /body\/roleEntityRefs must NOT have fewer than 1 items/]],
    });
    assert.equal(saved.fullName, 'Spec User');
  });
});
