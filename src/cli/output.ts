// How results reach stdout: a readable table (default), or JSON, YAML or XML for scripts. Colour
// only on a terminal and never under NO_COLOR (io.ts decides).
import Table from 'cli-table3';
import { XMLBuilder } from 'fast-xml-parser';
import YAML from 'yaml';
import { paint, type Terminal } from './io.ts';

export const FORMATS = ['table', 'json', 'yaml', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export type Cell = string | number | boolean | undefined | null;

export interface TableView {
  head: string[];
  rows: Cell[][];
}

/** A column heading from a field name: numberOfVdcs → NUMBER OF VDCS. */
export const heading = (field: string) => field.replace(/([a-z\d])([A-Z])/g, '$1 $2').toUpperCase();

/** Columns separated by two spaces, no borders, as `gh` prints lists. */
export function renderTable(view: TableView, out: Terminal): string {
  const table = new Table({
    head: view.head.map((h) => paint('bold', heading(h), out)),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of view.rows) table.push(row.map((c) => (c === undefined || c === null ? '' : String(c))));
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}

/** Key/value pairs of one object, as `show` commands print it. */
export function renderFields(fields: Array<[string, Cell]>, out: Terminal): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  return fields.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${paint('bold', `${k}:`.padEnd(width + 1), out)}  ${v}`).join('\n');
}

const xmlBuilder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: true, indentBy: '  ' });

/** Generic XML for data that has no server-side XML form (e.g. CloudAPI objects): root element, one child per item. */
export function toXml(root: string, data: unknown, item = 'Item'): string {
  const body = Array.isArray(data) ? { [item]: data } : data;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlBuilder.build({ [root]: body }) as string}`.trimEnd();
}

/** What a command produced: the data, and how to show it in each format. */
export interface Result {
  data: unknown;
  table: (out: Terminal) => string;
  /** the server's own XML document, when there is one; else the data as generic XML under `xmlRoot` */
  xml?: (() => Promise<string>) | undefined;
  xmlRoot?: string | undefined;
  xmlItem?: string | undefined;
}

export async function render(result: Result, format: Format, out: Terminal): Promise<string> {
  switch (format) {
    case 'json': return JSON.stringify(result.data, null, 2);
    case 'yaml': return YAML.stringify(result.data).trimEnd();
    case 'xml': return result.xml ? (await result.xml()).trimEnd() : toXml(result.xmlRoot ?? 'Result', result.data, result.xmlItem);
    case 'table': return result.table(out);
  }
}
