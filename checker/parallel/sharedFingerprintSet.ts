import { homeSlot } from '../fingerprintSet.js';

/** What `insert` found: the fingerprint is new (and now in the set), was there, or the set is too full to add it. */
export const enum Insert {
  Added = 1,
  Present = 0,
  Full = -1,
}

/** The buffers of a shared fingerprint set, as they are posted to a worker. */
export interface SharedFingerprintSetBuffers {
  /** Two 32-bit words a slot, (hi, lo); (0, 0) marks an empty slot. */
  readonly slots: SharedArrayBuffer;
  /** One 32-bit word: the number of fingerprints held. */
  readonly count: SharedArrayBuffer;
}

/** Load above which `insert` refuses new fingerprints (they wait for the set to grow between two levels). */
const HARD_LOAD = 0.9;

/**
 * The seen set shared by the worker threads: an open-addressing table of 64-bit fingerprints in a
 * SharedArrayBuffer, with lock-free insertion. A slot is claimed by one 64-bit compare-and-swap from
 * empty to the fingerprint, so a slot is never seen half written by the thread that claims it, and
 * two threads adding the same fingerprint agree on which one added it. It never grows by itself:
 * between two levels, with every worker waiting, the main thread copies it into a larger one.
 */
export class SharedFingerprintSet {
  readonly capacity: number;
  private readonly words: Uint32Array;
  private readonly wide: BigUint64Array;
  private readonly counter: Int32Array;
  private readonly limit: number;
  // One slot's worth of scratch, to make the 64-bit value of (hi, lo) the same way the table holds it.
  private readonly scratchWords = new Uint32Array(2);
  private readonly scratchWide = new BigUint64Array(this.scratchWords.buffer);

  constructor(readonly buffers: SharedFingerprintSetBuffers) {
    this.words = new Uint32Array(buffers.slots);
    this.wide = new BigUint64Array(buffers.slots);
    this.counter = new Int32Array(buffers.count);
    this.capacity = this.wide.length;
    this.limit = Math.floor(this.capacity * HARD_LOAD);
  }

  /** A new empty set of `capacity` slots. */
  static create(capacity: number, count = new SharedArrayBuffer(4)): SharedFingerprintSet {
    return new SharedFingerprintSet({ slots: new SharedArrayBuffer(Math.max(16, capacity) * 8), count });
  }

  /** Number of fingerprints held. */
  get size(): number {
    return Atomics.load(this.counter, 0);
  }

  /** Bytes the table takes. */
  get bytes(): number {
    return this.buffers.slots.byteLength;
  }

  /** Adds (hi, lo), never both zero; safe while other threads add and look up. */
  insert(hi: number, lo: number): Insert {
    const words = this.words;
    const capacity = this.capacity;
    let slot = homeSlot(hi, capacity);
    let wide: bigint | undefined;
    for (;;) {
      const h = words[2 * slot] as number;
      const l = words[2 * slot + 1] as number;
      if (h === hi && l === lo) return Insert.Present;
      if (h === 0 || l === 0) {
        // Empty, or being claimed: another thread's claim may show one word before the other.
        wide ??= this.wideOf(hi, lo);
        const seen = Atomics.load(this.wide, slot);
        if (seen === wide) return Insert.Present;
        if (seen === 0n) {
          if (Atomics.load(this.counter, 0) >= this.limit) return Insert.Full;
          const before = Atomics.compareExchange(this.wide, slot, 0n, wide);
          if (before === 0n) {
            Atomics.add(this.counter, 0, 1);
            return Insert.Added;
          }
          if (before === wide) return Insert.Present;
        }
      }
      slot++;
      if (slot === capacity) slot = 0;
    }
  }

  /** True when (hi, lo) is in the set; safe while other threads add. */
  has(hi: number, lo: number): boolean {
    const words = this.words;
    const capacity = this.capacity;
    let slot = homeSlot(hi, capacity);
    for (;;) {
      const h = words[2 * slot] as number;
      const l = words[2 * slot + 1] as number;
      if (h === hi && l === lo) return true;
      if (h === 0 || l === 0) {
        const seen = Atomics.load(this.wide, slot);
        if (seen === 0n) return false;
        if (seen === this.wideOf(hi, lo)) return true;
      }
      slot++;
      if (slot === capacity) slot = 0;
    }
  }

  /** Adds (hi, lo) when no other thread uses the set (the main thread between levels); true when new. */
  addAlone(hi: number, lo: number): boolean {
    const words = this.words;
    const capacity = this.capacity;
    let i = homeSlot(hi, capacity) * 2;
    const end = capacity * 2;
    for (;;) {
      const h = words[i] as number;
      const l = words[i + 1] as number;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      i += 2;
      if (i === end) i = 0;
    }
    words[i] = hi;
    words[i + 1] = lo;
    this.counter[0] = (this.counter[0] as number) + 1;
    return true;
  }

  /** A copy of this set in a table of `capacity` slots (the main thread, between levels). */
  grownTo(capacity: number): SharedFingerprintSet {
    const bigger = SharedFingerprintSet.create(capacity);
    const words = this.words;
    for (let i = 0; i < words.length; i += 2) {
      const hi = words[i] as number;
      const lo = words[i + 1] as number;
      if (hi !== 0 || lo !== 0) bigger.addAlone(hi, lo);
    }
    return bigger;
  }

  private wideOf(hi: number, lo: number): bigint {
    this.scratchWords[0] = hi;
    this.scratchWords[1] = lo;
    return this.scratchWide[0] as bigint;
  }
}
