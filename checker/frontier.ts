import { isRecord } from 'immutable';
import { Fingerprinter } from './fingerprint.js';
import type { FieldHashes } from './stateHasher.js';
import type { State } from './types.js';
import { ValueTable } from './valueTable.js';

/** A Record type met in the level, with the last state decoded of it (what the next one is built from). */
interface Shape {
  readonly keys: readonly string[];
  template: { withMutations(f: (r: { set(k: string, v: unknown): unknown }) => void): unknown };
  /** Value numbers of the template's fields; -1 when they are not known in the current table. */
  readonly ids: Int32Array;
  /** The fields of the last state decoded, handed to the keyer so that it does not hash them again. */
  readonly fields: { readonly values: unknown[]; readonly a: Int32Array; readonly b: Int32Array };
  /** The field values of the last state queued, and their numbers: its siblings share most of them. */
  readonly pushed: unknown[];
  readonly pushedIds: Int32Array;
}

/**
 * The states of one breadth-first level, with their state numbers, kept compact: a Record state is
 * one value number per field (see ValueTable) and is built again when it is taken out, from the
 * state taken out before it, setting only the fields that differ. Queued states are most of the
 * memory of a run and most of what the garbage collector walks; kept as objects, a PikaReplication
 * state holds about 2 KB, kept here, 4 bytes a field. Other states are kept as they are.
 */
export class Frontier<S extends State> {
  private readonly table: ValueTable;
  private readonly fingerprinter = new Fingerprinter();
  private readonly shapes: Shape[] = [];
  private readonly shapeIndex = new Map<object, number>();
  private words = new Int32Array(1 << 12);
  private used = 0;
  private starts = new Uint32Array(1 << 8);
  private numbers = new Uint32Array(1 << 8);
  private count = 0;
  private others: unknown[] = [];
  private last: FieldHashes | undefined;

  /** `exact`: tell field values apart by value, not only by their hash lanes (see ValueTable). */
  constructor(exact = false) {
    this.table = new ValueTable(exact);
  }

  /** Number of states queued. */
  get length(): number {
    return this.count;
  }

  /** Bytes taken by the encoded states (not counting the shared values). */
  get bytes(): number {
    return this.words.byteLength + this.starts.byteLength + this.numbers.byteLength;
  }

  /** Queues `state`, numbered `id`; `fields` are its field values and lanes when the caller has them. */
  push(state: S, id: number, fields?: FieldHashes): void {
    if (this.count === this.starts.length) {
      this.starts = grownU32(this.starts);
      this.numbers = grownU32(this.numbers);
    }
    this.starts[this.count] = this.used;
    this.numbers[this.count] = id;
    this.count++;
    const shapeId = isRecord(state) ? this.shapeOf(state) : -1;
    if (shapeId < 0) {
      this.reserve(1);
      this.words[this.used++] = -1 - this.others.length;
      this.others.push(state);
      return;
    }
    const shape = this.shapes[shapeId] as Shape;
    const { keys, pushed, pushedIds } = shape;
    const n = keys.length;
    this.reserve(1 + n);
    const words = this.words;
    let at = this.used;
    words[at++] = shapeId;
    if (fields !== undefined && fields.a.length === n) {
      for (let i = 0; i < n; i++) {
        const value = fields.values[i];
        if (value !== pushed[i] || (pushedIds[i] as number) < 0) {
          pushed[i] = value;
          pushedIds[i] = this.table.intern(value, fields.a[i] as number, fields.b[i] as number);
        }
        words[at++] = pushedIds[i] as number;
      }
    } else {
      const fp = this.fingerprinter;
      const record = state as unknown as { get(k: string): unknown };
      for (let i = 0; i < n; i++) {
        const value = record.get(keys[i] as string);
        const a = fp.hash(value);
        words[at++] = this.table.intern(value, a, fp.laneB);
      }
    }
    this.used = at;
  }

  /** The number of the i-th state. */
  id(i: number): number {
    return this.numbers[i] as number;
  }

  /**
   * The i-th state, built again; `lastFields` then holds its fields. Cheapest in order: each state
   * is built from the one taken out before it.
   */
  at(i: number): S {
    const start = this.starts[i] as number;
    const head = this.words[start] as number;
    if (head < 0) {
      this.last = undefined;
      return this.others[-1 - head] as S;
    }
    const shape = this.shapes[head] as Shape;
    const { keys, ids, fields } = shape;
    const table = this.table;
    const words = this.words;
    let changed = false;
    for (let f = 0; f < keys.length; f++) {
      const id = words[start + 1 + f] as number;
      if (id !== ids[f]) changed = true;
    }
    if (changed) {
      shape.template = shape.template.withMutations((r) => {
        for (let f = 0; f < keys.length; f++) {
          const id = words[start + 1 + f] as number;
          if (id === ids[f]) continue;
          ids[f] = id;
          const value = table.value(id);
          fields.values[f] = value;
          fields.a[f] = table.laneA(id);
          fields.b[f] = table.laneB(id);
          r.set(keys[f] as string, value);
        }
      }) as Shape['template'];
    }
    this.last = fields;
    return shape.template as unknown as S;
  }

  /** The fields of the state last taken out by `at`, for the keyer (undefined when it is not a record). */
  get lastFields(): FieldHashes | undefined {
    return this.last;
  }

  /** The states from the `from`-th on, built again (for a checkpoint). */
  states(from = 0): S[] {
    const out: S[] = [];
    for (let i = from; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  /** The numbers of the states from the `from`-th on. */
  ids(from = 0): number[] {
    return Array.from(this.numbers.subarray(from, this.count));
  }

  /** Empties the frontier, keeping its buffers; values interned before are forgotten. */
  clear(): void {
    this.count = 0;
    this.used = 0;
    this.others = [];
    this.table.clear();
    for (const shape of this.shapes) {
      shape.ids.fill(-1);
      shape.pushedIds.fill(-1);
    }
    this.last = undefined;
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
        fields: { values: new Array<unknown>(n), a: new Int32Array(n), b: new Int32Array(n) },
        pushed: new Array<unknown>(n),
        pushedIds: new Int32Array(n).fill(-1),
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
