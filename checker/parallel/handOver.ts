import { StateCodec } from '../state/codec.js';
import type { Encoded, RecordShape } from '../state/codec.js';
import type { Model } from '../spec/compile.js';
import { InternalError } from '../errors.js';
import type { Frontier } from '../explore/frontier.js';
import type { StateKeyer } from '../state/symmetry.js';
import { replayPath } from '../explore/trace.js';
import type { TraceLinks } from '../explore/traceLog.js';
import type { State } from '../spec/types.js';

/**
 * States of the level a run is handed over at, written for a worker thread (a structured clone):
 * each distinct field value once, with its hash lanes, and each state as the numbers of its values.
 */
export interface PackedStates {
  /** The record types, numbered (see StateCodec). */
  readonly shapes: readonly RecordShape[];
  /** The distinct field values, and the states that are not records, encoded. */
  readonly values: readonly Encoded[];
  /** The hash lanes of each value, two words a value (a receiver that knows a value by them does not decode it). */
  readonly lanes: Int32Array;
  /**
   * Per state: the number of its record type, the two sums of its field terms, then the number of
   * each field's value; or -1, then the number of the state's own value.
   */
  readonly rows: Int32Array;
  /** Their numbers in the trace log. */
  readonly ids: readonly number[];
  /**
   * States (by number) that hold record types the initial states do not: the receiver learns those
   * types, to build them with the spec's own factories, from the states themselves, replayed.
   */
  readonly witnesses: readonly number[];
}

/**
 * Writes the states of `level` from the `from`-th on for another thread, which learns the spec's
 * record types from `initial` and the witnesses. The states are not built: their fields are read as
 * the frontier keeps them, each distinct value once.
 */
export function packStates<S extends State>(initial: Iterable<S>, level: Frontier<S>, from: number): PackedStates {
  const codec = new StateCodec();
  for (const state of initial) codec.learn(state);
  const { likes, likeFirsts, values, lanes, firsts, rows, ids } = level.rowsFrom(from);
  const witnesses = new Set<number>();
  const types = likes.map((like, t) => {
    if (codec.learn(like, false)) witnesses.add(ids[likeFirsts[t] as number] as number);
    return codec.recordType(like);
  });
  const encoded = values.map((value, k) => {
    if (codec.learn(value)) witnesses.add(ids[firsts[k] as number] as number);
    return codec.encode(value);
  });
  // The record types' numbers in the codec, in place of their numbers in `likes`.
  for (let at = 0; at < rows.length; ) {
    const t = rows[at] as number;
    if (t < 0) {
      at += 2;
      continue;
    }
    const type = types[t] as { type: number; keys: readonly string[] };
    rows[at] = type.type;
    at += 3 + type.keys.length;
  }
  return { shapes: codec.shapes, values: encoded, lanes, rows, ids, witnesses: [...witnesses] };
}

/**
 * Queues in `into` the states written by `packStates`, in order: a field value is built (with the
 * spec's own record factories) only when `into` knows no value with its lanes, and each once; no
 * state is built.
 */
export function unpackStates<S extends State>(model: Model<S>, log: TraceLinks, keyer: StateKeyer, packed: PackedStates, into: Frontier<S>): void {
  const codec = new StateCodec();
  for (const state of model.init()) codec.learn(state);
  for (const id of packed.witnesses) {
    const path = replayPath(model, log, keyer, id);
    codec.learn(path[path.length - 1]?.state);
  }
  codec.useShapes(packed.shapes);
  packed.shapes.forEach((shape, type) => {
    if (!codec.knows(type)) throw new InternalError(`record type ${shape.name} was not met on the way to the states handed over`);
  });
  const decoded: unknown[] = [];
  const value = (k: number): unknown => {
    if (!(k in decoded)) decoded[k] = codec.decode(packed.values[k] as Encoded);
    return decoded[k];
  };
  // A state of each record type, built with the values of the first state of that type; the rows'
  // record types become numbers in `likes`.
  const rows = packed.rows.slice();
  const likeOf = new Map<number, number>();
  const likes: S[] = [];
  for (let at = 0; at < rows.length; ) {
    const type = rows[at] as number;
    if (type < 0) {
      at += 2;
      continue;
    }
    const size = (packed.shapes[type] as RecordShape).keys.length;
    let t = likeOf.get(type);
    if (t === undefined) {
      t = likes.length;
      likes.push(codec.record(type, Array.from(rows.subarray(at + 3, at + 3 + size), value)) as S);
      likeOf.set(type, t);
    }
    rows[at] = t;
    at += 3 + size;
  }
  into.pushRows(rows, packed.ids, likes, packed.lanes, value);
}
