import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, simulate, simulateSync, successorsOf } from '../../../checker/index.js';
import { isTerminal } from '../../../checker/spec/evaluate.js';
import sometimesStuck from '../../fixtures/modules/sometimesStuck.js';

const model = compile(sometimesStuck, {});
const source = { module: new URL('../../fixtures/modules/sometimesStuck.js', import.meta.url).href };

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
});
