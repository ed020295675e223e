import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Record, Set as ISet } from 'immutable';
import { checkSync, compile, defineSpec, replayProblem, shrinkTrace, simulateSync, successorsOf } from '../../../checker/index.js';
import type { Model, State, Trace, TraceStep } from '../../../checker/index.js';
import { graphSpec } from '../../fixtures/graphSpec.js';
import { KeyLocks } from '../../fixtures/toySpecs.js';

const Counter = Record({ x: 0, flag: false }, 'Counter');
type Counter = ReturnType<typeof Counter>;

/** x goes up and down, a flag flips: the shortest way to x = 3 is three Incs. */
const UpDown = defineSpec({
  name: 'UpDown',
  build: () => ({
    init: () => [Counter()],
    actions: {
      Inc: (s: Counter) => s.x < 10 && s.set('x', s.x + 1),
      Dec: (s: Counter) => s.x > 0 && s.set('x', s.x - 1),
      Toggle: (s: Counter) => s.set('flag', !s.flag),
    },
    invariants: { BelowThree: (s: Counter) => s.x < 3 },
  }),
});

/** Clients pick themselves once each; two picks break the invariant. */
const Picks = defineSpec({
  name: 'Picks',
  build: () => ({
    init: () => [ISet<string>()],
    actions: {
      Pick: { params: [['c1', 'c2', 'c3']], next: (s: ISet<string>, c: string) => !s.has(c) && s.add(c) },
    },
    invariants: { AtMostOne: (s: ISet<string>) => s.size < 2 },
    modelValues: ['c1', 'c2', 'c3'],
  }),
});

/** The trace that takes the instances labelled `steps` from the first initial state. */
function traceOf<S extends State>(model: Model<S>, steps: readonly string[]): Trace<S> {
  const first = [...model.init()][0] as S;
  const trace: TraceStep<S>[] = [{ action: null, state: first }];
  for (const label of steps) {
    const next = successorsOf(model, (trace[trace.length - 1] as TraceStep<S>).state).find((s) => s.instance.label === label);
    assert.ok(next, `${label} is enabled`);
    trace.push({ action: next.instance, state: next.state });
  }
  return trace;
}

const labels = <S extends State>(trace: Trace<S>): string[] => trace.slice(1).map((s) => s.action?.label ?? '?');

function shrunk<S extends State>(model: Model<S>, steps: readonly string[], invariant: string) {
  const target = model.invariants.find((i) => i.name === invariant);
  assert.ok(target);
  const result = shrinkTrace(model, traceOf(model, steps), target);
  assert.equal(replayProblem(model, result.trace, { kind: 'violates', invariant, holds: target.holds }), undefined);
  return result;
}

describe('shrinking a violating trace', () => {
  it('removes the steps that do not matter: the known minimum of three Incs', () => {
    const model = compile(UpDown);
    const result = shrunk(model, ['Inc', 'Toggle', 'Inc', 'Dec', 'Inc', 'Toggle', 'Inc', 'Inc'], 'BelowThree');
    assert.deepEqual(labels(result.trace), ['Inc', 'Inc', 'Inc']);
    assert.equal(result.originalLength, 9);
    assert.equal(result.complete, true);
  });

  it('ends the trace at its first violating state', () => {
    const model = compile(UpDown);
    const result = shrunk(model, ['Inc', 'Inc', 'Inc', 'Inc', 'Toggle'], 'BelowThree');
    assert.deepEqual(labels(result.trace), ['Inc', 'Inc', 'Inc']);
  });

  it('replaces an instance by one with smaller arguments', () => {
    const model = compile(Picks);
    assert.deepEqual(labels(shrunk(model, ['Pick(c3)', 'Pick(c2)'], 'AtMostOne').trace), ['Pick(c1)', 'Pick(c2)']);
    assert.deepEqual(labels(shrunk(model, ['Pick(c3)', 'Pick(c1)'], 'AtMostOne').trace), ['Pick(c1)', 'Pick(c2)']);
  });

  it('keeps the choices made inside an action (`\\E k`) in its labels', () => {
    const model = compile(KeyLocks);
    assert.deepEqual(labels(shrunk(model, ['LockKey(c1, k2)', 'LockKey(c2, k1)'], 'C2NeverHoldsK1').trace), ['LockKey(c2, k1)']);
  });

  it('never lengthens a trace, which always replays and is no shorter than the shortest one', () => {
    const graphs = fc
      .integer({ min: 2, max: 14 })
      .chain((n) =>
        fc.record({
          adjacency: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
          initial: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }),
          bad: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }).map((set) => [set]),
        }),
      );
    fc.assert(
      fc.property(graphs, fc.integer({ min: 0, max: 1000 }), (graph, seed) => {
        const spec = graphSpec(graph);
        const result = simulateSync(spec, { seed, runs: 50, depth: 30 });
        const verdict = result.invariants[0];
        if (verdict?.verdict !== 'violated') return;
        const model = compile(spec);
        const invariant = model.invariants[0];
        assert.ok(verdict.trace && verdict.originalTrace && invariant);
        assert.ok(verdict.trace.length <= verdict.originalTrace.length);
        assert.equal(replayProblem(model, verdict.trace, { kind: 'violates', invariant: 'NotBad0', holds: invariant.holds }), undefined);
        const shortest = checkSync(spec, { invariants: ['NotBad0'], deadlock: false }).invariants[0]?.trace?.length;
        assert.ok(shortest !== undefined && verdict.trace.length >= shortest);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
