import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync, compile, replayProblem, UsageError } from '../../../checker/index.js';
import { models } from '../../../spec/pika/index.js';
import twoPhase from '../../../spec/conformance/twoPhase.js';
import { cli } from '../../cli/run.js';

const replication = models.replication.spec;
const fixed = { lockScope: 'command+binlog', binlogFormat: 'op' } as const;

function figures(result: { stats: { distinct: number; generated: number; depth: number } }): number[] {
  return [result.stats.distinct, result.stats.generated, result.stats.depth];
}

describe('symmetry reduction (TLC SYMMETRY Permutations)', () => {
  it('Pika 2/2/1 with clients and keys symmetric: 239 / 485 / 19', () => {
    assert.deepEqual(figures(checkSync(replication, { constants: { ...fixed, keys: 2 }, symmetry: true })), [239, 485, 19]);
  });

  it('Pika 2/2/2 with clients and keys symmetric: 7,051 / 15,138 / 33', () => {
    assert.deepEqual(figures(checkSync(replication, { constants: { ...fixed, keys: 2, ops: 2 }, symmetry: true })), [7051, 15138, 33]);
  });

  it('Pika 2/2/1 with clients only: 462 / 921 / 19', () => {
    assert.deepEqual(figures(checkSync(replication, { constants: { ...fixed, keys: 2 }, symmetry: ['clients'] })), [462, 921, 19]);
  });

  it('TwoPhase with 3 and 5 resource managers: 80 / 318 / 11 and 314 / 2,048 / 17', () => {
    assert.deepEqual(figures(checkSync(twoPhase, { symmetry: true })), [80, 318, 11]);
    assert.deepEqual(figures(checkSync(twoPhase, { symmetry: true, constants: { RM: ['r1', 'r2', 'r3', 'r4', 'r5'] } })), [314, 2048, 17]);
  });

  it('prints a concrete, replayable, shortest trace under symmetry', () => {
    const constants = { lockScope: 'command', binlogFormat: 'op', keys: 2, clients: 3 } as const;
    const plain = checkSync(replication, { constants, invariants: ['SnapshotCoversApplied'] });
    const reduced = checkSync(replication, { constants, invariants: ['SnapshotCoversApplied'], symmetry: true });
    const trace = reduced.invariants[0]?.trace;
    assert.ok(trace);
    assert.equal(trace.length, plain.invariants[0]?.trace?.length);
    const model = compile(replication, constants);
    const holds = model.invariants.find((i) => i.name === 'SnapshotCoversApplied')?.holds as (s: unknown) => boolean;
    assert.equal(replayProblem(model, trace, { kind: 'violates', invariant: 'SnapshotCoversApplied', holds }), undefined);
  });

  it('gives the same verdicts as a run without symmetry on every core variant', () => {
    for (const lockScope of ['none', 'command', 'command+binlog'] as const) {
      const constants = { lockScope, binlogFormat: 'op', keys: 2 } as const;
      const plain = checkSync(replication, { constants });
      const reduced = checkSync(replication, { constants, symmetry: true });
      assert.deepEqual(
        reduced.invariants.map((v) => [v.name, v.verdict, v.trace?.length]),
        plain.invariants.map((v) => [v.name, v.verdict, v.trace?.length]),
      );
    }
  });

  it('declares only the truly symmetric clients: serve-path and FLUSHDB clients are left out', () => {
    const model = compile(replication, { clients: 3, servePath: 1, keys: 2 });
    assert.deepEqual(model.symmetry['clients'], ['c1', 'c2']);
    const flush = compile(replication, { clients: 2, flush: 1 });
    assert.equal(flush.symmetry['clients'], undefined);
    assert.throws(() => checkSync(replication, { constants: { clients: 2, flush: 1 }, symmetry: ['clients'] }), UsageError);
  });
});

describe('pika-mc check --symmetry', () => {
  it('reduces over all declared sets when bare, or the named ones', async () => {
    const all = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--keys', '2', '--symmetry', '--format', 'json'])).stdout);
    assert.deepEqual([all.stats.distinct, all.stats.generated, all.stats.depth], [239, 485, 19]);
    assert.deepEqual(all.symmetry, ['clients', 'keys']);
    const clients = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--keys', '2', '--symmetry', 'clients', '--format', 'json'])).stdout);
    assert.equal(clients.stats.distinct, 462);
  });

  it('refuses a set that is not symmetric for these constants, exit 2', async () => {
    const run = await cli(['check', '--flush', '1', '--symmetry', 'clients']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /symmetry set 'clients'/);
  });
});

describe('symmetry composes with bounds and checkpoints', () => {
  it('a run stopped by a time limit and resumed gives the same symmetric figures', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-sym-'));
    const args = ['check', '--lock-scope', 'command+binlog', '--keys', '2', '--ops', '2', '--symmetry', '--format', 'json', '--quiet'];
    const stopped = await cli([...args, '--checkpoint', dir, '--time-limit', '0.05']);
    assert.equal(stopped.code, 152);
    const resumed = JSON.parse((await cli([...args, '--resume', dir])).stdout);
    assert.deepEqual([resumed.stats.distinct, resumed.stats.generated, resumed.stats.depth], [7051, 15138, 33]);
  });
});
