import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from '../../checker/index.js';
import { explainViolation, replication } from '../../spec/pika/index.js';
import type { ReplicationConstants } from '../../spec/pika/index.js';
import { findScenario } from '../../spec/pika/scenarios.js';
import { labels, REPLICATION_INVARIANTS } from './cells.js';
import type { Cell } from './cells.js';

/** Each invariant alone, by fingerprint and by value (exact mode): the cell, the same in both. */
function cellsOf(constants: Partial<ReplicationConstants>): Cell[] {
  return REPLICATION_INVARIANTS.map((invariant) => {
    const cell = (exact: boolean): Cell => {
      const result = checkSync(replication, { constants, invariants: [invariant], exact });
      const verdict = result.invariants[0]!;
      if (verdict.verdict === 'violated') return verdict.trace!.length;
      assert.equal(result.status, 'ok', `${invariant} with ${JSON.stringify(constants)}`);
      return [result.stats.distinct, result.stats.generated, result.stats.depth];
    };
    const fingerprint = cell(false);
    assert.deepEqual(cell(true), fingerprint, `${invariant}: exact mode agrees`);
    return fingerprint;
  });
}

const scenario = (name: string): Partial<ReplicationConstants> => findScenario(name)!.constants as Partial<ReplicationConstants>;

// Columns: SnapshotCoversApplied, OffsetNotAhead, NoDuplicateApply, ReplicaConverges. A number is the
// shortest counterexample; a triple the full space (distinct / generated / depth) where it holds.
const TABLE: readonly (readonly [name: string, smallest: readonly Cell[], oneClientMore: readonly Cell[]])[] = [
  ['slot-migration-del', [4, [317, 561, 15], 8, 14], [4, [2266, 4118, 22], 8, 20]],
  ['slot-migration-del-fixed', Array(4).fill([171, 259, 19]), Array(4).fill([884, 1397, 26])],
  ['exec-flushdb', [6, [145, 237, 15], [145, 237, 15], 14], [6, [816, 1403, 22], [816, 1403, 22], 20]],
  ['exec-flushdb-fixed', Array(4).fill([180, 306, 17]), Array(4).fill([997, 1780, 24])],
  ['flushall-binlog-order', [7, [576, 1178, 20], 12, 19], [7, [3982, 8563, 27], 12, 25]],
  ['flushall-binlog-order-first-db', [7, [664, 1393, 20], 11, 19], [7, [4767, 10560, 27], 11, 25]],
  ['flushall-binlog-order-fixed', Array(4).fill([318, 628, 20]), Array(4).fill([1797, 3759, 27])],
  ['flushdb-during-bgsave-2790', [[648, 1319, 21], 9, [648, 1319, 21], 20], [[3735, 7998, 28], 9, [3735, 7998, 28], 26]],
  ['flushdb-during-bgsave-fixed', Array(4).fill([520, 1065, 21]), Array(4).fill([2776, 5988, 28])],
];

describe('the write paths outside the #2818 locks, at 2 clients and at 3', () => {
  for (const [name, smallest, bigger] of TABLE) {
    it(`${name}: every invariant at its own size, and with one more plain client`, () => {
      assert.deepEqual(cellsOf(scenario(name)), smallest);
      assert.deepEqual(cellsOf({ ...scenario(name), clients: 3 }), bigger);
    });
  }
});

