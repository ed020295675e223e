import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, simulate } from '../../../checker/index.js';
import type { SimulationProgress } from '../../../checker/index.js';
import replication from '../../../spec/pika/replication.js';

const model = compile(replication, { lockScope: 'command+binlog', clients: 3, keys: 2, ops: 2 });
const source = { module: new URL('../../../spec/pika/replication.js', import.meta.url).href };

describe('simulate reports its progress', () => {
  for (const workers of [1, 2]) {
    it(`with ${workers} worker${workers === 1 ? '' : 's'}: figures that only grow, and never past the result's`, async () => {
      const stop = new AbortController();
      const seen: SimulationProgress[] = [];
      const result = await simulate(model, {
        seed: 7,
        runs: 1e9,
        workers,
        ...(workers > 1 ? { source } : {}),
        progressInterval: 0.01,
        // Three reports, then stop: the run ends on its signal, not on a clock.
        onProgress: (p) => {
          seen.push(p);
          if (seen.length === 3) stop.abort();
        },
        signal: stop.signal,
      });
      assert.equal(result.stopped, 'interrupted');
      assert.ok(seen.length >= 3);
      for (let i = 1; i < seen.length; i++) {
        const [before, after] = [seen[i - 1] as SimulationProgress, seen[i] as SimulationProgress];
        assert.ok(after.behaviours >= before.behaviours && after.states >= before.states && after.seconds >= before.seconds);
      }
      const last = seen[seen.length - 1] as SimulationProgress;
      assert.ok(last.behaviours <= result.stats.behaviours, `${last.behaviours} ≤ ${result.stats.behaviours}`);
      assert.ok(last.states <= result.stats.states);
    });
  }

  it('refuses a progress interval that is not a positive number', async () => {
    await assert.rejects(simulate(model, { runs: 1, progressInterval: 0 }), /progressInterval must be a positive number, got 0/);
  });
});
