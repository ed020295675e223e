import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, defineSpec } from '../../../checker/index.js';
import { figures, verdicts } from '../../fixtures/figures.js';
import { Counter } from '../../fixtures/toySpecs.js';

/** An unbounded counter cut at n <= 3 by a state constraint. */
const Constrained = defineSpec({
  name: 'Constrained',
  build: () => ({
    init: () => [Counter()],
    actions: { Inc: (s: Counter) => s.set('n', s.n + 1) },
    invariants: { Not4: (s: Counter) => s.n !== 4, Not5: (s: Counter) => s.n !== 5 },
    constraint: (s: Counter) => s.n <= 3,
  }),
});

describe('state constraint', () => {
  it('counts a state outside the constraint as generated but neither stores nor expands it', () => {
    const result = checkSync(Constrained, { invariants: ['Not5'] });
    assert.equal(result.status, 'ok');
    assert.deepEqual(figures(result), [4, 5, 4]);
    assert.deepEqual(verdicts(result), { Not5: 'holds' });
  });

  it('does not call the last state inside the constraint a deadlock, as its successor is counted first', () => {
    const result = checkSync(Constrained, { invariants: ['Not5'] });
    assert.equal(result.deadlock, undefined);
  });

  it('checks invariants on a state outside the constraint, with a trace ending in it', () => {
    const result = checkSync(Constrained);
    assert.equal(result.status, 'violation');
    assert.deepEqual(verdicts(result), { Not4: 'violated', Not5: 'holds' });
    const trace = result.invariants[0]?.trace;
    assert.deepEqual(trace?.map((step) => step.state.n), [0, 1, 2, 3, 4]);
    assert.equal(trace?.[4]?.action?.label, 'Inc');
  });

  it('counts an initial state outside the constraint and checks it without exploring from it', () => {
    const spec = defineSpec({
      name: 'ConstrainedInit',
      build: () => ({
        init: () => [Counter({ n: 7 }), Counter({ n: 0 })],
        actions: { Inc: (s: Counter) => s.n < 2 && s.set('n', s.n + 1) },
        invariants: { Small: (s: Counter) => s.n < 5 },
        constraint: (s: Counter) => s.n < 5,
        terminal: (s: Counter) => s.n === 2,
      }),
    });
    const result = checkSync(spec);
    assert.equal(result.status, 'violation');
    assert.deepEqual(result.invariants[0]?.trace?.map((step) => step.state.n), [7]);
    assert.deepEqual(figures(checkSync(spec, { invariants: [] })), [3, 4, 3]);
  });
});