describe('the counterexamples read like the code', () => {
  const shortest = (name: string, invariant: string) => {
    const result = checkSync(replication, { constants: scenario(name), invariants: [invariant] });
    return result.invariants[0]!.trace!;
  };

  it('slot migration: bgsave captures the delete before its DEL is logged', () => {
    assert.deepEqual(labels(shortest('slot-migration-del', 'SnapshotCoversApplied')), ['DoCommand(c2, k1)', 'BgsaveLock', 'BgsaveCapture']);
  });

  it('slot migration: an INCR between the delete and its DEL survives on the master and not on the slave', () => {
    const trace = shortest('slot-migration-del', 'ReplicaConverges');
    const steps = labels(trace);
    assert.ok(steps.indexOf('DoCommand(c2, k1)') < steps.indexOf('DoCommand(c1)'), 'the delete comes first on the master');
    assert.ok(steps.indexOf('DoBinlog(c1)') < steps.indexOf('DoBinlog(c2)'), 'the DEL comes last in the binlog');
    const last = trace.at(-1)!.state;
    assert.deepEqual([last.db.get('k1'), last.slDb.get('k1')], [1, 0]);
    assert.deepEqual(last.binlog.map((e) => e.kind).toArray(), ['set', 'del']);
    assert.match(explainViolation('ReplicaConverges', last, scenario('slot-migration-del')), /The slot migration deleted k1 and logged the DEL as binlog entry #2/);
  });

  it('FLUSHDB in EXEC: the master is flushed and no entry reaches the slave', () => {
    const trace = shortest('exec-flushdb', 'ReplicaConverges');
    const last = trace.at(-1)!.state;
    assert.deepEqual([last.db.get('k1'), last.slDb.get('k1')], [0, 1]);
    assert.ok(last.binlog.every((e) => e.kind !== 'flush'));
    assert.ok(!labels(trace).includes('DoBinlog(c2)'));
    const sca = shortest('exec-flushdb', 'SnapshotCoversApplied');
    assert.deepEqual(labels(sca), ['LockExclusive(c2)', 'DoCommand(c2)', 'UnlockExclusive(c2)', 'BgsaveLock', 'BgsaveCapture']);
    assert.match(explainViolation('SnapshotCoversApplied', sca.at(-1)!.state, scenario('exec-flushdb')), /\(FLUSHDB inside MULTI\/EXEC\), but it has no binlog entry at all/);
  });

  it("FLUSHALL over one DB is FLUSHDB, figure for figure; its fix holds in the first DB too", () => {
    assert.deepEqual(cellsOf({ pikaVersion: 'v4.0.1', flushall: 1 }), cellsOf({ pikaVersion: 'v4.0.1', flush: 1 }));
    assert.deepEqual(cellsOf({ ...scenario('flushall-binlog-order-fixed'), db: 1 }), Array(4).fill([324, 643, 20]));
  });

  it("FLUSHALL: the second DB's entry comes after the first's, both after every lock is released", () => {
    const steps = labels(shortest('flushall-binlog-order', 'NoDuplicateApply'));
    const unlock = steps.indexOf('UnlockExclusive(c2)');
    assert.ok(unlock >= 0 && unlock < steps.indexOf('DoBinlogOtherDb(c2)') && steps.indexOf('DoBinlogOtherDb(c2)') < steps.indexOf('DoBinlog(c2)'));
    assert.ok(steps.indexOf('BgsaveCapture') < steps.indexOf('DoBinlog(c2)'), 'bgsave captures inside the gap');
  });

  it('#2790: FLUSHDB refused during the bgsave is logged, so the offset covers a flush the data never saw', () => {
    const trace = shortest('flushdb-during-bgsave-2790', 'OffsetNotAhead');
    const steps = labels(trace);
    assert.ok(steps.indexOf('BgsaveStart') < steps.indexOf('DoCommand(c2)'), 'the flush runs while bgsave runs');
    const last = trace.at(-1)!.state;
    assert.equal(last.binlog.get(0)?.kind, 'flush');
    assert.ok(!last.applied.has(last.binlog.get(0)!.id), 'the master never applied it');
    assert.match(explainViolation('OffsetNotAhead', last), /but the master never applied it/);
    const converges = shortest('flushdb-during-bgsave-2790', 'ReplicaConverges').at(-1)!.state;
    assert.deepEqual([converges.db.get('k1'), converges.slDb.get('k1')], [1, 0]);
  });

  it('without the whole span of bgsave, the fixed FLUSHDB has the figures of the TLC table', () => {
    const lock = checkSync(replication, { constants: { ...scenario('flushdb-during-bgsave-fixed'), bgsaveSpan: 'lock' } });
    assert.deepEqual([lock.stats.distinct, lock.stats.generated, lock.stats.depth], [300, 593, 19], 'without the span, the FLUSHDB fix figures of the TLC table');
  });
});
