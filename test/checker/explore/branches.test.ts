import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, defineSpec, either } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';
import { Counter, KeyLocks } from '../../fixtures/toySpecs.js';

/** From 0, Step goes to 1 under each true disjunct of `either`. */
function eitherSpec(second: boolean) {
  return defineSpec({
    name: 'Either',
    build: () => ({
      init: () => [Counter()],
      actions: { Step: (s: Counter) => s.n === 0 && either(s.set('n', 1), second && s.set('n', 1)) },
      terminal: (s: Counter) => s.n === 1,
    }),
  });
}

describe('choices inside an action', () => {
  it('labels each exists choice after the action parameters: LockKey(c2, k1)', () => {
    const result = checkSync(KeyLocks);
    assert.equal(result.status, 'violation');
    const trace = result.invariants[0]?.trace;
    assert.equal(trace?.length, 2);
    assert.equal(trace?.[1]?.action?.label, 'LockKey(c2, k1)');
    assert.equal(trace?.[1]?.action?.name, 'LockKey');
    assert.deepEqual(trace?.[1]?.action?.args, ['c2', 'k1']);
    assert.equal(trace?.[1]?.state.get('k1'), 'c2');
  });

  it('generates one successor per client and free key', () => {
    // 9 assignments of 2 keys to {free, c1, c2}; 2 clients x free keys successors from each.
    const result = checkSync(KeyLocks, { invariants: [] });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [9, 13, 3]);
  });

  it('counts two successors when both disjuncts of either hold, even if equal', () => {
    const result = checkSync(eitherSpec(true));
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [2, 3, 2]);
  });

  it('counts one successor when one disjunct of either is false', () => {
    assert.deepEqual(figures(checkSync(eitherSpec(false))), [2, 2, 2]);
  });
});
