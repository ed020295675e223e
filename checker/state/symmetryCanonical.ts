import { isRecord } from 'immutable';
import { fieldTermA, fieldTermB, Fingerprinter, fmix, recordLaneA, recordLaneB, stepA, stepB } from './fingerprint.js';
import { LaneCache, RenamedHasher } from './renamedHasher.js';
import { RenamedLanes } from './renamedLanes.js';
import { StateHasher } from './stateHasher.js';
import type { FieldDelta, FieldHashes } from './stateHasher.js';
import { SymmetricKeyer } from './symmetry.js';
import type { Fingerprint, StateKeyer } from './symmetry.js';

/** Renamings whose hashers are kept before the cache is dropped and grown again. */
const MAX_HASHERS = 2048;
/** 2^21: a signature keeps lane A whole and 21 bits of lane B, 53 bits in all (exact as a double). */
const SIG_SCALE = 2097152;

/** How states are keyed under symmetry: by a canonical renaming found from signatures, or by trying every permutation (the reference). */
export type SymmetryMethod = 'canonical' | 'enumerate';

/** The keyer for the given symmetry sets: `CanonicalKeyer`, or the enumerating `SymmetricKeyer` to check it against. */
export function symmetricKeyer(sets: readonly (readonly string[])[], method: SymmetryMethod = 'canonical'): StateKeyer {
  return method === 'enumerate' ? new SymmetricKeyer(sets) : new CanonicalKeyer(sets);
}

/**
 * Keys a state by a canonical member of its orbit under the permutations of its symmetry sets,
 * found without trying every permutation, so that all states equal up to a renaming of
 * interchangeable model values share one key (TLC's SYMMETRY), and the distinct states are the
 * orbits, as with TLC.
 *
 * Each model value gets a signature that does not depend on the names: the fingerprint of the state
 * with that value replaced by a placeholder and the other values of the sets by one anonymous
 * placeholder per set. Each set is sorted by signature, and the value at place i takes the set's
 * i-th name; the key is the fingerprint of the state so renamed. Values whose signatures tie are
 * either interchangeable (swapping two of them leaves the state as it is, so their order does not
 * matter) or not; only the latter are ordered both ways: the signatures are first refined (each
 * value's signature taken again with the others named by their signatures), and then every order of
 * what still ties is tried, keeping the least fingerprint. Since the signatures, the ties and the
 * orders tried are the same, up to the renaming, for every state of an orbit, so is the key.
 *
 * The key is the fingerprint of a member of the orbit, though not always the one with the least
 * fingerprint that `SymmetricKeyer` (which tries every permutation) keeps: the two count the same
 * orbits, but their fingerprints differ.
 */
export class CanonicalKeyer implements StateKeyer {
  /** The unrenamed fields of parent and child, for `parentFields` and `childFields`. */
  private readonly plain = new StateHasher(new Fingerprinter());
  /** The unrenamed fields of a state keyed by `key`. */
  private readonly keyed = new StateHasher(new Fingerprinter());
  private readonly names: readonly (readonly string[])[];
  /** Every value of every set, in the sets' order; `setOf[e]` is the set of value number e, `first[s]` its first number. */
  private readonly elements: readonly string[];
  private readonly setOf: Int32Array;
  private readonly first: Int32Array;
  private readonly stars: readonly string[];
  private readonly anonymous: readonly string[];
  /** Hashers of the renamings tried as keys, by `layoutKey`. */
  private readonly hashers = new Map<number | string, RenamedHasher>();
  /** The lanes of field values under the renamings of the hashers below, each hasher numbered in it. */
  private readonly laneCache = new LaneCache();
  private renamings = 0;
  private readonly identityHasher = this.renamedHasher(undefined);
  /** Hashers of the swaps of two values x < y, at x * n + y, made when first needed. */
  private readonly swapHashers: (RenamedHasher | undefined)[];
  /** The fixed renamings of the first signatures, value by value, for a state that is not a record. */
  private readonly signatureHashers: RenamedHasher[];
  /** The lanes of field values under each signature's renaming, and the fingerprinter that finishes a signature. */
  private readonly signatureLanes: RenamedLanes;
  private readonly finisher = new Fingerprinter();
  /**
   * The record last signed: its fields' own lanes (`signedKnown` when there is one), and per
   * signature x its field terms (at x × fields + i) and their sums, as RenamedHasher keeps them.
   */
  private signedA = new Int32Array(0);
  private signedB = new Int32Array(0);
  private signedKnown = false;
  private signedTermA = new Int32Array(0);
  private signedTermB = new Int32Array(0);
  private readonly signedSumA: Int32Array;
  private readonly signedSumB: Int32Array;
  /** A renaming changed in place, for refinement, whose renamings depend on the state. */
  private readonly scratchRename = new Map<string, string>();
  private readonly scratch = new Fingerprinter(this.scratchRename);

