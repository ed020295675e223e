import { isRecord } from 'immutable';
import { fieldTermA, fieldTermB, Fingerprinter } from '../state/fingerprint.js';
import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';
import type { StateQueue } from './types.js';
import { ValueTable } from '../state/valueTable.js';
import type { Canonicalizer } from '../state/canonical.js';
import { InternalError } from '../errors.js';

/** A Record type met in the level, with the last state built of it (what the next one is built from). */
interface Shape {
  readonly keys: readonly string[];
  template: { withMutations(f: (r: { set(k: string, v: unknown): unknown }) => void): unknown };
  /** Value numbers of the template's fields; -1 when they are not known in the current table. */
  readonly ids: Int32Array;
  /** Value numbers of the last state read (in `fields`), which the template may not have yet. */
  readonly fieldIds: Int32Array;
  /** The fields of the last state read (values, lanes, sums), handed to the keyer so that it does not hash them again. */
  readonly fields: { readonly values: unknown[]; readonly a: Int32Array; readonly b: Int32Array; readonly sums: Int32Array };
  /** The field values of the last state queued, and their numbers: its siblings share most of them. */
  readonly pushed: unknown[];
  readonly pushedIds: Int32Array;
  /** The value numbers of the last entry read. */
  readonly read: Int32Array;
}

/**
 * States of a frontier written as numbers for another thread (see Frontier.rowsFrom): per state,
 * the number of its record type in `likes`, the two sums of its field terms, and per field the
 * number of its value in `values`; or, for a state that is not a record, -1 and the number of the
 * state itself in `values`.
 */
export interface FrontierRows<S extends State> {
  /** A state of each record type, in order of first use. */
  readonly likes: readonly S[];
  /** The index (from the first state written) of the first state of each type. */
  readonly likeFirsts: readonly number[];
  /** The distinct values, in order of first use. */
  readonly values: readonly unknown[];
  /** Their hash lanes, two words a value. */
  readonly lanes: Int32Array;
  /** The index of the first state that holds each value. */
  readonly firsts: readonly number[];
  readonly rows: Int32Array;
  /** The numbers of the states. */
  readonly ids: readonly number[];
}

// An entry begins with (shape or other state's index) × 4 + its kind; a record's goes on with the
// sums of its field terms (two words), a delta's mask of the fields that differ, and field numbers.
const FULL = 0;
const DELTA = 1;
const OTHER = 2;
/** Every this many entries, one holds all its fields, so that reading can start there. */
const KEY_EVERY = 64;
/** Record types with more fields than bits in a mask are always written in full. */
const MASK_FIELDS = 31;

/**
 * The states of one breadth-first level, with their state numbers, kept compact. A Record state is
 * one value number per field (see ValueTable), written as the fields that differ from the state
 * queued before it (its siblings share most), and built again when it is taken out, from the state
 * taken out before it, setting only the fields that differ. Queued states are most of the memory of
 * a run and most of what the garbage collector walks: a PikaReplication state takes about 2 KB as
 * objects, about 33 bytes here (with the sums of its field terms). Other states are kept as they are.
 */
export class Frontier<S extends State> implements StateQueue<S> {
  private readonly table: ValueTable;
  private readonly fingerprinter = new Fingerprinter();
  private readonly shapes: Shape[] = [];
  private readonly shapeIndex = new Map<object, number>();
  private words = new Int32Array(1 << 12);
  private used = 0;
  /** Where every KEY_EVERY-th entry begins. */
  private keys = new Uint32Array(1 << 4);
  private numbers = new Uint32Array(1 << 8);
  private count = 0;
  private others: unknown[] = [];
  /** The shape of the last entry written (-1: none, or another state). */
  private lastShape = -1;
  // Reading position: the next entry and where it begins.
  private nextRead = 0;
  private readAt = 0;
  /** The last state read: its shape, or the state itself when it is not a record. */
  private readShape: Shape | undefined;
  private readOther: S | undefined;

  /** `exact`: tell field values apart by value, not only by their hash lanes; `canonical`: share the values kept (see ValueTable). */
  constructor(
    exact = false,
    private readonly canonical?: Canonicalizer,
  ) {
    this.table = new ValueTable(exact, canonical && ((value, a, b) => canonical.shared(value, a, b)));
  }

