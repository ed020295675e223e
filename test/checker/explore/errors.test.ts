import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Map as IMap } from 'immutable';
import { checkSync, compile, defineSpec, InternalError, SpecBuildError } from '../../../checker/index.js';
import type { CheckResult, SpecBody, SpecFailure, State } from '../../../checker/index.js';
import { assertReplays } from '../../../checker/spec/replay.js';
import { Cell, MISTAKES, Mistakes } from '../../fixtures/badSpecs.js';
import { Counter } from '../../fixtures/toySpecs.js';
import { figures } from '../../fixtures/figures.js';

/** A counter where each client increments; client c1 throws when the counter is at 2. */
const Throwing = defineSpec({
  name: 'Throwing',
  build: () => ({
    init: () => [Counter()],
    actions: {
      Inc: {
        params: [['c1', 'c2']],
        next: (s: Counter, c: string) => {
          if (c === 'c1' && s.n === 2) throw new Error('c1 cannot count past 2');
          return s.n < 5 && s.set('n', s.n + 1);
        },
      },
    },
    invariants: { NonNegative: (s: Counter) => s.n >= 0 },
  }),
});

/** A spec whose only action returns `value` from the state n = 1. */
function returning(value: unknown, params?: readonly string[]) {
  const bad = (s: Counter): unknown => (s.n === 1 ? value : s.n < 1 && s.set('n', s.n + 1));
  return defineSpec({
    name: 'Returning',
    build: () => ({
      init: () => [Counter()],
      actions: { Bad: params ? { params: [params], next: bad as (s: Counter) => Counter } : (bad as (s: Counter) => Counter) },
    }),
  });
}

/** The failure of a run that must have ended in status 'error'. */
function errorOf<S extends State>(result: CheckResult<S>): SpecFailure<S> {
  if (result.status !== 'error') assert.fail(`expected status 'error', got '${result.status}'`);
  return result.error;
}

