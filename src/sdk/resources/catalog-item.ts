// Catalog items: what a catalog holds (a vApp template or a media), renamed, deleted, metadata.
import type { QueryRecord, Reference } from '../types.ts';
import { nameAndDescription, ResourceSetWithMetadata, sendXml, type Ref, type NamedEntity, specOf, type DeleteResultOf } from './resource.ts';

/** GET /api/catalogItem/{id} (application/vnd.vmware.vcloud.catalogItem+json) */
export interface CatalogItem extends NamedEntity {
  /** the vApp template or media the item holds */
  entity: Reference;
  dateCreated?: string | undefined;
}

/** A record of the catalogItem query. */
export interface CatalogItemRecord extends QueryRecord {
  href: string;
  name: string;
  entityName: string;
  /** vapptemplate or media */
  entityType: string;
  entity: string;
  catalog: string;
  catalogName: string;
  ownerName: string;
  isPublished: boolean;
  creationDate: string;
  status: string;
}

/** Catalog items (query type catalogItem). */
export class CatalogItems extends ResourceSetWithMetadata<CatalogItem, CatalogItemRecord, CatalogItemRecord, DeleteResultOf<'catalogitem'>> {
  protected readonly spec = specOf('catalogitem', 'catalog item');

  /** Renames the item and sets its description (at once; no task). */
  async edit(ref: Ref, changes: { name?: string | undefined; description?: string | undefined }): Promise<CatalogItem> {
    const name = changes.name ?? (await this.get(ref)).name;
    return sendXml<CatalogItem>(this.client, 'PUT', this.href(ref), 'vcloud.catalogItem', nameAndDescription('CatalogItem', name, changes.description));
  }
}