  /** Number of states queued. */
  get length(): number {
    return this.count;
  }

  /** Bytes taken by the encoded states (not counting the shared values). */
  get bytes(): number {
    return this.words.byteLength + this.keys.byteLength + this.numbers.byteLength;
  }

  /**
   * Queues `state`, numbered `id`; `fields` are its field values and lanes when the caller has them,
   * and then `state` may be any state of the same Record type (only its type is read).
   */
  push(state: S, id: number, fields?: FieldHashes): void {
    const index = this.add(id);
    const shapeId = isRecord(state) ? this.shapeOf(state) : -1;
    if (shapeId < 0) {
      this.reserve(1);
      this.words[this.used++] = this.others.length * 4 + OTHER;
      this.others.push(state);
      this.lastShape = -1;
      return;
    }
    const shape = this.shapes[shapeId] as Shape;
    const { keys, pushed, pushedIds } = shape;
    const n = keys.length;
    // Relative to the entry before, when it is of this shape: pushedIds are then its numbers.
    const delta = index % KEY_EVERY !== 0 && this.lastShape === shapeId && n <= MASK_FIELDS;
    this.lastShape = shapeId;
    this.reserve(4 + n);
    const words = this.words;
    const head = this.used;
    let at = head + (delta ? 4 : 3);
    let mask = 0;
    const given = fields !== undefined && fields.a.length === n ? fields : undefined;
    // The sums of the field terms, kept so that the keyer need not compute them again.
    let sumA = 0;
    let sumB = 0;
    for (let i = 0; i < n; i++) {
      let value: unknown;
      let a: number;
      let b: number;
      if (given !== undefined) {
        value = given.values[i];
        a = given.a[i] as number;
        b = given.b[i] as number;
      } else {
        value = (state as unknown as { get(k: string): unknown }).get(keys[i] as string);
        a = this.fingerprinter.hash(value);
        b = this.fingerprinter.laneB;
      }
      if (given?.sums === undefined) {
        sumA = (sumA + fieldTermA(i, a)) | 0;
        sumB = (sumB + fieldTermB(i, b)) | 0;
      }
      const before = pushedIds[i] as number;
      if (value !== pushed[i] || before < 0) {
        pushed[i] = value;
        pushedIds[i] = this.table.intern(value, a, b);
      }
      const number = pushedIds[i] as number;
      if (!delta) {
        words[at++] = number;
      } else if (number !== before) {
        words[at++] = number;
        mask |= 1 << i;
      }
    }
    words[head] = shapeId * 4 + (delta ? DELTA : FULL);
    words[head + 1] = given?.sums !== undefined ? (given.sums[0] as number) : sumA;
    words[head + 2] = given?.sums !== undefined ? (given.sums[1] as number) : sumB;
    if (delta) words[head + 3] = mask;
    this.used = at;
  }

  /**
   * The states from the `from`-th on, as numbers, for another thread: none is built, and no value
   * is read but once. See FrontierRows.
   */
  rowsFrom(from: number): FrontierRows<S> {
    const table = this.table;
    const dense = new Int32Array(table.size).fill(-1);
    const values: unknown[] = [];
    const lanes: number[] = [];
    const firsts: number[] = [];
    const typeOf = new Int32Array(this.shapes.length).fill(-1);
    const likes: S[] = [];
    const likeFirsts: number[] = [];
    const rows: number[] = [];
    const valueOf = (value: unknown, a: number, b: number, state: number): number => {
      values.push(value);
      lanes.push(a, b);
      firsts.push(state);
      return values.length - 1;
    };
    if (from < this.count) this.seek(from);
    for (let i = from; i < this.count; i++) {
      const head = this.words[this.readAt] as number;
      this.readEntry();
      if ((head & 3) === OTHER) {
        rows.push(-1, valueOf(this.others[head >> 2], 0, 0, i - from));
        continue;
      }
      const shapeId = head >> 2;
      const shape = this.shapes[shapeId] as Shape;
      let type = typeOf[shapeId] as number;
      if (type < 0) {
        type = typeOf[shapeId] = likes.length;
        likes.push(shape.template as unknown as S);
        likeFirsts.push(i - from);
      }
      rows.push(type, shape.fields.sums[0] as number, shape.fields.sums[1] as number);
      const read = shape.read;
      for (let f = 0; f < read.length; f++) {
        const id = read[f] as number;
        let k = dense[id] as number;
        if (k < 0) k = dense[id] = valueOf(table.value(id), table.laneA(id), table.laneB(id), i - from);
        rows.push(k);
      }
    }
    this.rewind();
    return { likes, likeFirsts, values, lanes: Int32Array.from(lanes), firsts, rows: Int32Array.from(rows), ids: this.ids(from) };
  }