describe('spec failures', () => {
  it('reports an action that throws with its instance label, the state and the message', () => {
    const result = checkSync(Throwing);
    const error = errorOf(result);
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Inc(c1)');
    assert.equal(error.message, 'c1 cannot count past 2');
    assert.equal(error.state?.n, 2);
    assert.deepEqual(error.trace?.map((step) => step.state.n), [0, 1, 2]);
    assert.deepEqual(result.invariants.map((v) => v.verdict), ['unknown']);
  });

  it('reports an invariant that throws with its name, the state and the message', () => {
    const spec = defineSpec({
      name: 'ThrowingInvariant',
      build: () => ({
        init: () => [Counter()],
        actions: { Inc: (s: Counter) => s.n < 5 && s.set('n', s.n + 1) },
        invariants: {
          Fragile: (s: Counter) => {
            if (s.n === 3) throw new RangeError('no threes');
            return true;
          },
        },
      }),
    });
    const result = checkSync(spec);
    const error = errorOf(result);
    assert.equal(error.kind, 'invariant');
    assert.equal(error.name, 'Fragile');
    assert.equal(error.message, 'no threes');
    assert.equal(error.state?.n, 3);
    // The behaviour up to the state, and the depth counts that state, as for a violation.
    assert.deepEqual(error.trace?.map((step) => step.state.n), [0, 1, 2, 3]);
    assert.equal(result.stats.depth, 4);
  });

  it('gives an invariant that fails on an initial state that state as its behaviour', () => {
    const spec = defineSpec({
      name: 'FailsAtOnce',
      build: () => ({
        init: () => [Counter()],
        actions: { Inc: (s: Counter) => s.n < 5 && s.set('n', s.n + 1) },
        invariants: { Odd: (s: Counter) => (s.n === 0 ? ('zero' as unknown as boolean) : true) },
      }),
    });
    const result = checkSync(spec);
    const error = errorOf(result);
    assert.deepEqual([error.kind, error.name], ['invariant', 'Odd']);
    assert.deepEqual(error.trace?.map((step) => [step.action, step.state.n]), [[null, 0]]);
    assert.equal(result.stats.depth, 1);
  });

  it('reports a reachability property that throws or returns a non-boolean as one, not as an invariant', () => {
    const spec = (holds: (s: Counter) => boolean) =>
      defineSpec({
        name: 'ThrowingReachable',
        build: () => ({ init: () => [Counter()], actions: { Inc: (s: Counter) => s.n < 5 && s.set('n', s.n + 1) }, reachable: { Five: holds } }),
      });
    const thrown = errorOf(
      checkSync(
        spec((s) => {
          if (s.n === 3) throw new RangeError('no threes');
          return s.n === 5;
        }),
      ),
    );
    assert.deepEqual([thrown.kind, thrown.name, thrown.message, thrown.state?.n], ['reachable', 'Five', 'no threes', 3]);
    const notBoolean = errorOf(checkSync(spec((s) => (s.n === 2 ? ('yes' as unknown as boolean) : false))));
    assert.deepEqual([notBoolean.kind, notBoolean.name], ['reachable', 'Five']);
  });

  it('counts the depth of a run that fails on an initial state as a run stopped there: the initial states are level 1', () => {
    const fragile = defineSpec({
      name: 'FragileAtInit',
      build: () => ({
        init: () => [Counter()],
        actions: { Inc: (s: Counter) => s.n < 5 && s.set('n', s.n + 1) },
        invariants: {
          Fragile: (s: Counter) => {
            if (s.n === 0) throw new RangeError('no zeros');
            return true;
          },
        },
      }),
    });
    const atInit = checkSync(fragile);
    errorOf(atInit);
    assert.deepEqual([atInit.stats.distinct, atInit.stats.generated, atInit.stats.depth], [1, 1, 1]);
    const violated = checkSync(defineSpec({ name: 'FalseAtInit', build: () => ({ init: () => [Counter()], actions: { Inc: (s: Counter) => s.n < 5 && s.set('n', s.n + 1) }, invariants: { Never: () => false } }) }));
    assert.equal(violated.status, 'violation');
    assert.deepEqual([violated.stats.distinct, violated.stats.depth], [1, 1], 'a violation on the initial state has the same depth');
  });

  it('reports an action that returns a plain object, naming the action', () => {
    const error = errorOf(checkSync(returning({ n: 2 })));
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Bad');
    assert.match(error.message, /plain object/);
    assert.equal(error.state?.n, 1);
  });

  it('reports an action that returns a plain array, naming the action instance', () => {
    const error = errorOf(checkSync(returning([2], ['c1'])));
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Bad(c1)');
    assert.match(error.message, /plain array/);
  });

  it('reports an action whose state holds a plain object inside an Immutable value', () => {
    const error = errorOf(checkSync(returning(IMap({ n: { nested: true } }))));
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Bad');
    assert.match(error.message, /not a value/);
  });

  it('reports an initial state that is not an Immutable value', () => {
    const spec = defineSpec({
      name: 'PlainInit',
      build: () => ({ init: () => [{ n: 0 } as unknown as Counter], actions: { Stay: (s: Counter) => s } }),
    });
    const error = errorOf(checkSync(spec));
    assert.equal(error.kind, 'init');
  });
});

/** Mistakes checked with the memos on and off: the result must be the same. */
function checkMistake(mistake: (typeof MISTAKES)[number]): SpecFailure<State>[] {
  return [true, false].map((memo) => errorOf(checkSync(Mistakes, { constants: { mistake }, memo })));
}

