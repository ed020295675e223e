import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Map as IMap } from 'immutable';
import { check, defineSpec } from '../../checker/index.js';
import type { CheckResult, SpecFailure, State } from '../../checker/index.js';
import { Counter } from '../fixtures/toySpecs.js';

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
    const result = check(Throwing);
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
    const error = errorOf(check(spec));
    assert.equal(error.kind, 'invariant');
    assert.equal(error.name, 'Fragile');
    assert.equal(error.message, 'no threes');
    assert.equal(error.state?.n, 3);
  });

  it('reports an action that returns a plain object, naming the action', () => {
    const error = errorOf(check(returning({ n: 2 })));
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Bad');
    assert.match(error.message, /plain object/);
    assert.equal(error.state?.n, 1);
  });

  it('reports an action that returns a plain array, naming the action instance', () => {
    const error = errorOf(check(returning([2], ['c1'])));
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Bad(c1)');
    assert.match(error.message, /plain array/);
  });

  it('reports an action whose state holds a plain object inside an Immutable value', () => {
    const error = errorOf(check(returning(IMap({ n: { nested: true } }))));
    assert.equal(error.kind, 'action');
    assert.equal(error.name, 'Bad');
    assert.match(error.message, /not a value/);
  });

  it('reports an initial state that is not an Immutable value', () => {
    const spec = defineSpec({
      name: 'PlainInit',
      build: () => ({ init: () => [{ n: 0 } as unknown as Counter], actions: { Stay: (s: Counter) => s } }),
    });
    const error = errorOf(check(spec));
    assert.equal(error.kind, 'init');
  });
});