  /**
   * Queues the states of `rows` (see rowsFrom, written in another thread), numbered `ids`, each
   * written in full: `likes` are states of their record types here, and `value(k)` builds value k
   * when no value with its lanes is known here (shared with the canonical values, when the frontier
   * has them); each value is built and interned once.
   */
  pushRows(rows: Int32Array, ids: ArrayLike<number>, likes: readonly S[], lanes: Int32Array, value: (k: number) => unknown): void {
    const local = new Int32Array(lanes.length >> 1).fill(-1);
    const table = this.table;
    const intern = (k: number): number => {
      const a = lanes[2 * k] as number;
      const b = lanes[2 * k + 1] as number;
      let id = table.find(a, b);
      if (id < 0) id = table.intern(this.canonical?.known(a, b) ?? value(k), a, b);
      local[k] = id;
      return id;
    };
    const shapeIds = likes.map((like) => this.shapeOf(like));
    let state = 0;
    for (let at = 0; at < rows.length; state++) {
      const type = rows[at++] as number;
      if (type < 0) {
        this.push(value(rows[at++] as number) as S, ids[state] as number);
        continue;
      }
      this.add(ids[state] as number);
      const shapeId = shapeIds[type] as number;
      const n = (this.shapes[shapeId] as Shape).keys.length;
      this.reserve(3 + n);
      const words = this.words;
      let used = this.used;
      words[used++] = shapeId * 4 + FULL;
      words[used++] = rows[at++] as number;
      words[used++] = rows[at++] as number;
      for (let f = 0; f < n; f++) {
        const k = rows[at++] as number;
        const id = local[k] as number;
        words[used++] = id >= 0 ? id : intern(k);
      }
      this.used = used;
    }
    if (state !== ids.length) throw new InternalError(`${state} states in the rows, ${ids.length} numbers`);
    // The next state pushed is written in full, not as a delta of the last one pushed.
    this.lastShape = -1;
  }

  /** The number of the i-th state. */
  id(i: number): number {
    return this.numbers[i] as number;
  }

  setId(i: number, id: number): void {
    this.numbers[i] = id;
  }

  /**
   * The i-th state, built again. Cheapest in order: each state
   * is read after the one before it, and built from the one taken out before it.
   */
  at(i: number): S {
    this.read(i);
    return this.built();
  }

  /**
   * Reads the i-th state without building it: its fields (values and lanes), or undefined when it
   * is not a record. `built` builds it, `like` gives a state of its type. Cheapest in order.
   */
  read(i: number): FieldHashes | undefined {
    if (i !== this.nextRead) this.seek(i);
    const kind = (this.words[this.readAt] as number) & 3;
    const index = (this.words[this.readAt] as number) >> 2;
    this.readEntry();
    if (kind === OTHER) {
      this.readOther = this.others[index] as S;
      this.readShape = undefined;
      return undefined;
    }
    const shape = this.shapes[index] as Shape;
    const { keys, fieldIds, fields, read } = shape;
    const table = this.table;
    for (let f = 0; f < keys.length; f++) {
      const id = read[f] as number;
      if (id === fieldIds[f]) continue;
      fieldIds[f] = id;
      fields.values[f] = table.value(id);
      fields.a[f] = table.laneA(id);
      fields.b[f] = table.laneB(id);
    }
    this.readShape = shape;
    return fields;
  }

  /**
   * The numbers of the field values of the state last read, when it is a record: within one
   * frontier, equal numbers are equal values. Valid until the next read.
   */
  readValueIds(): Int32Array | undefined {
    return this.readShape?.read;
  }