describe("a spec's own mistakes are spec errors", () => {
  it('a build or validate that throws: SpecBuildError naming the spec and what it threw', () => {
    for (const [mistake, message] of [
      ['build-throws', 'spec Mistakes: build threw: no such mode: fast'],
      ['validate-throws', 'spec Mistakes: validate threw: cannot validate today'],
    ] as const) {
      assert.throws(() => compile(Mistakes, { mistake }), (e: unknown) => e instanceof SpecBuildError && e.spec === 'Mistakes' && e.message === message);
      assert.throws(() => checkSync(Mistakes, { constants: { mistake } }), SpecBuildError);
    }
  });

  it('what build returns that is not a spec body: SpecBuildError, not a usage error', () => {
    const shapes = { init: () => [Counter()], actions: { Inc: (s: Counter) => s.set('n', 1) } };
    for (const [body, message] of [
      [{ ...shapes, init: [Counter()] }, /init must be a function/],
      [{ ...shapes, actions: {} }, /has no actions/],
      [{ ...shapes, actions: { Inc: 3 } }, /action Inc must be a function/],
      [{ ...shapes, invariants: { Ok: true } }, /invariant Ok must be a predicate/],
    ] as const) {
      const spec = defineSpec({ name: 'Shapeless', build: () => body as unknown as SpecBody<Counter> });
      assert.throws(() => compile(spec), (e: unknown) => e instanceof SpecBuildError && message.test(e.message));
    }
  });

  it('no initial state: an error, as TLC stops with one, not a check that holds', () => {
    for (const error of checkMistake('no-initial-states')) {
      assert.deepEqual([error.kind, error.name, error.message], ['init', 'Init', 'the spec has no initial states']);
    }
    const result = checkSync(Mistakes, { constants: { mistake: 'no-initial-states' } });
    assert.deepEqual(result.invariants.map((v) => v.verdict), ['unknown']);
    assert.equal(result.stats.distinct, 0);
  });

  it('an init that returns no iterable of states: a string, a number, a single state', () => {
    for (const [mistake, what] of [
      ['init-string', /^returned a string \("n = 0"\), not an iterable of states/],
      ['init-number', /^returned a number \(0\), not an iterable of states/],
      ['init-one-state', /^returned a Record, not an iterable of states .*: return a list of states \(\[state\]\), not a state$/],
    ] as const) {
      for (const error of checkMistake(mistake)) {
        assert.deepEqual([error.kind, error.name], ['init', 'Init'], mistake);
        assert.match(error.message, what);
      }
    }
  });

  it('an invariant, constraint or terminal that returns something else than a boolean, naming it and the type', () => {
    for (const [mistake, kind, name, message, n] of [
      ['invariant-undefined', 'invariant', 'Small', 'returned undefined, not a boolean (true or false) (a missing return?)', 2],
      ['invariant-string', 'invariant', 'Small', 'returned a string ("yes"), not a boolean (true or false)', 2],
      ['constraint-number', 'constraint', 'constraint', 'returned a number (3), not a boolean (true or false)', 0],
      ['terminal-undefined', 'terminal', 'terminal', 'returned undefined, not a boolean (true or false) (a missing return?)', 3],
    ] as const) {
      for (const error of checkMistake(mistake)) {
        assert.deepEqual([error.kind, error.name, error.message, (error.state as Counter | undefined)?.n], [kind, name, message, n], mistake);
      }
    }
  });

  it('an action that returns true instead of a state', () => {
    for (const error of checkMistake('action-true')) {
      assert.deepEqual([error.kind, error.name], ['action', 'Step']);
      assert.match(error.message, /^returned boolean where a state/);
    }
  });

  it('an action, invariant or init that gives another result when called again on the same state: not pure, named', () => {
    for (const [mistake, kind, name, n] of [
      ['action-impure', 'action', 'Step', 1],
      ['invariant-impure', 'invariant', 'Small', 3],
      ['init-impure', 'init', 'Init', undefined],
    ] as const) {
      for (const error of checkMistake(mistake)) {
        assert.deepEqual([error.kind, error.name, (error.state as Counter | undefined)?.n], [kind, name, n], mistake);
        assert.match(error.message, /^is not deterministic: two calls .*; spec functions must be pure: pika-mc memoizes their results and replays them/);
      }
    }
  });

  it('a trace that does not replay through a spec whose functions agree with themselves stays an internal error', () => {
    const model = compile(Mistakes, { mistake: 'none' });
    const step = { action: { name: 'Step', args: [], label: 'Step' }, state: Cell({ n: 2 }) };
    assert.throws(
      () => assertReplays(model, [{ action: null, state: Cell() }, step], { kind: 'reaches' }),
      (e: unknown) => e instanceof InternalError && /state 2 is not a successor of state 1 under Step/.test(e.message),
    );
    assert.throws(() => assertReplays(model, [{ action: null, state: Cell({ n: 7 }) }], { kind: 'reaches' }), InternalError);
    const holds = model.invariants[0]?.holds as (s: State) => boolean;
    assert.throws(() => assertReplays(model, [{ action: null, state: Cell() }], { kind: 'violates', invariant: 'Small', holds }), InternalError);
  });
});

