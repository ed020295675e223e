import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Record, Set as ISet } from 'immutable';
import { checkSync, compile, defineSpec, replayProblem, shrinkTrace, simulateSync, SpecEvaluationError, successorsOf } from '../../../checker/index.js';
import type { Model, State, Trace, TraceStep } from '../../../checker/index.js';
import { graphSpec } from '../../fixtures/graphSpec.js';
import SlowShrink from '../../fixtures/modules/slowShrink.js';
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

/** A signal that reads as aborted from its `reads`-th read of `aborted` on, as a stop flag set from another thread would. */
function abortedAfter(reads: number): AbortSignal {
  const signal = new AbortController().signal;
  let read = 0;
  Object.defineProperty(signal, 'aborted', { get: () => ++read >= reads });
  return signal;
}

/** The `--spec` fixture whose invariant takes `ms` milliseconds a check, so that shrinking a long trace takes seconds. */
const slowToShrink = (ms: number) => compile(SlowShrink, { busyMs: ms });

describe('shrinking stops when told to, with the shortest trace so far', () => {
  it('a signal aborted before it starts: the trace as given, not complete', () => {
    const model = compile(UpDown);
    const trace = traceOf(model, ['Inc', 'Toggle', 'Inc', 'Inc']);
    const result = shrinkTrace(model, trace, model.invariants[0] as Model<Counter>['invariants'][number], { signal: abortedAfter(1) });
    assert.equal(result.trace, trace);
    assert.equal(result.complete, false);
    assert.equal(result.tests, 0);
  });

  it('a signal aborted while it shrinks: a trace that replays, no longer than the one given, not complete', () => {
    const model = compile(UpDown);
    const invariant = model.invariants[0] as Model<Counter>['invariants'][number];
    const trace = traceOf(model, ['Inc', 'Toggle', 'Inc', 'Dec', 'Inc', 'Toggle', 'Inc', 'Inc']);
    const result = shrinkTrace(model, trace, invariant, { signal: abortedAfter(4) });
    assert.equal(result.complete, false);
    assert.ok(result.trace.length <= trace.length);
    assert.ok(result.trace.length > 4, 'stopped before the fixed point of three Incs');
    assert.equal(replayProblem(model, result.trace, { kind: 'violates', invariant: 'BelowThree', holds: invariant.holds }), undefined);
  });

  it('a signal aborted while a candidate replays: the replay stops at the next step, not at its end', () => {
    let checks = 0;
    const Climb = defineSpec({
      name: 'Climb',
      build: () => ({
        init: () => [Counter()],
        actions: { Inc: (s: Counter) => s.x < 60 && s.set('x', s.x + 1) },
        invariants: {
          BelowForty: (s: Counter) => {
            checks++;
            return s.x < 40;
          },
        },
      }),
    });
    const model = compile(Climb);
    const trace = traceOf(model, Array.from({ length: 40 }, () => 'Inc'));
    checks = 0;
    const result = shrinkTrace(model, trace, model.invariants[0] as Model<Counter>['invariants'][number], { signal: abortedAfter(3) });
    assert.equal(result.complete, false);
    assert.equal(result.trace, trace);
    assert.ok(checks < 5, `${checks} states of the 41 replayed after the signal`);
  });

  it("simulate stops shrinking at the run's time limit, and reports the violation", () => {
    // Run 0 violates XSmall after 73 states; shrinking it in full takes seconds (4 ms a check).
    const result = simulateSync(slowToShrink(4), { seed: 1, depth: 200, timeLimit: 1 });
    assert.equal(result.status, 'violation');
    const verdict = result.invariants[0];
    assert.equal(verdict?.verdict, 'violated');
    assert.equal(verdict.shrinkIncomplete, true);
    assert.equal(verdict.originalTrace?.length, 73);
    assert.ok((verdict.trace?.length ?? 0) <= 73);
  });

  it('simulate stops shrinking on its signal, and reports the violation as shrunk so far', () => {
    // Sampling reads the signal once before run 0, which violates XSmall; the shrinker reads it next.
    const result = simulateSync(slowToShrink(0), { seed: 1, depth: 200, signal: abortedAfter(5) });
    assert.equal(result.status, 'violation');
    assert.equal(result.stopped, 'violation');
    const verdict = result.invariants[0];
    assert.equal(verdict?.shrinkIncomplete, true);
    assert.ok(verdict.trace !== undefined && verdict.trace.length > 21 && verdict.trace.length <= 73, String(verdict.trace?.length));
  });
});

const Marked = Record({ x: 0, flag: false, junk: null as unknown }, 'Marked');
type Marked = ReturnType<typeof Marked>;

/** As UpDown, but the third Inc with the flag down puts a plain array into the state. */
const ArrayOffThePath = defineSpec({
  name: 'ArrayOffThePath',
  build: () => ({
    init: () => [Marked()],
    actions: {
      Inc: (s: Marked) => s.x < 10 && s.set('x', s.x + 1).set('junk', !s.flag && s.x === 2 ? [1] : s.junk),
      Toggle: (s: Marked) => s.set('flag', !s.flag),
    },
    invariants: { BelowThree: (s: Marked) => s.x < 3 },
  }),
});

describe('shrinking a spec whose states are not all values', () => {
  it('refuses a successor that is not a value, met on a candidate only, as the spec error check reports', () => {
    const model = compile(ArrayOffThePath);
    // Sampled with the flag up, no state holds an array; dropping Toggle reaches one.
    const trace = traceOf(model, ['Toggle', 'Inc', 'Inc', 'Inc']);
    const checked = checkSync(ArrayOffThePath);
    assert.equal(checked.status, 'error');
    if (checked.status !== 'error') return;
    assert.throws(
      () => shrinkTrace(model, trace, model.invariants[0] as Model<Marked>['invariants'][number]),
      (error: unknown) => error instanceof SpecEvaluationError && error.kind === 'action' && error.part === 'Inc' && error.message === checked.error.message,
    );
  });
});
