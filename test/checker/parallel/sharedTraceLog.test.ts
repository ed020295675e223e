import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedTraceLog } from '../../../checker/parallel/sharedTraceLog.js';

/** Appends `count` states to `log`, the i-th with words (seed + i, seed + i + 1, seed + i + 2); their numbers. */
function appendMany(log: SharedTraceLog, count: number, seed: number, limit = Infinity): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(log.append(seed + i, seed + i + 1, seed + i + 2, limit));
  return ids;
}

/** The states of `ids` (appended by `appendMany` with `seed`) that `log` does not read back as written. */
function misread(log: SharedTraceLog, ids: readonly number[], seed: number): number[] {
  return ids.filter((id, i) => log.hi(id) !== seed + i || log.lo(id) !== seed + i + 1 || log.parent(id) !== seed + i + 2);
}

// Two logs on the same buffers stand for two threads: each keeps views of the buffers as it last saw
// them, and the buffers grow (they start with room for 65,536 states) while the other one appends.
describe('shared trace log', () => {
  it('reads the states another thread appended after the buffers grew', () => {
    const a = SharedTraceLog.create();
    const b = new SharedTraceLog(a.buffers);
    const ids = appendMany(a, 300_000, 1);
    assert.equal(a.buffers.his.byteLength >= 300_000 * 4, true);
    assert.deepEqual(misread(b, ids, 1), []);
  });

  for (const limit of [Infinity, 1_000_000]) {
    it(`appends into buffers another thread grew (bound on the numbers: ${limit})`, () => {
      const a = SharedTraceLog.create();
      const b = new SharedTraceLog(a.buffers);
      const first = appendMany(a, 200_000, 1, limit);
      const second = appendMany(b, 200_000, 7, limit);
      assert.equal(new Set([...first, ...second]).size, 400_000);
      assert.deepEqual(misread(a, second, 7), []);
      assert.deepEqual(misread(b, first, 1), []);
    });
  }

  it('finds the path to a state, and reports links that lead nowhere instead of following them', () => {
    const log = SharedTraceLog.create();
    const root = log.append(1, 1, SharedTraceLog.NONE, 100);
    const child = log.append(2, 2, root, 100);
    const grandchild = log.append(3, 3, child, 100);
    assert.deepEqual(log.pathTo(grandchild), [root, child, grandchild]);
    const stray = log.append(4, 4, 99, 100);
    assert.throws(() => log.pathTo(stray), /no path to state 3 \(at 99\)/);
    const loop = log.append(5, 5, 4, 100);
    assert.throws(() => log.pathTo(loop), /no path to state 4/);
  });

  it('hands out no number past its bound', () => {
    const a = SharedTraceLog.create();
    const ids = appendMany(a, 10, 1, 8);
    assert.deepEqual(ids, [0, 1, 2, 3, 4, 5, 6, 7, -1, -1]);
    assert.equal(a.size, 8);
  });
});
