import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import TCommit from '../../spec/conformance/tCommit.js';
import { figures, verdicts } from '../fixtures/figures.js';
import { cli } from '../cli/run.js';

describe('TCommit (TLC conformance)', () => {
  it('explores 34 distinct / 94 generated / depth 7 with deadlock checking off, as TLC', () => {
    const result = checkSync(TCommit, { deadlock: false });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [34, 94, 7]);
    assert.deepEqual(verdicts(result), { TCTypeOK: 'holds', TCConsistent: 'holds' });
  });

  it("checks no deadlock unless asked, as TLC's TCommit.cfg (CHECK_DEADLOCK FALSE): the same figures", async () => {
    const result = checkSync(TCommit);
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [34, 94, 7]);
    const run = await cli(['check', '--model', 't-commit', '--no-color']);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^Statistics: 34 distinct states, 94 generated, depth 7; /m);
  });

  it('reports a deadlock with deadlock checking on, whose shortest trace is three aborts (4 states)', () => {
    const result = checkSync(TCommit, { deadlock: true });
    assert.equal(result.status, 'deadlock');
    const trace = result.deadlock ?? [];
    assert.equal(trace.length, 4);
    assert.deepEqual(
      trace.slice(1).map((step) => step.action?.name),
      ['Decide', 'Decide', 'Decide'],
    );
    assert.deepEqual(trace[3]?.state.get('rmState').toJS(), { r1: 'aborted', r2: 'aborted', r3: 'aborted' });
  });

  it('explores one state per orbit under RM symmetry: 13 of the 34', () => {
    // Orbit count from permuting RM over every reachable state by brute force, not from TLC.
    const result = checkSync(TCommit, { deadlock: false, symmetry: true });
    assert.equal(result.status, 'ok');
    assert.equal(result.stats.distinct, 13);
  });

  it('gives the same figures in exact (value-keyed) mode', () => {
    assert.deepEqual(figures(checkSync(TCommit, { deadlock: false, exact: true })), [34, 94, 7]);
  });
});
