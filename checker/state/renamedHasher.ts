import { fieldTermA, fieldTermB, Fingerprinter, recordLaneA, recordLaneB } from './fingerprint.js';

/** Entries the cache keeps before it is dropped and grown again. */
const MAX_ENTRIES = 1 << 18;
/** Words a slot: taken (1) or empty (0), the value's own lanes A and B, the renaming's number, the value's lanes under it. */
const STRIDE = 6;

/**
 * The hash lanes of field values under renamings, found by the values' own lanes and the renaming's
 * number: one open-addressing table shared by the hashers of a keyer, so that each value is hashed
 * under each renaming once, and its lanes are found without a lookup by identity. As for
 * fingerprints, values with equal lanes are taken to be equal.
 */
export class LaneCache {
  private slots = new Int32Array(STRIDE << 10);
  private mask = (1 << 10) - 1;
  private count = 0;

  /** The table's words: the lanes found at `at` are at `at` and `at + 1`; valid until the next `find`. */
  get lanes(): Int32Array {
    return this.slots;
  }

  /** Where the lanes of `value` (own lanes (a, b)) under renaming number `renaming` (hashed by `fp`) are in `lanes`. */
  find(value: unknown, a: number, b: number, renaming: number, fp: Fingerprinter): number {
    let slots = this.slots;
    let i = slotOf(a, b, renaming, this.mask);
    for (;;) {
      const at = i * STRIDE;
      if (slots[at] === 0) break;
      if (slots[at + 1] === a && slots[at + 2] === b && slots[at + 3] === renaming) return at + 4;
      i = (i + 1) & this.mask;
    }
    const laneA = fp.hash(value);
    const laneB = fp.laneB;
    if (this.count >= MAX_ENTRIES) this.clear();
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    slots = this.slots;
    i = slotOf(a, b, renaming, this.mask);
    while (slots[i * STRIDE] !== 0) i = (i + 1) & this.mask;
    const at = i * STRIDE;
    slots[at] = 1;
    slots[at + 1] = a;
    slots[at + 2] = b;
    slots[at + 3] = renaming;
    slots[at + 4] = laneA;
    slots[at + 5] = laneB;
    this.count++;
    return at + 4;
  }

  private clear(): void {
    this.mask = (1 << 10) - 1;
    this.slots = new Int32Array(STRIDE << 10);
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array((this.mask + 1) * STRIDE);
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from] === 0) continue;
      let i = slotOf(old[from + 1] as number, old[from + 2] as number, old[from + 3] as number, this.mask);
      while (this.slots[i * STRIDE] !== 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(from, from + STRIDE), i * STRIDE);
    }
  }
}

function slotOf(a: number, b: number, renaming: number, mask: number): number {
  return (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(renaming + 1, 0x85ebca6b)) & mask;
}

/**
 * Fingerprints states under one renaming of model values (number `renaming` in `cache`). A record is
 * given with its fields' own lanes: only the fields whose own lanes differ from the last record's
 * (successors share most of their fields with their parent and with each other) are hashed again,
 * through the cache, and their terms replaced in the sums (a field's term depends on its number and
 * value alone, not on the record's type).
 */
export class RenamedHasher {
  readonly fingerprinter: Fingerprinter;
  private lastA = new Int32Array(0);
  private lastB = new Int32Array(0);
  private lastKnown = false;
  /** The field terms of the last record (see `fieldTermA`), and their sums. */
  private termA = new Int32Array(0);
  private termB = new Int32Array(0);
  private sumA = 0;
  private sumB = 0;

  constructor(
    rename: ReadonlyMap<string, string> | undefined,
    private readonly cache: LaneCache,
    private readonly renaming: number,
  ) {
    this.fingerprinter = new Fingerprinter(rename);
  }

  get hi(): number {
    return this.fingerprinter.hi;
  }

  get lo(): number {
    return this.fingerprinter.lo;
  }

  /** Fingerprints a record of the shape with lanes (shapeA, shapeB) whose field values are `values`, with own lanes `ownA` and `ownB`. */
  record(shapeA: number, shapeB: number, values: readonly unknown[], ownA: Int32Array, ownB: Int32Array): void {
    const n = values.length;
    if (this.termA.length !== n) {
      this.lastA = new Int32Array(n);
      this.lastB = new Int32Array(n);
      this.lastKnown = false;
      this.termA = new Int32Array(n);
      this.termB = new Int32Array(n);
      this.sumA = 0;
      this.sumB = 0;
    }
    const { lastA, lastB, termA, termB, cache } = this;
    // Unknown until the sums are stored: a value that does not hash leaves every field to hash again.
    const known = this.lastKnown;
    this.lastKnown = false;
    let a = known ? this.sumA : 0;
    let b = known ? this.sumB : 0;
    for (let i = 0; i < n; i++) {
      const ownLaneA = ownA[i] as number;
      const ownLaneB = ownB[i] as number;
      if (known && ownLaneA === lastA[i] && ownLaneB === lastB[i]) continue;
      const at = cache.find(values[i], ownLaneA, ownLaneB, this.renaming, this.fingerprinter);
      const lanes = cache.lanes;
      const ta = fieldTermA(i, lanes[at] as number);
      const tb = fieldTermB(i, lanes[at + 1] as number);
      a = (a - (known ? (termA[i] as number) : 0) + ta) | 0;
      b = (b - (known ? (termB[i] as number) : 0) + tb) | 0;
      termA[i] = ta;
      termB[i] = tb;
      lastA[i] = ownLaneA;
      lastB[i] = ownLaneB;
    }
    this.lastKnown = true;
    this.sumA = a;
    this.sumB = b;
    this.fingerprinter.finish(recordLaneA(shapeA, a), recordLaneB(shapeB, b));
  }
}
