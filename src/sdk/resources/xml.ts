// Request bodies as XML. Responses are read as VCD JSON, but bodies go out as XML: it is the form every
// Cloud Director reads the same way, where the JSON form of OVF sections (ovf:, rasd: names, substitution
// groups) is read differently from one release to the next.

export const VCLOUD_NS = 'http://www.vmware.com/vcloud/v1.5';
export const OVF_NS = 'http://schemas.dmtf.org/ovf/envelope/1';
export const RASD_NS = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A child: an element, a list of them, or nothing (left out). */
export type Node = XmlElement | Node[] | undefined | false;

export interface XmlElement {
  readonly xml: string;
}

type Value = string | number | boolean;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (v: Value): string => String(v).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function inner(children: Node[]): string {
  let out = '';
  for (const c of children) {
    if (Array.isArray(c)) out += inner(c);
    else if (c) out += c.xml;
  }
  return out;
}

/** <name a="…">children</name>; attributes whose value is undefined are left out. */
export function el(name: string, attrs: Record<string, Value | undefined> = {}, ...children: Node[]): XmlElement {
  let open = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) open += ` ${k}="${escapeXml(v)}"`;
  const body = inner(children);
  return { xml: body ? `${open}>${body}</${name}>` : `${open}/>` };
}

/** <name a="…">text</name>, or nothing when the value is undefined. */
export const text = (name: string, value: Value | undefined, attrs: Record<string, Value | undefined> = {}): XmlElement | undefined =>
  value === undefined ? undefined : { xml: `${el(name, attrs).xml.slice(0, -2)}>${escapeXml(value)}</${name}>` };

/** A whole document: the XML declaration and the root. */
export const xmlDocument = (root: XmlElement): string => `<?xml version="1.0" encoding="UTF-8"?>\n${root.xml}`;
