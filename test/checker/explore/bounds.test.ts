import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../../checker/index.js';
import { figures, verdicts } from '../../fixtures/figures.js';
import { CountForever, CountTo, Tree } from '../../fixtures/toySpecs.js';

describe('bounds', () => {
  it('stops at maxStates without ever exceeding it, leaving invariants unknown', () => {
    for (const maxStates of [1, 2, 3, 7, 8, 14]) {
      const result = checkSync(Tree, { maxStates });
      assert.equal(result.status, 'incomplete', `maxStates ${maxStates}`);
      assert.equal(result.status === 'incomplete' && result.bound, 'maxStates');
      assert.equal(result.stats.distinct, maxStates);
      assert.deepEqual(verdicts(result), { WithinMax: 'unknown' });
    }
  });

  it('completes when maxStates is at least the number of reachable states', () => {
    for (const maxStates of [15, 16]) {
      const result = checkSync(Tree, { maxStates });
      assert.equal(result.status, 'ok');
      assert.deepEqual(figures(result), [15, 15, 4]);
    }
  });

  it('stops at maxDepth counted in states, the initial states being depth 1', () => {
    const expected: [number, [number, number, number]][] = [
      [1, [1, 3, 1]],
      [2, [3, 7, 2]],
      [3, [7, 15, 3]],
    ];
    for (const [maxDepth, stats] of expected) {
      const result = checkSync(Tree, { maxDepth });
      assert.equal(result.status, 'incomplete');
      assert.equal(result.status === 'incomplete' && result.bound, 'maxDepth');
      assert.deepEqual(figures(result), stats, `maxDepth ${maxDepth}`);
      assert.deepEqual(verdicts(result), { WithinMax: 'unknown' });
    }
    const forever = checkSync(CountForever, { maxDepth: 10 });
    assert.equal(forever.status === 'incomplete' && forever.bound, 'maxDepth');
    assert.equal(forever.stats.distinct, 10);
    assert.equal(forever.stats.depth, 10);
  });

  it('completes when maxDepth reaches the depth of the state space', () => {
    const result = checkSync(Tree, { maxDepth: 4 });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [15, 15, 4]);
  });

  it('stops an unbounded state space at timeLimit', () => {
    const result = checkSync(CountForever, { timeLimit: 0.05 });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.status === 'incomplete' && result.bound, 'timeLimit');
    assert.ok(result.stats.seconds >= 0.05, `stopped after ${result.stats.seconds}s`);
    assert.ok(result.stats.distinct > 0);
    assert.deepEqual(verdicts(result), { NonNegative: 'unknown' });
  });

  it('stops as interrupted when the signal is already aborted', () => {
    const controller = new AbortController();
    controller.abort();
    const result = checkSync(CountTo, { constants: { Max: 50_000 }, signal: controller.signal });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.status === 'incomplete' && result.bound, 'interrupted');
    assert.ok(result.stats.distinct < 50_001, `explored ${result.stats.distinct} states`);
    assert.deepEqual(verdicts(result), { NonNegative: 'unknown' });
  });

  it('stops as interrupted when the signal is aborted from onProgress', () => {
    const controller = new AbortController();
    let reports = 0;
    const result = checkSync(CountForever, {
      signal: controller.signal,
      progressInterval: 0,
      onProgress: () => {
        reports++;
        controller.abort();
      },
    });
    assert.equal(result.status === 'incomplete' && result.bound, 'interrupted');
    assert.equal(reports, 1);
    assert.deepEqual(verdicts(result), { NonNegative: 'unknown' });
  });
});
