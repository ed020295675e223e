import { Fingerprinter } from './fingerprint.js';
import { StateHasher } from './stateHasher.js';
import type { FieldDelta, FieldHashes } from './stateHasher.js';

/** A 64-bit fingerprint, as two 32-bit words. */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

/**
 * Gives each state the fingerprint under which the seen set stores it. Each call returns the
 * fingerprint it computed; the object returned is the keyer's own, valid until its next call (a
 * fingerprint a successor is not worth an allocation: there are millions).
 */
export interface StateKeyer extends Fingerprint {
  /**
   * Fingerprints `state` and makes it the parent of the next `child` calls; `fields` come from
   * `childFields`, and then `state` need only be a state of the same type.
   */
  setParent(state: unknown, fields?: FieldHashes): Fingerprint;
  /** Fingerprints a successor of the current parent. */
  child(state: unknown): Fingerprint;
  /** Fingerprints a successor of the current parent that differs from it as `delta` says; `successor` builds it if needed. */
  childDelta(delta: FieldDelta, successor: () => unknown): Fingerprint;
  /** The current parent's field values and lanes (unrenamed), when it is a record. */
  parentFields(): FieldHashes | undefined;
  /** The last child's field values and their lanes (unrenamed), when it is a record: enough for `setParent` to skip hashing it. */
  childFields(): FieldHashes | undefined;
  /** Fingerprints any state. */
  key(state: unknown): Fingerprint;
}

/** Keys a state by its own fingerprint. */
export class PlainKeyer implements StateKeyer {
  private readonly hasher = new StateHasher(new Fingerprinter());
  get hi(): number {
    return this.hasher.hi;
  }
  get lo(): number {
    return this.hasher.lo;
  }
  setParent(state: unknown, fields?: FieldHashes): Fingerprint {
    this.hasher.setParent(state, fields);
    return this;
  }
  child(state: unknown): Fingerprint {
    this.hasher.fingerprintChild(state);
    return this;
  }
  childDelta(delta: FieldDelta): Fingerprint {
    this.hasher.fingerprintDelta(delta);
    return this;
  }
  parentFields(): FieldHashes | undefined {
    return this.hasher.parentFields();
  }
  childFields(): FieldHashes | undefined {
    return this.hasher.childFields();
  }
  key(state: unknown): Fingerprint {
    this.hasher.fingerprinter.fingerprint(state);
    return this;
  }
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([item, ...rest]);
  });
  return out;
}

/** Every renaming of model values that permutes each of the given sets within itself (identity first). */
export function renamings(sets: readonly (readonly string[])[]): Map<string, string>[] {
  let out: Map<string, string>[] = [new Map()];
  for (const set of sets) {
    const next: Map<string, string>[] = [];
    for (const base of out) {
      for (const perm of permutations(set)) {
        const map = new Map(base);
        set.forEach((value, i) => {
          if (perm[i] !== value) map.set(value, perm[i] as string);
        });
        next.push(map);
      }
    }
    out = next;
  }
  return out;
}

/**
 * Keys a state by the least fingerprint over every permutation of its symmetry sets, so that all
 * states equal up to a renaming of interchangeable model values share one key (TLC's SYMMETRY).
 */
export class SymmetricKeyer implements StateKeyer {
  private readonly hashers: StateHasher[];
  hi = 0;
  lo = 0;

  constructor(sets: readonly (readonly string[])[]) {
    this.hashers = renamings(sets).map((rename) => new StateHasher(new Fingerprinter(rename.size > 0 ? rename : undefined)));
  }

  /** Number of permutations tried per state. */
  get size(): number {
    return this.hashers.length;
  }

  setParent(state: unknown, fields?: FieldHashes): Fingerprint {
    // The identity comes first: the fields' lanes are its own.
    (this.hashers[0] as StateHasher).setParent(state, fields);
    for (let i = 1; i < this.hashers.length; i++) {
      const hasher = this.hashers[i] as StateHasher;
      if (fields === undefined) hasher.setParent(state);
      else hasher.setParentValues(state, fields.values);
    }
    return this.takeLeast();
  }

  child(state: unknown): Fingerprint {
    for (const hasher of this.hashers) hasher.fingerprintChild(state);
    return this.takeLeast();
  }

  /** Renamed fields hash differently: only the identity takes the delta's lanes. */
  childDelta(delta: FieldDelta): Fingerprint {
    (this.hashers[0] as StateHasher).fingerprintDelta(delta);
    for (let i = 1; i < this.hashers.length; i++) (this.hashers[i] as StateHasher).fingerprintValues(delta.changed, delta.values);
    return this.takeLeast();
  }

  parentFields(): FieldHashes | undefined {
    return (this.hashers[0] as StateHasher).parentFields();
  }

  childFields(): FieldHashes | undefined {
    return (this.hashers[0] as StateHasher).childFields();
  }

  key(state: unknown): Fingerprint {
    for (const hasher of this.hashers) hasher.fingerprinter.fingerprint(state);
    return this.takeLeast();
  }

  private takeLeast(): Fingerprint {
    let hi = 0xffffffff;
    let lo = 0xffffffff;
    for (const hasher of this.hashers) {
      const h = hasher.hi;
      const l = hasher.lo;
      if (h < hi || (h === hi && l < lo)) {
        hi = h;
        lo = l;
      }
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }
}
