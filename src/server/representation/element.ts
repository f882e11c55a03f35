// The neutral document model. Representations build Element trees in schema order; serialize.ts
// turns a tree into XML or into VCD's JSON, so the two never drift apart.

export type AttrValue = string | number | boolean | null | undefined;

export interface Element {
  name: string;
  attrs?: Record<string, AttrValue>;
  /** a nested array is a repeated child: it stays a JSON array even with one member */
  children?: Array<Element | Element[] | undefined>;
  text?: string | number | boolean;
  /**
   * JSON names a member of an XML substitution group by its group head, with the concrete type
   * beside it (e.g. OrgRecord → "record" with "_type": "QueryResultOrgRecordType").
   */
  json?: { key: string; type: string };
}

export const el = (name: string, attrs?: Record<string, AttrValue>, children?: Element['children']): Element =>
  ({ name, ...(attrs && { attrs }), ...(children && { children }) });

export const textEl = (name: string, text: string | number | boolean): Element => ({ name, text });

export const NS = {
  vcloud: 'http://www.vmware.com/vcloud/v1.5',
  versions: 'http://www.vmware.com/vcloud/versions',
  extension: 'http://www.vmware.com/vcloud/extension/v1.5',
} as const;

/** A root element and the media type family it is served as (without +xml/+json). */
export interface VcdDocument {
  mediaType: string;
  root: Element;
  namespace: string;
}
