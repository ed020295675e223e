import { isList, isMap, isOrdered, isRecord, isSet, isStack } from 'immutable';
import { recordKeys } from './recordKeys.js';

/** A value inside a state that is not an Immutable value or a primitive (a plain object or array). */
export class NotAValueError extends Error {
  constructor(readonly value: unknown) {
    super(`a state must be built from Immutable.js values and primitives, found ${describe(value)}`);
    this.name = 'NotAValueError';
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a plain array';
  if (typeof value === 'object' && value !== null) return `a plain ${value.constructor?.name ?? 'object'}`;
  return typeof value;
}

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function stepA(acc: number, x: number): number {
  return Math.imul((acc ^ x) + 0x632be5ab, 0x9e3779b1) ^ ((acc << 7) | (acc >>> 25));
}

export function stepB(acc: number, x: number): number {
  return Math.imul((acc ^ x) + 0x2545f491, 0x27d4eb2f) ^ ((acc << 11) | (acc >>> 21));
}

// Seeds that tag each kind of value, so that equal hashes of different kinds do not meet.
const TAG = {
  int: 0x1b873593,
  float: 0x7fb5d329,
  string: 0x68e31da4,
  true: 0x3c6ef372,
  false: 0x5be0cd19,
  null: 0x510e527f,
  undefined: 0x1f83d9ab,
  list: 0x6a09e667,
  map: 0x243f6a88,
  orderedMap: 0x13198a2e,
  set: 0x3707344a,
  orderedSet: 0x299f31d0,
  record: 0x082efa98,
} as const;

/** Field names of a Record type, with a hash of them, cached by prototype. */
interface RecordShape {
  readonly keys: readonly string[];
  readonly hashA: number;
  readonly hashB: number;
}

/**
 * Computes 64-bit fingerprints of Immutable values (two independent 32-bit lanes, `hi` and `lo`).
 * Equal values get equal fingerprints: maps and sets are hashed without regard to order. Given a
 * renaming of model values (a symmetry permutation), it fingerprints the renamed value without
 * building it.
 */
export class Fingerprinter {
  /** High word of the last fingerprint. */
  hi = 0;
  /** Low word of the last fingerprint. */
  lo = 0;
  /** Lane B of the hash computed by the last call of `hash`. */
  laneB = 0;
  private sumA = 0;
  private sumB = 0;
  private readonly shapes = new WeakMap<object, RecordShape>();
  private readonly addEntry = (value: unknown, key: unknown): void => {
    const ka = this.hash(key);
    const kb = this.laneB;
    const va = this.hash(value);
    const vb = this.laneB;
    this.sumA = (this.sumA + fmix(stepA(ka, va))) | 0;
    this.sumB = (this.sumB + fmix(stepB(kb, vb))) | 0;
  };
  private readonly addMember = (value: unknown): void => {
    const va = this.hash(value);
    this.sumA = (this.sumA + fmix(va ^ 0x5bd1e995)) | 0;
    this.sumB = (this.sumB + fmix(this.laneB ^ 0x1b873593)) | 0;
  };
  private orderedA = 0;
  private orderedB = 0;
  private readonly addOrdered = (value: unknown, key: unknown): void => {
    const ka = this.hash(key);
    const kb = this.laneB;
    const va = this.hash(value);
    const vb = this.laneB;
    this.orderedA = stepA(stepA(this.orderedA, ka), va);
    this.orderedB = stepB(stepB(this.orderedB, kb), vb);
  };

  constructor(private readonly rename?: ReadonlyMap<string, string>) {}

  /** Fingerprints `value` into `hi` and `lo`. */
  fingerprint(value: unknown): void {
    const a = this.hash(value);
    this.finish(a, this.laneB);
  }

  /** Sets `hi` and `lo` from the two lanes, neither of them zero (zero marks an empty slot). */
  finish(a: number, b: number): void {
    this.hi = fmix(a ^ 0x9e3779b9) >>> 0 || 1;
    this.lo = fmix(b ^ 0x7f4a7c15) >>> 0 || 1;
  }

  /** Lane A of the hash of `value`; lane B is left in `laneB`. */
  hash(value: unknown): number {
    switch (typeof value) {
      case 'number':
        return this.hashNumber(value);
      case 'string':
        return this.hashString(this.rename?.get(value) ?? value);
      case 'boolean':
        this.laneB = value ? ~TAG.true : ~TAG.false;
        return value ? TAG.true : TAG.false;
      case 'undefined':
        this.laneB = ~TAG.undefined;
        return TAG.undefined;
      case 'object':
        if (value === null) {
          this.laneB = ~TAG.null;
          return TAG.null;
        }
        return this.hashObject(value);
      default:
        throw new NotAValueError(value);
    }
  }

  /** The lanes of a record's shape (its field names), cached. */
  shapeOf(record: object): RecordShape {
    const proto = Object.getPrototypeOf(record) as object;
    let shape = this.shapes.get(proto);
    if (shape === undefined) {
      const keys = recordKeys(record);
      let a: number = TAG.record;
      let b = ~TAG.record;
      for (const key of keys) {
        a = stepA(a, this.hashString(key));
        b = stepB(b, this.laneB);
      }
      shape = { keys, hashA: a, hashB: b };
      this.shapes.set(proto, shape);
    }
    return shape;
  }

