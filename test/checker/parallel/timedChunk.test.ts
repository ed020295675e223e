import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimedChunk } from '../../../checker/parallel/timedChunk.js';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('TimedChunk', () => {
  it('starts at one state and doubles while chunks are quick, up to its most', () => {
    const chunk = new TimedChunk(64, 1000);
    const sizes: number[] = [];
    for (let i = 0; i < 9; i++) chunk.run((size) => sizes.push(size));
    assert.deepEqual(sizes, [1, 2, 4, 8, 16, 32, 64, 64, 64]);
  });

  it('shrinks a chunk that took longer than its target, to the size that fits it, and never below one', () => {
    const chunk = new TimedChunk(64, 5);
    for (let i = 0; i < 6; i++) chunk.run(() => undefined);
    assert.equal(chunk.next, 64);
    // A chunk of 64 that takes 8 times the target: the next is at most an eighth.
    chunk.run(() => spin(40));
    assert.ok(chunk.next <= 8, `next ${chunk.next}`);
    for (let i = 0; i < 5; i++) chunk.run(() => spin(20));
    assert.equal(chunk.next, 1);
  });

  it('gives what its step returns', () => {
    assert.equal(new TimedChunk(4, 10).run((size) => size * 10), 10);
  });
});
