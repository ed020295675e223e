import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workersWanted } from '../../../checker/parallel/explore.js';

describe('when the worker threads are wanted (and the run leaves the one-thread engine)', () => {
  it('a level before the first level of the threshold, if the next grows as this one did', () => {
    // Pika 3/2/2: L20 8,964 after 6,276 (×1.43 → 12,803), L21 12,192 (×1.36 → 16,582), L22 15,432, L23 19,644.
    assert.equal(workersWanted(8964, 6276, 16384), false);
    assert.equal(workersWanted(12192, 8964, 16384), true);
    assert.equal(workersWanted(15432, 12192, 16384), true);
    assert.equal(workersWanted(19644, 15432, 16384), true);
  });

  it('not in a run whose levels stay under it, nor when a large level shrinks towards it', () => {
    // Levels that grow more slowly as they near a peak under the threshold (Pika 4/2/1 peaks at 14,736).
    assert.equal(workersWanted(14000, 13500, 16384), false);
    assert.equal(workersWanted(14736, 14000, 16384), false);
    assert.equal(workersWanted(12000, 14736, 16384), false, 'a shrinking level is not projected to grow');
    assert.equal(workersWanted(17000, 20000, 16384), true, 'a level of the threshold or more, even shrinking');
  });

  it('at the first level (none before it), by its own size; with a threshold of 0, at once', () => {
    assert.equal(workersWanted(3, 0, 16384), false);
    assert.equal(workersWanted(20000, 0, 16384), true);
    assert.equal(workersWanted(1, 0, 0), true);
    assert.equal(workersWanted(0, 0, 0), true);
  });
});
