import type { Fingerprinter } from './fingerprint.js';

/** Values kept before the table is dropped and grown again. */
const MAX_VALUES = 1 << 18;
/** Words of a slot before the lanes: taken (1) or empty (0), then the value's own lanes A and B. */
const HEAD = 3;

/**
 * The hash lanes of field values under several renamings at once (the fingerprinters given), found
 * by the values' own lanes: one open-addressing table whose slot holds a value's own lanes and its
 * lanes under every renaming, side by side. A state keyed under symmetry is hashed under one
 * renaming per model value for its signatures; its fields take few distinct values, met again in
 * millions of states, so each value is hashed under each renaming once, and looked up once for all
 * of them. As for fingerprints, values with equal lanes are taken to be equal.
 */
export class RenamedLanes {
  /** Words a slot: HEAD, then lanes A and B under each renaming. */
  private readonly stride: number;
  private slots: Int32Array;
  private mask = (1 << 10) - 1;
  private count = 0;

  constructor(private readonly renamings: readonly Fingerprinter[]) {
    this.stride = HEAD + 2 * renamings.length;
    this.slots = new Int32Array((this.mask + 1) * this.stride);
  }

  /** Values held. */
  get size(): number {
    return this.count;
  }

  /** The table's words: renaming r's lanes of a value found at `at` are at `at + 2r` and `at + 2r + 1`; valid until the next `find`. */
  get lanes(): Int32Array {
    return this.slots;
  }

  /** Where the lanes of `value`, whose own lanes are (a, b), begin in `lanes`; they are computed when it is new. */
  find(value: unknown, a: number, b: number): number {
    const stride = this.stride;
    let slots = this.slots;
    let i = slotOf(a, b, this.mask);
    for (;;) {
      const at = i * stride;
      if (slots[at] === 0) break;
      if (slots[at + 1] === a && slots[at + 2] === b) return at + HEAD;
      i = (i + 1) & this.mask;
    }
    if (this.count >= MAX_VALUES) this.clear();
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    slots = this.slots;
    i = slotOf(a, b, this.mask);
    while (slots[i * stride] !== 0) i = (i + 1) & this.mask;
    const at = i * stride;
    const renamings = this.renamings;
    for (let r = 0; r < renamings.length; r++) {
      const fp = renamings[r] as Fingerprinter;
      slots[at + HEAD + 2 * r] = fp.hash(value);
      slots[at + HEAD + 2 * r + 1] = fp.laneB;
    }
    // Taken only once every lane is known (hashing throws on what is not a value).
    slots[at + 1] = a;
    slots[at + 2] = b;
    slots[at] = 1;
    this.count++;
    return at + HEAD;
  }

  /** Forgets every value. */
  clear(): void {
    this.mask = (1 << 10) - 1;
    this.slots = new Int32Array((this.mask + 1) * this.stride);
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    const stride = this.stride;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * stride);
    for (let from = 0; from < old.length; from += stride) {
      if (old[from] === 0) continue;
      let i = slotOf(old[from + 1] as number, old[from + 2] as number, this.mask);
      while (this.slots[i * stride] !== 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(from, from + stride), i * stride);
    }
  }
}

function slotOf(a: number, b: number, mask: number): number {
  return (a ^ Math.imul(b, 0x9e3779b1)) & mask;
}
