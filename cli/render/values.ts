import { isImmutable, isIndexed, isKeyed, isList, isMap, isOrdered, isRecord, isSet } from 'immutable';

/** How model values are told from strings when printing: model values print bare, strings quoted. */
export interface ValueStyle {
  readonly modelValues: ReadonlySet<string>;
}

function entriesOf(value: unknown): [unknown, unknown][] {
  return (value as { toSeq(): { entrySeq(): { toArray(): [unknown, unknown][] } } }).toSeq().entrySeq().toArray();
}

function membersOf(value: unknown): unknown[] {
  return (value as { toArray(): unknown[] }).toArray();
}

function sortedByText(parts: string[]): string[] {
  return parts.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A value in TLA+ syntax, as TLC prints it: `<<1, 2>>`, `{a, b}`, `[f |-> 1]`, `(k1 :> 0 @@ k2 :> 1)`. */
export function formatTla(value: unknown, style: ValueStyle): string {
  if (typeof value === 'string') return style.modelValues.has(value) ? value : JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return 'NULL';
  if (isRecord(value)) {
    const parts = entriesOf(value).map(([k, v]) => `${String(k)} |-> ${formatTla(v, style)}`);
    return `[${parts.join(', ')}]`;
  }
  if (isList(value) || (isIndexed(value) && isImmutable(value))) {
    return `<<${membersOf(value).map((v) => formatTla(v, style)).join(', ')}>>`;
  }
  if (isSet(value)) {
    const parts = membersOf(value).map((v) => formatTla(v, style));
    return `{${(isOrdered(value) ? parts : sortedByText(parts)).join(', ')}}`;
  }
  if (isMap(value) || isKeyed(value)) {
    const entries = entriesOf(value);
    if (entries.length === 0) return '<<>>';
    const parts = entries.map(([k, v]) => `${formatTla(k, style)} :> ${formatTla(v, style)}`);
    return `(${(isOrdered(value) ? parts : sortedByText(parts)).join(' @@ ')})`;
  }
  return String(value);
}

/** A value for people: like TLA+ but lighter: `[k1 ↦ 0, k2 ↦ 1]`, `{a, b}`, `<<1, 2>>`. */
export function formatText(value: unknown, style: ValueStyle): string {
  if (typeof value === 'string') return style.modelValues.has(value) ? value : JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return 'null';
  if (isRecord(value)) {
    return `[${entriesOf(value).map(([k, v]) => `${String(k)}: ${formatText(v, style)}`).join(', ')}]`;
  }
  if (isList(value) || (isIndexed(value) && isImmutable(value))) {
    return `<<${membersOf(value).map((v) => formatText(v, style)).join(', ')}>>`;
  }
  if (isSet(value)) {
    const parts = membersOf(value).map((v) => formatText(v, style));
    return `{${(isOrdered(value) ? parts : sortedByText(parts)).join(', ')}}`;
  }
  if (isMap(value) || isKeyed(value)) {
    const parts = entriesOf(value).map(([k, v]) => `${formatText(k, style)} ↦ ${formatText(v, style)}`);
    return `[${(isOrdered(value) ? parts : sortedByText(parts)).join(', ')}]`;
  }
  return String(value);
}

/** A JSON type for states written by `--format json`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A value as plain JSON: records and maps with string keys as objects, other maps as [key, value]
 * pairs, sets as arrays sorted by their JSON text (so output is stable), lists as arrays.
 */
export function toJson(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (isRecord(value)) return Object.fromEntries(entriesOf(value).map(([k, v]) => [String(k), toJson(v)]));
  if (isList(value) || (isIndexed(value) && isImmutable(value))) return membersOf(value).map(toJson);
  if (isSet(value)) {
    const items = membersOf(value).map(toJson);
    return isOrdered(value) ? items : items.sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b)));
  }
  if (isMap(value) || isKeyed(value)) {
    const entries = entriesOf(value);
    if (entries.every(([k]) => typeof k === 'string')) {
      const sorted = isOrdered(value) ? entries : entries.slice().sort(([a], [b]) => compareText(String(a), String(b)));
      return Object.fromEntries(sorted.map(([k, v]) => [k as string, toJson(v)]));
    }
    return entries.map(([k, v]) => [toJson(k), toJson(v)]);
  }
  return String(value);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