  /** The state last read, built (from the state built before it, setting only the fields that differ). */
  built(): S {
    const shape = this.readShape;
    if (shape === undefined) return this.readOther as S;
    const { keys, ids, fieldIds, fields } = shape;
    let changed = false;
    for (let f = 0; f < keys.length; f++) if (ids[f] !== fieldIds[f]) changed = true;
    if (changed) {
      shape.template = shape.template.withMutations((r) => {
        for (let f = 0; f < keys.length; f++) {
          const id = fieldIds[f] as number;
          if (id === ids[f]) continue;
          ids[f] = id;
          r.set(keys[f] as string, fields.values[f]);
        }
      }) as Shape['template'];
    }
    return shape.template as unknown as S;
  }

  /** A state of the type of the state last read (itself, when it is not a record), not necessarily built. */
  sameType(): S {
    const shape = this.readShape;
    return shape === undefined ? (this.readOther as S) : (shape.template as unknown as S);
  }

  /** The states from the `from`-th on, built again. */
  states(from = 0): S[] {
    const out: S[] = [];
    for (let i = from; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  /** The numbers of the states from the `from`-th on. */
  ids(from = 0): number[] {
    return Array.from(this.numbers.subarray(from, this.count));
  }

  /**
   * Keeps, of the states from the `start`-th on, those `keep` marks (one flag a state, from the
   * `start`-th), in order and with their numbers, and drops the others: as if the kept ones had
   * been queued again, but with no value looked up again.
   */
  keepOnly(start: number, keep: Uint8Array): void {
    if (start >= this.count) return;
    const widest = this.shapes.reduce((most, shape) => Math.max(most, shape.keys.length), 0);
    // Each kept state as its shape (or -1 and its index in `others`), the sums and its fields' numbers.
    const kept = new Int32Array((this.count - start) * (3 + widest));
    const numbers = new Uint32Array(this.count - start);
    const others: unknown[] = [];
    let at = 0;
    let k = 0;
    this.seek(start);
    for (let i = start; i < this.count; i++) {
      const head = this.words[this.readAt] as number;
      this.readEntry();
      if (keep[i - start] !== 1) continue;
      numbers[k++] = this.numbers[i] as number;
      if ((head & 3) === OTHER) {
        kept[at++] = -1;
        others.push(this.others[head >> 2]);
        continue;
      }
      const shape = this.shapes[head >> 2] as Shape;
      kept[at++] = head >> 2;
      kept[at++] = shape.fields.sums[0] as number;
      kept[at++] = shape.fields.sums[1] as number;
      const read = shape.read;
      for (let f = 0; f < read.length; f++) kept[at++] = read[f] as number;
    }
    this.truncate(start);
    const end = at;
    let other = 0;
    at = 0;
    for (let state = 0; at < end; state++) {
      const shapeId = kept[at++] as number;
      if (shapeId < 0) {
        this.push(others[other++] as S, numbers[state] as number);
        continue;
      }
      this.add(numbers[state] as number);
      const n = (this.shapes[shapeId] as Shape).keys.length;
      this.reserve(3 + n);
      const words = this.words;
      let used = this.used;
      words[used++] = shapeId * 4 + FULL;
      for (let w = 0; w < 2 + n; w++) words[used++] = kept[at++] as number;
      this.used = used;
    }
    // The next state pushed is written in full, not as a delta of the last one kept.
    this.lastShape = -1;
    this.rewind();
  }

  /** Drops the states from the `length`-th on; states pushed after it are written in full, not as deltas of the dropped ones. */
  truncate(length: number): void {
    if (length >= this.count) return;
    this.seek(length);
    this.used = this.readAt;
    this.count = length;
    this.lastShape = -1;
    for (const shape of this.shapes) shape.pushedIds.fill(-1);
    this.rewind();
  }

  /** Empties the frontier, keeping its buffers; values interned before are forgotten. */
  clear(): void {
    this.count = 0;
    this.used = 0;
    this.others = [];
    this.table.clear();
    for (const shape of this.shapes) {
      shape.ids.fill(-1);
      shape.fieldIds.fill(-1);
      shape.pushedIds.fill(-1);
    }
    this.lastShape = -1;
    this.rewind();
  }

  /**
   * The states queued, as encoded: their words, where every KEY_EVERY-th state's entry begins, and
   * their numbers (views, valid until the frontier changes). `loadInto` takes them back: they name its
   * values and record types, which it keeps until it is cleared (see SpilledQueue).
   */
  encoded(): { readonly words: Int32Array; readonly keys: Uint32Array; readonly numbers: Uint32Array } {
    return {
      words: this.words.subarray(0, this.used),
      keys: this.keys.subarray(0, Math.ceil(this.count / KEY_EVERY)),
      numbers: this.numbers.subarray(0, this.count),
    };
  }

  /**
   * Replaces the states queued by `count` states `encoded` gave, `words` and `keys` words long: the
   * views returned are the frontier's own arrays, sized for them, for the caller to fill (as a
   * spilled queue reads a segment straight into them). They are read from the first.
   */
  loadInto(words: number, keys: number, count: number): { readonly words: Int32Array; readonly keys: Uint32Array; readonly numbers: Uint32Array } {
    this.used = 0;
    this.reserve(words);
    this.used = words;
    while (this.keys.length < keys) this.keys = grownU32(this.keys);
    while (this.numbers.length < count) this.numbers = grownU32(this.numbers);
    this.count = count;
    this.lastShape = -1;
    for (const shape of this.shapes) shape.pushedIds.fill(-1);
    this.rewind();
    return { words: this.words.subarray(0, words), keys: this.keys.subarray(0, keys), numbers: this.numbers.subarray(0, count) };
  }

  /** Moves the reading position back to the first state (no state read yet). */
  private rewind(): void {
    this.nextRead = 0;
    this.readAt = 0;
    this.readShape = undefined;
    this.readOther = undefined;
  }

  /** Reads the entry at the reading position into its shape's `read` numbers, and moves past it. */
  private readEntry(): void {
    const words = this.words;
    let at = this.readAt;
    const head = words[at++] as number;
    const kind = head & 3;
    if (kind !== OTHER) {
      const shape = this.shapes[head >> 2] as Shape;
      const read = shape.read;
      shape.fields.sums[0] = words[at++] as number;
      shape.fields.sums[1] = words[at++] as number;
      if (kind === FULL) {
        for (let f = 0; f < read.length; f++) read[f] = words[at++] as number;
      } else {
        const mask = words[at++] as number;
        for (let f = 0; f < read.length; f++) if ((mask & (1 << f)) !== 0) read[f] = words[at++] as number;
      }
    }
    this.readAt = at;
    this.nextRead++;
  }

  /** Moves the reading position to entry `i`, from the last entry written in full before it. */
  private seek(i: number): void {
    const key = i - (i % KEY_EVERY);
    this.readAt = this.keys[key / KEY_EVERY] as number;
    this.nextRead = key;
    while (this.nextRead < i) this.readEntry();
  }

  /** Numbers the next state `id`, and notes where its entry begins when it is a key entry; its index. */
  private add(id: number): number {
    const index = this.count;
    if (index === this.numbers.length) this.numbers = grownU32(this.numbers);
    this.numbers[index] = id;
    if (index % KEY_EVERY === 0) {
      if (index / KEY_EVERY === this.keys.length) this.keys = grownU32(this.keys);
      this.keys[index / KEY_EVERY] = this.used;
    }
    this.count++;
    return index;
  }

  private shapeOf(record: object): number {
    const proto = Object.getPrototypeOf(record) as object;
    let index = this.shapeIndex.get(proto);
    if (index === undefined) {
      const keys = this.fingerprinter.shapeOf(record).keys;
      const n = keys.length;
      index = this.shapes.length;
      this.shapes.push({
        keys,
        template: record as Shape['template'],
        ids: new Int32Array(n).fill(-1),
        fieldIds: new Int32Array(n).fill(-1),
        fields: { values: new Array<unknown>(n), a: new Int32Array(n), b: new Int32Array(n), sums: new Int32Array(2) },
        pushed: new Array<unknown>(n),
        pushedIds: new Int32Array(n).fill(-1),
        read: new Int32Array(n),
      });
      this.shapeIndex.set(proto, index);
    }
    return index;
  }

  private reserve(words: number): void {
    if (this.used + words <= this.words.length) return;
    let size = this.words.length * 2;
    while (size < this.used + words) size *= 2;
    const out = new Int32Array(size);
    out.set(this.words.subarray(0, this.used));
    this.words = out;
  }
}

function grownU32(words: Uint32Array): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(words.length * 2);
  out.set(words);
  return out;
}
