import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, compile, replayProblem, simulateSync } from '../../../checker/index.js';
import type { Trace } from '../../../checker/index.js';
import replication from '../../../spec/pika/replication.js';
import type { ReplicationState } from '../../../spec/pika/state.js';

const SCA = 'SnapshotCoversApplied';
const labels = (trace: Trace<ReplicationState> | undefined): (string | null)[] => (trace ?? []).map((s) => s.action?.label ?? null);

function assertReplays(constants: object, trace: Trace<ReplicationState> | undefined, invariant: string): void {
  assert.ok(trace);
  const model = compile(replication, constants);
  const holds = model.invariants.find((i) => i.name === invariant)?.holds;
  assert.ok(holds);
  assert.equal(replayProblem(model, trace, { kind: 'violates', invariant, holds }), undefined);
}

describe('simulating the Pika race', () => {
  it('finds #2805 at 2/1/1 (lock scope command) and shrinks it to the 7 states breadth-first search finds', () => {
    const constants = { clients: 2, keys: 1, ops: 1, lockScope: 'command' };
    const bfs = checkSync(replication, { constants, invariants: [SCA] }).invariants[0]?.trace?.length;
    assert.equal(bfs, 7);
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = simulateSync(replication, { constants, invariants: [SCA], seed });
      const verdict = result.invariants[0];
      assert.equal(result.status, 'violation');
      assert.equal(result.stopped, 'violation');
      assert.equal(verdict?.verdict, 'violated');
      assert.equal(verdict?.trace?.length, bfs, `seed ${seed}: ${labels(verdict?.trace).join(' ')}`);
      assert.ok((verdict?.originalTrace?.length ?? 0) >= 7);
      assertReplays(constants, verdict?.trace, SCA);
      assertReplays(constants, verdict?.originalTrace, SCA);
    }
  });

  it('shrinks to the steps of the race alone: one write released before DoBinlog, then bgsave captures', () => {
    const constants = { clients: 3, keys: 2, ops: 2, lockScope: 'command' };
    const result = simulateSync(replication, { constants, invariants: [SCA], seed: 'shape' });
    assert.deepEqual(labels(result.invariants[0]?.trace), [
      null,
      'LockKey(c1, k1)',
      'LockShared(c1)',
      'DoCommand(c1)',
      'UnlockShared(c1)',
      'BgsaveLock',
      'BgsaveCapture',
    ]);
  });

  it('finds and shrinks it at 5 clients / 2 keys / 3 ops, too big to explore', () => {
    const constants = { clients: 5, keys: 2, ops: 3, lockScope: 'command' };
    const result = simulateSync(replication, { constants, invariants: [SCA], seed: 2024 });
    const verdict = result.invariants[0];
    assert.equal(verdict?.verdict, 'violated');
    assert.ok(verdict?.trace && verdict.originalTrace);
    assert.ok(verdict.trace.length <= verdict.originalTrace.length);
    assert.equal(verdict.shrinkIncomplete, undefined);
    assertReplays(constants, verdict.trace, SCA);
  });

  it('shrinks the duplicate apply to the breadth-first length at 2/1/1 too', () => {
    const constants = { clients: 2, keys: 1, ops: 1, lockScope: 'command' };
    const bfs = checkSync(replication, { constants, invariants: ['NoDuplicateApply'] }).invariants[0]?.trace?.length;
    const result = simulateSync(replication, { constants, invariants: ['NoDuplicateApply'], seed: 9 });
    assert.equal(result.invariants[0]?.trace?.length, bfs);
    assertReplays(constants, result.invariants[0]?.trace, 'NoDuplicateApply');
  });

  it('finds nothing on the #2818 fix (command+binlog), and says nothing is proved', () => {
    const result = simulateSync(replication, { constants: { lockScope: 'command+binlog' }, seed: 1, runs: 200 });
    assert.equal(result.status, 'not found');
    assert.equal(result.stopped, 'runs');
    assert.ok(result.invariants.every((v) => v.verdict === 'not found' && v.trace === undefined));
    assert.equal(result.stats.behaviours, 200);
  });

  it('reports behaviours, states, lengths within the depth, and per-action counts that add up', () => {
    const result = simulateSync(replication, { constants: { clients: 3, keys: 2, ops: 2 }, seed: 3, runs: 100, depth: 20, invariants: [] });
    const { stats } = result;
    assert.equal(stats.behaviours, 100);
    assert.equal(stats.lengths.reduce((n, [, c]) => n + c, 0), 100);
    assert.equal(stats.lengths.reduce((n, [l, c]) => n + l * c, 0), stats.states);
    assert.ok(stats.lengths.every(([length]) => length >= 1 && length <= 20));
    assert.equal(stats.actions.reduce((n, a) => n + a.taken, 0), stats.states - stats.behaviours);
    assert.deepEqual(
      stats.actions.map((a) => a.name),
      compile(replication, { clients: 3, keys: 2, ops: 2 }).actions.map((a) => a.name),
    );
  });

  it('chooses by action weight: a weight of 0 never fires', () => {
    const result = simulateSync(replication, { seed: 4, runs: 50, invariants: [], weights: { BgsaveLock: 0 } });
    const taken = Object.fromEntries(result.stats.actions.map((a) => [a.name, a.taken]));
    assert.equal(taken['BgsaveLock'], 0);
    assert.equal(taken['BgsaveCapture'], 0);
    assert.ok((taken['LockKey'] ?? 0) > 0);
  });

  it('refuses bad options with a UsageError', () => {
    assert.throws(() => simulateSync(replication, { depth: 0 }), /depth/);
    assert.throws(() => simulateSync(replication, { runs: 1.5 }), /runs/);
    assert.throws(() => simulateSync(replication, { weights: { Nope: 1 } }), /unknown action 'Nope'/);
    assert.throws(() => simulateSync(replication, { weights: { LockKey: -1 } }), /weight/);
    assert.throws(() => simulateSync(replication, { invariants: ['Nope'] }), /unknown invariant/);
    assert.throws(() => simulateSync(replication, { seed: '' }), /seed/);
  });
});
