// Request documents: an XML or VCD JSON body becomes the same neutral Element tree that serialize.ts
// writes, so a route reads a document one way whatever its format, and the reader of each document
// type is a small function over that tree (AdminOrg: admin.ts). Hostile bodies are refused
// with BAD_REQUEST before anything is built from them.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errors } from '../errors.ts';
import { unstorable } from '../storable.ts';
import type { AttrValue, Element } from './element.ts';
import { NS } from './element.ts';
import type { Format } from './serialize.ts';

/** Deeper than any VCD or OVF document nests (an OVF envelope's RASD items sit about eight down). */
export const MAX_DEPTH = 64;
/** Longer than any value an attribute carries (names are at most 128 characters, hrefs a few hundred). */
export const MAX_ATTRIBUTE_LENGTH = 16 * 1024;

/**
 * Namespaces other than vCloud's keep a fixed prefix whatever the sender called them, so readers can
 * ask for `ovf:Info` or `rasd:ElementName` without knowing the sender's declarations. The vCloud
 * namespace has none: its elements are named bare, as serialize.ts writes them.
 */
export const PREFIXES: Record<string, string> = {
  [NS.vcloud]: '',
  [NS.extension]: 'vmext',
  'http://schemas.dmtf.org/ovf/envelope/1': 'ovf',
  'http://schemas.dmtf.org/ovf/environment/1': 'ovfenv',
  'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData': 'rasd',
  'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData': 'vssd',
  'http://www.vmware.com/schema/ovf': 'vmw',
  'http://www.w3.org/2001/XMLSchema-instance': 'xsi',
};

const parser = new XMLParser({
  preserveOrder: true, // schema order matters (sequences), and repeated children stay in place
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false, // every value stays a string: readers decide types, as the schema says
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
  // Only the predefined and numeric references remain once a DOCTYPE is refused: no entity expansion.
  processEntities: true,
});

type Ordered = Record<string, unknown>;
type Scope = ReadonlyMap<string, string>;

const invalid = (why: string) => errors.badRequest(`The request body is not a valid document: ${why}`);

/** An XML request body → its root Element, names resolved against their namespaces. */
export function readXml(body: string): Element {
  // A DOCTYPE is where entity bombs and external entities live; no VCD document has one.
  if (/<!DOCTYPE/i.test(body)) throw invalid('a DOCTYPE is not allowed.');
  const wellFormed = XMLValidator.validate(body);
  if (wellFormed !== true) throw invalid(`${wellFormed.err.msg} (line ${wellFormed.err.line}, column ${wellFormed.err.col}).`);
  let nodes: Ordered[];
  try {
    nodes = parser.parse(body) as Ordered[];
  } catch (e) {
    throw invalid(/nested/i.test((e as Error).message) ? `it nests deeper than ${MAX_DEPTH} elements.` : 'it cannot be parsed.');
  }
  const roots = nodes.filter((n) => !('#text' in n));
  if (roots.length !== 1) throw invalid('it must have exactly one root element.');
  return toElement(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function toElement(node: Ordered, outer: Scope): Element {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  // This element's own declarations first: they govern its name and its attributes.
  let scope = outer;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === outer) scope = new Map(outer);
      (scope as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), v);
    }
  }
  const attrs: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    if (v.length > MAX_ATTRIBUTE_LENGTH) throw invalid(`attribute "${k}" is longer than ${MAX_ATTRIBUTE_LENGTH} characters.`);
    // Unprefixed attributes are in no namespace and keep their names.
    attrs[k.includes(':') ? resolve(k, scope, false) : k] = v;
  }
  const children: Element[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as Ordered[]) {
    if ('#text' in child) text += String(child['#text']);
    else children.push(toElement(child, scope));
  }
  const e: Element = { name: resolve(qname, scope, true) };
  if (Object.keys(attrs).length) e.attrs = attrs;
  if (children.length) e.children = children;
  // Whitespace between child elements is layout, not content.
  if (!children.length || text.trim()) e.text = text;
  return e;
}

/** `prefix:Local` → the canonical name: bare for vCloud, a fixed prefix for known namespaces, `{uri}Local` otherwise. */
function resolve(qname: string, scope: Scope, isElement: boolean): string {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  const uri = prefix || isElement ? scope.get(prefix) : undefined;
  if (prefix && uri === undefined) throw invalid(`the prefix "${prefix}" of "${qname}" is not declared.`);
  if (uri === undefined || uri === '') return `{}${local}`;
  // the URI is the body's: only the table's own entries count (not "constructor", say)
  const canonical = Object.hasOwn(PREFIXES, uri) ? PREFIXES[uri] : undefined;
  if (canonical === undefined) return `{${uri}}${local}`;
  return canonical ? `${canonical}:${local}` : local;
}

/**
 * A VCD JSON request body → the root Element named `root` (JSON documents do not name their root; the
 * media type does). The inverse of serialize.ts's toJsonValue: an object member is a child named with
 * its key's first letter raised (`fullName` → FullName), an array a repeated child, `_type` the
 * substitution member's type, `value` the text. JSON does not say which primitive members were XML
 * attributes, so a primitive member is read both ways — attribute `k` and text child `K` — and each
 * document's reader asks for the one its schema has.
 */
