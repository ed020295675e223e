import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { checkSync, defineSpec, InternalError } from '../../checker/index.js';
import { CountForever } from '../fixtures/toySpecs.js';
import { forgetful } from '../fixtures/badSpecs.js';

const Cell = Record({ n: 0 });
type Cell = ReturnType<typeof Cell>;

describe('every result checks itself', () => {
  it('refuses a trace that does not replay through the spec, as an internal error', () => {
    assert.throws(() => checkSync(forgetful()), (error: unknown) => error instanceof InternalError && /does not replay|fingerprint/.test(error.message));
  });

  it('a trace that replays is reported as a violation', () => {
    const Honest = defineSpec({
      name: 'Honest',
      build: () => ({
        init: () => [Cell()],
        actions: { Step: (s: Cell) => s.n < 5 && s.set('n', s.n + 1) },
        invariants: { Below3: (s: Cell) => s.n < 3 },
        terminal: (s: Cell) => s.n === 5,
      }),
    });
    const result = checkSync(Honest);
    assert.equal(result.status, 'violation');
    assert.equal(result.invariants[0]?.trace?.length, 4);
  });
});

describe('bounded resources on an unbounded state space', () => {
  it('--max-memory stops the run gracefully with the statistics so far', () => {
    const result = checkSync(CountForever, { maxMemory: 1 });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.status === 'incomplete' && result.bound, 'maxMemory');
    assert.equal(result.invariants[0]?.verdict, 'unknown');
  });

  it('--time-limit stops the run gracefully with the statistics so far', () => {
    const result = checkSync(CountForever, { timeLimit: 0.2 });
    assert.equal(result.status === 'incomplete' && result.bound, 'timeLimit');
    assert.ok(result.stats.distinct > 16);
    assert.ok(result.stats.seconds < 30, `stopped after ${result.stats.seconds} s`);
  });
});
