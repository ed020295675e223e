import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliChild } from './run.js';

const OUT_OF_MEMORY = fileURLToPath(new URL('../fixtures/modules/outOfMemory.js', import.meta.url));
const CHECK_LINE = 'error: the run ran out of memory (the JavaScript heap is full, or an allocation failed): --max-memory stops a run in time and reports it\n';
const SIMULATE_LINE = 'error: the run ran out of memory (the JavaScript heap is full, or an allocation failed)\n';

// Each thread of a run (the run's own, or a worker thread of two) may be the one that meets the state that runs out.
describe('a run out of memory is reported as such, in one line with exit 152, in any thread', { concurrency: true }, () => {
  for (const workers of ['1', '2']) {
    it(`check, ${workers} worker(s): an allocation that fails`, async () => {
      const run = await cliChild(['check', '--spec', OUT_OF_MEMORY, '--workers', workers, '--parallel-threshold', '1']);
      assert.equal(run.code, 152, run.stderr);
      assert.equal(run.stderr, CHECK_LINE);
    });

    it(`check, ${workers} worker(s): a heap that fills`, async () => {
      const args = ['check', '--spec', OUT_OF_MEMORY, '--const', 'mode=heap', '--workers', workers, '--parallel-threshold', '1', '--quiet'];
      const run = await cliChild(args, { NODE_OPTIONS: '--max-old-space-size=128' });
      assert.equal(run.code, 152, run.stderr);
      assert.equal(run.stderr, CHECK_LINE);
    });
  }

  it('simulate on two workers: a heap that fills, and an allocation that fails (no --max-memory to advise)', async () => {
    const heap = await cliChild(['simulate', '--spec', OUT_OF_MEMORY, '--const', 'mode=heap', '--workers', '2', '--quiet'], { NODE_OPTIONS: '--max-old-space-size=128' });
    assert.equal(heap.code, 152, heap.stderr);
    assert.equal(heap.stderr, SIMULATE_LINE);
    const allocation = await cliChild(['simulate', '--spec', OUT_OF_MEMORY, '--workers', '2', '--quiet']);
    assert.equal(allocation.code, 152, allocation.stderr);
    assert.equal(allocation.stderr, SIMULATE_LINE);
  });
});
