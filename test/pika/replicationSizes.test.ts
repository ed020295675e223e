import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import replication from '../../spec/pika/replication.js';
import { assertCell, REPLICATION_INVARIANTS } from './cells.js';
import type { Cell } from './cells.js';

describe('PikaReplication: the README table of other sizes', () => {
  it('2 / 2 / 2, command+binlog, op: all hold, 28,167 distinct / 60,429 generated / depth 33', () => {
    const result = checkSync(replication, { constants: { keys: 2, ops: 2, lockScope: 'command+binlog', binlogFormat: 'op' } });
    assert.equal(result.status, 'ok');
    assert.deepEqual(
      result.invariants.map((v) => v.verdict),
      ['holds', 'holds', 'holds', 'holds'],
    );
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [28_167, 60_429, 33]);
  });

  // ServePath = {c2}: the BLPOP serve path takes the record lock but never dbs_rw_, so #2818 misses it.
  const servePath: readonly (readonly [string, readonly [Cell, Cell, Cell, Cell]])[] = [
    ['op', [5, [203, 316, 17], 9, 16]],
    ['value', [5, [203, 316, 17], 9, [203, 316, 17]]],
  ];
  for (const [binlogFormat, cells] of servePath) {
    it(`2 / 1 / 1, command+binlog, ${binlogFormat}, serve path {c2}: as TLC`, () => {
      REPLICATION_INVARIANTS.forEach((invariant, i) =>
        assertCell(replication, { lockScope: 'command+binlog', binlogFormat, servePath: 1 }, invariant, cells[i] as Cell),
      );
    });
  }

  it('the serve-path race is on c2 alone: every shortest trace runs c2 without LockShared', () => {
    const result = checkSync(replication, { constants: { lockScope: 'command+binlog', servePath: 1 }, invariants: ['SnapshotCoversApplied'] });
    const trace = result.invariants[0]?.trace ?? [];
    const steps = trace.slice(1).map((s) => s.action?.label);
    assert.deepEqual(steps, ['LockKey(c2, k1)', 'DoCommand(c2)', 'BgsaveLock', 'BgsaveCapture']);
  });
});
