import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';
import { graphSpec } from '../../fixtures/graphSpec.js';
import { CountTo, Tree } from '../../fixtures/toySpecs.js';

// 0 -> 1 -> 3 -> 0 is a cycle; 0 -> 2 -> 2 loops; 2 -> 4 dead-ends at depth 3; 3 -> 5 dead-ends at depth 4.
const adjacency = [[1, 2], [3], [2, 4], [0, 5], [], []];
const spec = graphSpec({ adjacency, initial: [0] });

describe('deadlock checking', () => {
  it('reports a deadlock with its shortest trace', () => {
    const result = checkSync(spec);
    assert.equal(result.status, 'deadlock');
    assert.deepEqual(
      result.deadlock?.map((step) => [step.action?.label ?? null, step.state.s]),
      [[null, 0], ['Go(2)', 2], ['Go(4)', 4]],
    );
    assert.deepEqual(figures(result), [6, 8, 4]);
  });

  it('reports the end of a counter as a deadlock after Max steps', () => {
    const result = checkSync(CountTo, { constants: { Max: 3 } });
    assert.equal(result.status, 'deadlock');
    assert.equal(result.deadlock?.length, 4);
    assert.equal(result.deadlock?.[3]?.state.n, 3);
  });

  it('does not report a dead end where the terminal predicate holds', () => {
    const result = checkSync(Tree);
    assert.equal(result.status, 'ok');
    assert.equal(result.deadlock, undefined);
    assert.deepEqual(figures(result), [15, 15, 4]);
  });

  it('still reports a dead end that is not terminal', () => {
    const result = checkSync(graphSpec({ adjacency, initial: [0], terminal: [4] }));
    assert.equal(result.status, 'deadlock');
    assert.deepEqual(result.deadlock?.map((step) => step.state.s), [0, 1, 3, 5]);
  });

  it('explores the whole space without reporting deadlocks when deadlock is false', () => {
    const result = checkSync(spec, { deadlock: false });
    assert.equal(result.status, 'ok');
    assert.equal(result.deadlock, undefined);
    assert.deepEqual(figures(result), [6, 8, 4]);
  });
});
