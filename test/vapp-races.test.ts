// Concurrent requests on vApps, on both stores, with tasks that end at once and with tasks that run on the
// cell's clock: a VDC's capacity (VM quota, memory) counts what running tasks have reserved and is never
// overrun, one vApp accepts exactly one of many concurrent power-ons, and a delete racing a power-on is
// refused for one of them. Every burst is really concurrent (all its requests are in flight together), and
// each assertion holds whatever order the cell serves them in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, pathOf, VAPP_SEED } from './helpers/vapps.ts';
import { eachEngine, type World } from './helpers/world.ts';
import type { SeedFile } from '../src/server/bootstrap.ts';

const DELAY = 1000;
const VM_QUOTA = 6;
const MEMORY_LIMIT_MB = 4096;
const SMALL_VM_MB = 1024;

/** VAPP_SEED with a VDC bounded by its VM quota, one bounded by its memory, and a template of one 1,024 MB VM. */
const RACE_SEED: SeedFile = {
  ...VAPP_SEED,
  orgs: VAPP_SEED.orgs!.map((o) => o.name === 'ExampleOrg'
    ? {
      ...o,
      vdcs: [...o.vdcs!,
        { name: 'QuotaVdc', allocationModel: 'AllocationPool', memoryLimitMb: 1048576, vmQuota: VM_QUOTA, storageProfiles: [{ name: 'Gold', limitMb: 0 }] },
        { name: 'MemoryVdc', allocationModel: 'AllocationPool', memoryLimitMb: MEMORY_LIMIT_MB, storageProfiles: [{ name: 'Gold', limitMb: 0 }] }],
      catalogs: o.catalogs!.map((c) => ({ ...c, templates: [...c.templates!, { name: 'Small', vms: [{ name: 'small', cpus: 1, memoryMb: SMALL_VM_MB, diskMb: 1024 }] }] })),
    }
    : o),
};

const summary = (answers: ReadonlyArray<{ status: number; text: string }>) => answers.map((r) => `${r.status} ${r.text}`).join('\n');
const vappPathOf = (xml: string) => pathOf(/<VApp [^>]*href="([^"]+)"/.exec(xml)![1]!);