  // The state keyed: a record's shape lanes and field values, or a value keyed whole.
  private isRecord = false;
  private shapeA = 0;
  private shapeB = 0;
  private parentValues: unknown[] = [];
  private values: unknown[] = [];
  /** The own lanes of the fields of the parent and of the state keyed. */
  private parentA = new Int32Array(0);
  private parentB = new Int32Array(0);
  private valuesA = new Int32Array(0);
  private valuesB = new Int32Array(0);
  private whole: unknown = undefined;
  private dirty = false;
  private keyHi = 0;
  private keyLo = 0;

  // Per-state work arrays, by value number.
  private readonly sig: Float64Array;
  private readonly nextSig: Float64Array;
  private readonly order: number[];
  private identityHi = 0;
  private identityLo = 0;
  private identityKnown = false;

  constructor(sets: readonly (readonly string[])[]) {
    this.names = sets.map((set) => [...set]);
    this.elements = sets.flat();
    const n = this.elements.length;
    this.setOf = new Int32Array(n);
    this.first = new Int32Array(sets.length + 1);
    let e = 0;
    sets.forEach((set, s) => {
      this.first[s] = e;
      for (let i = 0; i < set.length; i++) this.setOf[e++] = s;
    });
    this.first[sets.length] = n;
    this.stars = sets.map((_, s) => `\u0000sym*${s}`);
    this.anonymous = sets.map((_, s) => `\u0000sym?${s}`);
    this.sig = new Float64Array(n);
    this.nextSig = new Float64Array(n);
    this.order = Array.from({ length: n }, (_, i) => i);
    this.swapHashers = new Array<RenamedHasher | undefined>(n * n).fill(undefined);
    this.signatureHashers = this.elements.map((_, x) => {
      const rename = new Map<string, string>();
      this.elements.forEach((value, y) => {
        const s = this.setOf[y] as number;
        rename.set(value, y === x ? (this.stars[s] as string) : (this.anonymous[s] as string));
      });
      return this.renamedHasher(rename);
    });
    this.signatureLanes = new RenamedLanes(this.signatureHashers.map((hasher) => hasher.fingerprinter));
    this.signedSumA = new Int32Array(n);
    this.signedSumB = new Int32Array(n);
  }

  get hi(): number {
    if (this.dirty) this.canonicalize();
    return this.keyHi;
  }

  get lo(): number {
    if (this.dirty) this.canonicalize();
    return this.keyLo;
  }

  setParent(state: unknown, fields?: FieldHashes): Fingerprint {
    this.plain.setParent(state, fields);
    if (!isRecord(state)) {
      this.take(state);
      return this;
    }
    this.adoptShape(state);
    const own = this.plain.parentFields() as FieldHashes;
    const n = this.parentValues.length;
    for (let i = 0; i < n; i++) {
      this.parentValues[i] = this.values[i] = own.values[i];
      this.parentA[i] = this.valuesA[i] = own.a[i] as number;
      this.parentB[i] = this.valuesB[i] = own.b[i] as number;
    }
    this.isRecord = true;
    this.dirty = true;
    return this;
  }

  child(state: unknown): Fingerprint {
    this.plain.fingerprintChild(state);
    const own = this.isRecordLikeParent(state) ? this.plain.childFields() : undefined;
    if (own !== undefined) {
      this.takeFields(own);
      this.isRecord = true;
      this.dirty = true;
    } else {
      this.take(state);
    }
    return this;
  }

  childDelta(delta: FieldDelta): Fingerprint {
    this.plain.fingerprintDelta(delta);
    const values = this.values;
    const parent = this.parentValues;
    const { changed, a, b } = delta;
    for (let i = 0; i < parent.length; i++) {
      values[i] = parent[i];
      this.valuesA[i] = this.parentA[i] as number;
      this.valuesB[i] = this.parentB[i] as number;
    }
    for (let j = 0; j < changed.length; j++) {
      const f = changed[j] as number;
      values[f] = delta.values[j];
      this.valuesA[f] = a[j] as number;
      this.valuesB[f] = b[j] as number;
    }
    this.isRecord = true;
    this.dirty = true;
    return this;
  }

