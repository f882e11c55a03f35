// The Metadata and MetadataValue documents of any entity, written and read. Typed values carry
// xsi:type in XML and _type in JSON, as VCD writes them.
import { el, NS, textEl, type Element, type VcdDocument } from './element.ts';
import { href, mediaType, type RenderContext } from './context.ts';
import { link } from './session.ts';
import { errors } from '../errors.ts';
import {
  METADATA_VALUE_TYPES, type MetadataDomain, type MetadataEntry, type MetadataValueType, type MetadataVisibility,
} from '../services/metadata.ts';
import { attr, child, childrenNamed, childText } from './read.ts';

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

// Reading the two request documents, Metadata (POST …/metadata: entries to merge) and MetadataValue
// (PUT …/metadata/{key}), from the tree read.ts builds of either format.

/** What a MetadataValue document sets: an entry without its key. */
export type MetadataValueBody = Omit<MetadataEntry, 'key'>;

const invalid = (why: string) => errors.badRequest(`The request body is not a valid metadata document: ${why}.`);

/** Domain and visibility; a document that names none is in `fallback` (VCD: omitted means GENERAL). */
function readDomain(e: Element | undefined, fallback: MetadataDomain = 'GENERAL'): Pick<MetadataEntry, 'domain' | 'visibility'> {
  const byDefault = (d: MetadataDomain) => ({ domain: d, visibility: d === 'SYSTEM' ? 'PRIVATE' : 'READWRITE' } as const);
  if (!e) return byDefault(fallback);
  const name = String(e.text ?? '').trim() || 'GENERAL';
  if (name !== 'GENERAL' && name !== 'SYSTEM') throw invalid(`the Domain "${name}" is not GENERAL or SYSTEM`);
  const visibility = attr(e, 'visibility')?.trim();
  if (visibility === undefined) return byDefault(name);
  if (!['READWRITE', 'READONLY', 'PRIVATE'].includes(visibility)) throw invalid(`the visibility "${visibility}" is not READWRITE, READONLY or PRIVATE`);
  return { domain: name, visibility: visibility as MetadataVisibility };
}

/** TypedValue (xsi:type in XML, _type in JSON), or the legacy untyped Value, which is a string. */
function readValue(e: Element): Pick<MetadataEntry, 'type' | 'value'> {
  const typed = child(e, 'TypedValue');
  if (!typed) {
    const legacy = childText(e, 'Value');
    if (legacy === undefined) throw invalid('an entry has no TypedValue');
    return { type: 'MetadataStringValue', value: legacy };
  }
  const type = (attr(typed, 'xsi:type') ?? typed.json?.type)?.trim() as MetadataValueType | undefined;
  if (!type || !METADATA_VALUE_TYPES.includes(type)) throw invalid(`the TypedValue type must be one of ${METADATA_VALUE_TYPES.join(', ')}`);
  const value = childText(typed, 'Value');
  if (value === undefined) throw invalid('a TypedValue has no Value');
  return { type, value };
}

/** POST …/metadata: the entries to merge. */
export function readMetadata(doc: Element): MetadataEntry[] {
  return childrenNamed(doc, 'MetadataEntry').map((e) => {
    const key = childText(e, 'Key')?.trim();
    if (!key) throw invalid('a MetadataEntry has no Key');
    return { key, ...readDomain(child(e, 'Domain')), ...readValue(e) };
  });
}

/** PUT …/metadata[/{domain}]/{key}: the value to set, in `domain` unless the document names one. */
export function readMetadataValue(doc: Element, domain?: MetadataDomain): MetadataValueBody {
  return { ...readDomain(child(doc, 'Domain'), domain), ...readValue(doc) };
}
