// `vcdkit vdc list|show|create`: org VDCs; the provider gives an org a VDC (its creation runs as a task).
import { Command, Option } from 'commander';
import type { AllocationModel, Vdc, VdcRecord } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { noWaitOption, nonNegativeInt } from '../flags.ts';
import { success } from '../io.ts';
import { nounCommand, type Noun } from '../inventory-noun.ts';
import { renderFields } from '../output.ts';
import { waitWithProgress } from '../task-progress.ts';
import { names } from './catalog-nouns.ts';
import { findOrg } from './org.ts';

export const VDC: Noun<Vdc, VdcRecord> = {
  name: 'vdc', label: 'VDC',
  set: (client) => client.vdcs,
  columns: [['name', (r) => r.name], ['org', (r) => r.orgName], ['enabled', (r) => r.isEnabled], ['vApps', (r) => r.numberOfVApps], ['VMs', (r) => r.numberOfVMs],
    ['cpuUsedMhz', (r) => r.cpuUsedMhz], ['cpuLimitMhz', (r) => r.cpuLimitMhz], ['memoryUsedMB', (r) => r.memoryUsedMB], ['memoryLimitMB', (r) => r.memoryLimitMB]],
  fields: (v, client) => [['Name', v.name], ['Id', v.id], ['Description', v.description], ['Enabled', v.isEnabled], ['Allocation model', v.allocationModel],
    ['CPU', `${v.computeCapacity.cpu.used} of ${v.computeCapacity.cpu.limit || 'unlimited'} ${v.computeCapacity.cpu.units}`],
    ['Memory', `${v.computeCapacity.memory.used} of ${v.computeCapacity.memory.limit || 'unlimited'} ${v.computeCapacity.memory.units}`],
    ['Networks', names(client.vdcs.networks(v))], ['vApps', names(client.vdcs.vapps(v))], ['Storage profiles', names(client.vdcs.storageProfiles(v))], ['Href', v.href]],
};

const MODELS: AllocationModel[] = ['AllocationVApp', 'AllocationPool', 'ReservationPool', 'Flex'];

export interface CreateOptions {
  ctx: Context; name: string; org: string; allocationModel: AllocationModel; cpu: number; memory: number;
  storageProfile: string; storage: number; description?: string | undefined; wait: boolean;
}

export async function createRun(o: CreateOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const org = await findOrg(client, o.org);
    const { entity: vdc, task } = await client.vdcs.create(org, {
      name: o.name, description: o.description, allocationModel: o.allocationModel, cpuLimitMhz: o.cpu, memoryLimitMb: o.memory,
      storageProfile: o.storageProfile, storageLimitMb: o.storage,
    });
    if (o.wait) await waitWithProgress(o.ctx, client, task, `Creating VDC ${vdc.name}`);
    await emit(o.ctx, { data: vdc, xml: () => client.document(vdc.href!), table: (out) => renderFields([['Name', vdc.name], ['Id', vdc.id], ['Org', org.name], ['Href', vdc.href], ['Task', o.wait ? undefined : task.href]], out) });
    if (o.wait) success(o.ctx.io, `Created VDC ${vdc.name} in ${org.name}`);
  });
}

export function vdcCommand(f: Factory): Command {
  return nounCommand(f, VDC, 'org VDCs: where an org\'s vApps run, with its share of compute and storage')
    .addCommand(new Command('create')
      .description('give an org a VDC (the provider only)')
      .argument('<name>', 'the VDC\'s name (unique in its org)')
      .requiredOption('--org <org>', 'the org, by name or id')
      .addOption(new Option('--allocation-model <model>', 'how capacity is allotted').choices(MODELS).default('AllocationVApp'))
      .addOption(new Option('--cpu <MHz>', 'CPU limit in MHz (0: unlimited)').argParser(nonNegativeInt).default(0))
      .addOption(new Option('--memory <MB>', 'memory limit in MB (0: unlimited)').argParser(nonNegativeInt).default(0))
      .requiredOption('--storage-profile <name>', 'the provider VDC storage profile, by name')
      .addOption(new Option('--storage <MB>', 'storage limit in MB (0: unlimited)').argParser(nonNegativeInt).default(0))
      .option('--description <text>', 'what it is for')
      .addOption(noWaitOption())
      .action((name: string, o: Omit<CreateOptions, 'ctx' | 'name'>, cmd: Command) => createRun({ ctx: contextFrom(f, cmd), name, ...o })));
}
