import { is, isImmutable, isIndexed, isKeyed, isList, isRecord, isSet } from 'immutable';
import { formatText } from '../values.js';
import type { ValueStyle } from '../values.js';

/** One change of a variable, down to the field, key or element that changed: `step[c1]: 5 → 6`. */
export interface Change {
  /** The variable, and the path inside it: `step[c1]`, `sl.state`. */
  readonly path: string;
  /** What changed there: `5 → 6`, `+ c1`, `− c1`, `new: 3`, `removed`. */
  readonly text: string;
}

function entriesOf(value: unknown): [unknown, unknown][] {
  return (value as { toSeq(): { entrySeq(): { toArray(): [unknown, unknown][] } } }).toSeq().entrySeq().toArray();
}

function membersOf(value: unknown): unknown[] {
  return (value as { toArray(): unknown[] }).toArray();
}

const isSequence = (v: unknown): boolean => isList(v) || (isIndexed(v) && isImmutable(v));

/** Appends to `out` the changes from `before` to `after` at `path`, as deep as both keep the same shape. */
function diffInto(path: string, before: unknown, after: unknown, style: ValueStyle, out: Change[]): void {
  if (is(before, after)) return;
  const show = (v: unknown): string => formatText(v, style);
  if (isRecord(before) && isRecord(after)) {
    const old = new Map(entriesOf(before));
    for (const [k, v] of entriesOf(after)) diffInto(`${path}.${String(k)}`, old.get(k), v, style, out);
    return;
  }
  if (isSet(before) && isSet(after)) {
    const added = membersOf(after).filter((v) => !(before as { has(v: unknown): boolean }).has(v));
    const removed = membersOf(before).filter((v) => !(after as { has(v: unknown): boolean }).has(v));
    out.push({ path, text: [...added.map((v) => `+ ${show(v)}`), ...removed.map((v) => `− ${show(v)}`)].join(', ') });
    return;
  }
  if (isSequence(before) && isSequence(after)) {
    const a = membersOf(before);
    const b = membersOf(after);
    const common = Math.min(a.length, b.length);
    let same = 0;
    while (same < common && is(a[same], b[same])) same++;
    if (same === a.length) {
      out.push({ path, text: b.slice(same).map((v) => `+ ${show(v)}`).join(', ') });
      return;
    }
    if (same === b.length) {
      out.push({ path, text: `${a.length - same} removed from the end` });
      return;
    }
    if (a.length === b.length) {
      for (let i = 0; i < a.length; i++) diffInto(`${path}[${i + 1}]`, a[i], b[i], style, out);
      return;
    }
    out.push({ path, text: `${show(before)} → ${show(after)}` });
    return;
  }
  if (isKeyed(before) && isKeyed(after) && !isRecord(before) && !isRecord(after)) {
    const old = new Map(entriesOf(before));
    const now = new Map(entriesOf(after));
    for (const [k, v] of now) {
      const at = `${path}[${show(k)}]`;
      if (!old.has(k)) out.push({ path: at, text: `new: ${show(v)}` });
      else diffInto(at, old.get(k), v, style, out);
    }
    for (const k of old.keys()) if (!now.has(k)) out.push({ path: `${path}[${show(k)}]`, text: 'removed' });
    return;
  }
  out.push({ path, text: `${before === undefined ? 'none' : show(before)} → ${show(after)}` });
}

/**
 * The changes between two states, variable by variable, as compact as their shapes allow: the
 * key of a function that changed, the members added to or removed from a set, the entries appended
 * to a sequence, the field of a record.
 */
export function compactDiff(
  before: readonly (readonly [string, unknown])[],
  after: readonly (readonly [string, unknown])[],
  style: ValueStyle,
): Change[] {
  const old = new Map(before);
  const out: Change[] = [];
  for (const [name, value] of after) diffInto(name, old.get(name), value, style, out);
  return out;
}

/** The names of the variables whose values differ between two states. */
export function changedNames(before: readonly (readonly [string, unknown])[] | undefined, after: readonly (readonly [string, unknown])[]): Set<string> {
  if (before === undefined) return new Set();
  const old = new Map(before);
  return new Set(after.filter(([name, value]) => !is(old.get(name), value)).map(([name]) => name));
}
