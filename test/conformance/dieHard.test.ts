import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import DieHard from '../../spec/conformance/dieHard.js';

describe('DieHard (TLC conformance)', () => {
  it('finds NotSolved violated with a 7-state shortest trace', () => {
    const result = checkSync(DieHard);
    assert.equal(result.status, 'violation');
    const notSolved = result.invariants.find((v) => v.name === 'NotSolved');
    assert.equal(notSolved?.verdict, 'violated');
    assert.equal(notSolved?.trace?.length, 7);
    assert.equal(notSolved?.trace?.[6]?.state.get('big'), 4);
    assert.equal(result.invariants.find((v) => v.name === 'TypeOK')?.verdict, 'holds');
  });

  it('explores 16 distinct / 97 generated / depth 8 without NotSolved', () => {
    const result = checkSync(DieHard, { invariants: ['TypeOK'] });
    assert.equal(result.status, 'ok');
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [16, 97, 8]);
  });

  it('gives the same figures in exact (value-keyed) mode', () => {
    const result = checkSync(DieHard, { invariants: ['TypeOK'], exact: true });
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [16, 97, 8]);
  });
});
