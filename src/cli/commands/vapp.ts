// `vcdkit vapp create|list|show|power-on|power-off|reset|suspend|undeploy|delete`: vApps, each change a task.
import { Command, Option } from 'commander';
import { eq, VAPP_STATUS, type VcdClient, type UndeployAction, type VApp, type VAppRecord } from '../../sdk/index.ts';
import { contextFrom, emit, withClient, type Context } from '../context.ts';
import type { Factory } from '../factory.ts';
import { noWaitOption } from '../flags.ts';
import { success } from '../io.ts';
import { emitTask, isReference, nounCommand, operationCommand, resolve, type Noun } from '../inventory-noun.ts';
import { renderFields } from '../output.ts';
import { waitWithProgress } from '../task-progress.ts';

/** A vApp's or VM's status code in Cloud Director's word (4 → POWERED_ON), as its query records give it, so that list and show agree. */
export const statusName = (code: number) => Object.entries(VAPP_STATUS).find(([, v]) => v === code)?.[0] ?? String(code);

const vmLines = (vapp: VApp, client: VcdClient): string =>
  client.vapps.vms(vapp).map((vm) => `${vm.name} (${statusName(vm.status)}${client.vms.ipAddresses(vm).map((ip) => `, ${ip}`).join('')})`).join('; ');

export const VAPP: Noun<VApp, VAppRecord> = {
  name: 'vapp', label: 'vApp',
  set: (client) => client.vapps,
  columns: [['name', (r) => r.name], ['status', (r) => r.status], ['deployed', (r) => r.isDeployed], ['vdc', (r) => r.vdcName], ['owner', (r) => r.ownerName],
    ['cpus', (r) => r.numberOfCpus], ['memoryMB', (r) => r.memoryAllocationMB]],
  fields: (v, client) => [['Name', v.name], ['Id', v.id], ['Status', statusName(v.status)], ['Deployed', v.deployed], ['Description', v.description],
    ['Owner', v.owner?.user.name], ['VMs', vmLines(v, client)], ['Created', v.dateCreated], ['Href', v.href]],
};

export interface CreateOptions {
  ctx: Context; name: string; template: string; vdc: string; catalog?: string | undefined; network?: string | undefined;
  description?: string | undefined; powerOn: boolean; wait: boolean;
}

/** Instantiates a template (found by name, within --catalog if given) in a VDC, its VMs on --network. */
export async function createRun(o: CreateOptions): Promise<void> {
  await withClient(o.ctx, async (client) => {
    const { vdcs, templates, networks, vapps } = client;
    const vdc = await resolve(vdcs, o.vdc);
    const template = o.catalog && !isReference(o.template)
      ? await templates.getByName(o.template, { filter: eq('catalogName', o.catalog) })
      : await resolve(templates, o.template);
    const network = o.network ? await networks.getByName(o.network, { filter: eq('vdc', vdc.href) }) : undefined;
    const op = await vapps.instantiate(vdc, { name: o.name, description: o.description, template, network, deploy: o.powerOn, powerOn: o.powerOn });
    if (!o.wait) return emitTask(o.ctx, client, op.task);
    await waitWithProgress(o.ctx, client, op.task, `Creating vApp ${o.name}`);
    const vapp = await vapps.get(op.entity);
    await emit(o.ctx, { data: vapp, xml: () => client.document(vapp.href), table: (out) => renderFields(VAPP.fields(vapp, client), out) });
    success(o.ctx.io, `Created vApp ${vapp.name} in ${vdc.name}`);
  });
}

const UNDEPLOY: UndeployAction[] = ['powerOff', 'suspend', 'shutdown', 'force', 'default'];

export function vappCommand(f: Factory): Command {
  const power = (action: 'powerOn' | 'powerOff' | 'reset' | 'suspend', word: string, description: string, doing: string, done: string) =>
    operationCommand(f, VAPP, word, description, { doing, done }, (c, v) => c.vapps[action](v));
  return nounCommand(f, VAPP, 'vApps: VMs that run together, made from templates')
    .addCommand(new Command('create')
      .description('create a vApp from a template (powered off unless --power-on)')
      .argument('<name>', 'the new vApp\'s name')
      .requiredOption('--template <template>', 'the vApp template: name, id or href')
      .requiredOption('--vdc <vdc>', 'the VDC: name, id or href')
      .option('--catalog <catalog>', 'the catalog holding the template (when its name is not unique)')
      .option('--network <network>', 'connect the VMs to this org VDC network (addresses from its pool)')
      .option('--description <text>', 'what it is for')
      .option('--power-on', 'deploy and power it on once created')
      .addOption(noWaitOption())
      .addHelpText('after', '\nExample:\n  $ vcdkit vapp create web --template "Ubuntu Template with vsftpd" --vdc demo-vdc --network routed-net --power-on')
      .action((name: string, o: Omit<CreateOptions, 'ctx' | 'name' | 'powerOn'> & { powerOn?: boolean }, cmd: Command) =>
        createRun({ ctx: contextFrom(f, cmd), name, ...o, powerOn: Boolean(o.powerOn) })))
    .addCommand(power('powerOn', 'power-on', 'deploy the vApp if needed and power on its VMs', 'Powering on', 'Powered on'))
    .addCommand(power('powerOff', 'power-off', 'power off its VMs (it stays deployed; see undeploy)', 'Powering off', 'Powered off'))
    .addCommand(power('reset', 'reset', 'reset its VMs (a hard reboot)', 'Resetting', 'Reset'))
    .addCommand(power('suspend', 'suspend', 'suspend its VMs', 'Suspending', 'Suspended'))
    .addCommand(operationCommand(f, VAPP, 'undeploy', 'undeploy it, leaving its VMs as --action says', { doing: 'Undeploying', done: 'Undeployed' },
      (c, v, o: { action: UndeployAction }) => c.vapps.undeploy(v, o.action),
      [new Option('--action <action>', 'how the VMs are left').choices(UNDEPLOY).default('powerOff')]))
    .addCommand(operationCommand(f, VAPP, 'delete', 'delete the vApp and its VMs (refused while it runs, unless --force)', { doing: 'Deleting', done: 'Deleted' },
      (c, v, o: { force?: boolean }) => c.vapps.delete(v, { force: o.force }),
      [new Option('--force', 'also while it is deployed or running')]));
}