/** The world's helpers: VDCs and the template by name, instantiation, power-on, the state of a vApp. */
function raceKit(w: World) {
  const db = () => w.t.cell.services.store.db;
  const vdcPath = async (name: string) =>
    `/api/vdc/${(await db().selectFrom('vdcs').select('id').where('org_id', '=', w.org).where('name', '=', name).executeTakeFirstOrThrow()).id}`;
  const templateHref = async () => {
    const row = await db().selectFrom('vapp_templates').select('id').where('org_id', '=', w.org).where('name', '=', 'Small').executeTakeFirstOrThrow();
    return `${w.t.url}/api/vAppTemplate/vappTemplate-${row.id}`;
  };
  const instantiate = async (who: Caller, vdc: string, name: string, powerOn = false) =>
    who.call('POST', `${vdc}/action/instantiateVAppTemplate`, instantiateParams({ name, template: await templateHref(), powerOn }), INSTANTIATE);
  /** a vApp made and settled (its task ended), powered off */
  const made = async (vdc: string, name: string) => {
    const res = await instantiate(w.hello, vdc, name);
    assert.equal(res.status, 201, res.text);
    await w.t.clock.advance(DELAY);
    return vappPathOf(res.text);
  };
  const vmsIn = async (vdc: string) => Number((await db().selectFrom('vms').innerJoin('vdcs', 'vdcs.id', 'vms.vdc_id')
    .where('vdcs.name', '=', vdc).where('vdcs.org_id', '=', w.org)
    .select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  const memoryUsed = async (vdc: string) => Number(/<Memory><Units>MB<\/Units><Allocated>\d+<\/Allocated><Limit>\d+<\/Limit><Reserved>\d+<\/Reserved><Used>(\d+)<\/Used>/
    .exec((await w.hello.call('GET', vdc)).text)![1]);
  const taskOf = (xml: string) => pathOf(/<Task [^>]*href="([^"]+)"/.exec(xml)![1]!);
  const taskStatus = async (path: string) => attr((await w.hello.call('GET', path)).text, 'status');
  return { vdcPath, instantiate, made, vmsIn, memoryUsed, taskOf, taskStatus };
}

/** A refusal that is either BUSY_ENTITY or, once the accepted task has ended, VCD's word for the state it left. */
function assertBusyOr(res: { status: number; text: string }, stateRefusal: RegExp) {
  assert.equal(res.status, 400, res.text);
  assert.ok(/minorErrorCode="BUSY_ENTITY"/.test(res.text) || stateRefusal.test(res.text), res.text);
}

eachEngine('vApp races, tasks that end at once', { seed: RACE_SEED }, (w) => {
  const kit = raceKit(w);

  test('16 concurrent instantiations into a VDC with a VM quota of 6: exactly 6 are created', async () => {
    const vdc = await kit.vdcPath('QuotaVdc');
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => kit.instantiate(w.hello, vdc, `quota-${i}`)));
    assert.equal(answers.filter((r) => r.status === 201).length, VM_QUOTA, summary(answers));
    for (const r of answers.filter((a) => a.status !== 201)) {
      assert.equal(r.status, 400, r.text);
      assert.match(r.text, /exceeds the VM quota of VDC/);
    }
    assert.equal(await kit.vmsIn('QuotaVdc'), VM_QUOTA);
  });

  test('6 concurrent power-ons of 1,024 MB VMs against a 4,096 MB limit: exactly 4 run', async () => {
    const vdc = await kit.vdcPath('MemoryVdc');
    const vapps = await Promise.all(Array.from({ length: 6 }, (_, i) => kit.made(vdc, `memory-${i}`)));
    const answers = await Promise.all(vapps.map((p) => w.hello.call('POST', `${p}/power/action/powerOn`)));
    assert.equal(answers.filter((r) => r.status === 202).length, MEMORY_LIMIT_MB / SMALL_VM_MB, summary(answers));
    for (const r of answers.filter((a) => a.status !== 202)) assert.match(r.text, /exceeds the memory limit of VDC/);
    assert.equal(await kit.memoryUsed(vdc), MEMORY_LIMIT_MB);
  });

  test('24 concurrent power-ons of one vApp: exactly one is accepted, and its task succeeds', async () => {
    const vapp = await kit.made(await kit.vdcPath('ExampleVdc01'), 'power-burst');
    const answers = await Promise.all(Array.from({ length: 24 }, () => w.hello.call('POST', `${vapp}/power/action/powerOn`)));
    const accepted = answers.filter((r) => r.status === 202);
    assert.equal(accepted.length, 1, summary(answers));
    assert.equal(await kit.taskStatus(kit.taskOf(accepted[0]!.text)), 'success');
    for (const r of answers.filter((a) => a.status !== 202)) assertBusyOr(r, /is already powered on/);
    assert.match((await w.hello.call('GET', vapp)).text, /<VApp [^>]*status="4"/);
  });

  test('a delete racing a power-on (of the vApp, or of its VM): exactly one is accepted, and the vApp is as it says', async () => {
    const vdc = await kit.vdcPath('ExampleVdc01');
    for (let round = 0; round < 8; round++) {
      const vapp = await kit.made(vdc, `delete-race-${round}`);
      const target = round % 2 ? pathOf(/<Vm [^>]*href="([^"]+)"/.exec((await w.hello.call('GET', vapp)).text)![1]!) : vapp;
      const [removal, power] = await Promise.all([w.hello.call('DELETE', vapp), w.hello.call('POST', `${target}/power/action/powerOn`)]);
      const accepted = [removal, power].filter((r) => r.status === 202);
      assert.equal(accepted.length, 1, summary([removal, power]));
      const after = await w.hello.call('GET', vapp);
      if (removal.status === 202) {
        assert.equal(after.status, 403, 'deleted');
        assert.ok(power.status === 403 || /minorErrorCode="BUSY_ENTITY"/.test(power.text), power.text);
      } else {
        assert.match(after.text, /<VApp [^>]*status="4"/, 'powered on');
        assertBusyOr(removal, /Stop the vApp and try again/);
        assert.equal((await w.hello.call('DELETE', `${vapp}?force=true`)).status, 202);
      }
    }
  });
});