  parentFields(): FieldHashes | undefined {
    return this.plain.parentFields();
  }

  childFields(): FieldHashes | undefined {
    return this.plain.childFields();
  }

  key(state: unknown): Fingerprint {
    if (isRecord(state)) {
      this.adoptShape(state);
      this.keyed.setParent(state);
      this.takeFields(this.keyed.parentFields() as FieldHashes);
      this.isRecord = true;
      this.dirty = true;
    } else {
      this.take(state);
    }
    return this;
  }

  /** Keys `state` whole (it is not a record like the parent). */
  private take(state: unknown): void {
    this.isRecord = false;
    this.whole = state;
    this.dirty = true;
  }

  private shapeProto: object | undefined = undefined;

  private adoptShape(state: object): void {
    const proto = Object.getPrototypeOf(state) as object;
    if (proto === this.shapeProto) return;
    const shape = this.plain.fingerprinter.shapeOf(state);
    this.shapeProto = proto;
    this.shapeA = shape.hashA;
    this.shapeB = shape.hashB;
    const n = shape.keys.length;
    this.parentValues = new Array<unknown>(n);
    this.values = new Array<unknown>(n);
    this.parentA = new Int32Array(n);
    this.parentB = new Int32Array(n);
    this.valuesA = new Int32Array(n);
    this.valuesB = new Int32Array(n);
    this.signedA = new Int32Array(n);
    this.signedB = new Int32Array(n);
    this.signedKnown = false;
    this.signedTermA = new Int32Array(n * this.elements.length);
    this.signedTermB = new Int32Array(n * this.elements.length);
    this.signedSumA.fill(0);
    this.signedSumB.fill(0);
  }

  /** Takes the values and own lanes of a record's fields (of the shape adopted) as the state keyed. */
  private takeFields(fields: FieldHashes): void {
    for (let i = 0; i < this.values.length; i++) {
      this.values[i] = fields.values[i];
      this.valuesA[i] = fields.a[i] as number;
      this.valuesB[i] = fields.b[i] as number;
    }
  }

  private isRecordLikeParent(state: unknown): boolean {
    return isRecord(state) && this.shapeProto !== undefined && Object.getPrototypeOf(state) === this.shapeProto;
  }

  /** A hasher of the renaming `rename`, numbered in the lane cache. */
  private renamedHasher(rename: ReadonlyMap<string, string> | undefined): RenamedHasher {
    return new RenamedHasher(rename, this.laneCache, this.renamings++);
  }

  /** Fingerprints the current state with `hasher` (into its `hi` and `lo`). */
  private hashWith(hasher: RenamedHasher): void {
    if (this.isRecord) hasher.record(this.shapeA, this.shapeB, this.values, this.valuesA, this.valuesB);
    else hasher.fingerprinter.fingerprint(this.whole);
  }

  /** The hasher of the renaming that gives the value laid at place i of its set the set's i-th name. */
  private hasherOf(laid: readonly number[]): RenamedHasher {
    const n = laid.length;
    let key: number | string;
    if (n <= 13) {
      key = 0;
      for (let p = n - 1; p >= 0; p--) key = key * n + (laid[p] as number);
    } else {
      key = laid.join(',');
    }
    let hasher = this.hashers.get(key);
    if (hasher === undefined) {
      if (this.hashers.size >= MAX_HASHERS) this.hashers.clear();
      const rename = this.renamingOf(laid);
      hasher = rename.size === 0 ? this.identityHasher : this.renamedHasher(rename);
      this.hashers.set(key, hasher);
    }
    return hasher;
  }

  /** The current state's own fingerprint, in (identityHi, identityLo). */
  private identity(): void {
    if (this.identityKnown) return;
    this.hashWith(this.identityHasher);
    this.identityHi = this.identityHasher.hi;
    this.identityLo = this.identityHasher.lo;
    this.identityKnown = true;
  }

  /** Whether swapping values x and y (of one set) leaves the current state as it is. */
  private swapFixes(x: number, y: number): boolean {
    const lo = Math.min(x, y);
    const hi = Math.max(x, y);
    const at = lo * this.elements.length + hi;
    let hasher = this.swapHashers[at];
    if (hasher === undefined) {
      const a = this.elements[lo] as string;
      const b = this.elements[hi] as string;
      hasher = this.renamedHasher(
        new Map([
          [a, b],
          [b, a],
        ]),
      );
      this.swapHashers[at] = hasher;
    }
    this.hashWith(hasher);
    this.identity();
    return hasher.hi === this.identityHi && hasher.lo === this.identityLo;
  }

