import { is } from 'immutable';

/**
 * Values that are the same for the explorer: identical, or of the same type and equal by value
 * (Immutable's `is`, with `Object.is` for primitives, so that -0 stays apart from 0).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return a !== 0 || Object.is(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && is(a, b);
}

/**
 * Interns the field values of queued states: each distinct value gets a small number and one
 * canonical object, found by its two hash lanes (as the fingerprinter computes them). States of a
 * model share few field values (PikaReplication 3/2/2: a few thousand for millions of states), so a
 * queued state can be kept as one number per field instead of as objects.
 *
 * Values with equal lanes are taken to be equal unless `exact`: that is no new risk, since two
 * states whose fields have equal lanes have equal fingerprints, and the seen set already takes such
 * states to be one. In exact mode, values are also compared (`sameValue`).
 */
export class ValueTable {
  private values: unknown[] = [];
  private lanesA = new Int32Array(256);
  private lanesB = new Int32Array(256);
  // Open addressing over value numbers; -1 marks an empty slot.
  private slots = new Int32Array(1024).fill(-1);
  private mask = 1023;

  /** `keep`: what is kept of a new value (with its lanes): an equal one it shares parts with (see Canonicalizer). */
  constructor(
    private readonly exact = false,
    private readonly keep?: (value: unknown, a: number, b: number) => unknown,
  ) {}

  /** Number of values held. */
  get size(): number {
    return this.values.length;
  }

  /** The number of `value`, whose hash lanes are (a, b), adding it when it is new. */
  intern(value: unknown, a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      const id = slots[i] as number;
      if (id < 0) break;
      if (this.lanesA[id] === a && this.lanesB[id] === b && this.same(this.values[id], value)) return id;
      i = (i + 1) & mask;
    }
    const id = this.values.length;
    this.values.push(this.keep === undefined ? value : this.keep(value, a, b));
    if (id === this.lanesA.length) {
      this.lanesA = grown(this.lanesA);
      this.lanesB = grown(this.lanesB);
    }
    this.lanesA[id] = a;
    this.lanesB[id] = b;
    slots[i] = id;
    if (this.values.length * 2 > mask) this.rehash();
    return id;
  }

  /** The number of the value whose lanes are (a, b), or -1 when there is none (not in exact mode, where lanes do not decide). */
  find(a: number, b: number): number {
    if (this.exact) return -1;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const id = slots[i] as number;
      if (id < 0) return -1;
      if (this.lanesA[id] === a && this.lanesB[id] === b) return id;
    }
  }

  /** The canonical value numbered `id`. */
  value(id: number): unknown {
    return this.values[id];
  }

  /** Lane A of the hash of value `id`. */
  laneA(id: number): number {
    return this.lanesA[id] as number;
  }

  /** Lane B of the hash of value `id`. */
  laneB(id: number): number {
    return this.lanesB[id] as number;
  }

  /** Forgets every value (their numbers become free for others). */
  clear(): void {
    this.values = [];
    this.slots.fill(-1);
  }

  private same(known: unknown, value: unknown): boolean {
    if (this.exact) return sameValue(known, value);
    if (known === value) return true;
    // Equal lanes: the same value, unless it is of another kind or type (null is a kind of its own).
    if (typeof known !== typeof value) return false;
    if (typeof value !== 'object') return true;
    return value !== null && known !== null && Object.getPrototypeOf(known) === Object.getPrototypeOf(value);
  }

  private rehash(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let id = 0; id < this.values.length; id++) {
      let i = ((this.lanesA[id] as number) ^ Math.imul(this.lanesB[id] as number, 0x9e3779b1)) & this.mask;
      while ((this.slots[i] as number) >= 0) i = (i + 1) & this.mask;
      this.slots[i] = id;
    }
  }
}

function grown(words: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(words.length * 2);
  out.set(words);
  return out;
}
