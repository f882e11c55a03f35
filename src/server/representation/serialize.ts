// The one place where documents become bytes: XML for application/*+xml, VCD's JSON for *+json.
import type { Element, VcdDocument } from './element.ts';

export type Format = 'xml' | 'json';

// XML is written straight from the Element tree: every response goes through here, and a general
// object-to-XML builder spent more time than the rest of a request (names are ours, never input;
// only attribute values and text are escaped).
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const SPECIAL = /[&<>"']/;
const escape = (v: string | number | boolean): string => {
  if (typeof v !== 'string') return String(v); // numbers and booleans never need it
  return SPECIAL.test(v) ? v.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : v; // nor do most strings
};

function writeXml(e: Element, extraAttrs: string): string {
  let out = `<${e.name}${extraAttrs}`;
  for (const k in e.attrs) {
    const v = e.attrs[k];
    if (v !== undefined && v !== null) out += ` ${k}="${escape(v)}"`;
  }
  let inner = e.text !== undefined ? escape(e.text) : '';
  for (const child of e.children ?? []) {
    if (!child) continue;
    if (Array.isArray(child)) for (const c of child) inner += writeXml(c, '');
    else inner += writeXml(child, '');
  }
  return inner ? `${out}>${inner}</${e.name}>` : `${out}/>`;
}

export function toXml(doc: VcdDocument): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${writeXml(doc.root, ` xmlns="${doc.namespace}"`)}`;
}

/** JSON keys have no namespace prefix: ovf:VirtualHardwareSection → virtualHardwareSection. */
const unprefixed = (name: string) => name.slice(name.indexOf(':') + 1);
const jsonKey = (name: string) => { const local = unprefixed(name); return local.charAt(0).toLowerCase() + local.slice(1); };

function toJsonValue(e: Element): unknown {
  if (e.text !== undefined && !e.attrs && !e.children) return e.text;
  const out: Record<string, unknown> = e.json ? { _type: e.json.type } : {};
  // Namespace declarations and xsi:type are XML's plumbing (JSON says the type with _type); other
  // prefixed attributes (ovf:name) lose their prefix.
  for (const [k, v] of Object.entries(e.attrs ?? {})) {
    if (v !== undefined && !k.startsWith('xmlns') && !k.startsWith('xsi:')) out[unprefixed(k)] = v;
  }
  if (e.text !== undefined) out.value = e.text;
  for (const child of e.children ?? []) {
    if (!child) continue;
    if (Array.isArray(child)) {
      const first = child[0];
      if (!first) continue;
      const key = first.json?.key ?? jsonKey(first.name);
      out[key] = [...((out[key] as unknown[] | undefined) ?? []), ...child.map(toJsonValue)];
    } else {
      // an element that repeats without being grouped still keeps every occurrence: they become a list
      const key = jsonKey(child.name);
      const value = toJsonValue(child);
      const held = out[key];
      out[key] = held === undefined ? value : [...(Array.isArray(held) ? held : [held]), value];
    }
  }
  return out;
}

export function toJson(doc: VcdDocument): string {
  return JSON.stringify(toJsonValue(doc.root));
}

export function serialize(doc: VcdDocument, format: Format): string {
  return format === 'xml' ? toXml(doc) : toJson(doc);
}
