// The power and deployment rules of vApps and VMs, as Cloud Director applies them: which actions a
// state allows (the links a document offers), the refusal of one it does not allow (VCD's 400 and
// wording, reference §4.5), and the state an action leads to. Pure: the service applies the result.
import { errors } from '../../errors.ts';

/** VCD's status codes the model reaches. */
export const STATUS = {
  FAILED_CREATION: -1, UNRESOLVED: 0, RESOLVED: 1, SUSPENDED: 3, POWERED_ON: 4, POWERED_OFF: 8, MIXED: 10, PARTIALLY_POWERED_OFF: 20,
} as const;

export const POWER_ACTIONS = ['powerOn', 'powerOff', 'reset', 'suspend', 'shutdown', 'reboot'] as const;
export type PowerAction = (typeof POWER_ACTIONS)[number];
export type UndeployAction = 'powerOff' | 'suspend' | 'shutdown' | 'force' | 'default';
export const UNDEPLOY_ACTIONS: readonly UndeployAction[] = ['powerOff', 'suspend', 'shutdown', 'force', 'default'];

export type Transition =
  | { kind: 'power'; action: PowerAction }
  | { kind: 'deploy'; powerOn: boolean }
  | { kind: 'undeploy'; action: UndeployAction }
  | { kind: 'discardSuspendedState' };

export interface PowerState {
  status: number;
  deployed: boolean;
}

const isOn = (s: PowerState) => s.status === STATUS.POWERED_ON;
const isSuspended = (s: PowerState) => s.status === STATUS.SUSPENDED;
/** off, and (when deployed) partially so: VCD 10.3+ reports a VM powered off in a deployed vApp as PARTIALLY_POWERED_OFF */
const off = (deployed: boolean): PowerState => ({ status: deployed ? STATUS.PARTIALLY_POWERED_OFF : STATUS.POWERED_OFF, deployed });

/** The state a VM reaches by `t`; a VM the action does not concern keeps its own. */
export function vmAfter(t: Transition, vm: PowerState): PowerState {
  switch (t.kind) {
    case 'power':
      if (t.action === 'powerOn') return { status: STATUS.POWERED_ON, deployed: true };
      if (!isOn(vm)) return vm;
      if (t.action === 'suspend') return { status: STATUS.SUSPENDED, deployed: true };
      if (t.action === 'powerOff' || t.action === 'shutdown') return off(true);
      return vm; // reset, reboot: on again
    case 'deploy':
      return t.powerOn ? { status: STATUS.POWERED_ON, deployed: true } : isOn(vm) || isSuspended(vm) ? { ...vm, deployed: true } : off(true);
    case 'undeploy':
      if (t.action === 'suspend' && (isOn(vm) || isSuspended(vm))) return { status: STATUS.SUSPENDED, deployed: false };
      return isSuspended(vm) && t.action !== 'force' ? { status: STATUS.SUSPENDED, deployed: false } : off(false);
    case 'discardSuspendedState':
      return isSuspended(vm) ? off(vm.deployed) : vm;
  }
}

const operation = (t: Transition) => (t.kind === 'power' ? t.action : t.kind);

/** Refuses an action the VM's state does not allow, in VCD's words. */
export function checkVm(t: Transition, name: string, vm: PowerState): void {
  const vmText = `The requested operation could not be executed since VM "${name}"`;
  if (t.kind === 'power') {
    if (t.action === 'powerOn' && isOn(vm)) throw errors.badRequest(`${vmText} is already powered on.`);
    if (t.action !== 'powerOn' && !isOn(vm)) throw errors.badRequest(`${vmText} is not powered on.`);
  } else if (t.kind === 'undeploy' && !vm.deployed) {
    throw errors.badRequest(`${vmText} is not deployed.`);
  } else if (t.kind === 'discardSuspendedState' && !isSuspended(vm)) {
    throw errors.badRequest(`Cannot discard suspend state since VM "${name}" is not suspended.`);
  }
}

/** Refuses an action the vApp's state does not allow, in VCD's words (terraform and migration tools match them). */
export function checkVApp(t: Transition, name: string, deployed: boolean, vms: readonly PowerState[]): void {
  const vappText = `The requested operation could not be executed since vApp "${name}"`;
  const notRunning = errors.badRequest(`${vappText} is not running.`);
  if (t.kind === 'power') {
    if (t.action === 'powerOn') {
      if (vms.length > 0 && vms.every(isOn)) throw errors.badRequest(`${vappText} is already powered on.`);
      return;
    }
    if (!deployed) throw notRunning;
    if (!vms.some(isOn)) throw errors.badRequest(`${vappText} does not have any powered on VMs.`);
  } else if (t.kind === 'undeploy') {
    if (!deployed) throw notRunning;
  } else if (t.kind === 'discardSuspendedState' && !vms.some(isSuspended)) {
    throw errors.badRequest(`${vappText} does not have any suspended VMs.`);
  }
}

/** A vApp's status from its VMs': theirs when they agree, MIXED when not, RESOLVED for a vApp with none. */
export function vappStatus(vms: readonly PowerState[]): number {
  if (!vms.length) return STATUS.RESOLVED;
  const first = vms[0]!.status;
  return vms.every((v) => v.status === first) ? first : STATUS.MIXED;
}

/** Whether the state (a VM's, or the set of a vApp's VMs) allows `t`: the links a document offers. */
export function allows(t: Transition, deployed: boolean, vms: readonly PowerState[]): boolean {
  switch (t.kind) {
    case 'power': return t.action === 'powerOn' ? vms.some((v) => !isOn(v)) : vms.some(isOn);
    case 'deploy': return true;
    case 'undeploy': return deployed;
    case 'discardSuspendedState': return vms.some(isSuspended);
  }
}

/** The link rel VCD gives an action (pyvcloud posts only through these). */
export const linkRel = (t: Transition): string =>
  t.kind === 'power' ? `power:${t.action}` : t.kind === 'discardSuspendedState' ? 'discardState' : t.kind;

/** The task's operation name and text verb for an action, as VCD names them. */
export function taskNaming(t: Transition, target: 'vapp' | 'vm'): { operationName: string; verb: string } {
  const op = operation(t);
  const names: Record<string, [string, string]> = {
    powerOn: ['PowerOn', 'Starting'], powerOff: ['PowerOff', 'Stopping'], reset: ['Reset', 'Resetting'], suspend: ['Suspend', 'Suspending'],
    shutdown: ['Shutdown', 'Shutting down'], reboot: ['Reboot', 'Rebooting'], deploy: ['Deploy', 'Deploying'], undeploy: ['Undeploy', 'Undeploying'],
    discardSuspendedState: ['DiscardSuspendedState', 'Discarding suspended state of'],
  };
  const [suffix, verb] = names[op]!;
  return { operationName: `${target}${suffix}`, verb };
}

/** Whether a vApp may be deleted without force: undeployed, no VM running or suspended, or its creation failed. */
export const removable = (status: number, deployed: boolean, vms: readonly PowerState[]): boolean =>
  status === STATUS.FAILED_CREATION || (!deployed && !vms.some((v) => isOn(v) || isSuspended(v)));