  private hashNumber(value: number): number {
    if ((value | 0) === value) {
      this.laneB = fmix(Math.imul(value, 0x2545f491) ^ ~TAG.int);
      return fmix(value ^ TAG.int);
    }
    // Every NaN is one value (Immutable's \`is\`), whatever bits it carries.
    float[0] = value === value ? value : NaN;
    const w0 = floatWords[0] as number;
    const w1 = floatWords[1] as number;
    this.laneB = fmix(stepB(w1 ^ ~TAG.float, w0));
    return fmix(stepA(w0 ^ TAG.float, w1));
  }

  private hashString(value: string): number {
    let a = TAG.string ^ value.length;
    let b = ~TAG.string;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.laneB = fmix(b);
    return fmix(a);
  }

  private hashObject(value: object): number {
    if (isRecord(value)) return this.hashRecord(value);
    if (isList(value) || isStack(value)) {
      const list = value as unknown as { size: number; get(i: number): unknown; forEach(f: (v: unknown) => unknown): number };
      let a = TAG.list ^ list.size;
      let b = ~TAG.list ^ list.size;
      if (isList(value)) {
        for (let i = 0; i < list.size; i++) {
          const ha = this.hash(list.get(i));
          a = stepA(a, ha);
          b = stepB(b, this.laneB);
        }
      } else {
        list.forEach((item) => {
          const ha = this.hash(item);
          a = stepA(a, ha);
          b = stepB(b, this.laneB);
        });
      }
      this.laneB = fmix(b);
      return fmix(a);
    }
    if (isMap(value)) return isOrdered(value) ? this.hashOrdered(value, TAG.orderedMap) : this.hashUnordered(value, TAG.map, this.addEntry);
    if (isSet(value)) return isOrdered(value) ? this.hashOrdered(value, TAG.orderedSet) : this.hashUnordered(value, TAG.set, this.addMember);
    throw new NotAValueError(value);
  }

  private hashRecord(record: object): number {
    const shape = this.shapeOf(record);
    const fields = record as { get(k: string): unknown };
    let a = 0;
    let b = 0;
    const keys = shape.keys;
    for (let i = 0; i < keys.length; i++) {
      const ha = this.hash(fields.get(keys[i] as string));
      a = (a + fieldTermA(i, ha)) | 0;
      b = (b + fieldTermB(i, this.laneB)) | 0;
    }
    this.laneB = recordLaneB(shape.hashB, b);
    return recordLaneA(shape.hashA, a);
  }

  private hashUnordered(value: object, tag: number, add: (v: unknown, k: unknown) => void): number {
    const savedA = this.sumA;
    const savedB = this.sumB;
    this.sumA = 0;
    this.sumB = 0;
    const collection = value as { size: number; forEach(f: (v: unknown, k: unknown) => unknown): number };
    collection.forEach(add);
    const a = fmix(stepA(tag ^ collection.size, this.sumA));
    const b = fmix(stepB(~tag ^ collection.size, this.sumB));
    this.sumA = savedA;
    this.sumB = savedB;
    this.laneB = b;
    return a;
  }

  private hashOrdered(value: object, tag: number): number {
    const savedA = this.orderedA;
    const savedB = this.orderedB;
    const collection = value as { size: number; forEach(f: (v: unknown, k: unknown) => unknown): number };
    this.orderedA = tag ^ collection.size;
    this.orderedB = ~tag ^ collection.size;
    collection.forEach(this.addOrdered);
    const a = fmix(this.orderedA);
    const b = fmix(this.orderedB);
    this.orderedA = savedA;
    this.orderedB = savedB;
    this.laneB = b;
    return a;
  }
}

/*
 * A record's lanes are a sum of one term per field, each a strong mix of the field's number and its
 * value's lane, finished with the record type's lanes. A sum rather than a chain: a successor that
 * changes k fields of its parent is fingerprinted in O(k) from the parent's sums (as in Zobrist
 * hashing), and the sums of a queued state are kept with it.
 */

/** Lane A's term of field number `i` whose value has lane A `a`. */
export function fieldTermA(i: number, a: number): number {
  return fmix(stepA(Math.imul(i + 1, 0x9e3779b1), a));
}

/** Lane B's term of field number `i` whose value has lane B `b`. */
export function fieldTermB(i: number, b: number): number {
  return fmix(stepB(Math.imul(i + 1, 0x85ebca77), b));
}

/** Lane A of a record of shape lane `shapeA` whose field terms sum to `sum`. */
export function recordLaneA(shapeA: number, sum: number): number {
  return fmix(stepA(shapeA, sum));
}

/** Lane B of a record of shape lane `shapeB` whose field terms sum to `sum`. */
export function recordLaneB(shapeB: number, sum: number): number {
  return fmix(stepB(shapeB, sum));
}

/** Sums the field terms of per-field lanes into `sums` ([lane A's, lane B's]). */
export function sumFieldTerms(fieldA: Int32Array, fieldB: Int32Array, sums: Int32Array): void {
  let a = 0;
  let b = 0;
  for (let i = 0; i < fieldA.length; i++) {
    a = (a + fieldTermA(i, fieldA[i] as number)) | 0;
    b = (b + fieldTermB(i, fieldB[i] as number)) | 0;
  }
  sums[0] = a;
  sums[1] = b;
}
