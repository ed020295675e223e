import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import DiningPhilosophers from '../../spec/conformance/diningPhilosophers.js';
import { figures, verdicts } from '../fixtures/figures.js';

describe('DiningPhilosophers (TLC conformance)', () => {
  it('explores 67 distinct / 336 generated / depth 29 with 5 philosophers and no deadlock, as TLC', () => {
    const result = checkSync(DiningPhilosophers);
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [67, 336, 29]);
    assert.deepEqual(verdicts(result), { TypeOK: 'holds', ExclusiveAccess: 'holds' });
  });

  it('gives the same figures in exact (value-keyed) mode', () => {
    assert.deepEqual(figures(checkSync(DiningPhilosophers, { exact: true })), [67, 336, 29]);
  });
});
