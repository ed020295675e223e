import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { models } from '../../../spec/pika/index.js';
import DieHard from '../../../spec/conformance/dieHard.js';
import DiningPhilosophers from '../../../spec/conformance/diningPhilosophers.js';
import Peterson from '../../../spec/conformance/peterson.js';
import ReadersWriters from '../../../spec/conformance/readersWriters.js';
import TCommit from '../../../spec/conformance/tCommit.js';
import TwoPhase from '../../../spec/conformance/twoPhase.js';
import { Crowd, Grid, Lopsided } from './specs.js';
import { assertSameInWorkers, moduleOf } from './helpers.js';
import { figures } from '../../fixtures/figures.js';

const replication = moduleOf('../../../spec/pika/replication.js');
const core = (lockScope: string, binlogFormat: string, clients: number, keys: number, ops: number) => ({
  clients,
  keys,
  ops,
  lockScope,
  binlogFormat,
  servePath: 0,
  flush: 0,
});

describe('worker threads find what one thread finds', () => {
  it('Pika 2/1/1, every lock scope and binlog format: figures, verdicts, trace lengths', async () => {
    for (const scope of ['none', 'command', 'command+binlog']) {
      for (const format of ['op', 'value']) await assertSameInWorkers(models.replication.spec, replication, core(scope, format, 2, 1, 1));
    }
  });

  it('Pika with two ops, two keys or three clients (command+binlog and command)', async () => {
    await assertSameInWorkers(models.replication.spec, replication, core('command+binlog', 'op', 2, 1, 2));
    await assertSameInWorkers(models.replication.spec, replication, core('command+binlog', 'op', 2, 2, 1));
    await assertSameInWorkers(models.replication.spec, replication, core('command', 'op', 3, 1, 1));
  });

  it('Pika serve path, FLUSHDB and bgsave on a slave', async () => {
    await assertSameInWorkers(models.replication.spec, replication, { ...core('command+binlog', 'op', 3, 1, 1), servePath: 1 });
    await assertSameInWorkers(models.replication.spec, replication, { ...core('command+binlog', 'value', 3, 1, 1), flush: 1 });
    await assertSameInWorkers(models['slave-bgsave'].spec, moduleOf('../../../spec/pika/slaveBgsave.js'));
  });

  it('the conformance specs', async () => {
    await assertSameInWorkers(DieHard, moduleOf('../../../spec/conformance/dieHard.js'));
    await assertSameInWorkers(DiningPhilosophers, moduleOf('../../../spec/conformance/diningPhilosophers.js'));
    await assertSameInWorkers(Peterson, moduleOf('../../../spec/conformance/peterson.js'));
    await assertSameInWorkers(ReadersWriters, moduleOf('../../../spec/conformance/readersWriters.js'), { NumActors: 2 });
    await assertSameInWorkers(TCommit, moduleOf('../../../spec/conformance/tCommit.js'));
    await assertSameInWorkers(TwoPhase, moduleOf('../../../spec/conformance/twoPhase.js'));
  });

  // Levels of ReadersWriters with 2 actors: 1 4 16 40 73 100 …; of Pika 2/2/1: 1 5 11 15 17 22 32 46 58 66 …
  // (35 at depth 12 under symmetry): each is handed over about halfway down.
  it('handed over mid-run: the states of a deep level, with record types the initial states lack', async () => {
    await assertSameInWorkers(ReadersWriters, moduleOf('../../../spec/conformance/readersWriters.js'), { NumActors: 2 }, { parallelThreshold: 60 });
    await assertSameInWorkers(models.replication.spec, replication, core('command+binlog', 'op', 2, 2, 1), { parallelThreshold: 60 });
    await assertSameInWorkers(models.replication.spec, replication, core('command', 'op', 2, 2, 1), { symmetry: true, parallelThreshold: 30 });
  });

  it('when one worker finds every state: shares evened out between levels', async () => {
    const one = await assertSameInWorkers(Lopsided, moduleOf('./specs.js', 'Lopsided'));
    assert.equal(one.stats.distinct, 2 ** 14);
    assert.equal(one.invariants[0]?.verdict, 'violated');
  });

  it('under symmetry (each worker keys states by their least permutation)', async () => {
    await assertSameInWorkers(models.replication.spec, replication, core('command+binlog', 'op', 3, 1, 1), { symmetry: true });
    await assertSameInWorkers(models.replication.spec, replication, core('command', 'op', 2, 2, 1), { symmetry: true });
    await assertSameInWorkers(TwoPhase, moduleOf('../../../spec/conformance/twoPhase.js'), { RM: ['r1', 'r2', 'r3', 'r4'] }, { symmetry: true });
  });

  it('shortest traces where many paths of one length lead to each state', async () => {
    await assertSameInWorkers(Grid, moduleOf('./specs.js', 'Grid'));
  });

  it('a first level of 5,000 initial states, with the worker threads started at once', { timeout: 60_000 }, async () => {
    const one = await assertSameInWorkers(Crowd, moduleOf('./specs.js', 'Crowd'), {}, { parallelThreshold: 1 });
    assert.deepEqual(figures(one), [15000, 29997, 3]);
    assert.equal(one.status, 'ok');
  });
});
