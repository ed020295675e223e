import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import Peterson from '../../spec/conformance/peterson.js';
import { figures, verdicts } from '../fixtures/figures.js';

describe('Peterson (TLC conformance)', () => {
  it('explores 42 distinct / 77 generated / depth 11 with no deadlock, as TLC', () => {
    const result = checkSync(Peterson);
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [42, 77, 11]);
    assert.deepEqual(verdicts(result), { TypeOK: 'holds', Inv: 'holds' });
  });
});
