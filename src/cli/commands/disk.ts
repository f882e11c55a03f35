// `vcdkit disk list|show|create|attach|detach` (get and delete come with every declared type): independent
// disks, each change a task.
import { Command, Option } from 'commander';
import type { Disk, DiskSpec, RecordOf } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { noWaitOption, positiveInt } from '../flags.ts';
import { success } from '../io.ts';
import { emitTask, nounCommand, operationCommand, resolve, type Noun } from '../inventory-noun.ts';
import { renderFields } from '../output.ts';
import { waitWithProgress } from '../task-progress.ts';

type DiskRecord = RecordOf<'disk'>;

const BUSES: Record<string, string> = { ide: '5', scsi: '6', sata: '20' };

export const DISK: Noun<Disk, DiskRecord> = {
  name: 'disk', label: 'disk',
  set: (client) => client.disks,
  columns: [['name', (r) => r.name], ['sizeMb', (r) => r.sizeMb], ['bus', (r) => r.busTypeDesc], ['attached', (r) => r.isAttached],
    ['storageProfile', (r) => r.storageProfileName], ['vdc', (r) => r.vdcName], ['owner', (r) => r.ownerName]],
  fields: (d) => [['Name', d.name], ['Id', d.id], ['Size MB', d.sizeMb], ['Bus', `${d.busType} ${d.busSubType}`], ['Description', d.description],
    ['Storage profile', d.storageProfile?.name], ['Owner', d.owner?.user?.name], ['Href', d.href]],
};

export interface CreateOptions { ctx: Context; name: string; vdc: string; size: number; bus?: string | undefined; description?: string | undefined; wait: boolean }

/** Creates a disk in a VDC and shows it once its task is done. */
export async function createRun(o: CreateOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const vdc = await resolve(client.vdcs, o.vdc);
    const spec: DiskSpec = { name: o.name, sizeMb: o.size, description: o.description, busType: o.bus === undefined ? undefined : BUSES[o.bus] as DiskSpec['busType'] };
    const op = await client.disks.create(vdc, spec);
    if (!o.wait) return emitTask(o.ctx, client, op.task);
    await waitWithProgress(o.ctx, client, op.task, `Creating disk ${o.name}`);
    const disk = await client.disks.get(op.entity);
    await emit(o.ctx, { data: disk, xml: () => client.document(disk.href), table: (out) => renderFields(DISK.fields(disk, client), out) });
    success(o.ctx.io, `Created disk ${disk.name} in ${vdc.name}`);
  });
}

export function diskCommand(f: Factory): Command {
  const vmOption = () => new Option('--vm <vm>', 'the VM: name, id, urn or href').makeOptionMandatory();
  const attachment = (action: 'attach' | 'detach', doing: string, done: string) =>
    operationCommand<Disk, DiskRecord, { vm: string }>(f, DISK, action, `${action} the disk ${action === 'attach' ? 'to' : 'from'} a VM`, { doing, done },
      async (client, disk, o) => client.disks[action](disk, await resolve(client.vms, o.vm)), [vmOption()]);
  return nounCommand(f, DISK, 'independent disks: storage of a VDC that VMs attach')
    .addCommand(new Command('create')
      .description('create a disk in a VDC')
      .argument('<name>', 'the new disk\'s name')
      .requiredOption('--vdc <vdc>', 'the VDC: name, id or href')
      .addOption(new Option('--size <MB>', 'its size in MB').argParser(positiveInt).makeOptionMandatory())
      .addOption(new Option('--bus <bus>', 'its bus (SCSI unless told)').choices(Object.keys(BUSES)))
      .option('--description <text>', 'what it is for')
      .addOption(noWaitOption())
      .addHelpText('after', '\nExample:\n  $ vcdkit disk create data --vdc demo-vdc --size 10240')
      .action((name: string, o: Omit<CreateOptions, 'ctx' | 'name'>, cmd: Command) => createRun({ ctx: contextFrom(f, cmd), name, ...o })))
    .addCommand(attachment('attach', 'Attaching', 'Attached'))
    .addCommand(attachment('detach', 'Detaching', 'Detached'));
}
