import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, defineSpec, simulateSync } from '../../../checker/index.js';
import type { SpecFailure, State } from '../../../checker/index.js';
import { MISTAKES, Mistakes } from '../../fixtures/badSpecs.js';

const Counter = Record({ x: 0 }, 'Counter');
type Counter = ReturnType<typeof Counter>;

/** Counts up; its action throws at x = 2, or its invariant does, as the constant says. */
const Fragile = defineSpec({
  name: 'Fragile',
  constants: { throwIn: 'action' },
  build: ({ throwIn }) => ({
    init: () => [Counter()],
    actions: {
      Inc: (s: Counter) => {
        if (throwIn === 'action' && s.x === 2) throw new Error('boom');
        return s.set('x', s.x + 1);
      },
    },
    invariants: {
      Small: (s: Counter) => {
        if (throwIn === 'invariant' && s.x === 3) throw new Error('bad predicate');
        return s.x < 100;
      },
    },
  }),
});

describe('simulating a spec that fails', () => {
  it('returns an error naming the action instance, with the run and the behaviour up to the state it failed on', () => {
    const result = simulateSync(Fragile, { seed: 1 });
    assert.equal(result.status, 'error');
    assert.equal(result.stopped, 'error');
    if (result.status !== 'error') return;
    assert.equal(result.run, 0);
    assert.equal(result.error.kind, 'action');
    assert.equal(result.error.name, 'Inc');
    assert.match(result.error.message, /boom/);
    assert.deepEqual(result.error.trace?.map((s) => (s.state as Counter).x), [0, 1, 2]);
  });

  it('returns an error naming the invariant that threw', () => {
    const result = simulateSync(Fragile, { seed: 1, constants: { throwIn: 'invariant' } });
    assert.equal(result.status, 'error');
    if (result.status !== 'error') return;
    assert.equal(result.error.kind, 'invariant');
    assert.equal(result.error.name, 'Small');
    assert.equal((result.error.state as Counter | undefined)?.x, 3);
  });

  it('ends behaviours at the depth, in states, the initial one included', () => {
    const result = simulateSync(Fragile, { seed: 1, constants: { throwIn: 'never' }, depth: 3, runs: 4 });
    assert.equal(result.status, 'not found');
    assert.deepEqual(result.stats.lengths, [[3, 4]]);
    assert.equal(result.stats.states, 12);
  });
});

describe("simulating a spec that makes a mistake of its own", () => {
  /** The error of a simulation that must have ended in status 'error', stopped by the error or (`stopped`) by what it found before. */
  const errorOf = (mistake: (typeof MISTAKES)[number], stopped = 'error'): SpecFailure<State> => {
    const result = simulateSync(Mistakes, { constants: { mistake }, seed: 1, runs: 50 });
    if (result.status !== 'error') assert.fail(`${mistake}: expected status 'error', got '${result.status}'`);
    assert.equal(result.stopped, stopped, mistake);
    assert.equal(result.run, 0);
    return result.error;
  };

  it('no initial state, or an init that returns no iterable of states', () => {
    assert.deepEqual(Object.values(errorOf('no-initial-states')).slice(0, 3), ['init', 'Init', 'the spec has no initial states']);
    assert.match(errorOf('init-string').message, /^returned a string \("n = 0"\), not an iterable of states/);
  });

  it('an invariant or constraint that returns something else than a boolean', () => {
    const error = errorOf('invariant-undefined');
    assert.deepEqual([error.kind, error.name, error.message], ['invariant', 'Small', 'returned undefined, not a boolean (true or false) (a missing return?)']);
    assert.match(errorOf('invariant-string').message, /^returned a string \("yes"\), not a boolean/);
    assert.deepEqual([errorOf('constraint-number').kind, errorOf('constraint-number').name], ['constraint', 'constraint']);
  });

  it('an invariant or action that gives another result when called again on the same state, found when its behaviour is replayed', () => {
    for (const [mistake, kind, name] of [
      ['invariant-impure', 'invariant', 'Small'],
      ['action-impure', 'action', 'Step'],
    ] as const) {
      // Sampling stops at the violation; the error is met when its behaviour is replayed.
      const error = errorOf(mistake, 'violation');
      assert.deepEqual([error.kind, error.name], [kind, name], mistake);
      assert.match(error.message, /^is not deterministic: .*spec functions must be pure/);
    }
  });
});


const Holder = Record({ n: 0, x: null as unknown }, 'Holder');
type Holder = ReturnType<typeof Holder>;

/**
 * Counts n up to 3; Inc puts a plain array into the state (a mistake `check` refuses), or Init
 * gives a plain object for a state, as `mistake` says. Small is violated at n = `limit`.
 */
const NotValues = defineSpec({
  name: 'NotValues',
  constants: { mistake: 'successor', limit: 10 },
  build: ({ mistake, limit }) => ({
    init: () => [mistake === 'initial' ? ({ n: 0, x: null } as unknown as Holder) : Holder()],
    actions: { Inc: (s: Holder) => s.n < 3 && s.set('n', s.n + 1).set('x', mistake === 'successor' ? [1, 2] : s.x) },
    invariants: { Small: (s: Holder) => s.n < limit },
    deadlock: false,
  }),
});

describe('simulating a spec whose states are not values', () => {
  /** The spec's failure as `check` reports it, and as `simulate` does. */
  function failures(constants: { mistake: string; limit?: number }): [SpecFailure<State>, SpecFailure<State>] {
    const checked = checkSync(NotValues, { constants });
    const simulated = simulateSync(NotValues, { constants, seed: 1, runs: 3 });
    assert.equal(checked.status, 'error');
    assert.equal(simulated.status, 'error');
    if (checked.status !== 'error' || simulated.status !== 'error') throw new Error('unreachable');
    return [checked.error, simulated.error];
  }

  it('refuses a successor with a plain array, naming the action, as check does', () => {
    const [checked, simulated] = failures({ mistake: 'successor' });
    assert.deepEqual([simulated.kind, simulated.name, simulated.message], [checked.kind, checked.name, checked.message]);
    assert.equal(simulated.message, 'produced a state that is not a value: a state must be built from Immutable.js values and primitives, found a plain array');
    assert.equal((simulated.state as Holder | undefined)?.n, 0);
  });

  it('refuses it before an invariant it violates is checked, rather than calling the action not deterministic', () => {
    const [checked, simulated] = failures({ mistake: 'successor', limit: 1 });
    assert.deepEqual([simulated.kind, simulated.name, simulated.message], [checked.kind, checked.name, checked.message]);
    assert.doesNotMatch(simulated.message, /deterministic/);
  });

  it('refuses an initial state that is a plain object, in Init, as check does', () => {
    const [checked, simulated] = failures({ mistake: 'initial' });
    assert.deepEqual([simulated.kind, simulated.name, simulated.message], [checked.kind, checked.name, checked.message]);
    assert.deepEqual([simulated.kind, simulated.name], ['init', 'Init']);
  });

  it('accepts the same spec with values only', () => {
    assert.equal(simulateSync(NotValues, { constants: { mistake: 'none' }, seed: 1, runs: 3 }).status, 'not found');
  });
});
