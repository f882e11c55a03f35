// Catalogs and what they hold: catalog items, each pointing at a vApp template (with its VMs) or a
// medium. Who sees what is decided in SQL: the provider every catalog, a tenant its own org's and the
// published ones; anything else is refused as absent (403), as VCD answers.
import { ownerOf } from '../../inventory/registry.ts';
import { catalogType } from './type.ts';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import { errors } from '../../errors.ts';
import { newId, urn } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import type { TemplateVmTable } from '../../store/schema.ts';
import { canAdministerOrg, canSeeOrg, hasRights, noAccess } from '../../inventory/policy.ts';
import { CATALOG_EDIT_RIGHT } from './type.ts';
import { catalogVisibility } from './records.ts';
import type { Session } from '../../inventory/principal.ts';
import type { Task, TaskOwner, TaskService } from '../../services/tasks.ts';

export interface Catalog {
  id: string;
  orgId: string;
  name: string;
  description: string;
  owner: UserRef | undefined;
  published: boolean;
  shared: boolean;
  createdAt: number;
  items: Array<{ id: string; name: string }>;
}

export interface UserRef {
  id: string;
  name: string;
}

export type CatalogEntityKind = 'vAppTemplate' | 'media';

export interface CatalogItem {
  id: string;
  orgId: string;
  catalogId: string;
  name: string;
  description: string;
  entity: { kind: CatalogEntityKind; id: string; name: string };
  createdAt: number;
}

export interface TemplateVm {
  id: string;
  templateId: string;
  name: string;
  computerName: string;
  cpus: number;
  coresPerSocket: number;
  memoryMb: number;
  diskMb: number;
  /** paravirtual, lsilogic, … */
  diskBus: string;
  osType: string;
  /** the network its NIC connects to, undefined when it is not connected */
  network: string | undefined;
  nicAdapter: string;
  mac: string;
  toolsVersion: number;
}

/** What a vApp template and a medium have alike: each is the entity of one catalog item. */
interface CatalogEntity {
  id: string;
  orgId: string;
  catalogId: string;
  catalogItemId: string;
  name: string;
  description: string;
  owner: UserRef | undefined;
  createdAt: number;
}

export interface VAppTemplate extends CatalogEntity {
  /** VCD's status code: 8 is a usable (powered off) template */
  status: number;
  vms: TemplateVm[];
}

export interface Media extends CatalogEntity {
  imageType: 'iso' | 'floppy';
  sizeBytes: number;
  /** 1: resolved (ready for use) */
  status: number;
}

/** What the seed file (and its defaults) declares for one VM of a template. */
export interface SeedTemplateVm {
  name: string;
  cpus?: number;
  coresPerSocket?: number;
  memoryMb?: number;
  diskMb?: number;
  osType?: string;
  network?: string;
}

export interface SeedCatalog {
  name: string;
  description?: string;
  templates?: Array<{ name: string; description?: string; vms?: SeedTemplateVm[] }>;
  media?: Array<{ name: string; sizeMb: number; description?: string; imageType?: 'iso' | 'floppy' }>;
}

/** What a catalog's admin view may change. */
export interface CatalogChanges {
  name: string;
  description?: string | undefined;
}

/** The defaults a VCD template VM shows for what a declaration leaves out. */
const VM_DEFAULTS = {
  cpus: 1, coresPerSocket: 1, memoryMb: 1024, diskMb: 16384, osType: 'otherGuest64', diskBus: 'paravirtual',
  nicAdapter: 'VMXNET3',
  // VMware Tools 11.x, as an imported OVA with current tools reports it
  toolsVersion: 12352,
} as const;

/** POWERED_OFF: the only status a client instantiates a template from. */
export const TEMPLATE_USABLE = 8;
const MEDIA_RESOLVED = 1;
const MB = 1024 * 1024;

/** A guest host name from a VM's name: letters, digits and '-', at most 15 (what Windows takes). */
const hostName = (name: string) => name.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 15) || 'vm';

/** The VMs a seed file's template makes: those it declares, or one named after it. */
export const declaredTemplateVms = (t: { name: string; vms?: SeedTemplateVm[] | undefined }): SeedTemplateVm[] => t.vms ?? [{ name: hostName(t.name) }];

