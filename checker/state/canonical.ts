import { hash, is, isImmutable, isList, isMap, isOrderedMap, isOrderedSet, isRecord, isSet, isStack } from 'immutable';
import { ValueTable } from './valueTable.js';

/** Canonical values kept before the table is dropped and grown again (values already shared stay shared). */
const MAX_VALUES = 1 << 18;
/** Values kept by their lanes before that table is dropped and grown again. */
const MAX_BY_LANES = 1 << 20;

type Rebuildable = {
  withMutations(f: (m: { set(key: unknown, value: unknown): unknown; add(value: unknown): unknown }) => void): unknown;
  clear(): Rebuildable;
  forEach(f: (value: unknown, key: unknown) => unknown): number;
};

/**
 * Shares equal immutable values: `canon(v)` returns a value equal to `v` (same type, equal by
 * Immutable's `is`) whose nested collections and records are the same objects as in every other
 * value it returned, with Immutable's hash of each collection computed once and kept. A spec
 * comparing such values (`is`, `equals`, `Set.has`, `isSubset`) finds equal parts identical and
 * unequal collections apart by their kept hashes, without walking them: Immutable compares equal
 * but distinct Lists element by element, with an iterator each time. The explorer passes the field
 * values of queued states and of remembered transitions through it, so that the states invariants
 * and actions are evaluated on share their parts; iteration order is kept (a collection is rebuilt
 * in its own order).
 */
export class Canonicalizer {
  /** Every canonical value, by identity. */
  private readonly canonical = new Set<object>();
  private readonly byHash = new Map<number, object[]>();
  /** Canonical values by their two hash lanes (the fingerprinter's), for `shared`. */
  private readonly byLanes = new ValueTable(false, (value) => this.canon(value));

  /**
   * `canon(value)` for a value whose hash lanes (as the fingerprinter computes them) are (a, b):
   * found by them, without walking it, when a value with those lanes was seen before. Values with
   * equal lanes are taken to be equal, as for fingerprints.
   */
  shared<T>(value: T, a: number, b: number): T {
    if (typeof value !== 'object' || value === null) return value;
    if (this.byLanes.size >= MAX_BY_LANES) this.byLanes.clear();
    return this.byLanes.value(this.byLanes.intern(value, a, b)) as T;
  }

  /** The canonical value whose hash lanes are (a, b), when `shared` was given one (see there). */
  known(a: number, b: number): unknown {
    const id = this.byLanes.find(a, b);
    return id < 0 ? undefined : this.byLanes.value(id);
  }

  canon<T>(value: T): T {
    if (typeof value !== 'object' || value === null || this.canonical.has(value) || !isImmutable(value)) return value;
    const rebuilt = this.rebuild(value as object);
    if (rebuilt === undefined) return value;
    let code: number;
    try {
      code = hash(rebuilt);
    } catch {
      return value;
    }
    let bucket = this.byHash.get(code);
    if (bucket !== undefined) {
      const proto = Object.getPrototypeOf(rebuilt) as object;
      for (const known of bucket) if (Object.getPrototypeOf(known) === proto && is(known, rebuilt)) return known as T;
    }
    if (this.canonical.size >= MAX_VALUES) {
      this.canonical.clear();
      this.byHash.clear();
      bucket = undefined;
    }
    if (bucket === undefined) this.byHash.set(code, (bucket = []));
    bucket.push(rebuilt);
    this.canonical.add(rebuilt);
    return rebuilt as T;
  }

  /** `value` with canonical parts (itself when they already are); undefined for a kind it does not rebuild. */
  private rebuild(value: object): object | undefined {
    const collection = value as Rebuildable;
    if (isRecord(value) || isList(value)) {
      const updates: [unknown, unknown][] = [];
      (isRecord(value) ? (value as unknown as { toSeq(): Rebuildable }).toSeq() : collection).forEach((part, key) => {
        const shared = this.canon(part);
        if (shared !== part) updates.push([key, shared]);
      });
      if (updates.length === 0) return value;
      return collection.withMutations((m) => {
        for (const [key, part] of updates) m.set(key, part);
      }) as object;
    }
    if (isMap(value) || isOrderedMap(value)) {
      const entries: [unknown, unknown][] = [];
      let changed = false;
      collection.forEach((part, key) => {
        const sharedKey = this.canon(key);
        const sharedPart = this.canon(part);
        if (sharedKey !== key || sharedPart !== part) changed = true;
        entries.push([sharedKey, sharedPart]);
      });
      if (!changed) return value;
      return collection.clear().withMutations((m) => {
        for (const [key, part] of entries) m.set(key, part);
      }) as object;
    }
    if (isSet(value) || isOrderedSet(value)) {
      const parts: unknown[] = [];
      let changed = false;
      collection.forEach((part) => {
        const shared = this.canon(part);
        if (shared !== part) changed = true;
        parts.push(shared);
      });
      if (!changed) return value;
      return collection.clear().withMutations((m) => {
        for (const part of parts) m.add(part);
      }) as object;
    }
    if (isStack(value)) return value;
    return undefined;
  }
}
