import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random, simulate, simulateSync, UsageError } from '../../../checker/index.js';
import type { SimulationResult, State } from '../../../checker/index.js';
import replication from '../../../spec/pika/replication.js';

/** Everything of a result that must not depend on the clock. */
function fingerprint(result: SimulationResult<State>): unknown {
  const { seconds: _s, behavioursPerSecond: _b, shrinkSeconds: _k, ...stats } = result.stats;
  return {
    seed: result.seed,
    status: result.status,
    stats,
    invariants: result.invariants.map((v) => ({
      name: v.name,
      verdict: v.verdict,
      run: v.run,
      original: v.originalTrace?.map((s) => s.action?.label ?? null),
      trace: v.trace?.map((s) => s.action?.label ?? null),
    })),
  };
}

const bigger = { clients: 3, keys: 2, ops: 2, lockScope: 'command' };

describe('simulation is reproducible', () => {
  it('gives the same numbers for the same seed, string or number, and other numbers for another seed', () => {
    const a = new Random('42');
    const b = new Random('42');
    const c = new Random('43');
    const xs = Array.from({ length: 8 }, () => a.uint32());
    assert.deepEqual(Array.from({ length: 8 }, () => b.uint32()), xs);
    assert.notDeepEqual(Array.from({ length: 8 }, () => c.uint32()), xs);
    const r = Random.forRun('42', 0);
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      assert.ok(f >= 0 && f < 1);
      const n = r.below(5);
      assert.ok(Number.isInteger(n) && n >= 0 && n < 5);
    }
  });

  it('gives the same result for the same seed: runs, traces, lengths and action counts', () => {
    const first = simulateSync(replication, { constants: bigger, seed: 'abc', stopAtFirst: false, runs: 300 });
    const again = simulateSync(replication, { constants: bigger, seed: 'abc', stopAtFirst: false, runs: 300 });
    assert.deepEqual(fingerprint(again), fingerprint(first));
    assert.equal(first.seed, 'abc');
    const numeric = simulateSync(replication, { constants: bigger, seed: 7, runs: 50, invariants: [] });
    const text = simulateSync(replication, { constants: bigger, seed: '7', runs: 50, invariants: [] });
    assert.deepEqual(fingerprint(numeric), fingerprint(text));
  });

  it('draws other behaviours from another seed', () => {
    const one = simulateSync(replication, { constants: bigger, seed: 1, runs: 50, invariants: [] });
    const two = simulateSync(replication, { constants: bigger, seed: 2, runs: 50, invariants: [] });
    assert.notDeepEqual(one.stats.actions, two.stats.actions);
  });

  it('replays one reported run on its own from the seed and run index', () => {
    const found = simulateSync(replication, { constants: bigger, seed: 'replay-me', invariants: ['SnapshotCoversApplied'], shrink: false });
    const run = found.invariants[0]?.run;
    assert.ok(run !== undefined && run > 0, `found in run ${run}`);
    const alone = simulateSync(replication, { constants: bigger, seed: 'replay-me', firstRun: run, runs: 1, invariants: ['SnapshotCoversApplied'], shrink: false });
    assert.equal(alone.stats.behaviours, 1);
    assert.equal(alone.invariants[0]?.run, run);
    assert.deepEqual(
      alone.invariants[0]?.trace?.map((s) => s.action?.label ?? null),
      found.invariants[0]?.trace?.map((s) => s.action?.label ?? null),
    );
  });

  it('gives the same result driven at once (simulateSync) or between turns of the event loop (simulate)', async () => {
    const options = { constants: bigger, seed: 5, runs: 40 };
    assert.deepEqual(fingerprint(await simulate(replication, options)), fingerprint(simulateSync(replication, options)));
  });

  it('simulateSync refuses more than one worker, which needs the async simulate', () => {
    const source = { module: new URL('../../../spec/pika/replication.js', import.meta.url).href };
    assert.throws(
      () => simulateSync(replication, { seed: 5, runs: 40, workers: 4, source }),
      (e: unknown) => e instanceof UsageError && e.message === 'simulateSync samples in this thread alone: workers > 1 (4) needs the async simulate',
    );
  });

  it('picks a fresh seed when given none and reports it, so that the run can be repeated', () => {
    const result = simulateSync(replication, { runs: 5, invariants: [] });
    assert.match(result.seed, /^\d+$/);
    const again = simulateSync(replication, { runs: 5, invariants: [], seed: result.seed });
    assert.deepEqual(fingerprint(again), fingerprint(result));
  });
});
