import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, compile, defineSpec, eventually, weakFair } from '../../../checker/index.js';
import { GraphRecorder } from '../../../checker/liveness/stateGraph.js';
import { NOT_STORED } from '../../../checker/explore/types.js';

const Counter = Record({ v: 0 }, 'Counter');
type Counter = ReturnType<typeof Counter>;

/** A counter that counts up for ever, weakly fairly, inside the constraint v < 3. */
const unbounded = defineSpec({
  name: 'Unbounded',
  build: () => ({
    init: () => [Counter({ v: 0 })],
    actions: { Inc: (s: Counter) => s.set('v', s.v + 1) },
    constraint: (s: Counter) => s.v < 3,
    properties: { ReachesFive: eventually((s: Counter) => s.v === 5) },
    fairness: [weakFair('Inc')],
  }),
});

describe('GraphRecorder', () => {
  const model = compile(unbounded, {});
  const step = { action: model.actions[0]!, tuple: 0, choices: [] };

  it('numbers nodes as found: stored states by trace-log number, states outside the constraint by value, once each', () => {
    const recorder = new GraphRecorder<Counter>(10);
    recorder.onInitial(Counter({ v: 0 }), 0);
    recorder.onInitial(Counter({ v: 0 }), 0);
    recorder.onTransition(0, 1, true, step, () => Counter({ v: 1 }));
    recorder.onTransition(1, NOT_STORED, false, step, () => Counter({ v: 3 }));
    recorder.onTransition(1, 0, false, step, () => Counter({ v: 0 }));
    recorder.onTransition(0, NOT_STORED, false, step, () => Counter({ v: 3 }));
    const graph = recorder.graph();
    assert.ok(graph);
    assert.deepEqual(graph.states.map((s) => s.v), [0, 1, 3]);
    assert.deepEqual(graph.initial, [0]);
    assert.deepEqual(graph.parent, [-1, 0, 1]);
    assert.deepEqual(graph.steps.map((out) => out.map((s) => `${s.instance.label}>${s.to}`)), [['Inc>1', 'Inc>2'], ['Inc>2', 'Inc>0'], []]);
  });

  it('gives no graph once it would grow past its limit', () => {
    const recorder = new GraphRecorder<Counter>(2);
    recorder.onInitial(Counter({ v: 0 }), 0);
    recorder.onTransition(0, 1, true, step, () => Counter({ v: 1 }));
    assert.ok(recorder.graph());
    recorder.onTransition(1, 2, true, step, () => Counter({ v: 2 }));
    assert.equal(recorder.graph(), undefined);
  });

  it('records a run: a state outside the constraint stutters, so <>(v = 5) fails there even under fairness', () => {
    const result = checkSync(unbounded, { properties: ['ReachesFive'], deadlock: false });
    const property = result.properties[0];
    assert.equal(property?.verdict, 'violated');
    assert.deepEqual(property?.lasso?.steps.map((s) => s.state.v), [0, 1, 2, 3]);
    assert.equal(property?.lasso?.loopStart, null);
  });

  it('leaves properties unknown when the graph is larger than the run allows (maxStates)', () => {
    const result = checkSync(unbounded, { properties: ['ReachesFive'], deadlock: false, maxStates: 3 });
    assert.deepEqual(result.properties.map((p) => p.verdict), ['unknown']);
  });
});
