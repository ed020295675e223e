import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { efficiencyOf } from '../../bench/efficiency.js';

describe('npm run bench: parallel efficiency against the measured ceiling', () => {
  it('is 1 when two workers halve the time on a machine that runs two processes as fast as one', () => {
    assert.deepEqual(efficiencyOf(2, 10, 5, 10), { speedup: 2, ceiling: 2, efficiency: 1 });
  });

  it('judges a speedup against what two independent processes get, not against the core count', () => {
    // Two processes side by side take 12.5 s for two runs of 10 s: the machine gives 1.6×.
    const { speedup, ceiling, efficiency } = efficiencyOf(2, 10, 6.9, 12.5);
    assert.equal(ceiling, 1.6);
    assert.ok(Math.abs(speedup - 1.449) < 1e-3);
    assert.ok(Math.abs(efficiency - 0.906) < 1e-3);
  });

  it('falls below 1 when the parallel run is slower than one worker', () => {
    assert.ok(efficiencyOf(2, 10, 11, 10).efficiency < 0.5);
  });
});
