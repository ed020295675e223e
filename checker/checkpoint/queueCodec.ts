import type { ChunkReader, ChunkWriter } from './file.js';
import type { StateCodec } from '../state/codec.js';
import { Fingerprinter } from '../state/fingerprint.js';
import type { CompactQueue } from '../explore/types.js';
import type { FieldHashes } from '../state/stateHasher.js';
import type { State } from '../spec/types.js';

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

/** What is known of a record type while a frontier is written. */
interface TypeSeen {
  readonly index: number;
  /** States of the type written so far. */
  written: number;
  /** The frontier's numbers of the field values of the last state of the type written. */
  readonly ids: Int32Array;
}

/**
 * Writes the states of `frontier` from the `from`-th on, with their numbers, as numbers of their
 * field values (each value written once, with its hash lanes, so that reading them back hashes
 * nothing), each state as the fields that differ from the last state of its type. Reads the
 * frontier without building its states, and goes by the frontier's own numbering of its values,
 * so that writing takes no memory and little time per state.
 */
export function writeFrontier<S extends State>(out: ChunkWriter, frontier: CompactQueue<S>, from: number, codec: StateCodec): void {
  out.u32(Math.max(0, frontier.length - from));
  const types = new Map<object, TypeSeen>();
  const otherValues = new Map<unknown, number>();
  /** The written number of each value of the frontier, by the frontier's number (-1: not written yet). */
  let refOf = new Int32Array(1024).fill(-1);
  let values = 0;
  // Words of states, staged and written in blocks; a type or value is written after those before it.
  const staged = new Int32Array(1 << 14);
  let used = 0;
  const flush = (): void => {
    out.words(staged.subarray(0, used));
    used = 0;
  };
  const room = (n: number): void => {
    if (used + n > staged.length) flush();
  };
  const writeValue = (value: unknown, a: number, b: number): number => {
    flush();
    const ref = values++;
    out.u32(ref * 8 + VALUE);
    out.i32(a);
    out.i32(b);
    out.value(value, codec);
    return ref;
  };
  for (let i = from; i < frontier.length; i++) {
    const fields = frontier.read(i);
    const id = frontier.id(i);
    const ids = frontier.readValueIds();
    if (fields === undefined || ids === undefined) {
      const state = frontier.sameType();
      let ref = otherValues.get(state);
      if (ref === undefined) otherValues.set(state, (ref = writeValue(state, 0, 0)));
      room(2);
      staged[used++] = ref * 8 + OTHER;
      staged[used++] = id;
      continue;
    }
    const like = frontier.sameType() as unknown as object;
    const prototype = Object.getPrototypeOf(like) as object;
    const n = ids.length;
    let type = types.get(prototype);
    if (type === undefined) {
      type = { index: types.size, written: 0, ids: new Int32Array(n).fill(-1) };
      types.set(prototype, type);
      flush();
      out.u32(type.index * 8 + TYPE);
      out.encoded(new Fingerprinter().shapeOf(like).keys.slice());
      out.value(like, codec);
    }
    const first = type.written++ === 0;
    // The values not written yet go first, each once.
    for (let f = 0; f < n; f++) {
      const valueId = ids[f] as number;
      if (valueId === type.ids[f]) continue;
      if (valueId >= refOf.length) {
        const grown = new Int32Array(Math.max(refOf.length * 2, valueId + 1)).fill(-1);
        grown.set(refOf);
        refOf = grown;
      }
      if ((refOf[valueId] as number) < 0) refOf[valueId] = writeValue(fields.values[f], fields.a[f] as number, fields.b[f] as number);
    }
    const delta = !first && n <= MASK_FIELDS;
    room(5 + n);
    staged[used++] = type.index * 8 + (delta ? DELTA : FULL);
    staged[used++] = id;
    staged[used++] = fields.sums?.[0] ?? 0;
    staged[used++] = fields.sums?.[1] ?? 0;
    const maskAt = delta ? used++ : -1;
    let mask = 0;
    for (let f = 0; f < n; f++) {
      const valueId = ids[f] as number;
      if (delta && valueId === type.ids[f]) continue;
      mask |= 1 << f;
      type.ids[f] = valueId;
      staged[used++] = refOf[valueId] as number;
    }
    if (delta) staged[maskAt] = mask;
  }
  flush();
}

/** A record type read back: a state of it, and the fields of the last state read, handed to Frontier.push. */
interface TypeRead<S> {
  readonly like: S;
  readonly refs: Int32Array;
  readonly fields: { readonly values: unknown[]; readonly a: Int32Array; readonly b: Int32Array; readonly sums: Int32Array };
}

/**
 * Queues on `frontier` the states written by writeFrontier, in order, with their numbers; fails
 * (with the reason) on anything the writer could not have written. Returns the number of the first
 * state queued (undefined when none was).
 */
export function readFrontier<S extends State>(input: ChunkReader, frontier: CompactQueue<S>, codec: StateCodec, fail: (why: string) => never): number | undefined {
  let first: number | undefined;
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
        const id = input.u32();
        first ??= id;
        frontier.push(values[index] as S, id);
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
        first ??= id;
        frontier.push(type.like, id, fields as FieldHashes);
        read++;
        break;
      }
      default:
        fail(`an entry of unknown kind ${kind}`);
    }
  }
  return first;
}