/** A VM as a seed file declares it, with the defaults a VCD template VM shows for what it leaves out. */
export function declaredVm(vm: SeedTemplateVm, templateId: string): TemplateVm {
  return {
    id: newId(), templateId, name: vm.name, computerName: hostName(vm.name),
    cpus: vm.cpus ?? VM_DEFAULTS.cpus, coresPerSocket: vm.coresPerSocket ?? VM_DEFAULTS.coresPerSocket,
    memoryMb: vm.memoryMb ?? VM_DEFAULTS.memoryMb, diskMb: vm.diskMb ?? VM_DEFAULTS.diskMb, diskBus: VM_DEFAULTS.diskBus,
    osType: vm.osType ?? VM_DEFAULTS.osType, network: vm.network, nicAdapter: VM_DEFAULTS.nicAdapter, mac: vmwareMac(),
    toolsVersion: VM_DEFAULTS.toolsVersion,
  };
}

const toTemplateVm = (v: TemplateVmTable): TemplateVm => ({
  id: v.id, templateId: v.template_id, name: v.name, computerName: v.computer_name, cpus: v.cpus, coresPerSocket: v.cores_per_socket,
  memoryMb: v.memory_mb, diskMb: v.disk_mb, diskBus: v.disk_bus, osType: v.os_type, network: v.network_name ?? undefined,
  nicAdapter: v.nic_adapter, mac: v.mac, toolsVersion: v.tools_version,
});

