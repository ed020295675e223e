import { hash, is } from 'immutable';
import { FingerprintSet } from './fingerprintSet.js';
import { Insert } from './types.js';
import type { StateSet } from './types.js';

/** The set of states seen so far, keyed by 64-bit fingerprint (and, in exact mode, by value). */
export interface SeenSet {
  readonly size: number;
  readonly bytes: number;
  /** Whether states are told apart by value (no fingerprint collisions possible). */
  readonly exact: boolean;
  /** Adds a state with fingerprint (hi, lo); true when it is new. */
  add(hi: number, lo: number, state: unknown): boolean;
  has(hi: number, lo: number, state: unknown): boolean;
  /** Hands every fingerprint over as consecutive (hi, lo) words, up to `chunk` at a time (a set of fingerprints, for a checkpoint). */
  forEachWords?(chunk: number, visit: (words: Uint32Array) => void): void;
}

/** The seen set of fingerprints only: TLC's FPSet, at 10 to 15 bytes a state. */
export class FingerprintSeenSet implements SeenSet {
  readonly exact = false;
  readonly table: FingerprintSet;
  // Small at first, so that a small space takes few bytes a state: it grows by half as often as needed.
  constructor(table = new FingerprintSet(1 << 10)) {
    this.table = table;
  }
  get size(): number {
    return this.table.size;
  }
  get bytes(): number {
    return this.table.bytes;
  }
  add(hi: number, lo: number): boolean {
    return this.table.add(hi, lo);
  }
  has(hi: number, lo: number): boolean {
    return this.table.has(hi, lo);
  }
  forEachWords(chunk: number, visit: (words: Uint32Array) => void): void {
    this.table.forEachWords(chunk, visit);
  }
}

/** A seen set keyed by the states themselves (value equality): exact, for small spaces and tests. */
export class ExactSeenSet implements SeenSet {
  readonly exact = true;
  private readonly buckets = new Map<number, unknown[]>();
  private count = 0;
  get size(): number {
    return this.count;
  }
  get bytes(): number {
    return 0;
  }
  add(_hi: number, _lo: number, state: unknown): boolean {
    const h = hash(state);
    const bucket = this.buckets.get(h);
    if (bucket === undefined) {
      this.buckets.set(h, [state]);
    } else {
      for (const other of bucket) if (is(other, state)) return false;
      bucket.push(state);
    }
    this.count++;
    return true;
  }
  has(_hi: number, _lo: number, state: unknown): boolean {
    const bucket = this.buckets.get(hash(state));
    return bucket !== undefined && bucket.some((other) => is(other, state));
  }
}

/** A run's seen set as the loop uses it: no state is added once it holds `limit` (the run's maxStates). */
export class BoundedSeenSet implements StateSet {
  constructor(
    private readonly set: SeenSet,
    private readonly limit: number,
  ) {}

  insert(hi: number, lo: number, state: unknown): Insert {
    return this.set.add(hi, lo, state) ? Insert.Added : Insert.Present;
  }

  has(hi: number, lo: number, state: unknown): boolean {
    return this.set.has(hi, lo, state);
  }

  atLimit(): boolean {
    return this.set.size >= this.limit;
  }
}
