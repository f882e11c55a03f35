// Media (ISO and floppy images) in catalogs: read and listed.
import type { QueryRecord } from '../types.ts';
import type { Owner } from './catalog.ts';
import { ResourceSet, type NamedEntity, specOf } from './resource.ts';

/** GET /api/media/{id} (application/vnd.vmware.vcloud.media+json) */
export interface Media extends NamedEntity {
  imageType: 'iso' | 'floppy' | (string & {});
  /** bytes */
  size: number;
  status: number;
  owner?: Owner | undefined;
}

/** A record of the media query. */
export interface MediaRecord extends QueryRecord {
  href: string;
  name: string;
  catalogName: string;
  catalog: string;
  catalogItem: string;
  ownerName: string;
  storageB: number;
  status: string;
  isBusy: boolean;
  isPublished: boolean;
  creationDate: string;
}

/** Media (query type media). */
export class MediaFiles extends ResourceSet<Media, MediaRecord> {
  protected readonly spec = specOf('media');
}
