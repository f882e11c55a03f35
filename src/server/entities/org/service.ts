// The provider's management of orgs (/api/admin/orgs, /api/admin/org/{id}): create, update, enable,
// disable and delete (a task), with Cloud Director's rules. A disabled org's users are out at once: their
// sessions end and their logins fail. The System org is neither renamed, disabled nor deleted.
import { ownerOf } from '../../inventory/registry.ts';
import { orgType } from './type.ts';
import { noAccess, SYSTEM_ORG_KEY } from '../../inventory/policy.ts';
import { errors } from '../../errors.ts';
import { urn } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import type { IdentityService, Org, OrgChanges } from '../../services/identity.ts';
import { SYSTEM_ORG, type Session } from '../../inventory/principal.ts';
import type { SessionService } from '../../services/sessions.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';

export interface OrgParams {
  name: string;
  fullName: string;
  description?: string | undefined;
  enabled?: boolean | undefined;
}

const isSystem = (org: Org) => org.name_key === SYSTEM_ORG_KEY;

/** An org as the owner of a task or of metadata. */
export const orgOwner = (org: Org): TaskOwner => ownerOf(orgType, org);

export class OrgService {
  readonly #db: Db;
  readonly #identity: IdentityService;
  readonly #sessions: SessionService;
  readonly #tasks: TaskService;

  constructor(db: Db, identity: IdentityService, sessions: SessionService, tasks: TaskService) {
    this.#db = db;
    this.#identity = identity;
    this.#sessions = sessions;
    this.#tasks = tasks;
  }

  /** An org the engine found visible (http/routes/entity-apis.ts); gone since: the one 403, as for one never there. */
  async get(id: string): Promise<Org> {
    const org = await this.#identity.getOrg(id);
    if (!org) throw noAccess(urn('org', id));
    return org;
  }

  /** A new org is enabled unless the document says otherwise. */
  create(params: OrgParams): Promise<Org> {
    return this.#identity.createOrg({ name: params.name, fullName: params.fullName, description: params.description, enabled: params.enabled });
  }

  /** PUT: name, full name, description, and the state when IsEnabled is given. */
  async update(org: Org, params: OrgParams): Promise<Org> {
    if (isSystem(org) && (params.name !== org.name || params.enabled === false)) {
      throw errors.badRequest(`The ${SYSTEM_ORG} organization cannot be renamed or disabled.`);
    }
    const changes: OrgChanges = { name: params.name, full_name: params.fullName };
    if (params.description !== undefined) changes.description = params.description;
    if (params.enabled !== undefined) changes.is_enabled = params.enabled ? 1 : 0;
    const updated = await this.#apply(org, changes);
    if (params.name !== org.name) this.#sessions.invalidateOrg(org.id); // sessions carry the org's name
    return updated;
  }

  async setEnabled(org: Org, enabled: boolean): Promise<Org> {
    if (isSystem(org) && !enabled) throw errors.badRequest(`The ${SYSTEM_ORG} organization cannot be disabled.`);
    return this.#apply(org, { is_enabled: enabled ? 1 : 0 });
  }

  /**
   * VCD deletes only a disabled org that holds nothing, unless asked to with force and recursive: force
   * disables it first, recursive takes its VDCs and catalogs (and all in them) with it. Its users, roles
   * and tokens always go with it. The deletion is a task, filed under the caller's org.
   */
  async delete(session: Session, org: Org, options: { force: boolean; recursive: boolean }): Promise<Task> {
    if (isSystem(org)) throw errors.badRequest(`The ${SYSTEM_ORG} organization cannot be deleted.`);
    const forced = options.force && options.recursive;
    if (org.is_enabled && !forced) {
      throw errors.badRequest(`The organization ${org.name} is enabled; disable it before deleting it, or delete it with force=true&recursive=true.`);
    }
    if (!options.recursive && await this.#holdsInventory(org.id)) {
      throw errors.badRequest(`The organization ${org.name} holds VDCs or catalogs; delete them first, or delete it with recursive=true.`);
    }
    if (org.is_enabled) await this.setEnabled(org, false);
    return this.#tasks.run({
      session, owner: orgOwner(org), operationName: 'orgDeleteOrg', operation: `Deleted Organization ${org.name}(${org.id})`,
      work: (trx) => this.#identity.deleteOrg(trx, org.id),
    });
  }

  async #holdsInventory(orgId: string): Promise<boolean> {
    const held = await this.#db.selectFrom('vdcs').select('id').where('org_id', '=', orgId)
      .union(this.#db.selectFrom('catalogs').select('id').where('org_id', '=', orgId)).limit(1).executeTakeFirst();
    return held !== undefined;
  }

  /** Writes the changes; a disable ends the org's sessions after the store says disabled, so none opens in between. */
  async #apply(org: Org, changes: OrgChanges): Promise<Org> {
    const updated = await this.#identity.updateOrg(org.id, changes);
    if (!updated) throw noAccess(urn('org', org.id));
    if (changes.is_enabled === 0) await this.#sessions.closeByOrg(org.id);
    return updated;
  }
}
