import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import ReadersWriters from '../../spec/conformance/readersWriters.js';
import { figures, verdicts } from '../fixtures/figures.js';

describe('ReadersWriters (TLC conformance)', () => {
  it('explores 21527 distinct / 59674 generated / depth 13 with 3 actors and no deadlock, as TLC', () => {
    const result = checkSync(ReadersWriters);
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [21527, 59674, 13]);
    assert.deepEqual(verdicts(result), { TypeOK: 'holds', Safety: 'holds' });
  });
});
