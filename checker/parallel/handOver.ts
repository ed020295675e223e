import { isRecord } from 'immutable';
import { StateCodec } from '../codec.js';
import type { Encoded, RecordShape } from '../codec.js';
import type { Model } from '../compile.js';
import { InternalError } from '../errors.js';
import type { StateKeyer } from '../symmetry.js';
import { replayPath } from '../trace.js';
import type { TraceLinks } from '../traceLog.js';
import type { State } from '../types.js';

/**
 * States of the level a run is handed over at, written for a worker thread (a structured clone):
 * each distinct field value once, and each state as the numbers of its values.
 */
export interface PackedStates {
  /** The record types, numbered (see StateCodec). */
  readonly shapes: readonly RecordShape[];
  /** The distinct field values, and the states that are not records, encoded. */
  readonly values: readonly Encoded[];
  /** Per state: the number of its record type, then the number of each field's value; or -1, then the number of the state's own value. */
  readonly rows: Int32Array;
  /** Their numbers in the trace log. */
  readonly ids: readonly number[];
  /**
   * States (by number) that hold record types the initial states do not: the receiver learns those
   * types, to build them with the spec's own factories, from the states themselves, replayed.
   */
  readonly witnesses: readonly number[];
}

/** Writes `states` (numbered `ids`) for another thread, which learns the spec's record types from `initial` and the witnesses. */
export function packStates<S extends State>(initial: Iterable<S>, states: readonly S[], ids: readonly number[]): PackedStates {
  const codec = new StateCodec();
  for (const state of initial) codec.learn(state);
  const numbers = new Map<unknown, number>();
  const values: Encoded[] = [];
  const witnesses = new Set<number>();
  const types = new Map<object, { readonly type: number; readonly keys: readonly string[] }>();
  const rows: number[] = [];
  const numberOf = (value: unknown, id: number): number => {
    let n = numbers.get(value);
    if (n === undefined) {
      if (codec.learn(value)) witnesses.add(id);
      n = values.length;
      values.push(codec.encode(value));
      numbers.set(value, n);
    }
    return n;
  };
  states.forEach((state, i) => {
    const id = ids[i] as number;
    if (!isRecord(state)) {
      rows.push(-1, numberOf(state, id));
      return;
    }
    const prototype = Object.getPrototypeOf(state) as object;
    let type = types.get(prototype);
    if (type === undefined) {
      if (codec.learn(state, false)) witnesses.add(id);
      type = codec.recordType(state);
      types.set(prototype, type);
    }
    rows.push(type.type);
    const record = state as unknown as { get(key: string): unknown };
    for (const key of type.keys) rows.push(numberOf(record.get(key), id));
  });
  return { shapes: codec.shapes, values, rows: Int32Array.from(rows), ids, witnesses: [...witnesses] };
}

/** The states written by `packStates`, built again with the spec's own record factories. */
export function unpackStates<S extends State>(model: Model<S>, log: TraceLinks, keyer: StateKeyer, packed: PackedStates): S[] {
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
  const values = packed.values.map((encoded) => codec.decode(encoded));
  const states: S[] = [];
  const { rows } = packed;
  const fields: unknown[] = [];
  for (let at = 0; at < rows.length; ) {
    const type = rows[at++] as number;
    if (type < 0) {
      states.push(values[rows[at++] as number] as S);
      continue;
    }
    const size = (packed.shapes[type] as RecordShape).keys.length;
    fields.length = size;
    for (let k = 0; k < size; k++) fields[k] = values[rows[at++] as number];
    states.push(codec.record(type, fields) as S);
  }
  if (states.length !== packed.ids.length) throw new InternalError(`${states.length} states unpacked, ${packed.ids.length} expected`);
  return states;
}
