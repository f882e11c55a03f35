// A builder for VCD's filter grammar (FIQL as VCD speaks it): == != =gt= =ge= =lt= =le=, ";" AND,
// "," OR, parentheses to group. Values are escaped with a backslash before ( ) , ; and \ so any
// string is matched literally, except "*", which VCD always reads as a wildcard.

export type FilterValue = string | number | boolean | Date;

/** A filter expression; String(filter) or filter.toString() gives the text for ?filter=. */
export interface Filter {
  readonly kind: 'cmp' | 'and' | 'or';
  toString(): string;
}

const FIELD = /^[A-Za-z_][\w.@:[\]-]*$/;

export function escapeFilterValue(value: string): string {
  return value.replace(/[\\(),;]/g, (c) => `\\${c}`);
}

function text(value: FilterValue): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function cmp(op: string) {
  return (field: string, value: FilterValue): Filter => {
    if (!FIELD.test(field)) throw new TypeError(`[vcdkit] "${field}" is not a filterable property name`);
    const rendered = `${field}${op}${escapeFilterValue(text(value))}`;
    return { kind: 'cmp', toString: () => rendered };
  };
}

function group(kind: 'and' | 'or', sep: string) {
  return (...items: Filter[]): Filter => {
    if (items.length === 0) throw new TypeError(`[vcdkit] ${kind}() needs at least one filter`);
    // AND binds tighter than OR, so an OR inside an AND needs parentheses; the reverse does not.
    const parts = items.map((f) => (kind === 'and' && f.kind === 'or' ? `(${f})` : String(f)));
    const rendered = parts.join(sep);
    return items.length === 1 ? items[0]! : { kind, toString: () => rendered };
  };
}

/** Filter builders: `and(eq('name', 'a,b'), gt('numberOfVdcs', 2))` → `name==a\,b;numberOfVdcs=gt=2`. */
export const eq = cmp('==');
export const ne = cmp('!=');
export const gt = cmp('=gt=');
export const ge = cmp('=ge=');
export const lt = cmp('=lt=');
export const le = cmp('=le=');
export const and = group('and', ';');
export const or = group('or', ',');