  private canonicalize(): void {
    this.dirty = false;
    this.identityKnown = false;
    const n = this.elements.length;
    if (this.isRecord) {
      this.signRecord();
    } else {
      for (let x = 0; x < n; x++) {
        const hasher = this.signatureHashers[x] as RenamedHasher;
        this.hashWith(hasher);
        this.sig[x] = hasher.hi * SIG_SCALE + (hasher.lo >>> 11);
      }
    }
    if (!this.sortOrder()) {
      // No ties: the order by signature is the one renaming.
      const hasher = this.hasherOf(this.order);
      this.hashWith(hasher);
      this.keyHi = hasher.hi;
      this.keyLo = hasher.lo;
      return;
    }
    let cells = this.cells();
    let classes = this.classesOf(cells);
    if (classes.some((cell) => cell.length > 1)) {
      // Some tie holds values that are not interchangeable: refine by the others' signatures.
      for (let round = 0; round < n; round++) {
        const before = cells.length;
        this.refine();
        this.sortOrder();
        cells = this.cells();
        if (cells.length === before) break;
        classes = this.classesOf(cells);
        if (!classes.some((cell) => cell.length > 1)) break;
      }
      classes = this.classesOf(cells);
    }
    this.keyBy(this.arrangements(classes));
  }

  /**
   * The first signatures of a record (the current state), as RenamedHasher would fingerprint it
   * under each signature's renaming: only the fields whose own lanes differ from the record signed
   * before are looked up (their lanes under every renaming at once) and their terms replaced.
   */
  private signRecord(): void {
    const n = this.elements.length;
    const fields = this.values.length;
    const { valuesA, valuesB, signedA, signedB, signedTermA, signedTermB, signedSumA, signedSumB } = this;
    const table = this.signatureLanes;
    for (let i = 0; i < fields; i++) {
      const a = valuesA[i] as number;
      const b = valuesB[i] as number;
      if (this.signedKnown && signedA[i] === a && signedB[i] === b) continue;
      const at = table.find(this.values[i], a, b);
      const lanes = table.lanes;
      for (let x = 0, t = i; x < n; x++, t += fields) {
        const ta = fieldTermA(i, lanes[at + 2 * x] as number);
        const tb = fieldTermB(i, lanes[at + 2 * x + 1] as number);
        signedSumA[x] = ((signedSumA[x] as number) - (signedTermA[t] as number) + ta) | 0;
        signedSumB[x] = ((signedSumB[x] as number) - (signedTermB[t] as number) + tb) | 0;
        signedTermA[t] = ta;
        signedTermB[t] = tb;
      }
      signedA[i] = a;
      signedB[i] = b;
    }
    this.signedKnown = true;
    const fp = this.finisher;
    for (let x = 0; x < n; x++) {
      fp.finish(recordLaneA(this.shapeA, signedSumA[x] as number), recordLaneB(this.shapeB, signedSumB[x] as number));
      this.sig[x] = fp.hi * SIG_SCALE + (fp.lo >>> 11);
    }
  }

  /** Sorts each set's values in `order` by signature; true when two of a set tie. */
  private sortOrder(): boolean {
    const sig = this.sig;
    const order = this.order;
    let tie = false;
    for (let s = 0; s + 1 < this.first.length; s++) {
      const from = this.first[s] as number;
      const to = this.first[s + 1] as number;
      for (let i = from + 1; i < to; i++) {
        const x = order[i] as number;
        const key = sig[x] as number;
        let j = i - 1;
        while (j >= from && (sig[order[j] as number] as number) > key) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = x;
        if (j >= from && sig[order[j] as number] === key) tie = true;
      }
    }
    return tie;
  }

  /** The runs of equal signatures in `order` (cells), set by set, in order. */
  private cells(): number[][] {
    const sig = this.sig;
    const cells: number[][] = [];
    for (let s = 0; s + 1 < this.first.length; s++) {
      let cell: number[] = [];
      for (let i = this.first[s] as number; i < (this.first[s + 1] as number); i++) {
        const x = this.order[i] as number;
        if (cell.length > 0 && sig[cell[0] as number] !== sig[x]) {
          cells.push(cell);
          cell = [];
        }
        cell.push(x);
      }
      if (cell.length > 0) cells.push(cell);
    }
    return cells;
  }

