// Application port profiles: an org's TENANT ones created, replaced and deleted through tasks (202, as Cloud
// Director answers), names unique in the org; the SYSTEM ones read-only; none deleted while a gateway rule names it.
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { Session } from '../../inventory/principal.ts';
import { requireVisibleRow } from '../../inventory/registry.ts';
import type { Db } from '../../store/db.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';
import { refuseInUse } from '../gateway-services/service.ts';
import { appPortProfileType } from './type.ts';

export interface AppPort {
  protocol: string;
  destinationPorts: string[];
}

export interface AppPortProfileSpec {
  name: string;
  description: string;
  ports: AppPort[];
}

export interface AppPortProfile {
  id: string;
  /** null: a SYSTEM profile */
  orgId: string | null;
  name: string;
}

const profileUrn = (id: string) => `urn:vcloud:applicationPortProfile:${id}`;
const owner = (p: { id: string; name: string }): TaskOwner => ({
  urn: profileUrn(p.id), name: p.name, family: 'vcloud.applicationPortProfile', path: `/cloudapi/1.0.0/applicationPortProfiles/${profileUrn(p.id)}`,
});

/** A TENANT profile of that name in the org already (another than `except`): 400, as VCD refuses it. */
async function checkName(trx: Transaction<Database>, orgId: string, name: string, except?: string): Promise<void> {
  let q = trx.selectFrom('app_port_profiles').select('id').where('org_id', '=', orgId).where('name_key', '=', name.toLowerCase());
  if (except) q = q.where('id', '<>', except);
  if (await q.limit(1).executeTakeFirst()) throw errors.duplicateName(`An application port profile named "${name}" already exists in the organization.`);
}

export class AppPortProfileService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;

  constructor(db: Db, clock: Clock, tasks: TaskService) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = tasks;
  }

  /** A profile the caller may see; else noAccess, as for one that does not exist. */
  async get(session: Session, id: string): Promise<AppPortProfile> {
    const row = await requireVisibleRow(this.#db, session, appPortProfileType, id, profileUrn(id));
    return { id: row.id, orgId: row.org_id, name: row.name };
  }

  /** A profile a write may change: a TENANT one (the SYSTEM ones Cloud Director ships are read-only: 403). */
  async writable(session: Session, id: string): Promise<AppPortProfile & { orgId: string }> {
    const profile = await this.get(session, id);
    if (profile.orgId === null) throw errors.forbidden(`The application port profile "${profile.name}" is a SYSTEM profile: it is read-only.`);
    return { ...profile, orgId: profile.orgId };
  }

  /** POST /applicationPortProfiles: a TENANT profile of the org, made at the task's start. */
  async create(session: Session, orgId: string, spec: AppPortProfileSpec): Promise<Task> {
    const id = newId();
    return this.#tasks.run({
      session, owner: owner({ id, name: spec.name }), operationName: 'applicationPortProfileCreate',
      operation: `Created application port profile ${spec.name}(${id})`,
      begin: async (trx) => {
        await checkName(trx, orgId, spec.name);
        await trx.insertInto('app_port_profiles').values({
          id, org_id: orgId, scope: 'TENANT', name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description,
          ports: JSON.stringify(spec.ports), created: this.#clock.now(),
        }).execute();
      },
      work: async () => {},
    });
  }

  /** PUT: the profile's name, description and ports replaced, through a task. */
  async update(session: Session, profile: AppPortProfile & { orgId: string }, spec: AppPortProfileSpec): Promise<Task> {
    return this.#tasks.run({
      session, owner: owner(profile), operationName: 'applicationPortProfileUpdate', operation: `Updated application port profile ${profile.name}(${profile.id})`,
      begin: async (trx) => {
        await checkName(trx, profile.orgId, spec.name, profile.id);
        await trx.updateTable('app_port_profiles').set({
          name: spec.name, name_key: spec.name.toLowerCase(), description: spec.description, ports: JSON.stringify(spec.ports),
        }).where('id', '=', profile.id).execute();
      },
      work: async () => {},
    });
  }

  /** DELETE: a profile no gateway rule names (400 otherwise, as VCD refuses one in use), through a task. */
  async delete(session: Session, profile: AppPortProfile): Promise<Task> {
    return this.#tasks.run({
      session, owner: owner(profile), operationName: 'applicationPortProfileDelete', operation: `Deleted application port profile ${profile.name}(${profile.id})`,
      begin: (trx) => refuseInUse(trx, profile.id, `The application port profile "${profile.name}"`),
      work: async (trx) => {
        await trx.deleteFrom('app_port_profiles').where('id', '=', profile.id).execute();
      },
    });
  }
}
