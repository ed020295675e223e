import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, List } from 'immutable';
import { keyerFor } from '../../../checker/state/keyer.js';
import { compile } from '../../../checker/spec/compile.js';
import { Canonicalizer } from '../../../checker/state/canonical.js';
import { Frontier } from '../../../checker/explore/frontier.js';
import type { Model } from '../../../checker/spec/compile.js';
import { packStates, unpackStates } from '../../../checker/parallel/handOver.js';
import type { PackedStates } from '../../../checker/parallel/handOver.js';
import { successorsOf } from '../../../checker/spec/successors.js';
import { TraceLog } from '../../../checker/explore/traceLog.js';
import type { State } from '../../../checker/spec/types.js';
import ReadersWriters from '../../../spec/conformance/readersWriters.js';
import { models } from '../../../spec/pika/index.js';

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
function received<S extends State>(model: Model<S>, log: TraceLog, packed: PackedStates, into = new Frontier<S>()): { states: S[]; ids: number[] } {
  unpackStates(model, log, keyerFor(model, []), structuredClone(packed), into);
  return { states: into.states(), ids: into.ids() };
}

describe('handing states over to a worker thread', () => {
  it('builds the same states again, each field value written once, with the sums of their field terms', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 2 });
    const { log, states, ids } = levelOf(model, 8);
    const level = frontierOf(states, ids);
    const fields = (states[0] as unknown as { toSeq(): { count(): number } }).toSeq().count();
    // From a key entry, from within a run of deltas, from the last state, and from the end.
    for (const from of [0, 64, Math.floor(states.length / 2) + 3, states.length - 1, states.length]) {
      const packed = packStates(model.init(), level, from);
      assert.equal(packed.rows.length, (states.length - from) * (fields + 3));
      assert.equal(packed.lanes.length, 2 * packed.values.length);
      if (from < states.length - 1) assert.ok(packed.values.length < (states.length - from) * fields, `${packed.values.length} values for ${states.length - from} states`);
      const into = new Frontier<(typeof states)[number]>();
      const back = received(model, log, packed, into);
      assert.deepEqual(back.ids, ids.slice(from));
      assert.equal(back.states.length, states.length - from);
      back.states.forEach((state, i) => assert.ok(is(state, states[from + i]), `state ${from + i}`));
      // The sums are those of the sender's frontier, which the keyer reads instead of hashing again.
      for (let i = 0; i < back.states.length; i++) {
        assert.deepEqual(into.read(i)?.sums, level.read(from + i)?.sums, `sums of state ${from + i}`);
      }
    }
  });

  it('queues them after states of its own, and goes on after them, every state read back in any order', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 2 });
    const { log, states, ids } = levelOf(model, 8);
    const third = Math.floor(states.length / 3);
    const into = new Frontier<(typeof states)[number]>();
    // Its own states first (ending within a run of deltas), then the handed-over ones, then more of its own.
    for (let i = 0; i < third + 5; i++) into.push(states[i] as (typeof states)[number], ids[i] as number);
    const packed = packStates(model.init(), frontierOf(states, ids), third + 5);
    unpackStates(model, log, keyerFor(model, []), structuredClone(packed), into);
    for (let i = 0; i < third; i++) into.push(states[i] as (typeof states)[number], ids[i] as number);
    assert.equal(into.length, states.length + third);
    const expected = [...states, ...states.slice(0, third)];
    const order = [...expected.keys()].reverse();
    for (const i of order) assert.ok(is(into.at(i), expected[i]), `state ${i}, read out of order`);
    assert.deepEqual(into.ids(), [...ids, ...ids.slice(0, third)]);
  });

  it('shares values it already holds with the canonical values instead of building them again', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 2 });
    const { log, states, ids } = levelOf(model, 8);
    const canonical = new Canonicalizer();
    const into = new Frontier<(typeof states)[number]>(false, canonical);
    into.push(states[0] as (typeof states)[number], ids[0] as number);
    const packed = packStates(model.init(), frontierOf(states, ids), 1);
    unpackStates(model, log, keyerFor(model, []), structuredClone(packed), into);
    const first = into.read(0)?.values.slice() ?? [];
    const second = into.read(1)?.values ?? [];
    // States 0 and 1 share most fields: the received state's values are the very objects of state 0's.
    let shared = 0;
    second.forEach((value, f) => {
      if (typeof value === 'object' && value !== null && value === first[f]) shared++;
    });
    assert.ok(shared > 0, 'some object-valued fields are shared');
    for (let i = 0; i < states.length; i++) assert.ok(is(into.at(i), states[i]), `state ${i}`);
  });

  it('learns record types the initial states do not hold from a state that holds one, replayed', () => {
    const model = compile(ReadersWriters, { NumActors: 3 });
    const { log, states, ids } = levelOf(model, 4);
    const waiting = (s: State): List<object> => (s as unknown as { waiting: List<object> }).waiting;
    assert.equal(waiting([...model.init()][0] as State).size, 0, 'no request waits in the initial state');
    const holder = states.find((s) => waiting(s).size > 0);
    assert.ok(holder, 'a state of level 4 has a waiting request');
    const packed = packStates(model.init(), frontierOf(states, ids), 0);
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
    const packed = { ...packStates(model.init(), frontierOf(states, ids), 0), witnesses: [] };
    assert.throws(() => received(model, log, packed), /record type Request was not met/);
  });
});
