import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, List } from 'immutable';
import { keyerFor } from '../../checker/check.js';
import { compile } from '../../checker/compile.js';
import { Frontier } from '../../checker/frontier.js';
import type { Model } from '../../checker/compile.js';
import { packStates, unpackStates } from '../../checker/parallel/handOver.js';
import type { PackedStates } from '../../checker/parallel/handOver.js';
import { successorsOf } from '../../checker/successors.js';
import { TraceLog } from '../../checker/traceLog.js';
import type { State } from '../../checker/types.js';
import ReadersWriters from '../../spec/conformance/readersWriters.js';
import { models } from '../../spec/pika/index.js';

/** The states of the first `levels` levels of `model` (breadth-first, numbered in a trace log), and those of the last. */
function levelOf<S extends State>(model: Model<S>, levels: number): { log: TraceLog; states: S[]; ids: number[] } {
  const keyer = keyerFor(model, []);
  const log = new TraceLog();
  const seen = new Set<string>();
  let states: S[] = [];
  let ids: number[] = [];
  const add = (state: S, parent: number, into: { states: S[]; ids: number[] }): void => {
    keyer.key(state);
    const key = `${keyer.hi}:${keyer.lo}`;
    if (seen.has(key)) return;
    seen.add(key);
    into.states.push(state);
    into.ids.push(log.append(keyer.hi, keyer.lo, parent));
  };
  const first = { states: [] as S[], ids: [] as number[] };
  for (const state of model.init()) add(state, TraceLog.NONE, first);
  ({ states, ids } = first);
  for (let depth = 1; depth < levels; depth++) {
    const next = { states: [] as S[], ids: [] as number[] };
    states.forEach((state, i) => successorsOf(model, state).forEach((s) => add(s.state, ids[i] as number, next)));
    ({ states, ids } = next);
  }
  return { log, states, ids };
}

/** A frontier holding `states`, numbered `ids`. */
function frontierOf<S extends State>(states: readonly S[], ids: readonly number[]): Frontier<S> {
  const frontier = new Frontier<S>();
  states.forEach((state, i) => frontier.push(state, ids[i] as number));
  return frontier;
}

/** The states `packStates` wrote, received into a frontier as a worker does, and built from there. */
function received<S extends State>(model: Model<S>, log: TraceLog, packed: PackedStates): { states: S[]; ids: number[] } {
  const into = new Frontier<S>();
  unpackStates(model, log, keyerFor(model, []), structuredClone(packed), (like, id, fields) => into.push(like, id, fields));
  return { states: into.states(), ids: into.ids() };
}

describe('handing states over to a worker thread', () => {
  it('builds the same states again, each field value written once', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 2 });
    const { log, states, ids } = levelOf(model, 8);
    const level = frontierOf(states, ids);
    const half = Math.floor(states.length / 2);
    for (const [from, to] of [[0, half], [half, states.length]] as const) {
      const packed = packStates(model.init(), level, (i) => i >= from && i < to);
      const fields = (states[0] as unknown as { toSeq(): { count(): number } }).toSeq().count();
      assert.equal(packed.rows.length, (to - from) * (fields + 1));
      assert.ok(packed.values.length < (to - from) * fields, `${packed.values.length} values for ${to - from} states`);
      const back = received(model, log, packed);
      assert.deepEqual(back.ids, ids.slice(from, to));
      assert.equal(back.states.length, to - from);
      back.states.forEach((state, i) => assert.ok(is(state, states[from + i]), `state ${from + i}`));
    }
  });

  it('learns record types the initial states do not hold from a state that holds one, replayed', () => {
    const model = compile(ReadersWriters, { NumActors: 3 });
    const { log, states, ids } = levelOf(model, 4);
    const waiting = (s: State): List<object> => (s as unknown as { waiting: List<object> }).waiting;
    assert.equal(waiting([...model.init()][0] as State).size, 0, 'no request waits in the initial state');
    const holder = states.find((s) => waiting(s).size > 0);
    assert.ok(holder, 'a state of level 4 has a waiting request');
    const packed = packStates(model.init(), frontierOf(states, ids), () => true);
    assert.equal(packed.witnesses.length, 1);
    const back = received(model, log, packed).states;
    const i = states.indexOf(holder);
    const request = waiting(back[i] as State).first() as object;
    assert.equal(Object.getPrototypeOf(request), Object.getPrototypeOf(waiting(holder).first()), "the spec's own Request type");
    back.forEach((state, k) => assert.ok(is(state, states[k]), `state ${k}`));
  });

  it('refuses states whose record types it cannot learn', () => {
    const model = compile(ReadersWriters, { NumActors: 3 });
    const { log, states, ids } = levelOf(model, 4);
    const packed = { ...packStates(model.init(), frontierOf(states, ids), () => true), witnesses: [] };
    assert.throws(() => received(model, log, packed), /record type Request was not met/);
  });
});
