import { InternalError } from '../errors.js';
import { NO_ROOM } from '../explore/deferred.js';
import { homeSlot } from '../explore/fingerprintSet.js';
import { Insert } from '../explore/types.js';
import type { StateSet } from '../explore/types.js';

export { Insert } from '../explore/types.js';

/** The buffers of a shared fingerprint set, as they are posted to a worker. */
export interface SharedFingerprintSetBuffers {
  /** Two 32-bit words a slot, (hi, lo); (0, 0) marks an empty slot. */
  readonly slots: SharedArrayBuffer;
  /** One 32-bit word: the number of fingerprints held. */
  readonly count: SharedArrayBuffer;
}

/** Load the seen set is kept under between levels (it is grown before a level that might pass it). */
export const LOAD = 0.8;

/**
 * The capacity the seen set needs for a level of `levelSize` states, each expected to find `growth`
 * new ones: its own, or larger by steps of half, to stay under LOAD.
 */
export function capacityFor(set: SharedFingerprintSet, levelSize: number, growth: number): number {
  const wanted = set.size + Math.ceil(levelSize * growth);
  let capacity = set.capacity;
  while (wanted > capacity * LOAD) capacity = Math.ceil(capacity * 1.5);
  return capacity;
}

/** New states a state of the next level is expected to find, from the last level (with a margin): what `capacityFor` takes as `growth`. */
export function growthAfter(levelSize: number, found: number): number {
  return levelSize > 0 ? Math.max(1, (found / levelSize) * 1.25) : 2;
}

/** A capacity larger than the set's, by steps of half, that holds `held` more fingerprints under LOAD. */
export function capacityToHold(set: SharedFingerprintSet, held: number): number {
  let bigger = Math.ceil(set.capacity * 1.5);
  while (set.size + held > bigger * LOAD) bigger = Math.ceil(bigger * 1.5);
  return bigger;
}

/** Load above which the main thread deals no more room to the workers (they hold new fingerprints until the set grows). */
const HARD_LOAD = 0.9;

/**
 * The seen set shared by the worker threads: an open-addressing table of 64-bit fingerprints in a
 * SharedArrayBuffer, with lock-free insertion. Neither word of a fingerprint is ever zero (see
 * `Fingerprinter.finish`), so a slot is empty while its high word is zero: a thread claims it by one
 * 32-bit compare-and-swap of the high word from zero, then writes the low word; a thread that finds
 * the high word but not yet the low one waits for it. Two threads adding the same fingerprint agree
 * on which one added it. Nothing else is shared while a level runs: each thread is dealt a number
 * of fingerprints it may add (`room`), and counts them itself. It never grows by itself: between
 * two levels the main thread counts what was added and, when the set must grow, has the workers
 * copy it into a larger one, each a part of the larger one (`copyPart`).
 */
export class SharedFingerprintSet implements StateSet {
  readonly capacity: number;
  private readonly words: Uint32Array;
  private readonly counter: Int32Array;
  /** Fingerprints this thread added, and may add, since it was given the set. */
  added = 0;
  private room = 0;

  constructor(readonly buffers: SharedFingerprintSetBuffers) {
    this.words = new Uint32Array(buffers.slots);
    this.counter = new Int32Array(buffers.count);
    this.capacity = this.words.length / 2;
  }

  /** A new empty set of `capacity` slots. */
  static create(capacity: number, count = new SharedArrayBuffer(4)): SharedFingerprintSet {
    return new SharedFingerprintSet({ slots: new SharedArrayBuffer(Math.max(16, capacity) * 8), count });
  }

  /** Number of fingerprints held, as the main thread counted them (between levels). */
  get size(): number {
    return Atomics.load(this.counter, 0);
  }

  /** Room left under the hard load, for `workers` threads to share: what each may add. */
  roomEach(workers: number): number {
    return Math.max(0, Math.floor((Math.floor(this.capacity * HARD_LOAD) - this.size) / workers));
  }

  /** Lets this thread add `room` fingerprints. */
  allow(room: number): void {
    this.added = 0;
    this.room = room;
  }

  /** Counts fingerprints the workers added (the main thread, between levels). */
  count(added: number): void {
    Atomics.add(this.counter, 0, added);
  }

  /** Bytes the table takes. */
  get bytes(): number {
    return this.buffers.slots.byteLength;
  }

  /**
   * Adds (hi, lo), neither zero; safe while other threads add and look up. Full when this thread
   * has no room left, or when every slot is taken (a probe stops where it began: it never goes
   * round the table twice).
   */
  insert(hi: number, lo: number): Insert {
    const words = this.words;
    const capacity = this.capacity;
    const home = homeSlot(lo, capacity);
    let slot = home;
    for (;;) {
      let h = words[2 * slot] as number;
      if (h === 0) {
        if (this.added >= this.room) return Insert.Full;
        h = Atomics.compareExchange(words, 2 * slot, 0, hi);
        if (h === 0) {
          Atomics.store(words, 2 * slot + 1, lo);
          this.added++;
          return Insert.Added;
        }
      }
      if (h === hi && this.lowWord(slot) === lo) return Insert.Present;
      slot++;
      if (slot === capacity) slot = 0;
      if (slot === home) return Insert.Full;
    }
  }

  /** Never: the shared trace log enforces the run's maxStates. */
  atLimit(): boolean {
    return false;
  }

