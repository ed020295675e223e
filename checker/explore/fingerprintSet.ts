/**
 * The seen set: an open-addressing hash table of 64-bit fingerprints in one typed array (two 32-bit
 * words a slot, zero marks an empty slot). It grows by half when it is 80% full, so it holds
 * between 10 and 15 bytes per state.
 */
export class FingerprintSet {
  private slots: Uint32Array;
  private capacity: number;
  private count = 0;
  private limit: number;

  constructor(initialCapacity = 1 << 16) {
    this.capacity = Math.max(16, initialCapacity);
    this.slots = new Uint32Array(this.capacity * 2);
    this.limit = Math.floor(this.capacity * FingerprintSet.maxLoad);
  }

  static readonly maxLoad = 0.8;

  /** Number of fingerprints held. */
  get size(): number {
    return this.count;
  }

  /** Bytes the table takes. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Adds the fingerprint (hi, lo); true when it was not there before. */
  add(hi: number, lo: number): boolean {
    const i = this.probe(hi, lo);
    if (i < 0) return false;
    this.slots[i] = hi;
    this.slots[i + 1] = lo;
    if (++this.count > this.limit) this.grow();
    return true;
  }

  /** True when the fingerprint (hi, lo) is in the set. */
  has(hi: number, lo: number): boolean {
    return this.probe(hi, lo) < 0;
  }

  /** Linear probing from the fingerprint's home slot: -1 when it is there, else the free slot's index. */
  private probe(hi: number, lo: number): number {
    const slots = this.slots;
    const end = this.capacity * 2;
    let i = homeSlot(lo, this.capacity) * 2;
    for (;;) {
      const h = slots[i] as number;
      const l = slots[i + 1] as number;
      if (h === 0 && l === 0) return i;
      if (h === hi && l === lo) return -1;
      i += 2;
      if (i === end) i = 0;
    }
  }

  /** Empties the set, keeping its capacity. */
  clear(): void {
    this.slots.fill(0);
    this.count = 0;
  }

  /** Every fingerprint, as consecutive (hi, lo) words. */
  toWords(): Uint32Array {
    const out = new Uint32Array(this.count * 2);
    let j = 0;
    for (let i = 0; i < this.slots.length; i += 2) {
      if (this.slots[i] !== 0 || this.slots[i + 1] !== 0) {
        out[j++] = this.slots[i] as number;
        out[j++] = this.slots[i + 1] as number;
      }
    }
    return out;
  }

  /** Hands every fingerprint to `visit` as consecutive (hi, lo) words, up to `chunk` fingerprints at a time (in one reused array). */
  forEachWords(chunk: number, visit: (words: Uint32Array) => void): void {
    const out = new Uint32Array(chunk * 2);
    let j = 0;
    for (let i = 0; i < this.slots.length; i += 2) {
      if (this.slots[i] === 0 && this.slots[i + 1] === 0) continue;
      out[j++] = this.slots[i] as number;
      out[j++] = this.slots[i + 1] as number;
      if (j === out.length) {
        visit(out);
        j = 0;
      }
    }
    if (j > 0) visit(out.subarray(0, j));
  }

  /**
   * Moves every fingerprint into a table half as large again. They are all distinct, so each goes to
   * the first free slot from its home, with no comparison; and as the home slot grows with the low
   * word, the old table is read in about the order of the new one's slots, which are written nearly
   * in sequence.
   */
  private grow(): void {
    const old = this.slots;
    const capacity = Math.ceil(this.capacity * 1.5);
    const slots = new Uint32Array(capacity * 2);
    const end = capacity * 2;
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i] as number;
      const lo = old[i + 1] as number;
      if (hi === 0 && lo === 0) continue;
      let j = homeSlot(lo, capacity) * 2;
      while (slots[j] !== 0 || slots[j + 1] !== 0) {
        j += 2;
        if (j === end) j = 0;
      }
      slots[j] = hi;
      slots[j + 1] = lo;
    }
    this.capacity = capacity;
    this.slots = slots;
    this.limit = Math.floor(capacity * FingerprintSet.maxLoad);
  }
}

/**
 * The slot where a fingerprint is looked for first: its low word `lo` scaled to the capacity. The low
 * word, because it is uniform over 32 bits even under symmetry, where the fingerprint kept is the
 * least of several (so its high word is skewed towards zero). Not `lo % capacity`: lo is often above
 * 2^31, and the remainder of such a number is a floating-point remainder, a call into the runtime.
 */
export function homeSlot(lo: number, capacity: number): number {
  return Math.floor((lo >>> 0) * (capacity / 4294967296));
}
