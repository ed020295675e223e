import { StateCodec } from '../codec.js';
import type { Encoded, RecordShape } from '../codec.js';
import type { Model } from '../compile.js';
import { InternalError } from '../errors.js';
import { Fingerprinter } from '../fingerprint.js';
import type { Frontier } from '../frontier.js';
import type { FieldHashes } from '../stateHasher.js';
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

/** Where a packed state goes: a state of its type (itself when it is not a record), its number, and its fields when it is a record. */
export type Receiver<S extends State> = (like: S, id: number, fields: FieldHashes | undefined) => void;

/**
 * Writes the states `from` to `to` (excluded) of `level` for another thread, which learns the
 * spec's record types from `initial` and the witnesses. The states are not built: their fields are
 * read as the frontier keeps them.
 */
export function packStates<S extends State>(initial: Iterable<S>, level: Frontier<S>, picked: (index: number) => boolean): PackedStates {
  const codec = new StateCodec();
  for (const state of initial) codec.learn(state);
  const numbers = new Map<unknown, number>();
  const values: Encoded[] = [];
  const witnesses = new Set<number>();
  const types = new Map<object, number>();
  const rows: number[] = [];
  const ids: number[] = [];
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
  for (let i = 0; i < level.length; i++) {
    if (!picked(i)) continue;
    const id = level.id(i);
    ids.push(id);
    const fields = level.read(i);
    const like = level.like();
    if (fields === undefined) {
      rows.push(-1, numberOf(like, id));
      continue;
    }
    const prototype = Object.getPrototypeOf(like) as object;
    let type = types.get(prototype);
    if (type === undefined) {
      if (codec.learn(like, false)) witnesses.add(id);
      const known = codec.recordType(like);
      if (known.keys.length !== fields.values.length) throw new InternalError(`record type ${codec.shapes[known.type]?.name} has ${known.keys.length} fields, not ${fields.values.length}`);
      type = known.type;
      types.set(prototype, type);
    }
    rows.push(type);
    for (const value of fields.values) rows.push(numberOf(value, id));
  }
  return { shapes: codec.shapes, values, rows: Int32Array.from(rows), ids, witnesses: [...witnesses] };
}

/**
 * Gives `receive` the states written by `packStates`, in order: each field value is built once, with
 * the spec's own record factories, and hashed once; a record state is given as its fields, with a
 * state of its type (not itself: it is not built).
 */
export function unpackStates<S extends State>(model: Model<S>, log: TraceLinks, keyer: StateKeyer, packed: PackedStates, receive: Receiver<S>): void {
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
  const fingerprinter = new Fingerprinter();
  const laneA = new Int32Array(values.length);
  const laneB = new Int32Array(values.length);
  values.forEach((value, n) => {
    laneA[n] = fingerprinter.hash(value);
    laneB[n] = fingerprinter.laneB;
  });
  /** Per record type: a state of it (the first one met), and the fields handed on. */
  const types: { like: S; fields: { values: unknown[]; a: Int32Array; b: Int32Array } }[] = [];
  const { rows, ids } = packed;
  let state = 0;
  for (let at = 0; at < rows.length; state++) {
    const type = rows[at++] as number;
    if (type < 0) {
      receive(values[rows[at++] as number] as S, ids[state] as number, undefined);
      continue;
    }
    const size = (packed.shapes[type] as RecordShape).keys.length;
    let known = types[type];
    if (known === undefined) {
      const first = Array.from(rows.subarray(at, at + size), (n) => values[n]);
      known = types[type] = { like: codec.record(type, first) as S, fields: { values: first, a: new Int32Array(size), b: new Int32Array(size) } };
    }
    const { fields } = known;
    for (let f = 0; f < size; f++) {
      const n = rows[at++] as number;
      fields.values[f] = values[n];
      fields.a[f] = laneA[n] as number;
      fields.b[f] = laneB[n] as number;
    }
    receive(known.like, ids[state] as number, fields);
  }
  if (state !== ids.length) throw new InternalError(`${state} states unpacked, ${ids.length} expected`);
}