/** A MAC in VMware's range for generated addresses, 00:50:56:00:00:00–00:50:56:3f:ff:ff. */
export function vmwareMac(): string {
  const b = randomBytes(3);
  b[0] = b[0]! & 0x3f;
  return ['00', '50', '56', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

const key = (name: string) => name.toLowerCase();

/** Whether a session may create, change and delete an org's catalogs. */
export function canManageCatalogs(session: Session, orgId: string, right: string): boolean {
  return canSeeOrg(session, orgId) && hasRights(session, right);
}

/** Whether the caller may edit the catalog (and what it holds): the links its documents offer. */
export const canEditCatalog = (session: Session, c: Pick<Catalog, 'orgId'>) => canManageCatalogs(session, c.orgId, CATALOG_EDIT_RIGHT);

/** Whether the caller administers the catalog's org and may edit the catalog: its admin view's links. */
export const managesCatalog = (session: Session, c: Pick<Catalog, 'orgId'>) => canAdministerOrg(session, c.orgId) && canEditCatalog(session, c);

/** A catalog as the owner of a task (its admin view, as VCD files them). */
const catalogOwner = (c: Pick<Catalog, 'id' | 'name'>): TaskOwner => ownerOf(catalogType, c, 'admin.catalog');

export class CatalogService {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #tasks: TaskService;

  constructor(db: Db, clock: Clock, tasks: TaskService) {
    this.#db = db;
    this.#clock = clock;
    this.#tasks = tasks;
  }

  #absent(urnType: string, id: string): never {
    throw noAccess(urn(urnType, id));
  }

  async #owner(id: string | null): Promise<UserRef | undefined> {
    if (id === null) return undefined;
    const u = await this.#db.selectFrom('users').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    return u && { id: u.id, name: u.name };
  }

  /** A catalog the caller may see, with its items, or 403. */
  async catalog(session: Session, id: string): Promise<Catalog> {
    const row = await this.#db.selectFrom('catalogs').selectAll().where('id', '=', id).where(catalogVisibility(session)).executeTakeFirst();
    if (!row) this.#absent('catalog', id);
    const items = await this.#db.selectFrom('catalog_items').select(['id', 'name'])
      .where('catalog_id', '=', id).orderBy('created_at').orderBy('id').execute();
    return {
      id: row.id, orgId: row.org_id, name: row.name, description: row.description, owner: await this.#owner(row.owner_id),
      published: row.is_published === 1, shared: row.is_shared === 1, createdAt: Number(row.created_at), items,
    };
  }

  /** A catalog's access settings, under the path of its own org: another org's catalog (a published one) is none of this org's. */
  async accessSettings(session: Session, id: string, orgId: string): Promise<Catalog> {
    const catalog = await this.catalog(session, id);
    if (catalog.orgId !== orgId.toLowerCase()) this.#absent('catalog', id);
    return catalog;
  }

  /**
   * A catalog the caller may change (its admin view): its own org's, for the provider any org's; another org's
   * published catalog, which the caller sees, is out of reach. The rights are its type's (type.ts), which the engine checks.
   */
  async administeredCatalog(session: Session, id: string): Promise<Catalog> {
    const catalog = await this.catalog(session, id);
    if (!canSeeOrg(session, catalog.orgId)) this.#absent('catalog', id);
    return catalog;
  }

  /** An org's own catalogs (names and ids), as its Org document links them. */
  async catalogsOfOrg(orgId: string): Promise<Array<{ id: string; name: string }>> {
    return this.#db.selectFrom('catalogs').select(['id', 'name']).where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  }

  /** Creates an empty, unpublished catalog in an org (one the caller administers), owned by the caller; VCD answers it with the task that creates it. */
  async create(session: Session, orgId: string, spec: CatalogChanges): Promise<{ catalog: Catalog; task: Task }> {
    const id = await this.#insertCatalog(orgId, spec, orgId !== session.orgId ? null : session.userId);
    const catalog = await this.catalog(session, id);
    const task = await this.#tasks.run({
      session, owner: catalogOwner(catalog), operationName: 'catalogCreateCatalog', operation: `Created Catalog ${catalog.name}(${catalog.id})`,
      work: async () => {},
    });
    return { catalog, task };
  }

  async #insertCatalog(orgId: string, spec: CatalogChanges, ownerId: string | null): Promise<string> {
    const id = newId();
    const inserted = await this.#db.insertInto('catalogs').values({
      id, org_id: orgId, name: spec.name, name_key: key(spec.name), description: spec.description ?? '', owner_id: ownerId,
      is_published: 0, is_shared: 0, created_at: this.#clock.now(),
    }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (!inserted.numInsertedOrUpdatedRows) throw errors.duplicateName(`A catalog named "${spec.name}" already exists in this organization.`);
    return id;
  }

  /** Renames a catalog or changes its description. */
  async update(session: Session, id: string, changes: CatalogChanges): Promise<Catalog> {
    const catalog = await this.administeredCatalog(session, id);
    const clash = await this.#db.selectFrom('catalogs').select('id')
      .where('org_id', '=', catalog.orgId).where('name_key', '=', key(changes.name)).where('id', '<>', id).executeTakeFirst();
    if (clash) throw errors.duplicateName(`A catalog named "${changes.name}" already exists in this organization.`);
    await this.#db.updateTable('catalogs')
      .set({ name: changes.name, name_key: key(changes.name), ...(changes.description !== undefined && { description: changes.description }) })
      .where('id', '=', id).execute();
    return this.catalog(session, id);
  }

  /** Deletes a catalog, through a task. VCD refuses a catalog that still holds items unless the request is recursive. */
  async delete(session: Session, id: string, recursive: boolean): Promise<Task> {
    const catalog = await this.administeredCatalog(session, id);
    if (catalog.items.length > 0 && !recursive) {
      throw errors.badRequest(`The catalog ${catalog.name} is not empty: delete its items first, or ask with recursive=true.`);
    }
    return this.#tasks.run({
      session, owner: catalogOwner(catalog), operationName: 'catalogDeleteCatalog', operation: `Deleted Catalog ${catalog.name}(${catalog.id})`,
      work: async (trx) => { await trx.deleteFrom('catalogs').where('id', '=', id).execute(); },
    });
  }

  async item(session: Session, id: string): Promise<CatalogItem> {
    const row = await this.#db.selectFrom('catalog_items').innerJoin('catalogs', 'catalogs.id', 'catalog_items.catalog_id')
      .select(['catalog_items.id', 'catalog_items.catalog_id', 'catalog_items.name', 'catalog_items.description', 'catalog_items.entity_type',
        'catalog_items.entity_id', 'catalog_items.created_at', 'catalogs.org_id'])
      .where('catalog_items.id', '=', id).where(catalogVisibility(session)).executeTakeFirst();
    if (!row) this.#absent('catalogitem', id);
    const kind = row.entity_type as CatalogEntityKind;
    const entity = kind === 'media'
      ? await this.#db.selectFrom('media').select('name').where('id', '=', row.entity_id).executeTakeFirstOrThrow()
      : await this.#db.selectFrom('vapp_templates').select('name').where('id', '=', row.entity_id).executeTakeFirstOrThrow();
    return {
      id: row.id, orgId: row.org_id, catalogId: row.catalog_id, name: row.name, description: row.description,
      entity: { kind, id: row.entity_id, name: entity.name }, createdAt: Number(row.created_at),
    };
  }

  /** A catalog item the caller may change: one of a catalog the caller may change. */
  async #administeredItem(session: Session, id: string): Promise<CatalogItem> {
    const item = await this.item(session, id);
    await this.administeredCatalog(session, item.catalogId);
    return item;
  }

  /** Renames an item (and its entity with it, as VCD keeps the two names together) or changes its description. */
  async updateItem(session: Session, id: string, changes: CatalogChanges): Promise<CatalogItem> {
    const item = await this.#administeredItem(session, id);
    await this.#db.transaction().execute(async (trx) => {
      const clash = await trx.selectFrom('catalog_items').select('id')
        .where('catalog_id', '=', item.catalogId).where('name_key', '=', key(changes.name)).where('id', '<>', id).executeTakeFirst();
      if (clash) throw errors.duplicateName(`An item named "${changes.name}" already exists in this catalog.`);
      const description = changes.description !== undefined ? { description: changes.description } : {};
      await trx.updateTable('catalog_items').set({ name: changes.name, name_key: key(changes.name), ...description }).where('id', '=', id).execute();
      const table = item.entity.kind === 'media' ? 'media' : 'vapp_templates';
      await trx.updateTable(table).set({ name: changes.name, ...description }).where('id', '=', item.entity.id).execute();
    });
    return this.item(session, id);
  }

  /** Deletes an item and the template or medium it holds. */
  async deleteItem(session: Session, id: string): Promise<void> {
    const item = await this.#administeredItem(session, id);
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('catalog_items').where('id', '=', id).execute();
      if (item.entity.kind === 'media') await trx.deleteFrom('media').where('id', '=', item.entity.id).execute();
      else await trx.deleteFrom('vapp_templates').where('id', '=', item.entity.id).execute();
    });
  }

  async template(session: Session, id: string): Promise<VAppTemplate> {
    return await this.#visibleTemplate(session, id) ?? this.#absent('vapptemplate', id);
  }

  async #visibleTemplate(session: Session, id: string): Promise<VAppTemplate | undefined> {
    const row = await this.#db.selectFrom('vapp_templates').innerJoin('catalogs', 'catalogs.id', 'vapp_templates.catalog_id')
      .innerJoin('catalog_items', 'catalog_items.entity_id', 'vapp_templates.id')
      .selectAll('vapp_templates').select('catalog_items.id as item_id')
      .where('vapp_templates.id', '=', id).where(catalogVisibility(session)).executeTakeFirst();
    if (!row) return undefined;
    const vms = await this.#db.selectFrom('template_vms').selectAll().where('template_id', '=', id).orderBy('position').execute();
    return {
      id: row.id, orgId: row.org_id, catalogId: row.catalog_id, catalogItemId: row.item_id, name: row.name, description: row.description,
      status: row.status, owner: await this.#owner(row.owner_id), createdAt: Number(row.created_at),
      vms: vms.map(toTemplateVm),
    };
  }

  /** Seed: the VMs of an org's template, by catalog and template name (case-insensitive); undefined when there is none. */
  async templateVmsByName(orgId: string, catalog: string, template: string): Promise<TemplateVm[] | undefined> {
    const item = await this.#db.selectFrom('catalog_items').innerJoin('catalogs', 'catalogs.id', 'catalog_items.catalog_id')
      .select('catalog_items.entity_id').where('catalogs.org_id', '=', orgId).where('catalogs.name_key', '=', key(catalog))
      .where('catalog_items.name_key', '=', key(template)).where('catalog_items.entity_type', '=', 'vAppTemplate').executeTakeFirst();
    if (!item) return undefined;
    const vms = await this.#db.selectFrom('template_vms').selectAll().where('template_id', '=', item.entity_id).orderBy('position').execute();
    return vms.map(toTemplateVm);
  }

  /** A template's VM, with the template it belongs to; one of a template the caller may not see is absent as the VM. */
  async templateVm(session: Session, vmId: string): Promise<{ template: VAppTemplate; vm: TemplateVm }> {
    const row = await this.#db.selectFrom('template_vms').select('template_id').where('id', '=', vmId).executeTakeFirst();
    const template = row && await this.#visibleTemplate(session, row.template_id);
    const vm = template?.vms.find((v) => v.id === vmId);
    if (!template || !vm) this.#absent('vm', vmId);
    return { template, vm };
  }

  async media(session: Session, id: string): Promise<Media> {
    const row = await this.#db.selectFrom('media').innerJoin('catalogs', 'catalogs.id', 'media.catalog_id')
      .innerJoin('catalog_items', 'catalog_items.entity_id', 'media.id')
      .selectAll('media').select('catalog_items.id as item_id')
      .where('media.id', '=', id).where(catalogVisibility(session)).executeTakeFirst();
    if (!row) this.#absent('media', id);
    return {
      id: row.id, orgId: row.org_id, catalogId: row.catalog_id, catalogItemId: row.item_id, name: row.name, description: row.description,
      imageType: row.image_type as Media['imageType'], sizeBytes: Number(row.size_bytes), status: row.status,
      owner: await this.#owner(row.owner_id), createdAt: Number(row.created_at),
    };
  }

  /**
   * A seed file's catalog, applied idempotently: the catalog, and each template and medium it names, are
   * created when the catalog has no item of that name yet; what exists is left as it is.
   */
  async ensure(orgId: string, spec: SeedCatalog, ownerId: string | null): Promise<void> {
    const existing = await this.#db.selectFrom('catalogs').select('id').where('org_id', '=', orgId).where('name_key', '=', key(spec.name)).executeTakeFirst();
    const catalogId = existing?.id ?? await this.#insertCatalog(orgId, { name: spec.name, description: spec.description }, ownerId);
    // only the items the spec names are looked for, not the whole catalog
    const declared = [...(spec.templates ?? []), ...(spec.media ?? [])].map((i) => key(i.name));
    const names = new Set(declared.length ? (await this.#db.selectFrom('catalog_items').select('name_key')
      .where('catalog_id', '=', catalogId).where('name_key', 'in', declared).execute()).map((r) => r.name_key) : []);
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const addItem = (name: string, description: string, kind: CatalogEntityKind, entityId: string) =>
        trx.insertInto('catalog_items').values({
          id: newId(), catalog_id: catalogId, name, name_key: key(name), description, entity_type: kind, entity_id: entityId, created_at: now,
        }).execute();
      for (const t of spec.templates ?? []) {
        if (names.has(key(t.name))) continue;
        const id = newId();
        await trx.insertInto('vapp_templates').values({
          id, org_id: orgId, catalog_id: catalogId, name: t.name, description: t.description ?? '', status: TEMPLATE_USABLE,
          owner_id: ownerId, vdc_id: null, created_at: now,
        }).execute();
        for (const [position, declared] of declaredTemplateVms(t).entries()) {
          const vm = declaredVm(declared, id);
          await trx.insertInto('template_vms').values({
            id: vm.id, template_id: id, position, name: vm.name, computer_name: vm.computerName,
            cpus: vm.cpus, cores_per_socket: vm.coresPerSocket, memory_mb: vm.memoryMb, disk_mb: vm.diskMb, disk_bus: vm.diskBus,
            os_type: vm.osType, network_name: vm.network ?? null, nic_adapter: vm.nicAdapter, mac: vm.mac, tools_version: vm.toolsVersion,
          }).execute();
        }
        await addItem(t.name, t.description ?? '', 'vAppTemplate', id);
        names.add(key(t.name));
      }
      for (const m of spec.media ?? []) {
        if (names.has(key(m.name))) continue;
        const id = newId();
        await trx.insertInto('media').values({
          id, org_id: orgId, catalog_id: catalogId, name: m.name, description: m.description ?? '', image_type: m.imageType ?? 'iso',
          size_bytes: m.sizeMb * MB, status: MEDIA_RESOLVED, owner_id: ownerId, vdc_id: null, created_at: now,
        }).execute();
        await addItem(m.name, m.description ?? '', 'media', id);
        names.add(key(m.name));
      }
    });
  }
}