/** Counts n to 3, its action or invariant touching the field `nn`, which Counter does not have, as `misspelled` says. */
function misspelling(misspelled: 'set' | 'merge' | 'update' | 'remove' | 'property' | 'get' | 'invariant') {
  type Loose = Counter & { readonly nn: number; set(key: string, value: unknown): Counter; get(key: string): unknown };
  const step = (s: Counter): Counter | false => {
    const loose = s as Loose;
    if (s.n >= 3) return false;
    if (misspelled === 'set') return loose.set('nn', s.n + 1);
    if (misspelled === 'merge') return s.merge({ nn: s.n + 1 } as never);
    if (misspelled === 'update') return s.update('nn' as never, ((n: number) => n + 1) as never);
    if (misspelled === 'remove') return s.remove('nn' as never);
    if (misspelled === 'property') return loose.nn === undefined && s.set('n', s.n + 1);
    if (misspelled === 'get') return loose.get('nn') === undefined && s.set('n', s.n + 1);
    return s.set('n', s.n + 1);
  };
  return defineSpec({
    name: 'Misspelled',
    build: () => ({
      init: () => [Counter()],
      actions: { Step: step },
      invariants: { Small: (s: Counter) => (misspelled === 'invariant' ? (s as Loose).nn === undefined : true) && s.n <= 3 },
    }),
  });
}

describe('a misspelled field is a spec error, not a step that changes nothing', () => {
  it('an action that sets, merges, updates, removes or reads a field the state does not have', () => {
    for (const [misspelled, verb] of [
      ['set', 'sets'],
      ['merge', 'merges'],
      ['update', 'updates'],
      ['remove', 'removes'],
      ['property', 'reads'],
      ['get', 'reads'],
    ] as const) {
      const error = errorOf(checkSync(misspelling(misspelled)));
      assert.equal(error.kind, 'action', misspelled);
      assert.equal(error.message, `${verb} 'nn', which is not a field of the state (its fields: n)`, misspelled);
    }
  });

  it('an invariant that reads a field the state does not have', () => {
    const error = errorOf(checkSync(misspelling('invariant')));
    assert.equal(error.kind, 'invariant');
    assert.equal(error.message, "reads 'nn', which is not a field of the state (its fields: n)");
  });

  it('a spec that uses only its fields, and Record methods, is not refused', () => {
    const Methods = defineSpec({
      name: 'Methods',
      build: () => ({
        init: () => [Counter()],
        actions: { Step: (s: Counter) => s.n < 3 && s.has('n') && s.toJS().n === s.get('n') && s.withMutations((m) => m.set('n', s.n + 1)) },
        invariants: { Small: (s: Counter) => s.get('n', 0) <= 3 && s.equals(s) },
        deadlock: false,
      }),
    });
    const result = checkSync(Methods);
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [4, 4, 4]);
  });
});
