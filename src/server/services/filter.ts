// VCD's filter grammar (FIQL), shared by the legacy query service and the CloudAPI lists:
//   name==foo;isEnabled==true   (; = AND, binds tighter than , = OR; parentheses group)
//   operators == != =gt= =lt= =ge= =le=; "*" in a == or != value is a wildcard and makes it case-insensitive;
//   a backslash escapes ( ) , ; \ inside values.
// A filter is bounded (length, nesting, comparisons, wildcards per value) and wildcards match without
// backtracking, so no filter can hold the event loop.
import { errors } from '../errors.ts';

export type Op = '==' | '!=' | '=gt=' | '=lt=' | '=ge=' | '=le=';

export type Filter =
  | { kind: 'and' | 'or'; items: Filter[] }
  | { kind: 'cmp'; field: string; op: Op; value: string };

export const FILTER_LIMITS = { length: 4096, depth: 32, comparisons: 64, wildcards: 16 } as const;

export function parseFilter(text: string): Filter {
  if (text.length > FILTER_LIMITS.length) throw errors.badRequest(`The filter is longer than ${FILTER_LIMITS.length} characters.`);
  let pos = 0;
  let comparisons = 0;
  const fail = (why: string): never => { throw errors.badRequest(`Invalid filter "${text}": ${why} at position ${pos}.`); };

  const orExpr = (depth: number): Filter => {
    if (depth > FILTER_LIMITS.depth) fail(`nesting deeper than ${FILTER_LIMITS.depth}`);
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
    if (++comparisons > FILTER_LIMITS.comparisons) fail(`more than ${FILTER_LIMITS.comparisons} comparisons`);
    pos += m[0].length;
    let value = '';
    while (pos < text.length && !';,)'.includes(text[pos]!)) {
      if (text[pos] === '\\' && pos + 1 < text.length) pos++;
      value += text[pos++];
    }
    if (wildcards(value) > FILTER_LIMITS.wildcards) fail(`more than ${FILTER_LIMITS.wildcards} "*" in one value`);
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

const wildcards = (value: string) => value.split('*').length - 1;

/** Fields a filter names, so a caller can reject unknown ones with a clear error. */
export function filterFields(filter: Filter): string[] {
  return filter.kind === 'cmp' ? [filter.field] : filter.items.flatMap(filterFields);
}

