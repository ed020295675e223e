import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import replication from '../../spec/pika/replication.js';
import { assertCell, REPLICATION_INVARIANTS } from './cells.js';
import type { Cell } from './cells.js';

type Row = readonly [lockScope: string, binlogFormat: string, cells: readonly [Cell, Cell, Cell, Cell]];

// README "TLC results: 2 clients, 1 key, 1 op per client, ServePath = {}": one row per variant,
// columns SnapshotCoversApplied, OffsetNotAhead, NoDuplicateApply, ReplicaConverges.
const CORE: readonly Row[] = [
  ['none', 'op', [5, [233, 373, 15], 9, 14]],
  ['none', 'value', [5, [233, 373, 15], 9, [233, 373, 15]]],
  ['command', 'op', [7, [255, 389, 19], 11, 18]],
  ['command', 'value', [7, [255, 389, 19], 11, [255, 389, 19]]],
  ['command+binlog', 'op', [[171, 259, 19], [171, 259, 19], [171, 259, 19], [171, 259, 19]]],
  ['command+binlog', 'value', [[171, 259, 19], [171, 259, 19], [171, 259, 19], [171, 259, 19]]],
];

describe('PikaReplication at 2 clients / 1 key / 1 op: the core TLC table', () => {
  for (const [lockScope, binlogFormat, cells] of CORE) {
    it(`lock scope ${lockScope}, format ${binlogFormat}: every invariant as TLC`, () => {
      REPLICATION_INVARIANTS.forEach((invariant, i) => assertCell(replication, { lockScope, binlogFormat }, invariant, cells[i] as Cell));
    });
  }

  it('the defaults are the TLC configuration: Pika v4.0.0, whose lock scope is command and which logs INCR as received', () => {
    assert.deepEqual(replication.defaults, {
      pikaVersion: 'v4.0.0',
      commands: 'incr',
      clients: 2,
      keys: 1,
      ops: 1,
      lockScope: 'version',
      binlogFormat: 'version',
      servePath: 0,
      migrate: 0,
      migrateScope: 'none',
      execFlush: 0,
      execFlushScope: 'flush',
      flushall: 0,
      flushallScope: 'flush',
      dbs: 1,
      db: 1,
      flush: 0,
      flushScope: 'flush',
      bgsaveSpan: 'lock',
      fairness: 'weak',
    });
    assertCell(replication, {}, 'SnapshotCoversApplied', 7);
    assertCell(replication, {}, 'OffsetNotAhead', [255, 389, 19]);
  });

  it('with the #2818 fix every invariant holds at once: 171 / 259 / 19', () => {
    for (const binlogFormat of ['op', 'value']) {
      const result = checkSync(replication, { constants: { lockScope: 'command+binlog', binlogFormat } });
      assert.equal(result.status, 'ok');
      assert.deepEqual(
        result.invariants.map((v) => v.verdict),
        ['holds', 'holds', 'holds', 'holds'],
      );
      assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [171, 259, 19]);
    }
  });

  it('checking all invariants together finds each shortest trace, as the single-invariant runs', () => {
    const result = checkSync(replication, { constants: { lockScope: 'none', binlogFormat: 'op' } });
    assert.equal(result.status, 'violation');
    assert.deepEqual(
      result.invariants.map((v) => (v.verdict === 'violated' ? v.trace?.length : v.verdict)),
      [5, 'holds', 9, 14],
    );
    // OffsetNotAhead never fails, so the run goes on to the end of the space: 233 / 373 / 15.
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [233, 373, 15]);
  });

  it('the flush scope changes nothing without FLUSHDB clients (any FlushScope is the core model)', () => {
    for (const [lockScope, binlogFormat, cells] of CORE) {
      REPLICATION_INVARIANTS.forEach((invariant, i) =>
        assertCell(replication, { lockScope, binlogFormat, flushScope: 'flush+binlog' }, invariant, cells[i] as Cell),
      );
    }
  });

  it('gives the same figures in exact (value-keyed) mode', () => {
    const result = checkSync(replication, { constants: { lockScope: 'command' }, invariants: ['OffsetNotAhead'], exact: true });
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], [255, 389, 19]);
  });
});