eachEngine('vApp races, tasks that run on the clock', { seed: RACE_SEED, config: { taskDelayMs: DELAY } }, (w) => {
  const kit = raceKit(w);

  test('instantiations into a VDC with a VM quota of 6: running creations count, so 6 of 8 are accepted; a canceled one frees its place', async () => {
    const vdc = await kit.vdcPath('QuotaVdc');
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => kit.instantiate(w.hello, vdc, `quota-${i}`)));
    const accepted = answers.filter((r) => r.status === 201);
    assert.equal(accepted.length, VM_QUOTA, summary(answers));
    for (const r of answers.filter((a) => a.status !== 201)) assert.match(r.text, /exceeds the VM quota of VDC/);
    assert.equal(await kit.vmsIn('QuotaVdc'), 0, 'the creations are still running');
    assert.equal((await w.hello.call('POST', `${kit.taskOf(accepted[0]!.text)}/action/cancel`)).status, 204);
    const another = await kit.instantiate(w.hello, vdc, 'quota-after-cancel');
    assert.equal(another.status, 201, another.text);
    assert.match((await kit.instantiate(w.hello, vdc, 'quota-over')).text, /exceeds the VM quota of VDC/);
    await w.t.clock.advance(DELAY);
    assert.equal(await kit.vmsIn('QuotaVdc'), VM_QUOTA);
  });

  test('6 concurrent power-ons of 1,024 MB VMs against a 4,096 MB limit: 4 are accepted while they run, and 4 run', async () => {
    const vdc = await kit.vdcPath('MemoryVdc');
    const vapps: string[] = [];
    for (let i = 0; i < 6; i++) vapps.push(await kit.made(vdc, `memory-${i}`));
    const answers = await Promise.all(vapps.map((p) => w.hello.call('POST', `${p}/power/action/powerOn`)));
    assert.equal(answers.filter((r) => r.status === 202).length, MEMORY_LIMIT_MB / SMALL_VM_MB, summary(answers));
    for (const r of answers.filter((a) => a.status !== 202)) assert.match(r.text, /exceeds the memory limit of VDC/);
    await w.t.clock.advance(DELAY);
    assert.equal(await kit.memoryUsed(vdc), MEMORY_LIMIT_MB);
  });

  test('24 concurrent power-ons of one vApp: one is accepted, the others are BUSY_ENTITY', async () => {
    const vapp = await kit.made(await kit.vdcPath('ExampleVdc01'), 'power-burst');
    const answers = await Promise.all(Array.from({ length: 24 }, () => w.hello.call('POST', `${vapp}/power/action/powerOn`)));
    const accepted = answers.filter((r) => r.status === 202);
    assert.equal(accepted.length, 1, summary(answers));
    for (const r of answers.filter((a) => a.status !== 202)) assert.match(r.text, /minorErrorCode="BUSY_ENTITY"/);
    await w.t.clock.advance(DELAY);
    assert.equal(await kit.taskStatus(kit.taskOf(accepted[0]!.text)), 'success');
  });

  test('a delete racing a power-on of the vApp\'s VM: one is accepted, the other is BUSY_ENTITY', async () => {
    const vdc = await kit.vdcPath('ExampleVdc01');
    for (let round = 0; round < 4; round++) {
      const vapp = await kit.made(vdc, `delete-race-${round}`);
      const vm = pathOf(/<Vm [^>]*href="([^"]+)"/.exec((await w.hello.call('GET', vapp)).text)![1]!);
      const answers = await Promise.all([w.hello.call('DELETE', vapp), w.hello.call('POST', `${vm}/power/action/powerOn`)]);
      assert.equal(answers.filter((r) => r.status === 202).length, 1, summary(answers));
      assert.match(answers.find((r) => r.status !== 202)!.text, /minorErrorCode="BUSY_ENTITY"/);
      await w.t.clock.advance(DELAY);
      await w.hello.call('DELETE', `${vapp}?force=true`);
      await w.t.clock.advance(DELAY);
    }
  });
});
