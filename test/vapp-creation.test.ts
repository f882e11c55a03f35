// A vApp's creation that does not end in success, on both stores, with realistic timing (taskDelayMs):
// a canceled creation and one cut short by a restart both leave the vApp FAILED_CREATION (-1), with no
// VMs and no addresses, deletable, its name free again. The outcome is kept in the store, so a new cell
// knows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, type Caller } from './helpers/legacy.ts';
import { INSTANTIATE, instantiateParams, pathOf, VAPP_SEED } from './helpers/vapps.ts';
import { eachEngine } from './helpers/world.ts';

const DELAY = 1000;

eachEngine('vApp creation that fails', { seed: VAPP_SEED, config: { taskDelayMs: DELAY } }, (w) => {
  const vdcPath = async () => {
    const row = await w.t.cell.services.store.db.selectFrom('vdcs').select('id').where('org_id', '=', w.org).executeTakeFirstOrThrow();
    return `/api/vdc/${row.id}`;
  };
  const templateHref = async () => {
    const row = await w.t.cell.services.store.db.selectFrom('vapp_templates').select('id')
      .where('org_id', '=', w.org).where('name', '=', 'Ubuntu Template with vsftpd').executeTakeFirstOrThrow();
    return `${w.t.url}/api/vAppTemplate/vappTemplate-${row.id}`;
  };
  /** starts an instantiation and answers the vApp's and its task's paths, the task still running */
  const start = async (name: string) => {
    const res = await w.hello.call('POST', `${await vdcPath()}/action/instantiateVAppTemplate`,
      instantiateParams({ name, template: await templateHref(), powerOn: true }), INSTANTIATE);
    assert.equal(res.status, 201, res.text);
    assert.equal(attr(res.text, 'status'), '0', 'being created');
    const task = /<Task [^>]*href="([^"]+)"/.exec(res.text)![1]!;
    return { vapp: pathOf(/<VApp [^>]*href="([^"]+)"/.exec(res.text)![1]!), task: pathOf(task) };
  };
  const assertFailedAndGone = async (who: Caller, vapp: string, name: string) => {
    const doc = await who.call('GET', vapp);
    assert.equal(doc.status, 200, doc.text);
    assert.match(doc.text, /<VApp [^>]*status="-1"/, 'FAILED_CREATION');
    assert.doesNotMatch(doc.text, /<Vm /, 'nothing of the creation was applied');
    assert.doesNotMatch(doc.text, /<Task /, 'no task holds it');
    const usedIps = await w.t.cell.services.store.db.selectFrom('ip_allocations').select('ip').execute();
    assert.deepEqual(usedIps, [], 'no address was taken');
    const removed = await who.call('DELETE', vapp);
    assert.equal(removed.status, 202, removed.text);
    await w.t.clock.advance(DELAY);
    assert.equal((await who.call('GET', vapp)).status, 403, 'gone');
    const again = await start(name);
    await w.t.clock.advance(DELAY);
    assert.match((await who.call('GET', again.vapp)).text, /<VApp [^>]*status="4"/, 'the name is free; a creation that ends succeeds');
    assert.equal((await who.call('DELETE', `${again.vapp}?force=true`)).status, 202);
    await w.t.clock.advance(DELAY);
  };

  test('a canceled creation leaves the vApp FAILED_CREATION, deletable', async () => {
    const { vapp, task } = await start('canceled');
    const cancel = await w.hello.call('POST', `${task}/action/cancel`);
    assert.equal(cancel.status, 204, cancel.text);
    await w.t.clock.advance(DELAY);
    await assertFailedAndGone(w.hello, vapp, 'canceled');
  });

  test('a creation cut short by a restart leaves the vApp FAILED_CREATION in the new cell, deletable', async () => {
    const { vapp, task } = await start('interrupted');
    await w.t.stop();
    w.t = await w.t.restart();
    w.hello = await w.as('HelloUser', 'ExampleOrg');
    const ended = await w.hello.call('GET', task);
    assert.equal(attr(ended.text, 'status'), 'aborted', ended.text);
    await assertFailedAndGone(w.hello, vapp, 'interrupted');
  });
});
