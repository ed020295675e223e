import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { is, List } from 'immutable';
import { keyerFor } from '../../checker/check.js';
import { compile } from '../../checker/compile.js';
import type { Model } from '../../checker/compile.js';
import { packStates, unpackStates } from '../../checker/parallel/handOver.js';
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

describe('handing states over to a worker thread', () => {
  it('builds the same states again, each field value written once', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 2 });
    const { log, states, ids } = levelOf(model, 8);
    const packed = packStates(model.init(), states, ids);
    const fields = (states[0] as unknown as { toSeq(): { count(): number } }).toSeq().count();
    assert.equal(packed.rows.length, states.length * (fields + 1));
    assert.ok(packed.values.length < states.length * fields, `${packed.values.length} values for ${states.length} states`);
    const back = unpackStates(model, log, keyerFor(model, []), structuredClone(packed));
    assert.equal(back.length, states.length);
    back.forEach((state, i) => assert.ok(is(state, states[i]), `state ${i}`));
  });

  it('learns record types the initial states do not hold from a state that holds one, replayed', () => {
    const model = compile(ReadersWriters, { NumActors: 3 });
    const { log, states, ids } = levelOf(model, 4);
    const waiting = (s: State): List<object> => (s as unknown as { waiting: List<object> }).waiting;
    assert.equal(waiting([...model.init()][0] as State).size, 0, 'no request waits in the initial state');
    const holder = states.find((s) => waiting(s).size > 0);
    assert.ok(holder, 'a state of level 4 has a waiting request');
    const packed = packStates(model.init(), states, ids);
    assert.equal(packed.witnesses.length, 1);
    const back = unpackStates(model, log, keyerFor(model, []), structuredClone(packed));
    const i = states.indexOf(holder);
    const request = waiting(back[i] as State).first() as object;
    assert.equal(Object.getPrototypeOf(request), Object.getPrototypeOf(waiting(holder).first()), "the spec's own Request type");
    back.forEach((state, k) => assert.ok(is(state, states[k]), `state ${k}`));
  });

  it('refuses states whose record types it cannot learn', () => {
    const model = compile(ReadersWriters, { NumActors: 3 });
    const { log, states, ids } = levelOf(model, 4);
    const packed = { ...packStates(model.init(), states, ids), witnesses: [] };
    assert.throws(() => unpackStates(model, log, keyerFor(model, []), packed), /record type Request was not met/);
  });
});
