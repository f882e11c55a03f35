// Lookups keyed by what a user or a server sends ("constructor", "__proto__", "toString"…) find only the table's own
// entries: a request document's namespace, a VDC's capacity units, the SDK's error classes by minorErrorCode, the
// CLI's profiles by name, the cell's --release. (The portal's ?done= is in portal-http.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD } from './helpers/cell.ts';
import { cliHome } from './helpers/cli.ts';
import { eachEngine } from './helpers/world.ts';
import { buildCell } from '../src/server/app.ts';
import { ManualClock } from '../src/server/clock.ts';
import { defaults } from '../src/server/config.ts';
import { BadRequestError, ForbiddenError, VcdRequestError, errorClassFor } from '../src/sdk/errors.ts';

const KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
const NS = 'xmlns="http://www.vmware.com/vcloud/v1.5"';

eachEngine('lookups keyed by request input', { login: ['provider'] }, (w) => {
  test('a document in a namespace named like an object\'s property is refused naming that namespace', async () => {
    for (const uri of KEYS) {
      const res = await w.provider.call('POST', '/api/admin/orgs', `<x:AdminOrg xmlns:x="${uri}" name="n"><x:FullName>f</x:FullName></x:AdminOrg>`,
        'application/vnd.vmware.admin.organization+xml');
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, new RegExp(`the root element is AdminOrg in the namespace ${uri}, expected AdminOrg`), uri);
    }
  });

  test('a VDC\'s capacity in units named like an object\'s property is a 400 naming the units; GHz and GB are still read', async () => {
    const vdc = (name: string, units: string) => `<CreateVdcParams ${NS} name="${name}"><AllocationModel>AllocationPool</AllocationModel><ComputeCapacity>`
      + `<Cpu><Units>${units}</Units><Allocated>2</Allocated><Limit>2</Limit></Cpu><Memory><Units>GB</Units><Allocated>2</Allocated><Limit>2</Limit></Memory>`
      + '</ComputeCapacity><VdcStorageProfile><Enabled>true</Enabled><Units>MB</Units><Limit>1024</Limit><Default>true</Default>'
      + '<ProviderVdcStorageProfile name="Gold"/></VdcStorageProfile></CreateVdcParams>';
    const create = (name: string, units: string) => w.provider.call('POST', `/api/admin/org/${w.org}/vdcsparams`, vdc(name, units), 'application/vnd.vmware.admin.createVdcParams+xml');
    for (const units of [...KEYS, 'furlongs']) {
      const res = await create(`v-${units}`, units);
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, new RegExp(`Cpu/Units must be MHz, GHz, MB or GB, not &quot;${units}&quot;`), units);
    }
    const made = await create('in-ghz', 'GHz');
    assert.equal(made.status, 201, made.text);
    assert.match(made.text, /<Cpu><Units>MHz<\/Units><Allocated>2000<\/Allocated><Limit>2000<\/Limit>/);
    assert.match(made.text, /<Memory><Units>MB<\/Units><Allocated>2048<\/Allocated><Limit>2048<\/Limit>/);
  });
});

test('the SDK picks an error class by a server\'s minorErrorCode from its own table only', () => {
  for (const code of KEYS) {
    assert.equal(errorClassFor(400, code), BadRequestError, code);
    assert.equal(errorClassFor(403, code), ForbiddenError, code);
    assert.equal(errorClassFor(418, code), VcdRequestError, code);
  }
});

test('the cell refuses a --release named like an object\'s property, naming the releases it knows', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vcdkit-release-'));
  try {
    for (const release of KEYS) {
      await assert.rejects(buildCell({ ...defaults, host: '127.0.0.1', port: 0, dataDir, logLevel: false, release }, new ManualClock()),
        new RegExp(`unknown release "${release}" \\(known: `), release);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

eachEngine('CLI profiles named like an object\'s property', { login: [] }, (w) => {
  test('--profile constructor is a profile that does not exist; a profile named __proto__ is kept and used like any other', async () => {
    const home = await cliHome();
    try {
      const unknown = await home.run(['org', 'list', '--profile', 'constructor']);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /not logged in|no profile/i, unknown.stderr);
      assert.doesNotMatch(unknown.stderr, /TypeError|native code/);

      const login = await home.run(['login', w.t.url, 'ExampleOrg', 'HelloUser', '--profile', '__proto__'], { env: { VCD_PASSWORD: PASSWORD } });
      assert.equal(login.code, 0, login.stderr);
      const status = await home.run(['auth', 'status']);
      assert.match(status.stdout + status.stderr, /__proto__/, 'the profile was saved under its name');
      const orgs = await home.run(['org', 'list', '--json', '--profile', '__proto__']);
      assert.equal(orgs.code, 0, orgs.stderr);
      assert.deepEqual((JSON.parse(orgs.stdout) as Array<{ name: string }>).map((o) => o.name), ['ExampleOrg']);
    } finally {
      await home.close();
    }
  });
});
