// Reads the two metadata request documents, Metadata (POST …/metadata) and MetadataValue (PUT
// …/metadata/{key}), from XML or from VCD's JSON. A body that is not one of them is refused with 400,
// never a 500. XML is read without any document type declaration, so no entity of the sender's is
// ever expanded; the five predefined entities and character references are decoded, as they must be.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errors } from '../errors.ts';
import {
  METADATA_VALUE_TYPES, type MetadataDomain, type MetadataEntry, type MetadataValueType, type MetadataVisibility,
} from '../services/metadata.ts';

/** What a MetadataValue document sets: an entry without its key. */
export type MetadataValueBody = Omit<MetadataEntry, 'key'>;

/** Far beyond any real metadata document, far below the cell's body limit. */
const DOCUMENT_LIMIT = 256 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true, // vcloud:Key and Key alike; xsi:type becomes @type
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false, // a string value keeps its spaces
  isArray: (name) => name === 'MetadataEntry',
});

type Node = Record<string, unknown>;

const invalid = (why: string) => errors.badRequest(`The request body is not a valid metadata document: ${why}.`);

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An element's text, whether it came as a bare string (XML, JSON) or beside attributes (#text, value). */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isNode(v)) return text(v['#text'] ?? v.value ?? '');
  return undefined;
}

function parseBody(body: unknown, contentType: string | undefined, root: string): Node {
  if (isNode(body)) return body; // application/json, parsed by Fastify
  if (typeof body !== 'string' || body.trim() === '') throw invalid(`a ${root} document is required`);
  if (body.length > DOCUMENT_LIMIT) throw invalid(`it is larger than ${DOCUMENT_LIMIT} bytes`);
  if (/\+json|\/json/i.test(contentType ?? '')) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      throw invalid('it is not well-formed JSON');
    }
    if (!isNode(doc)) throw invalid(`a ${root} object is required`);
    return doc;
  }
  if (/<!DOCTYPE/i.test(body)) throw invalid('document type declarations are not accepted');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw invalid(`it is not well-formed XML (${valid.err.msg}, line ${valid.err.line})`);
  const doc = parser.parse(body) as Node;
  const top = doc[root];
  if (!isNode(top) && top !== '') throw invalid(`its root element must be ${root}`);
  return isNode(top) ? top : {};
}

/** Domain and visibility; a document that names none is in `fallback` (VCD: omitted means GENERAL). */
function readDomain(v: unknown, fallback: MetadataDomain = 'GENERAL'): Pick<MetadataEntry, 'domain' | 'visibility'> {
  if (v === undefined) return { domain: fallback, visibility: fallback === 'SYSTEM' ? 'PRIVATE' : 'READWRITE' };
  const domain = (text(v) ?? '').trim() || 'GENERAL';
  if (domain !== 'GENERAL' && domain !== 'SYSTEM') throw invalid(`the Domain "${domain}" is not GENERAL or SYSTEM`);
  const visibility = isNode(v) ? text(v['@visibility'] ?? v.visibility)?.trim() : undefined;
  if (visibility === undefined) return { domain, visibility: domain === 'SYSTEM' ? 'PRIVATE' : 'READWRITE' };
  if (!['READWRITE', 'READONLY', 'PRIVATE'].includes(visibility)) throw invalid(`the visibility "${visibility}" is not READWRITE, READONLY or PRIVATE`);
  return { domain: domain as MetadataDomain, visibility: visibility as MetadataVisibility };
}

/** TypedValue (xsi:type in XML, _type in JSON) or the legacy untyped Value, which is a string. */
function readValue(node: Node): Pick<MetadataEntry, 'type' | 'value'> {
  const typed = node.TypedValue ?? node.typedValue;
  if (typed === undefined) {
    const legacy = text(node.Value ?? node.value);
    if (legacy === undefined) throw invalid('an entry has no TypedValue');
    return { type: 'MetadataStringValue', value: legacy };
  }
  if (!isNode(typed)) throw invalid('TypedValue must name its type and hold a Value');
  const type = text(typed['@type'] ?? typed._type)?.trim() as MetadataValueType | undefined;
  if (!type || !METADATA_VALUE_TYPES.includes(type)) throw invalid(`the TypedValue type must be one of ${METADATA_VALUE_TYPES.join(', ')}`);
  const value = text(typed.Value ?? typed.value);
  if (value === undefined) throw invalid('a TypedValue has no Value');
  return { type, value };
}

/** POST …/metadata: the entries to merge. */
export function readMetadata(body: unknown, contentType: string | undefined): MetadataEntry[] {
  const doc = parseBody(body, contentType, 'Metadata');
  const raw = doc.MetadataEntry ?? doc.metadataEntry ?? [];
  if (!Array.isArray(raw)) throw invalid('metadataEntry must be a list');
  return raw.map((e: unknown) => {
    if (!isNode(e)) throw invalid('a MetadataEntry is empty');
    const key = text(e.Key ?? e.key)?.trim();
    if (!key) throw invalid('a MetadataEntry has no Key');
    return { key, ...readDomain(e.Domain ?? e.domain), ...readValue(e) };
  });
}

/** PUT …/metadata[/{domain}]/{key}: the value to set, in `domain` unless the document names one. */
export function readMetadataValue(body: unknown, contentType: string | undefined, domain?: MetadataDomain): MetadataValueBody {
  const doc = parseBody(body, contentType, 'MetadataValue');
  return { ...readDomain(doc.Domain ?? doc.domain, domain), ...readValue(doc) };
}
