// VCD's filter grammar (FIQL), shared by the legacy query service and the CloudAPI lists:
//   name==foo;isEnabled==true   (; = AND, binds tighter than , = OR; parentheses group)
//   operators == != =gt= =lt= =ge= =le=; "*" in a == or != value is a wildcard and makes it case-insensitive;
//   a backslash escapes ( ) , ; \ inside values.
import { errors } from '../errors.ts';

export type Op = '==' | '!=' | '=gt=' | '=lt=' | '=ge=' | '=le=';

export type Filter =
  | { kind: 'and' | 'or'; items: Filter[] }
  | { kind: 'cmp'; field: string; op: Op; value: string };


const MAX_LENGTH = 4096;

export function parseFilter(text: string): Filter {
  if (text.length > MAX_LENGTH) throw errors.badRequest('The filter is too long.');
  let pos = 0;
  const fail = (why: string): never => { throw errors.badRequest(`Invalid filter "${text}": ${why} at position ${pos}.`); };

  const orExpr = (depth: number): Filter => {
    if (depth > 32) fail('nesting too deep');
    const items = [andExpr(depth)];
    while (text[pos] === ',') { pos++; items.push(andExpr(depth)); }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const andExpr = (depth: number): Filter => {
    const items = [term(depth)];
    while (text[pos] === ';') { pos++; items.push(term(depth)); }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const term = (depth: number): Filter => {
    if (text[pos] === '(') {
      pos++;
      const inner = orExpr(depth + 1);
      if (text[pos] !== ')') fail('expected ")"');
      pos++;
      return inner;
    }
    const m = /^([A-Za-z_][\w.@:\[\]-]*)(==|!=|=gt=|=lt=|=ge=|=le=)/.exec(text.slice(pos));
    if (!m) return fail('expected a comparison such as name==value');
    pos += m[0].length;
    let value = '';
    while (pos < text.length && !';,)'.includes(text[pos]!)) {
      if (text[pos] === '\\' && pos + 1 < text.length) pos++;
      value += text[pos++];
    }
    return { kind: 'cmp', field: m[1]!, op: m[2] as Op, value };
  };

  const result = orExpr(0);
  if (pos !== text.length) fail('unexpected character');
  return result;
}

/** Escapes a value for use inside a filter (the inverse of what parseFilter reads). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\(),;]/g, (c) => `\\${c}`);
}

function compare(actual: unknown, expected: string): number {
  const a = typeof actual === 'number' ? actual : Number.NaN;
  const b = Number(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return String(actual).localeCompare(expected);
}

function wildcard(pattern: string): RegExp {
  const body = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function equals(actual: unknown, expected: string): boolean {
  const text = actual === null || actual === undefined ? '' : String(actual);
  return expected.includes('*') ? wildcard(expected).test(text) : text === expected;
}

/** Evaluates a filter against a record, reading fields through `get` (which may know dotted paths). */
export function matches(filter: Filter, get: (field: string) => unknown): boolean {
  switch (filter.kind) {
    case 'and': return filter.items.every((f) => matches(f, get));
    case 'or': return filter.items.some((f) => matches(f, get));
    case 'cmp': {
      const actual = get(filter.field);
      switch (filter.op) {
        case '==': return equals(actual, filter.value);
        case '!=': return !equals(actual, filter.value);
        case '=gt=': return compare(actual, filter.value) > 0;
        case '=lt=': return compare(actual, filter.value) < 0;
        case '=ge=': return compare(actual, filter.value) >= 0;
        case '=le=': return compare(actual, filter.value) <= 0;
      }
    }
  }
}

/** Fields a filter names, so a caller can reject unknown ones with a clear error. */
export function filterFields(filter: Filter): string[] {
  return filter.kind === 'cmp' ? [filter.field] : filter.items.flatMap(filterFields);
}

