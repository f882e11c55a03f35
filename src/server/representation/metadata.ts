// The Metadata and MetadataValue documents of any entity. Typed values carry xsi:type in XML and
// _type in JSON, as VCD writes them.
import { el, NS, textEl, type Element, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import { link } from './session.ts';
import type { MetadataEntry } from '../services/metadata.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Where an entity's metadata lives, and what its documents link to. */
export interface MetadataPlace {
  /** the entity's /api path and media type family (the rel="up" link) */
  parentPath: string;
  parentFamily: string;
  /** the caller may change it: the document then carries rel="add" (and each value rel="edit"/"remove") */
  writable: boolean;
}

const metadataPath = (p: MetadataPlace) => `${p.parentPath}/metadata`;
const valuePath = (p: MetadataPlace, e: Pick<MetadataEntry, 'domain' | 'key'>) =>
  `${metadataPath(p)}/${e.domain === 'SYSTEM' ? 'SYSTEM/' : ''}${encodeURIComponent(e.key)}`;

function typedValue(e: MetadataEntry): Element {
  const value = e.type === 'MetadataNumberValue' && Number.isSafeInteger(Number(e.value)) ? Number(e.value)
    : e.type === 'MetadataBooleanValue' ? e.value === 'true'
    : e.value;
  return { ...el('TypedValue', { 'xsi:type': e.type }, [textEl('Value', value)]), json: { key: 'typedValue', type: e.type } };
}

const domain = (e: MetadataEntry): Element => ({ name: 'Domain', attrs: { visibility: e.visibility }, text: e.domain });

export function metadataDocument(ctx: RenderContext, place: MetadataPlace, entries: MetadataEntry[]): VcdDocument {
  const path = metadataPath(place);
  return {
    mediaType: 'vcloud.metadata',
    namespace: NS.vcloud,
    root: el('Metadata', { 'xmlns:xsi': XSI, href: href(ctx, path), type: mediaType(ctx, 'vcloud.metadata') }, [
      [
        link(ctx, 'up', place.parentPath, place.parentFamily),
        place.writable ? link(ctx, 'add', path, 'vcloud.metadata') : undefined,
      ].filter((l) => l !== undefined),
      entries.map((e) => el('MetadataEntry', { href: href(ctx, valuePath(place, e)), type: mediaType(ctx, 'vcloud.metadata.value') }, [
        domain(e), textEl('Key', e.key), typedValue(e),
      ])),
    ]),
  };
}

export function metadataValueDocument(ctx: RenderContext, place: MetadataPlace, e: MetadataEntry): VcdDocument {
  const path = valuePath(place, e);
  const family = 'vcloud.metadata.value';
  return {
    mediaType: family,
    namespace: NS.vcloud,
    root: el('MetadataValue', { 'xmlns:xsi': XSI, href: href(ctx, path), type: mediaType(ctx, family) }, [
      [
        link(ctx, 'up', metadataPath(place), 'vcloud.metadata'),
        place.writable ? link(ctx, 'edit', path, family) : undefined,
        place.writable ? link(ctx, 'remove', path) : undefined,
      ].filter((l) => l !== undefined),
      domain(e), typedValue(e),
    ]),
  };
}
