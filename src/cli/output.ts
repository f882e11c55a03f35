// How results reach stdout: a readable table (default) fitted to the terminal, or JSON, YAML or the cell's
// own XML for scripts. Colour only on a terminal and never under NO_COLOR (io.ts decides).
import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { MAX_PAGE_SIZE } from '../sdk/index.ts';
import YAML from 'yaml';
import { usageError } from './errors.ts';
import { paint, type Terminal } from './io.ts';

export const FORMATS = ['table', 'json', 'yaml', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export type Cell = string | number | boolean | undefined | null;

export interface TableView {
  head: string[];
  rows: Cell[][];
}

/**
 * A column heading from a field name, a word per camelCase part, Cloud Director's own words kept whole:
 * numberOfVApps → NUMBER OF VAPPS, memoryMB → MEMORY MB, VMs → VMS.
 */
export const heading = (field: string) => (field.match(/[vV]Apps?|[A-Z]+s?(?![a-z])|[A-Z]?[a-z\d]+/g) ?? []).join(' ').toUpperCase();

/** A table's width: the terminal's, or 80 columns when stdout is not one. */
const widthOf = (out: Terminal) => (out.isTTY && out.columns) || 80;

const GAP = 2;
const length = (s: string) => stripVTControlCharacters(s).length;
const longest = (texts: string[]) => Math.max(1, ...texts.map(length));

/**
 * Column widths within `width`: every column as wide as its widest cell when that fits; otherwise the widest
 * are narrowed to a common cap, never below their longest word, so that cells wrap between words. When the
 * longest words alone are too wide (hrefs, URNs), no layout fits, and each row stays on one line: wrapping the
 * other cells would only make the table taller, and still wider than `width`.
 */
export function fitColumns(columns: string[][], width: number): number[] {
  const natural = columns.map(longest);
  const least = columns.map((cells) => longest(cells.flatMap((c) => c.split(/\s+/))));
  const room = width - GAP * (columns.length - 1);
  const capped = (cap: number) => natural.map((n, i) => Math.max(least[i]!, Math.min(n, cap)));
  const total = (cap: number) => capped(cap).reduce((a, b) => a + b, 0);
  let cap = Math.max(...natural);
  if (total(cap) <= room || total(0) > room) return natural;
  // The widest cap that fits (total grows with the cap), then what is left over to the columns it cut.
  let low = 0;
  while (low < cap) {
    const mid = Math.ceil((low + cap) / 2);
    if (total(mid) <= room) low = mid;
    else cap = mid - 1;
  }
  const widths = capped(low);
  let spare = room - total(low);
  for (let i = 0; i < widths.length && spare > 0; i++) {
    if (natural[i]! > widths[i]!) { widths[i]!++; spare--; }
  }
  return widths;
}

/** Columns separated by two spaces, no borders, as `gh` prints lists; cells wrap between words to fit the width. */
export function renderTable(view: TableView, out: Terminal): string {
  const rows = view.rows.map((row) => row.map((c) => (c === undefined || c === null ? '' : String(c))));
  const head = view.head.map(heading);
  const colWidths = fitColumns(head.map((h, i) => [h, ...rows.map((r) => r[i] ?? '')]), widthOf(out));
  const table = new Table({
    head: head.map((h) => paint('bold', h, out)),
    colWidths, wordWrap: true, wrapOnWordBoundary: true,
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' '.repeat(GAP),
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row);
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n');
}

/** Key/value pairs of one object, as `show` commands print it. */
export function renderFields(fields: Array<[string, Cell]>, out: Terminal): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  return fields.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${paint('bold', `${k}:`.padEnd(width + 1), out)}  ${v}`).join('\n');
}

/** What a command produced: the data, and how to show it in each format. */
export interface Result {
  data: unknown;
  table: (out: Terminal) => string;
  /** the cell's own XML document for it, as served; a result without one has no XML form */
  xml?: (() => Promise<string>) | undefined;
}

/** -o xml where the cell serves no XML: CloudAPI objects are JSON only, and the CLI invents no document. */
export const noXmlForm = () => usageError(
  '-o xml prints the cell\'s own XML document, and the cell serves none for this (CloudAPI objects and the CLI\'s own data are JSON)',
  'use -o json or -o yaml',
);

/** Marks a command (and its subcommands) whose results have no XML form: -o xml is refused before it acts. */
export function jsonOnly(cmd: Command): Command {
  return cmd.hook('preAction', (_hooked, action) => {
    const o = action.optsWithGlobals<{ output?: Format; json?: boolean }>();
    if (o.output === 'xml' && !o.json) throw noXmlForm();
  });
}

/**
 * The XML of a list of `count` records: the cell's QueryResultRecords page of `pageSize` (at most the query
 * service's largest), fetched by `page`; when the list is longer, stderr says the document holds its start.
 */
export function queryPageXml(stderr: Terminal, count: number, pageSize: number | undefined, page: (pageSize: number) => Promise<string>): () => Promise<string> {
  const size = Math.min(pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  return async () => {
    if (count > size) {
      stderr.write(`${paint('dim', 'note:', stderr)} the XML is the cell's first page, ${size} of the ${count} records; narrow with --filter or --limit, or use -o json for all\n`);
    }
    return page(size);
  };
}

export async function render(result: Result, format: Format, out: Terminal): Promise<string> {
  switch (format) {
    case 'json': return JSON.stringify(result.data, null, 2);
    case 'yaml': return YAML.stringify(result.data).trimEnd();
    case 'xml':
      if (!result.xml) throw noXmlForm();
      return (await result.xml()).trimEnd();
    case 'table': return result.table(out);
  }
}
