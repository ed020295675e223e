import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import TwoPhase from '../../spec/conformance/twoPhase.js';
import { figures, verdicts } from '../fixtures/figures.js';

describe('TwoPhase (TLC conformance)', () => {
  it('explores 288 distinct / 1146 generated / depth 11 with 3 RMs and no deadlock, as TLC', () => {
    const result = checkSync(TwoPhase);
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [288, 1146, 11]);
    assert.deepEqual(verdicts(result), { TPTypeOK: 'holds' });
    assert.equal(result.deadlock, undefined);
  });

  it('explores 8832 distinct / 58146 generated / depth 17 with 5 RMs', () => {
    const result = checkSync(TwoPhase, { constants: { RM: ['r1', 'r2', 'r3', 'r4', 'r5'] } });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [8832, 58146, 17]);
  });

  it('explores one state per orbit under RM symmetry: 80 of the 288 (166 of 1568 with 4 RMs)', () => {
    // Orbit counts from permuting RM over every reachable state by brute force, not from TLC.
    const result = checkSync(TwoPhase, { symmetry: true });
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.symmetry, ['RM']);
    assert.equal(result.stats.distinct, 80);
    assert.equal(checkSync(TwoPhase, { symmetry: true, constants: { RM: ['r1', 'r2', 'r3', 'r4'] } }).stats.distinct, 166);
  });
});
