// Cells sharing one PostgreSQL database in separate schemas (as the suites do) each run their own
// migrations, whatever tables other schemas already hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from './helpers/engines.ts';
import { startCell } from './helpers/cell.ts';
import { call } from './helpers/http.ts';

test('a second PostgreSQL cell migrates its own schema while another schema is migrated', { skip: !engines().includes('postgres') && 'no PostgreSQL' }, async () => {
  const first = await startCell({ engine: 'postgres' });
  try {
    const second = await startCell({ engine: 'postgres' });
    try {
      assert.equal((await call(second.url, 'GET', '/api/versions')).status, 200);
      assert.ok((await second.cell.services.identity.findOrgByName('ExampleOrg')));
    } finally {
      await second.close();
    }
  } finally {
    await first.close();
  }
});
