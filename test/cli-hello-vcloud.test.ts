// Hello vCloud from the shell, on both stores, in-process: vapp create from the template on routed-net,
// power on (the VM's address from the pool), power off, undeploy, delete; the read-only nouns; a VM's CPUs
// and memory; tasks listed, shown, waited on and cancelled; --no-wait, -o/--json, and the refusals with
// their exit codes. Every task runs 4 s on the cell's manual clock, which the CLI's waits advance.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD } from './helpers/cell.ts';
import { loggedInHome, type CliHome, type RunOptions } from './helpers/cli.ts';
import { VAPP_SEED } from './helpers/vapps.ts';
import { eachEngine } from './helpers/world.ts';
import { passwordAuth, VcdClient, type ClientClock } from '../src/sdk/index.ts';

const SEED = {
  ...VAPP_SEED,
  orgs: VAPP_SEED.orgs!.map((o) => (o.name === 'ExampleOrg' ? { ...o, catalogs: [{ ...o.catalogs![0]!, media: [{ name: 'ubuntu.iso', sizeMb: 700 }] }] } : o)),
};
const TEMPLATE = 'Ubuntu Template with vsftpd';
const HREF = /https?:\/\/\S+\/api\/task\/[0-9a-f-]{36}/;

eachEngine('Hello vCloud from the CLI', { seed: SEED, config: { taskDelayMs: 4000 } }, (w) => {
  let hello: CliHome;
  let admin: CliHome;
  let vappUser: CliHome;
  // Waiting sleeps on the cell's manual clock, which moves the running tasks on.
  const clock = (): ClientClock => ({ now: () => w.t.clock.now(), sleep: (ms) => w.t.clock.advance(ms) });
  const as = (home: () => CliHome) => (args: string[], opts: RunOptions = {}) => home().run(args, { ...opts, factory: { clock: clock(), ...opts.factory } });
  const vcd = as(() => hello);
  const vcdAdmin = as(() => admin);
  const json = async <T>(args: string[], run = vcd): Promise<T> => {
    const r = await run([...args, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  };

  before(async () => {
    hello = await loggedInHome(w.t.url, 'ExampleOrg', 'HelloUser', PASSWORD);
    admin = await loggedInHome(w.t.url, 'ExampleOrg', 'OrgAdmin', PASSWORD);
    vappUser = await loggedInHome(w.t.url, 'ExampleOrg', 'VAppUser', PASSWORD);
    // The gateway's rules, as an org administrator sets them from code.
    const client = await VcdClient.connect(w.t.url, { auth: passwordAuth({ user: 'OrgAdmin', org: 'ExampleOrg', password: PASSWORD }), clock: clock() });
    const gateway = await client.edgeGateways.getByName('edge-01');
    await (await client.edgeGateways.replaceNat(gateway, [
      { ruleType: 'DNAT', enabled: true, description: 'ftp in', originalIp: '10.0.0.5', originalPort: '21', translatedIp: '192.168.10.10', translatedPort: '21', protocol: 'tcp' },
    ])).wait();
    await (await client.edgeGateways.replaceFirewall(gateway, [
      { policy: 'allow', enabled: true, description: 'ftp', protocols: { tcp: true }, sourceIp: 'Any', destinationIp: '192.168.10.0/24', destinationPortRange: '21' },
    ])).wait();
    await client.close();
  });
  after(async () => {
    await hello?.close();
    await admin?.close();
    await vappUser?.close();
  });

  test('the whole walk: create on routed-net, power on, show (the VM\'s address from the pool), power off, undeploy, delete', async () => {
    let r = await vcd(['vapp', 'create', 'Linux FTP server', '--template', TEMPLATE, '--vdc', 'ExampleVdc01', '--catalog', 'ExampleCatalog', '--network', 'routed-net']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Name:\s+Linux FTP server/);
    assert.match(r.stdout, /Status:\s+POWERED_OFF/);
    assert.match(r.stderr, /✓ Created vApp Linux FTP server in ExampleVdc01/);

    r = await vcd(['vapp', 'power-on', 'Linux FTP server']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Powered on vApp Linux FTP server/);

    r = await vcd(['vapp', 'show', 'Linux FTP server']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Status:\s+POWERED_ON/);
    assert.match(r.stdout, /Deployed:\s+true/);
    const ip = /web \(POWERED_ON, (192\.168\.10\.\d+)\)/.exec(r.stdout)?.[1];
    assert.ok(ip, `a VM with its address in:\n${r.stdout}`);
    const last = Number(ip.split('.')[3]);
    assert.ok(last >= 10 && last <= 200, `${ip} is from the pool`);

    const [vm] = await json<Array<{ name: string; ipAddress: string; containerName: string; status: string }>>(['vm', 'list', '--filter', 'containerName==Linux FTP server']);
    assert.equal(vm?.ipAddress, ip);
    const [listed] = await json<Array<{ status: string }>>(['vapp', 'list']);
    assert.deepEqual([listed?.status, vm?.status], ['POWERED_ON', 'POWERED_ON'], 'list and show word a status alike');
    r = await vcd(['vm', 'show', 'web']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Status:\s+POWERED_ON/);
    assert.match(r.stdout, /CPUs:\s+2/);
    assert.match(r.stdout, new RegExp(`NICs:\\s+0: routed-net POOL ${ip.replace(/\./g, '\\.')}`));

    r = await vcd(['vapp', 'delete', 'Linux FTP server']);
    assert.equal(r.code, 1, 'refused while it runs');
    assert.match(r.stderr, /error: .*Stop the vApp and try again/);

    r = await vcd(['vapp', 'power-off', 'Linux FTP server']);
    assert.equal(r.code, 0, r.stderr);
    r = await vcd(['vapp', 'undeploy', 'Linux FTP server']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ Undeployed vApp Linux FTP server/);
    r = await vcd(['vapp', 'list', '-o', 'yaml']);
    assert.match(r.stdout, /name: Linux FTP server/);
    assert.match(r.stdout, /isDeployed: false/);

    r = await vcd(['vapp', 'delete', 'Linux FTP server']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await json(['vapp', 'list']), []);
    r = await vcd(['vapp', 'show', 'Linux FTP server']);
    assert.equal(r.code, 1, 'gone');
    assert.match(r.stderr, /no vApp named "Linux FTP server"/);
    assert.match(r.stderr, /hint: /);
  });

  test('vdc, network, catalog, template and media: list and show', async () => {
    let r = await vcd(['vdc', 'list']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+ORG\s+ENABLED/);
    assert.match(r.stdout, /ExampleVdc01\s+ExampleOrg\s+true/);
    r = await vcd(['vdc', 'show', 'ExampleVdc01']);
    assert.match(r.stdout, /Networks:\s+routed-net/);
    assert.match(r.stdout, /Allocation model:/);

    r = await vcd(['network', 'show', 'routed-net']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Fence mode:\s+natRouted/);
    assert.match(r.stdout, /Gateway:\s+192\.168\.10\.1\/24/);
    assert.match(r.stdout, /Edge gateway:\s+edge-01/);
    const [net] = await json<Array<{ name: string; id?: string; href: string }>>(['network', 'ls']);
    assert.equal(net?.name, 'routed-net');
    r = await vcd(['network', 'show', net.href]);
    assert.match(r.stdout, /Name:\s+routed-net/, 'by href too');

    r = await vcd(['catalog', 'show', 'ExampleCatalog']);
    assert.match(r.stdout, new RegExp(`Items:\\s+.*${TEMPLATE}`));
    r = await vcd(['template', 'list', '--filter', 'name==Ubuntu*']);
    assert.match(r.stdout, new RegExp(TEMPLATE));
    assert.doesNotMatch(r.stdout, /Big/, 'the filter applies');
    r = await vcd(['template', 'list', '--limit', '1']);
    assert.equal(r.stdout.trim().split('\n').length, 2, 'a heading and one row');
    r = await vcd(['template', 'show', TEMPLATE]);
    assert.match(r.stdout, /VMs:\s+web/);
    const [template] = await json<Array<{ status: string }>>(['template', 'list', '--filter', `name==${TEMPLATE}`]);
    assert.equal(template?.status, 'RESOLVED');
    assert.match(r.stdout, /Status:\s+RESOLVED/, 'show words the status as list does');
    r = await vcd(['media', 'list']);
    assert.match(r.stdout, /ubuntu\.iso\s+ExampleCatalog/);

    r = await vcd(['vdc', 'show', 'ExampleVdc01', '-o', 'xml']);
    assert.match(r.stdout, /^<\?xml[^>]*>\s*<Vdc /, 'the server\'s own document');
    r = await vcd(['template', 'list', '--limit', 'x']);
    assert.equal(r.code, 2, 'a bad option value');
  });

  test('gateway list, show, nat and firewall (an org administrator\'s view)', async () => {
    let r = await vcdAdmin(['gateway', 'list']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /edge-01\s+ExampleVdc01/);
    r = await vcdAdmin(['gateway', 'show', 'edge-01']);
    assert.match(r.stdout, /NAT:\s+on, 1 rules/);
    assert.match(r.stdout, /Firewall:\s+on, default drop, 1 rules/);
    r = await vcdAdmin(['gateway', 'nat', 'edge-01']);
    assert.match(r.stdout, /DNAT\s+true\s+10\.0\.0\.5\s+21\s+192\.168\.10\.10\s+21\s+tcp\s+ftp in/);
    r = await vcdAdmin(['gateway', 'nat', 'edge-01', '-o', 'xml']);
    assert.match(r.stdout, /^<\?xml[^>]*>\s*<EdgeGateway [^>]*>[\s\S]*<NatService>/, 'the rules\' XML is the gateway\'s own document');
    const fw = await json<{ defaultAction: string; rules: Array<{ policy: string; destinationIp: string }> }>(['gateway', 'firewall', 'edge-01'], vcdAdmin);
    assert.equal(fw.defaultAction, 'drop');
    assert.deepEqual(fw.rules.map((x) => [x.policy, x.destinationIp]), [['allow', '192.168.10.0/24']]);
  });

  test('--no-wait, BUSY_ENTITY, task list|show|wait|cancel, vm set, and Ctrl-C during a wait', async () => {
    // Created without waiting: the task as it stands, still running.
    let r = await vcd(['vapp', 'create', 'busy', '--template', TEMPLATE, '--vdc', 'ExampleVdc01', '--no-wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Status:\s+running/);
    const creation = HREF.exec(r.stdout)?.[0];
    assert.ok(creation, r.stdout);

    r = await vcd(['vapp', 'power-on', 'busy']);
    assert.equal(r.code, 1, 'a second operation waits for the creation');
    assert.match(r.stderr, /error: .*busy/i);
    assert.match(r.stderr, /hint: another task is running on it/);

    const tasks = await json<Array<{ href: string; status: string }>>(['task', 'list', '--filter', 'status==running']);
    assert.ok(tasks.some((t) => t.href === creation), 'listed while it runs');
    r = await vcd(['task', 'show', creation]);
    assert.match(r.stdout, /Status:\s+running/);
    r = await vcd(['task', 'wait', creation]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Status:\s+success/);

    // A change left running, then cancelled: its work is undone.
    r = await vcd(['vm', 'set', 'web', '--cpus', '4', '--no-wait']);
    assert.equal(r.code, 0, r.stderr);
    const change = HREF.exec(r.stdout)?.[0];
    assert.ok(change, r.stdout);
    r = await vcd(['task', 'cancel', change]);
    assert.equal(r.code, 0, r.stderr);
    const cancelled = await json<{ status: string }>(['task', 'show', change]);
    assert.notEqual(cancelled.status, 'success');
    r = await vcd(['task', 'wait', change]);
    assert.equal(r.code, 1, 'waiting on a cancelled task fails');
    r = await vcd(['vm', 'show', 'web']);
    assert.match(r.stdout, /CPUs:\s+2/, 'the cancelled change was undone');

    r = await vcd(['vm', 'set', 'web', '--cpus', '4', '--memory', '4096']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /✓ VM web now has 4 CPUs and 4096 MB of memory/);
    r = await vcd(['vm', 'show', 'web', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    r = await vcd(['vm', 'list']);
    assert.match(r.stdout, /web\s+busy\s+\S+\s+\S*\s*4\s+4096/);
    r = await vcd(['vm', 'set', 'web']);
    assert.equal(r.code, 2, 'nothing to set');

    // Ctrl-C while waiting (at its first pause): the wait stops (130), the task goes on, and `task wait` picks it up.
    let interrupt: (() => void) | undefined;
    r = await vcd(['vapp', 'power-on', 'busy'], {
      factory: {
        onInterrupt: (handler) => { interrupt = handler; return () => { interrupt = undefined; }; },
        clock: { now: () => w.t.clock.now(), sleep: (ms) => { interrupt?.(); return w.t.clock.advance(ms); } },
      },
    });
    assert.equal(r.code, 130, r.stderr);
    assert.equal(interrupt, undefined, 'no longer listening');
    const powering = HREF.exec(r.stderr)?.[0];
    assert.ok(powering, r.stderr);
    assert.match(r.stderr, /hint: `vcdkit task wait/);
    assert.equal((await json<{ status: string }>(['task', 'show', powering])).status, 'running');
    r = await vcd(['task', 'wait', powering]);
    assert.equal(r.code, 0, r.stderr);
    r = await vcd(['vapp', 'delete', 'busy', '--force']);
    assert.equal(r.code, 0, r.stderr);
  });

  test('refusals: a vApp User may not create vApps; an unknown vApp', async () => {
    let r = await vappUser.run(['vapp', 'create', 'nope', '--template', TEMPLATE, '--vdc', 'ExampleVdc01']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: /m);
    assert.match(r.stderr, /^hint: /m);
    r = await vcd(['vapp', 'power-off', 'no such vapp']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no vApp named "no such vapp"/);
  });
});
