import type { ChunkReader, ChunkWriter } from './checkpointFile.js';
import type { StateCodec } from './codec.js';
import { Fingerprinter } from './fingerprint.js';
import type { Frontier } from './frontier.js';
import type { FieldHashes } from './stateHasher.js';
import type { State } from './types.js';

// A frontier is written as a count, then one entry after another, each beginning with a word:
// index × 8 + kind. Record types and field values are written once each, where first needed.
/** A state: its record type, its number, the sums of its field terms, then a value per field. */
const FULL = 0;
/** A state written as the fields that differ from the last state of its type (a mask, then those values). */
const DELTA = 1;
/** A state that is not a record: the value that is the state, and its number. */
const OTHER = 2;
/** A record type: its field names, and a state of it (encoded). */
const TYPE = 3;
/** A value: its two hash lanes, and the value (encoded). */
const VALUE = 4;
/** Record types with more fields than bits in a mask are always written in full. */
const MASK_FIELDS = 31;

/** What is known of a record type while a frontier is written or read. */
interface TypeSeen {
  readonly index: number;
  /** States of the type written so far. */
  written: number;
  /** Value numbers of the last state of the type. */
  readonly refs: Int32Array;
  /** Values of the last state of the type. */
  readonly values: unknown[];
}

/**
 * Writes the states of `frontier` from the `from`-th on, with their numbers, as numbers of their
 * field values (each value written once, with its hash lanes, so that reading them back hashes
 * nothing), each state as the fields that differ from the last state of its type. Reads the
 * frontier without building its states, so that writing takes no memory per state.
 */
export function writeFrontier<S extends State>(out: ChunkWriter, frontier: Frontier<S>, from: number, codec: StateCodec): void {
  out.u32(Math.max(0, frontier.length - from));
  const types = new Map<object, TypeSeen>();
  const fieldValues = new Map<unknown, number>();
  const otherValues = new Map<unknown, number>();
  let values = 0;
  const valueRef = (known: Map<unknown, number>, value: unknown, a: number, b: number): number => {
    let ref = known.get(value);
    if (ref === undefined) {
      ref = values++;
      known.set(value, ref);
      out.u32(ref * 8 + VALUE);
      out.i32(a);
      out.i32(b);
      out.encoded(codec.encode(value));
    }
    return ref;
  };
  let refs = new Int32Array(32);
  for (let i = from; i < frontier.length; i++) {
    const fields = frontier.read(i);
    const id = frontier.id(i);
    if (fields === undefined) {
      const ref = valueRef(otherValues, frontier.like(), 0, 0);
      out.u32(ref * 8 + OTHER);
      out.u32(id);
      continue;
    }
    const like = frontier.like() as unknown as object;
    const prototype = Object.getPrototypeOf(like) as object;
    const n = fields.a.length;
    let type = types.get(prototype);
    if (type === undefined) {
      type = { index: types.size, written: 0, refs: new Int32Array(n).fill(-1), values: new Array<unknown>(n).fill(undefined) };
      types.set(prototype, type);
      out.u32(type.index * 8 + TYPE);
      out.encoded(new Fingerprinter().shapeOf(like).keys.slice());
      out.encoded(codec.encode(like));
    }
    if (refs.length < n) refs = new Int32Array(n);
    const first = type.written++ === 0;
    for (let f = 0; f < n; f++) {
      const value = fields.values[f];
      refs[f] = !first && value === type.values[f] ? (type.refs[f] as number) : valueRef(fieldValues, value, fields.a[f] as number, fields.b[f] as number);
    }
    const delta = !first && n <= MASK_FIELDS;
    out.u32(type.index * 8 + (delta ? DELTA : FULL));
    out.u32(id);
    out.i32(fields.sums?.[0] ?? 0);
    out.i32(fields.sums?.[1] ?? 0);
    if (delta) {
      let mask = 0;
      for (let f = 0; f < n; f++) if (refs[f] !== type.refs[f]) mask |= 1 << f;
      out.u32(mask);
      for (let f = 0; f < n; f++) if ((mask & (1 << f)) !== 0) out.u32(refs[f] as number);
    } else {
      for (let f = 0; f < n; f++) out.u32(refs[f] as number);
    }
    for (let f = 0; f < n; f++) {
      type.refs[f] = refs[f] as number;
      type.values[f] = fields.values[f];
    }
  }
}

/** A record type read back: a state of it, and the fields of the last state read, handed to Frontier.push. */
interface TypeRead<S> {
  readonly like: S;
  readonly refs: Int32Array;
  readonly fields: { readonly values: unknown[]; readonly a: Int32Array; readonly b: Int32Array; readonly sums: Int32Array };
}

/**
 * Queues on `frontier` the states written by writeFrontier, in order, with their numbers; fails
 * (with the reason) on anything the writer could not have written.
 */
export function readFrontier<S extends State>(input: ChunkReader, frontier: Frontier<S>, codec: StateCodec, fail: (why: string) => never): void {
  const count = input.u32();
  const types: TypeRead<S>[] = [];
  const values: unknown[] = [];
  let lanes = new Int32Array(1024);
  const fingerprinter = new Fingerprinter();
  for (let read = 0; read < count; ) {
    const head = input.u32();
    const kind = head & 7;
    const index = head >>> 3;
    switch (kind) {
      case TYPE: {
        if (index !== types.length) fail('record types out of order');
        const keys = input.encoded();
        const like = codec.decode(input.encoded()) as S;
        const n = Array.isArray(keys) ? keys.length : -1;
        const mine = typeof like === 'object' && like !== null ? fingerprinter.shapeOf(like).keys : [];
        if (n !== mine.length || mine.some((key, i) => key !== (keys as unknown[])[i])) fail('a record type whose fields differ');
        types.push({ like, refs: new Int32Array(n), fields: { values: new Array<unknown>(n), a: new Int32Array(n), b: new Int32Array(n), sums: new Int32Array(2) } });
        break;
      }
      case VALUE: {
        if (index !== values.length) fail('values out of order');
        if (2 * index + 2 > lanes.length) {
          const grown = new Int32Array(lanes.length * 2);
          grown.set(lanes);
          lanes = grown;
        }
        lanes[2 * index] = input.i32();
        lanes[2 * index + 1] = input.i32();
        values.push(codec.decode(input.encoded()));
        break;
      }
      case OTHER: {
        if (index >= values.length) fail('a state of a value not written');
        frontier.push(values[index] as S, input.u32());
        read++;
        break;
      }
      case FULL:
      case DELTA: {
        const type = types[index] ?? fail('a state of a record type not written');
        const id = input.u32();
        const { fields, refs } = type;
        fields.sums[0] = input.i32();
        fields.sums[1] = input.i32();
        const n = refs.length;
        const mask = kind === DELTA ? input.u32() : -1;
        for (let f = 0; f < n; f++) {
          if ((mask & (1 << f)) === 0 && kind === DELTA) continue;
          const ref = input.u32();
          if (ref >= values.length) fail('a field value not written');
          refs[f] = ref;
          fields.values[f] = values[ref];
          fields.a[f] = lanes[2 * ref] as number;
          fields.b[f] = lanes[2 * ref + 1] as number;
        }
        frontier.push(type.like, id, fields as FieldHashes);
        read++;
        break;
      }
      default:
        fail(`an entry of unknown kind ${kind}`);
    }
  }
}
