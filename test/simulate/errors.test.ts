import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { defineSpec, simulate } from '../../checker/index.js';

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
    const result = simulate(Fragile, { seed: 1 });
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
    const result = simulate(Fragile, { seed: 1, constants: { throwIn: 'invariant' } });
    assert.equal(result.status, 'error');
    if (result.status !== 'error') return;
    assert.equal(result.error.kind, 'invariant');
    assert.equal(result.error.name, 'Small');
    assert.equal((result.error.state as Counter | undefined)?.x, 3);
  });

  it('ends behaviours at the depth, in states, the initial one included', () => {
    const result = simulate(Fragile, { seed: 1, constants: { throwIn: 'never' }, depth: 3, runs: 4 });
    assert.equal(result.status, 'not found');
    assert.deepEqual(result.stats.lengths, [[3, 4]]);
    assert.equal(result.stats.states, 12);
  });
});
