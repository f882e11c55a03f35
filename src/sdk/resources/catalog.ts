// Catalogs: read (their items), created in an org, renamed and deleted by those who manage them, metadata.
import { VcdError } from '../errors.ts';
import type { QueryRecord, Reference, Task } from '../types.ts';
import { asArray, nameAndDescription, ResourceSetWithMetadata, sendXml, TaskHandle, uuidOf, type Ref, type NamedEntity, specOf, type DeleteResultOf } from './resource.ts';

/** A user reference as documents carry an owner. */
export interface Owner {
  user: Reference;
}

/** GET /api/catalog/{id} (application/vnd.vmware.vcloud.catalog+json); the admin view (AdminCatalog) has the same members. */
export interface Catalog extends NamedEntity {
  owner?: Owner | undefined;
  catalogItems?: { catalogItem?: Reference[] | undefined } | undefined;
  isPublished: boolean;
  dateCreated?: string | undefined;
  /** the creation task, in the answer to create() */
  tasks?: { task?: Task[] | undefined } | undefined;
}

/** A record of the catalog query. */
export interface CatalogRecord extends QueryRecord {
  href: string;
  name: string;
  description?: string | undefined;
  orgName: string;
  ownerName: string;
  owner: string;
  isPublished: boolean;
  isShared: boolean;
  creationDate: string;
  numberOfVAppTemplates: number;
  numberOfMedia: number;
}

/** Catalogs (query type catalog). */
export class Catalogs extends ResourceSetWithMetadata<Catalog, CatalogRecord, CatalogRecord, DeleteResultOf<'catalog'>> {
  protected readonly spec = specOf('catalog');

  /** The catalog's items (templates and media). */
  items(catalog: Catalog): Reference[] { return asArray(catalog.catalogItems?.catalogItem); }

  /** Creates a catalog in an org (its id or href); `entity` is the new AdminCatalog, the handle its creation task. */
  async create(org: Ref, spec: { name: string; description?: string | undefined }): Promise<TaskHandle<Catalog>> {
    const orgId = uuidOf(typeof org === 'string' ? org : org.href ?? '');
    const catalog = await sendXml<Catalog>(this.client, 'POST', `/api/admin/org/${orgId}/catalogs`, 'admin.catalog',
      nameAndDescription('AdminCatalog', spec.name, spec.description));
    const [task] = asArray(catalog.tasks?.task);
    if (!task) throw new VcdError('[vcdkit] the cell created the catalog without a task');
    return new TaskHandle(this.client, task, catalog);
  }

  /** Renames the catalog and sets its description (at once, as VCD does; no task). */
  async edit(ref: Ref, changes: { name?: string | undefined; description?: string | undefined }): Promise<Catalog> {
    const name = changes.name ?? (await this.get(ref)).name;
    return sendXml<Catalog>(this.client, 'PUT', this.#admin(ref), 'admin.catalog', nameAndDescription('AdminCatalog', name, changes.description));
  }

  #admin(ref: Ref): string { return this.href(ref).replace('/api/catalog/', '/api/admin/catalog/'); }
}
