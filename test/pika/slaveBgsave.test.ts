import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import slaveBgsave from '../../spec/pika/slaveBgsave.js';
import { assertCell, labels } from './cells.js';
import type { Cell } from './cells.js';

type Row = readonly [offsetSource: string, entries: number, keys: number, cells: readonly [Cell, Cell]];

// README "A second model: bgsave on a slave": columns SnapshotCoversApplied, OffsetNotAhead.
const SLAVE: readonly Row[] = [
  ['binlog', 2, 1, [[68, 84, 12], 4]],
  ['binlog', 3, 2, [[344, 593, 16], 4]],
  ['applied', 2, 1, [[42, 57, 12], [42, 57, 12]]],
  ['applied', 3, 2, [8, [166, 292, 16]]],
  ['drain', 2, 1, [[36, 42, 12], [36, 42, 12]]],
  ['drain', 3, 2, [[133, 235, 16], [133, 235, 16]]],
];

describe('PikaSlaveBgsave: the README slave-bgsave table', () => {
  for (const [offsetSource, entries, keys, [covers, notAhead]] of SLAVE) {
    it(`offset source ${offsetSource}, ${entries} entries / ${keys} keys: both invariants as TLC`, () => {
      assertCell(slaveBgsave, { offsetSource, entries, keys }, 'SnapshotCoversApplied', covers);
      assertCell(slaveBgsave, { offsetSource, entries, keys }, 'OffsetNotAhead', notAhead);
    });
  }

  it('the defaults are Pika v4.0.1, 3 entries, 2 keys, offset source binlog, no crash', () => {
    assert.deepEqual(slaveBgsave.defaults, { pikaVersion: 'v4.0.1', entries: 3, keys: 2, offsetSource: 'binlog', crashes: 0, resumeFrom: 'binlog' });
  });

  it('where both hold, checking them together gives the same full space', () => {
    const result = checkSync(slaveBgsave, { constants: { offsetSource: 'drain' } });
    assert.equal(result.status, 'ok');
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [133, 235, 16]);
  });

  it('as Pika, bgsave records an entry still queued for its DB worker', () => {
    const result = checkSync(slaveBgsave, { invariants: ['OffsetNotAhead'] });
    assert.deepEqual(labels(result.invariants[0]?.trace), ['Receive', 'BgsaveLock', 'BgsaveCapture']);
  });

  it('the naive fix fails when entry 2 on k2 is applied before entry 1 on k1', () => {
    const result = checkSync(slaveBgsave, { constants: { offsetSource: 'applied' }, invariants: ['SnapshotCoversApplied'] });
    const steps = labels(result.invariants[0]?.trace);
    assert.deepEqual(steps, ['Receive', 'Receive', 'WorkerLock(k2)', 'WorkerApply(k2)', 'WorkerUnlock(k2)', 'BgsaveLock', 'BgsaveCapture']);
    const last = result.invariants[0]?.trace?.at(-1)?.state;
    assert.equal(last?.get('snapOff'), 0);
    assert.deepEqual(last?.get('snapApp').toArray(), [2]);
  });
});
