// Reads the little XML the SDK receives: /api/versions' SupportedVersions (every VCD release answers it in XML)
// and an Error body answered in XML. Elements, attributes, text, CDATA and character references; the
// declaration, comments, processing instructions and a DOCTYPE are skipped. Names lose their namespace prefix.
// Not a validating parser, and small on purpose: the SDK ships without runtime dependencies.

export interface XmlNode {
  /** the local name (no prefix) */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (ref, name: string) =>
  name[0] !== '#' ? ENTITIES[name] ?? ref : String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))));

const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const SKIPPED: [open: string, close: string][] = [['<!--', '-->'], ['<?', '?>'], ['<!', '>']];
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function malformed(at: number): never {
  throw new SyntaxError(`not well-formed XML at offset ${at}`);
}

/** The document's root element; a SyntaxError when the text is not well-formed XML. */
export function readXml(xml: string): XmlNode {
  const document: XmlNode = { name: '', attributes: {}, children: [], text: '' };
  const open: XmlNode[] = [document];
  let at = 0;
  while (at < xml.length) {
    const current = open.at(-1)!;
    const lt = xml.indexOf('<', at);
    current.text += decode(xml.slice(at, lt < 0 ? undefined : lt));
    if (lt < 0) break;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) malformed(lt);
      current.text += xml.slice(lt + 9, end);
      at = end + 3;
      continue;
    }
    const skipped = SKIPPED.find(([start]) => xml.startsWith(start, lt));
    if (skipped) {
      const end = xml.indexOf(skipped[1], lt + skipped[0].length);
      if (end < 0) malformed(lt);
      at = end + skipped[1].length;
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(xml);
    if (!tag) malformed(lt);
    const [, closing, name = '', attributes = '', selfClosing] = tag;
    if (closing) {
      if (open.length < 2 || current.name !== localName(name) || attributes || selfClosing) malformed(lt);
      open.pop();
    } else {
      const node: XmlNode = { name: localName(name), attributes: {}, children: [], text: '' };
      for (const [, key, double, single] of attributes.matchAll(ATTRIBUTE)) node.attributes[key!] = decode(double ?? single ?? '');
      current.children.push(node);
      if (!selfClosing) open.push(node);
    }
    at = TAG.lastIndex;
  }
  if (open.length !== 1 || document.children.length !== 1) malformed(xml.length);
  return document.children[0]!;
}

/** The trimmed text of the first child element of that name, if there is one. */
export const childText = (node: XmlNode, name: string): string | undefined =>
  node.children.find((c) => c.name === name)?.text.trim();
