import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SpilledTraceLog } from '../../../checker/explore/spilledTraceLog.js';
import { TraceLog } from '../../../checker/explore/traceLog.js';

const dir = mkdtempSync(join(tmpdir(), 'pika-mc-spilled-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every chunk a log hands over, copied. */
function chunks(log: TraceLog | SpilledTraceLog): number[][] {
  const out: number[][] = [];
  log.forEachChunk((his, los, parents) => out.push([...his, ...los, ...parents]));
  return out;
}

describe('SpilledTraceLog', () => {
  it('reads back what TraceLog holds, from its file and from the chunk in memory, across chunks', () => {
    const path = join(dir, 'trace.bin');
    const spilled = new SpilledTraceLog(path);
    const plain = new TraceLog();
    const n = 2 * TraceLog.CHUNK + 1234;
    for (let i = 0; i < n; i++) {
      const parent = i < 3 ? TraceLog.NONE : Math.floor(i / 2);
      const hi = (Math.imul(i, 0x9e3779b1) >>> 0) | 0x80000000;
      assert.equal(spilled.append(hi >>> 0, i, parent), plain.append(hi >>> 0, i, parent));
    }
    assert.equal(spilled.size, n);
    for (const i of [0, 1, TraceLog.CHUNK - 1, TraceLog.CHUNK, 2 * TraceLog.CHUNK - 1, 2 * TraceLog.CHUNK, n - 1]) {
      assert.deepEqual([spilled.hi(i), spilled.lo(i), spilled.parent(i)], [plain.hi(i), plain.lo(i), plain.parent(i)], `record ${i}`);
    }
    assert.deepEqual(spilled.pathTo(n - 1), plain.pathTo(n - 1));
    assert.deepEqual(chunks(spilled), chunks(plain));
    assert.ok(spilled.bytes < plain.bytes / 2);
    spilled.remove();
    assert.equal(existsSync(path), false);
  });
});
