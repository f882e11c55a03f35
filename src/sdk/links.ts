// Link following: find a link by rel (and media type), ignoring the +xml/+json suffix and any
// parameters, since the same link is served in both representations.
import { VcdError } from './errors.ts';
import type { Link, Resource } from './types.ts';

/** "application/vnd.vmware.vcloud.org+xml;version=39.1" → "application/vnd.vmware.vcloud.org" */
export const mediaFamily = (type: string) => type.split(';')[0]!.trim().toLowerCase().replace(/\+(xml|json)$/, '');

export function findLinks(resource: Resource, rel: string, type?: string): Link[] {
  const family = type === undefined ? undefined : mediaFamily(type);
  return (resource.link ?? []).filter((l) => l.rel === rel && (family === undefined || (l.type !== undefined && mediaFamily(l.type) === family)));
}

/** The one link with this rel (and type); throws when there is none. */
export function findLink(resource: Resource, rel: string, type?: string): Link {
  const [link] = findLinks(resource, rel, type);
  if (!link) {
    const have = (resource.link ?? []).map((l) => `${l.rel}${l.type ? ` (${l.type})` : ''}`).join(', ') || 'none';
    throw new VcdError(`[vcdkit] ${resource.href ?? 'the resource'} has no link rel="${rel}"${type ? ` type="${type}"` : ''}; its links: ${have}`);
  }
  return link;
}

/** The Accept header that asks for a link's target as JSON: vnd types keep their family. */
export function acceptFor(link: Link): string | undefined {
  if (!link.type) return undefined;
  const family = mediaFamily(link.type);
  return family === 'application/json' ? family : `${family}+json`;
}
