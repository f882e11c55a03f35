// Firewall groups of NSX-T Edge gateways: created, replaced and deleted through tasks (202, as Cloud Director
// answers), names unique per gateway, members among the networks the gateway routes, and no group deleted while
// a gateway rule names it.
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Session } from '../../inventory/principal.ts';
import { requireVisibleRow } from '../../inventory/registry.ts';
import type { Db } from '../../store/db.ts';
import { isUniqueViolation } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';
import { refuseInUse } from '../gateway-services/service.ts';
import { firewallGroupType } from './type.ts';

export type FirewallGroupKind = 'IP_SET' | 'STATIC_MEMBERS';

export interface FirewallGroupSpec {
  name: string;
  description: string;
  kind: FirewallGroupKind;
  ipAddresses: string[];
  /** the member networks' ids (static groups) */
  memberIds: string[];
}

export interface FirewallGroup {
  id: string;
  orgId: string;
  gatewayId: string;
  name: string;
}

/** The gateway a group is made on: its id, org and name. */
export interface GroupGateway {
  id: string;
  orgId: string;
  name: string;
}

const owner = (g: { id: string; name: string }): TaskOwner => ({
  urn: `urn:vcloud:firewallGroup:${g.id}`, name: g.name, family: 'vcloud.firewallGroup', path: `/cloudapi/1.0.0/firewallGroups/urn:vcloud:firewallGroup:${g.id}`,
});

const duplicateName = (name: string, gateway: string) =>
  errors.duplicateName(`A firewall group named "${name}" already exists on Edge gateway "${gateway}".`);

type Trx = Kysely<Database> | Transaction<Database>;

export class FirewallGroupService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;

  constructor(db: Db, clock: Clock, tasks: TaskService) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = tasks;
  }

  /** A group the caller may see; else noAccess, as for one that does not exist. */
  async get(session: Session, id: string): Promise<FirewallGroup> {
    const row = await requireVisibleRow(this.#db, session, firewallGroupType, id, `urn:vcloud:firewallGroup:${id}`);
    return { id: row.id, orgId: row.org_id, gatewayId: row.edge_gateway_id, name: row.name };
  }

  /** POST /firewallGroups: a new group on the gateway, made at the task's start (a taken name, a foreign member: 400, nothing made). */
  async create(session: Session, gateway: GroupGateway, spec: FirewallGroupSpec): Promise<Task> {
    const id = newId();
    return this.#tasks.run({
      session, owner: owner({ id, name: spec.name }), operationName: 'firewallGroupCreate', operation: `Created firewall group ${spec.name}(${id})`,
      begin: async (trx) => {
        await checkMembers(trx, gateway, spec.memberIds);
        try {
          await trx.insertInto('firewall_groups').values({
            id, org_id: gateway.orgId, edge_gateway_id: gateway.id, name: spec.name, name_key: spec.name.toLowerCase(),
            description: spec.description, type_value: spec.kind, ip_addresses: JSON.stringify(spec.ipAddresses), created: this.#clock.now(),
          }).execute();
        } catch (e) {
          throw isUniqueViolation(e) ? duplicateName(spec.name, gateway.name) : e;
        }
        await writeMembers(trx, id, spec.memberIds);
      },
      work: async () => {},
    });
  }

  /** PUT: the group's name, description, addresses and members replaced (its type and gateway stay), through a task. */
  async update(session: Session, group: FirewallGroup, spec: FirewallGroupSpec): Promise<Task> {
    return this.#tasks.run({
      session, owner: owner(group), operationName: 'firewallGroupUpdate', operation: `Updated firewall group ${group.name}(${group.id})`,
      begin: async (trx) => {
        const current = await trx.selectFrom('firewall_groups').innerJoin('edge_gateways', 'edge_gateways.id', 'firewall_groups.edge_gateway_id')
          .select(['firewall_groups.type_value', 'edge_gateways.name']).where('firewall_groups.id', '=', group.id).executeTakeFirstOrThrow();
        if (current.type_value !== spec.kind) throw errors.badRequest(`The firewall group "${group.name}" is of type ${current.type_value}: its type cannot change.`);
        const gateway = { id: group.gatewayId, orgId: group.orgId, name: current.name };
        await checkMembers(trx, gateway, spec.memberIds);
        try {
          await trx.updateTable('firewall_groups').set({
            name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description, ip_addresses: JSON.stringify(spec.ipAddresses),
          }).where('id', '=', group.id).execute();
        } catch (e) {
          throw isUniqueViolation(e) ? duplicateName(spec.name, gateway.name) : e;
        }
        await trx.deleteFrom('firewall_group_members').where('group_id', '=', group.id).execute();
        await writeMembers(trx, group.id, spec.memberIds);
      },
      work: async () => {},
    });
  }

  /** DELETE: a group no gateway rule names (400 otherwise, as VCD refuses one in use), through a task. */
  async delete(session: Session, group: FirewallGroup): Promise<Task> {
    return this.#tasks.run({
      session, owner: owner(group), operationName: 'firewallGroupDelete', operation: `Deleted firewall group ${group.name}(${group.id})`,
      begin: (trx) => refuseInUse(trx, group.id, `The firewall group "${group.name}"`),
      work: async (trx) => {
        await trx.deleteFrom('firewall_groups').where('id', '=', group.id).execute();
      },
    });
  }
}

/** Every member is a network the gateway routes (VCD's static groups hold the gateway's networks). */
async function checkMembers(trx: Trx, gateway: GroupGateway, memberIds: readonly string[]): Promise<void> {
  if (!memberIds.length) return;
  const routed = new Set((await trx.selectFrom('networks').select('id').where('edge_gateway_id', '=', gateway.id)
    .where('id', 'in', [...memberIds]).execute()).map((r) => r.id));
  const foreign = memberIds.find((m) => !routed.has(m));
  if (foreign) throw errors.badRequest(`The network urn:vcloud:network:${foreign} is not connected to Edge gateway "${gateway.name}" (body/members).`);
  if (new Set(memberIds).size !== memberIds.length) throw errors.badRequest('A network is a member twice (body/members).');
}

async function writeMembers(trx: Trx, groupId: string, memberIds: readonly string[]): Promise<void> {
  if (!memberIds.length) return;
  await trx.insertInto('firewall_group_members').values(memberIds.map((network_id, position) => ({ group_id: groupId, position, network_id }))).execute();
}