export function readJson(body: string, root: string): Element {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw invalid('it is not well-formed JSON.');
  }
  if (!isObject(value)) throw invalid('a JSON document must be an object.');
  return fromJson(root, value, 1);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const elementName = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);
type Primitive = string | number | boolean;
const isPrimitive = (v: unknown): v is Primitive => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Elements read from JSON. JSON names carry no namespace prefix (ovf:Info is "info"), so the accessors
 * below let a prefixed name match such an element by its local name.
 */
const readFromJson = new WeakSet<Element>();

/** JSON's escapes (\u0000, \ud800) become text only as the document is read: the edge saw the body as text (storable.ts). */
const unstorableText = (key: string) => invalid(`"${key.slice(0, 64)}" holds a NUL character or an unpaired surrogate, which no text may hold.`);

/** A member of a substitution group is named in JSON by its head ("section") and its type: the element is the type's. */
const SUBSTITUTION_HEADS = new Set(['section']);

function fromJson(name: string, value: Record<string, unknown>, depth: number): Element {
  if (depth > MAX_DEPTH) throw invalid(`it nests deeper than ${MAX_DEPTH} levels.`);
  const e: Element = { name };
  readFromJson.add(e);
  const attrs: Record<string, AttrValue> = {};
  const children: Element[] = [];
  const member = (key: string, v: unknown) => {
    if (v === null) return;
    if (typeof v === 'string' && unstorable(v)) throw unstorableText(key);
    if (isPrimitive(v)) {
      if (typeof v === 'string' && v.length > MAX_ATTRIBUTE_LENGTH) throw invalid(`"${key}" is longer than ${MAX_ATTRIBUTE_LENGTH} characters.`);
      attrs[key] = v;
      const text: Element = { name: elementName(key), text: v };
      readFromJson.add(text);
      children.push(text);
    } else if (isObject(v)) {
      const type = SUBSTITUTION_HEADS.has(key) && typeof v._type === 'string' ? v._type.replace(/_?Type$/, '') : undefined;
      children.push(fromJson(type || elementName(key), v, depth + 1));
    } else {
      throw invalid(`"${key}" holds an array inside an array.`);
    }
  };
  for (const [key, v] of Object.entries(value)) {
    if (unstorable(key)) throw unstorableText(key);
    if (key === '_type') {
      if (typeof v === 'string') e.json = { key: '', type: v };
    } else if (key === 'value' && isPrimitive(v)) {
      e.text = v;
      member(key, v);
    } else if (Array.isArray(v)) {
      for (const item of v) member(key, item);
    } else {
      member(key, v);
    }
  }
  if (Object.keys(attrs).length) e.attrs = attrs;
  if (children.length) e.children = children;
  return e;
}

/** A request body in either format → its root Element; `root` names the element the media type stands for. */
export function readDocument(body: string, format: Format, root: string): Element {
  const e = format === 'xml' ? readXml(body) : readJson(body, root);
  if (e.name !== root) throw invalid(`the root element is ${describe(e.name)}, expected ${root} in the namespace ${NS.vcloud}.`);
  return e;
}

/** A resolved name as a person reads it: `{}X` is X in no namespace, `{uri}X` is X in uri. */
function describe(name: string): string {
  const clark = /^\{(.*)\}(.*)$/.exec(name);
  if (!clark) return name;
  return clark[1] ? `${clark[2]} in the namespace ${clark[1]}` : `${clark[2]} in no namespace`;
}

// Accessors for readers of specific documents. A read tree's children are flat (no nested arrays).

const childrenOf = (e: Element): Element[] => (e.children ?? []).flat().filter((c): c is Element => c !== undefined);

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Whether `c` is the element `name` (`ovf:Info`; one read from JSON answers to its local name, Info). */
const named = (c: Element, name: string) => c.name === name || (readFromJson.has(c) && c.name === localName(name));

export const child = (e: Element, name: string): Element | undefined => childrenOf(e).find((c) => named(c, name));

export const childrenNamed = (e: Element, name: string): Element[] => childrenOf(e).filter((c) => named(c, name));

/** An attribute's value as a string, or undefined (read from JSON, `ovf:required` answers to `required`). */
export function attr(e: Element, name: string): string | undefined {
  const v = e.attrs?.[name] ?? (readFromJson.has(e) ? e.attrs?.[localName(name)] : undefined);
  return v === undefined || v === null ? undefined : String(v);
}

/** The text of a child element as a string, or undefined when the child is absent. */
export function childText(e: Element, name: string): string | undefined {
  const c = child(e, name);
  return c === undefined ? undefined : c.text === undefined ? '' : String(c.text);
}

/** xs:boolean: true, false, 1 or 0 (JSON may carry a real boolean); anything else is a 400. */
export function childBoolean(e: Element, name: string): boolean | undefined {
  const text = childText(e, name)?.trim();
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw errors.badRequest(`${name} must be true or false, not "${text}".`);
}
