// `vcdkit vm list|show|set`: the VMs of vApps; `set` changes CPUs and memory (each a task).
import { Command, Option } from 'commander';
import type { Vm, VmRecord } from '../../sdk/index.ts';
import { contextFrom, withClient, type Context } from '../context.ts';
import { usageError } from '../errors.ts';
import type { Factory } from '../factory.ts';
import { noWaitOption, positiveInt } from '../flags.ts';
import { success } from '../io.ts';
import { nounCommand, resolve, type Noun } from '../inventory-noun.ts';
import { waitWithProgress } from '../task-progress.ts';
import { statusName } from './vapp.ts';

export const VM: Noun<Vm, VmRecord> = {
  name: 'vm', label: 'VM',
  set: (client) => client.vms,
  columns: [['name', (r) => r.name], ['vapp', (r) => r.containerName], ['status', (r) => r.status], ['ipAddress', (r) => r.ipAddress],
    ['cpus', (r) => r.numberOfCpus], ['memoryMB', (r) => r.memoryMB], ['vdc', (r) => r.vdcName]],
  fields: (vm, client) => [['Name', vm.name], ['Id', vm.id], ['Status', statusName(vm.status)], ['Deployed', vm.deployed], ['Description', vm.description],
    ['CPUs', client.vms.cpus(vm)], ['Memory MB', client.vms.memoryMb(vm)],
    ['NICs', client.vms.nics(vm).map((n) => `${n.networkConnectionIndex}: ${n.network} ${n.ipAddressAllocationMode}${n.ipAddress ? ` ${n.ipAddress}` : ''}`).join('; ')],
    ['Storage profile', vm.storageProfile?.name], ['Href', vm.href]],
};

export interface SetOptions { ctx: Context; vm: string; cpus?: number | undefined; memory?: number | undefined; wait: boolean }

/** Sets the CPUs and/or memory, one task each, in that order. */
export async function setRun(o: SetOptions): Promise<void> {
  if (o.cpus === undefined && o.memory === undefined) throw usageError('nothing to set', 'give --cpus, --memory or both');
  await withClient(o.ctx, async (client) => {
    const { vms } = client;
    const vm = await resolve(vms, o.vm);
    const changes: Array<[string, () => Promise<{ task: { href?: string } & Parameters<typeof waitWithProgress>[2] }>]> = [];
    if (o.cpus !== undefined) changes.push([`${o.cpus} CPUs`, () => vms.setCpus(vm, o.cpus!)]);
    if (o.memory !== undefined) changes.push([`${o.memory} MB of memory`, () => vms.setMemory(vm, o.memory!)]);
    for (const [what, start] of changes) {
      const op = await start();
      if (o.wait) await waitWithProgress(o.ctx, client, op.task, `Setting ${what} on VM ${vm.name}`);
      else o.ctx.io.stdout.write(`${op.task.href}\n`);
    }
    if (o.wait) success(o.ctx.io, `VM ${vm.name} now has ${changes.map(([w]) => w).join(' and ')}`);
  });
}

export function vmCommand(f: Factory): Command {
  return nounCommand(f, VM, 'the VMs of vApps')
    .addCommand(new Command('set')
      .description('change a VM\'s virtual CPUs and memory')
      .argument('<vm>', 'name, id, urn or href')
      .addOption(new Option('--cpus <n>', 'the number of virtual CPUs').argParser(positiveInt))
      .addOption(new Option('--memory <MB>', 'the memory in MB').argParser(positiveInt))
      .addOption(noWaitOption())
      .action((vm: string, o: Omit<SetOptions, 'ctx' | 'vm'>, cmd: Command) => setRun({ ctx: contextFrom(f, cmd), vm, ...o })));
}
