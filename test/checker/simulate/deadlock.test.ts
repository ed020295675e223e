import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { compile, defineSpec, replayProblem, simulate, simulateSync, successorsOf } from '../../../checker/index.js';
import { isTerminal } from '../../../checker/spec/evaluate.js';
import sometimesStuck from '../../fixtures/modules/sometimesStuck.js';

const model = compile(sometimesStuck, {});
const source = { module: new URL('../../fixtures/modules/sometimesStuck.js', import.meta.url).href };

const Counter = Record({ x: 0, flag: false }, 'Counter');
type Counter = ReturnType<typeof Counter>;

/** Climbs to x = 3, where nothing is enabled and the state is not terminal; a flag flips on the way (noise for the shrinker). */
const ClimbAndStop = defineSpec({
  name: 'ClimbAndStop',
  build: () => ({
    init: () => [Counter()],
    actions: {
      Inc: (s: Counter) => s.x < 3 && s.set('x', s.x + 1),
      Toggle: (s: Counter) => s.x < 3 && s.set('flag', !s.flag),
    },
  }),
});

describe('simulate: deadlocks', () => {
  it('reports the first behaviour that reaches a state with no successor, not terminal, and stops there', () => {
    const result = simulateSync(model, { seed: 'd', runs: 1000 });
    assert.equal(result.status, 'deadlock');
    assert.equal(result.stopped, 'deadlock');
    assert.equal(result.deadlockChecked, true);
    const deadlock = result.deadlock;
    assert.ok(deadlock !== undefined);
    const last = deadlock.trace[deadlock.trace.length - 1]?.state;
    assert.ok(last !== undefined);
    assert.deepEqual([last.n, last.stuck], [2, true]);
    assert.equal(successorsOf(model, last).length, 0);
    assert.equal(isTerminal(model, last), false);
    // Every behaviour before that run ended at the terminal state: the deadlock is the first run's that reached one.
    assert.equal(result.stats.behaviours, deadlock.run + 1);
    // Its run replays it, alone.
    const again = simulateSync(model, { seed: 'd', firstRun: deadlock.run, runs: 1 });
    assert.deepEqual(again.deadlock?.trace, deadlock.trace);
  });

  it('reports none with deadlock off, nor for the terminal state every other behaviour ends in', () => {
    const off = simulateSync(model, { seed: 'd', runs: 1000, deadlock: false });
    assert.deepEqual([off.status, off.deadlockChecked, off.deadlock, off.stopped], ['not found', false, undefined, 'runs']);
    const terminalOnly = simulateSync(compile(sometimesStuck, {}), { seed: 'd', runs: 1, weights: { Trap: 0 } });
    assert.deepEqual([terminalOnly.status, terminalOnly.deadlock], ['not found', undefined]);
  });

  it('finds the same deadlock, in the same run, with two worker threads', async () => {
    const one = simulateSync(model, { seed: 'w', runs: 5000, stopAtFirst: false });
    const two = await simulate(model, { seed: 'w', runs: 5000, stopAtFirst: false, workers: 2, source, sampleWhileStarting: false });
    assert.equal(two.stats.workers, 2);
    assert.ok(one.deadlock !== undefined);
    assert.deepEqual([two.deadlock?.run, two.deadlock?.trace.length], [one.deadlock.run, one.deadlock.trace.length]);
    assert.deepEqual(two.deadlock?.trace, one.deadlock.trace);
    assert.equal(two.stats.behaviours, one.stats.behaviours);
  });

  it('shrinks the behaviour to one that still ends in a deadlock, and keeps the one sampled', () => {
    const climb = compile(ClimbAndStop, {});
    const result = simulateSync(climb, { seed: 'u', runs: 1 });
    const deadlock = result.deadlock;
    assert.ok(deadlock !== undefined);
    assert.ok(deadlock.originalTrace.length > 4, `the sampled behaviour has toggles: ${deadlock.originalTrace.length} states`);
    assert.deepEqual(
      deadlock.trace.map((step) => [step.action?.label ?? null, step.state.x, step.state.flag]),
      [[null, 0, false], ['Inc', 1, false], ['Inc', 2, false], ['Inc', 3, false]],
    );
    assert.equal(replayProblem(climb, deadlock.trace, { kind: 'deadlock' }), undefined);
    assert.equal(replayProblem(climb, deadlock.originalTrace, { kind: 'deadlock' }), undefined);
    const asSampled = simulateSync(climb, { seed: 'u', runs: 1, shrink: false });
    assert.equal(asSampled.deadlock?.trace, asSampled.deadlock?.originalTrace);
    assert.deepEqual(asSampled.deadlock?.trace, deadlock.originalTrace);
  });
});
