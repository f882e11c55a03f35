// The FIQL filter evaluated in memory over plain records: the reference the SQL listings are checked
// against (services/sql-listing.ts answers the same in SQL).
import type { Filter } from '../../src/server/services/filter.ts';

/**
 * Case-insensitive glob match, "*" standing for any run of characters. The pieces between stars are
 * found left to right, each at its first place after the last: a piece placed later could only leave
 * less room for the rest, so there is no backtracking (a RegExp of ".*" backtracks exponentially).
 */
export function globMatches(pattern: string, text: string): boolean {
  const [first, ...rest] = pattern.toLowerCase().split('*');
  const value = text.toLowerCase();
  if (rest.length === 0) return value === first;
  const last = rest.pop()!;
  if (value.length < first!.length + last.length || !value.startsWith(first!) || !value.endsWith(last)) return false;
  let pos = first!.length;
  const end = value.length - last.length;
  for (const piece of rest) {
    const at = value.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

function equals(actual: unknown, expected: string): boolean {
  const text = actual === null || actual === undefined ? '' : String(actual);
  return expected.includes('*') ? globMatches(expected, text) : text === expected;
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

function compare(actual: unknown, expected: string): number {
  const a = typeof actual === 'number' ? actual : Number.NaN;
  const b = Number(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return String(actual).localeCompare(expected);
}