  /**
   * Adds the `n` fingerprints of `words` ((hi, lo) pairs) in order, as a thread that ran ahead into
   * a level settles the successors it deferred (see LevelStep.beginAhead): 1 for each it added, 0
   * for one already held, NO_ROOM once this thread has no room left (or the table no free slot).
   */
  resolve(words: Uint32Array, n: number): Uint8Array {
    const fresh = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const added = this.insert(words[2 * i] as number, words[2 * i + 1] as number);
      fresh[i] = added === Insert.Added ? 1 : added === Insert.Present ? 0 : NO_ROOM;
    }
    return fresh;
  }

  /** True when (hi, lo) is in the set; safe while other threads add. */
  has(hi: number, lo: number): boolean {
    const words = this.words;
    const capacity = this.capacity;
    const home = homeSlot(lo, capacity);
    let slot = home;
    for (;;) {
      const h = words[2 * slot] as number;
      if (h === 0) return false;
      if (h === hi && this.lowWord(slot) === lo) return true;
      slot++;
      if (slot === capacity) slot = 0;
      if (slot === home) return false;
    }
  }

  /** Adds (hi, lo) when no other thread uses the set (the main thread between levels); true when new. */
  addAlone(hi: number, lo: number): boolean {
    if (!this.place(hi, lo)) return false;
    this.counter[0] = (this.counter[0] as number) + 1;
    return true;
  }

  /** A copy of the set in a larger one of `capacity` slots, made by one thread while no other uses either. */
  grownAlone(capacity: number): SharedFingerprintSet {
    const bigger = SharedFingerprintSet.create(capacity);
    bigger.placeAll(this.copyPart(bigger, 0, 1));
    bigger.count(this.size);
    return bigger;
  }

  /**
   * Adds the fingerprints `copyPart` left over (hi, lo pairs) when no other thread uses the set,
   * once every part is copied. They are counted with the others, by the caller.
   */
  placeAll(spilled: Uint32Array): void {
    for (let i = 0; i < spilled.length; i += 2) this.place(spilled[i] as number, spilled[i + 1] as number);
  }

  /**
   * Copies into `to`, a larger and empty set, the fingerprints whose home slot in `to` is in part
   * `part` of `parts` of its slots: with a thread copying each part at once, the set is copied into
   * a larger one. Each thread writes only to its part of `to`, so it writes without atomics; a
   * fingerprint whose probe runs past the end of its part is left over and returned (hi, lo
   * pairs), for `placeAll`. A fingerprint's home slot grows with its low word in any set (see
   * homeSlot), so those of the part are found together, from the home slot of the least low word
   * that belongs to it to the end of the run of full slots that holds the greatest.
   */
  copyPart(to: SharedFingerprintSet, part: number, parts: number): Uint32Array {
    const from = this.words;
    const capacity = this.capacity;
    const words = to.words;
    const size = to.capacity;
    const first = Math.floor((size * part) / parts);
    const end = Math.floor((size * (part + 1)) / parts);
    const spilled: number[] = [];
    // The bounds of the part's low words, widened by a little for rounding.
    const least = Math.max(0, Math.floor((first / size) * 4294967296) - 2);
    const greatest = Math.min(4294967295, Math.ceil((end / size) * 4294967296) + 2);
    const last = homeSlot(greatest, capacity);
    const start = homeSlot(least, capacity);
    let slot = start;
    let wrapped = false;
    for (;;) {
      const hi = from[2 * slot] as number;
      if (hi === 0) {
        if (wrapped || slot > last) break;
      } else {
        const lo = from[2 * slot + 1] as number;
        let i = homeSlot(lo, size);
        if (i >= first && i < end) {
          while (i < end && words[2 * i] !== 0) i++;
          if (i === end) {
            spilled.push(hi, lo);
          } else {
            words[2 * i] = hi;
            words[2 * i + 1] = lo;
          }
        }
      }
      slot++;
      // A run of full slots at the end of the table goes on at its beginning (up to where this began).
      if (slot === capacity) {
        slot = 0;
        wrapped = true;
      }
      if (wrapped && slot >= start) break;
    }
    return Uint32Array.from(spilled);
  }

  /**
   * Writes (hi, lo) in its slot, unless it is there (no other thread may use the set); true when
   * new. The caller sizes the set for what it places: a full set is a bug, thrown as one.
   */
  private place(hi: number, lo: number): boolean {
    const words = this.words;
    const capacity = this.capacity;
    const home = homeSlot(lo, capacity) * 2;
    let i = home;
    const end = capacity * 2;
    for (;;) {
      const h = words[i] as number;
      if (h === 0) break;
      if (h === hi && words[i + 1] === lo) return false;
      i += 2;
      if (i === end) i = 0;
      if (i === home) throw new InternalError(`the seen set (${capacity} slots) is full`);
    }
    words[i] = hi;
    words[i + 1] = lo;
    return true;
  }

  /** The low word of a claimed slot: written just after the high word, by the thread that claimed it. */
  private lowWord(slot: number): number {
    let lo = this.words[2 * slot + 1] as number;
    while (lo === 0) lo = Atomics.load(this.words, 2 * slot + 1);
    return lo;
  }
}

/** One worker's share of growing a seen set: copy into `to` the fingerprints of `from` in part `part` of `parts` of its slots. */
export interface GrowPart {
  readonly from: SharedFingerprintSetBuffers;
  readonly to: SharedFingerprintSetBuffers;
  readonly part: number;
  readonly parts: number;
}

/** A worker's part of growing the seen set (see SharedFingerprintSet.copyPart): the fingerprints it left over. */
export function copyPartOf(command: GrowPart): Uint32Array {
  return new SharedFingerprintSet(command.from).copyPart(new SharedFingerprintSet(command.to), command.part, command.parts);
}
