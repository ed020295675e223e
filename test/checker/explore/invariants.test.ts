import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, defineSpec } from '../../../checker/index.js';
import { figures, verdicts } from '../../fixtures/figures.js';
import { Counter } from '../../fixtures/toySpecs.js';

/** Counts 0..10; Lt2 fails at 2, Lt4 at 4, Always never. */
const Thresholds = defineSpec({
  name: 'Thresholds',
  build: () => ({
    init: () => [Counter()],
    actions: { Inc: (s: Counter) => s.n < 10 && s.set('n', s.n + 1) },
    invariants: { Lt2: (s: Counter) => s.n < 2, Lt4: (s: Counter) => s.n < 4, Always: () => true },
    terminal: (s: Counter) => s.n === 10,
  }),
});

describe('invariant checking', () => {
  it('reports an invariant violated in an initial state with a trace of length 1', () => {
    const spec = defineSpec({
      name: 'BadStart',
      build: () => ({
        init: () => [Counter({ n: 0 }), Counter({ n: -1 })],
        actions: { Inc: (s: Counter) => s.set('n', s.n + 1) },
        invariants: { NonNegative: (s: Counter) => s.n >= 0 },
      }),
    });
    const result = checkSync(spec);
    assert.equal(result.status, 'violation');
    const trace = result.invariants[0]?.trace;
    assert.equal(trace?.length, 1);
    assert.equal(trace?.[0]?.action, null);
    assert.equal(trace?.[0]?.state.n, -1);
  });

  it('gives each violated invariant its own shortest trace in one run', () => {
    const result = checkSync(Thresholds);
    assert.equal(result.status, 'violation');
    assert.deepEqual(verdicts(result), { Lt2: 'violated', Lt4: 'violated', Always: 'holds' });
    const [lt2, lt4] = result.invariants;
    assert.deepEqual(lt2?.trace?.map((step) => step.state.n), [0, 1, 2]);
    assert.deepEqual(lt4?.trace?.map((step) => step.state.n), [0, 1, 2, 3, 4]);
    assert.deepEqual(lt4?.trace?.map((step) => step.action?.label ?? null), [null, 'Inc', 'Inc', 'Inc', 'Inc']);
    assert.deepEqual(figures(result), [11, 11, 11]);
  });

  it('stops once every checked invariant is violated', () => {
    const result = checkSync(Thresholds, { invariants: ['Lt2', 'Lt4'] });
    assert.equal(result.status, 'violation');
    assert.ok(result.stats.distinct < 11, `explored ${result.stats.distinct} states`);
  });

  it('stops at the first violation with stopAtFirst', () => {
    const result = checkSync(Thresholds, { stopAtFirst: true });
    assert.equal(result.status, 'violation');
    assert.equal(result.invariants.find((v) => v.name === 'Lt2')?.trace?.length, 3);
    assert.equal(result.invariants.filter((v) => v.verdict === 'violated').length, 1);
    assert.notEqual(result.invariants.find((v) => v.name === 'Lt4')?.verdict, 'violated');
    assert.equal(result.stats.distinct, 3);
  });

  it('checks only the invariants named in the options', () => {
    const result = checkSync(Thresholds, { invariants: ['Always'] });
    assert.equal(result.status, 'ok');
    assert.deepEqual(verdicts(result), { Always: 'holds' });
  });
});