  /** Each cell split into classes of values any two of which can be swapped leaving the state as it is. */
  private classesOf(cells: readonly number[][]): number[][][] {
    return cells.map((cell) => {
      if (cell.length === 1) return [cell];
      const classes: number[][] = [];
      for (const x of cell) {
        const same = classes.find((members) => this.swapFixes(x, members[0] as number));
        if (same !== undefined) same.push(x);
        else classes.push([x]);
      }
      return classes;
    });
  }

  /** One round of refinement: each value's signature taken again with every other value named by its signature. */
  private refine(): void {
    const n = this.elements.length;
    const sig = this.sig;
    const rename = this.scratchRename;
    for (let y = 0; y < n; y++) rename.set(this.elements[y] as string, `\u0000sym${this.setOf[y]}:${sig[y]}`);
    const fp = this.scratch;
    for (let x = 0; x < n; x++) {
      const name = this.elements[x] as string;
      const own = rename.get(name) as string;
      rename.set(name, this.stars[this.setOf[x] as number] as string);
      let a: number;
      let b: number;
      if (this.isRecord) {
        a = 0;
        b = 0;
        for (let i = 0; i < this.values.length; i++) {
          const la = fp.hash(this.values[i]);
          a = (a + fieldTermA(i, la)) | 0;
          b = (b + fieldTermB(i, fp.laneB)) | 0;
        }
      } else {
        a = fp.hash(this.whole);
        b = fp.laneB;
      }
      rename.set(name, own);
      const s = sig[x] as number;
      const mixedA = fmix(stepA(stepA(a, s | 0), (s / 4294967296) | 0)) >>> 0;
      const mixedB = fmix(stepB(b, s | 0)) >>> 11;
      this.nextSig[x] = mixedA * SIG_SCALE + mixedB;
    }
    sig.set(this.nextSig);
  }

  /**
   * The orders to try, cell by cell: every distinct sequence of a cell's classes (the members of a
   * class, being interchangeable, go in one fixed order).
   */
  private arrangements(classes: readonly number[][][]): number[][][] {
    return classes.map((cell) => {
      if (cell.length === 1) return [cell[0] as number[]];
      const counts = cell.map((members) => members.length);
      const out: number[][] = [];
      const seq: number[] = [];
      const total = counts.reduce((x, y) => x + y, 0);
      const walk = (): void => {
        if (seq.length === total) {
          const used = new Array<number>(cell.length).fill(0);
          out.push(seq.map((c) => (cell[c] as number[])[used[c]++ as number] as number));
          return;
        }
        for (let c = 0; c < counts.length; c++) {
          if ((counts[c] as number) === 0) continue;
          counts[c]--;
          seq.push(c);
          walk();
          seq.pop();
          counts[c]++;
        }
      };
      walk();
      return out;
    });
  }

  /**
   * Keys the state by the least fingerprint over the choices of one order per cell: each choice
   * lays each set's values out in cell order, and the value at place i takes the set's i-th name.
   */
  private keyBy(choices: readonly (readonly number[][])[]): void {
    let bestHi = 0xffffffff;
    let bestLo = 0xffffffff;
    const pick = new Array<number>(choices.length).fill(0);
    const laid: number[] = [];
    for (;;) {
      laid.length = 0;
      for (let c = 0; c < choices.length; c++) {
        const chosen = (choices[c] as number[][])[pick[c] as number] as number[];
        for (const x of chosen) laid.push(x);
      }
      const hasher = this.hasherOf(laid);
      this.hashWith(hasher);
      const h = hasher.hi;
      const l = hasher.lo;
      if (h < bestHi || (h === bestHi && l < bestLo)) {
        bestHi = h;
        bestLo = l;
      }
      let c = choices.length - 1;
      while (c >= 0 && (pick[c] as number) + 1 >= (choices[c] as unknown[]).length) pick[c--] = 0;
      if (c < 0) break;
      pick[c]++;
    }
    this.keyHi = bestHi;
    this.keyLo = bestLo;
  }

  /** The renaming that gives the value laid at place i (counted from its set's start) the set's i-th name. */
  private renamingOf(laid: readonly number[]): Map<string, string> {
    const rename = new Map<string, string>();
    for (let p = 0; p < laid.length; p++) {
      const x = laid[p] as number;
      const s = this.setOf[x] as number;
      const name = (this.names[s] as readonly string[])[p - (this.first[s] as number)] as string;
      const value = this.elements[x] as string;
      if (name !== value) rename.set(value, name);
    }
    return rename;
  }
}
