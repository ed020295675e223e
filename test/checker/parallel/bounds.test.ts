import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, compile, SpecExitError, UsageError } from '../../../checker/index.js';
import exitsInWorker, { callsHere } from '../../fixtures/modules/exitsInWorker.js';
import neverLoadsInWorker from '../../fixtures/modules/neverLoadsInWorker.js';
import slowToLoadInWorker from '../../fixtures/modules/slowToLoadInWorker.js';
import { models } from '../../../spec/pika/index.js';
import { figures, verdicts } from '../../fixtures/figures.js';
import { Forever, Funnel, GridPlainInAction, GridThrowsInAction, GridThrowsInInvariant, GridVagueInvariant } from './specs.js';
import { inWorkers, moduleOf } from './helpers.js';

const replication = moduleOf('../../../spec/pika/replication.js');
const pika321 = compile(models.replication.spec, { clients: 3, keys: 2, ops: 1, lockScope: 'command+binlog' });
const forever = compile(Forever, {});
const foreverSource = moduleOf('./specs.js', 'Forever');

describe('worker threads: bounds, interruption, failures', () => {
  it('stop at maxStates with exactly that many states, invariants unknown', async () => {
    for (const maxStates of [1, 100, 5000]) {
      const result = await inWorkers(pika321, 2, replication, { maxStates });
      assert.equal(result.status === 'incomplete' && result.bound, 'maxStates', `maxStates ${maxStates}`);
      assert.equal(result.stats.distinct, maxStates);
      assert.ok(Object.values(verdicts(result)).every((v) => v === 'unknown'));
    }
  });

  it('stop at maxDepth with the figures of one thread (levels are explored whole either way)', async () => {
    for (const maxDepth of [1, 2, 10, 20]) {
      const one = await check(pika321, { maxDepth });
      const many = await inWorkers(pika321, 3, replication, { maxDepth });
      assert.equal(many.status === 'incomplete' && many.bound, 'maxDepth', `maxDepth ${maxDepth}`);
      assert.deepEqual(figures(many), figures(one), `maxDepth ${maxDepth}`);
    }
  });

  it('stop an unbounded space at timeLimit', async () => {
    const result = await inWorkers(forever, 2, foreverSource, { timeLimit: 0.3 });
    assert.equal(result.status === 'incomplete' && result.bound, 'timeLimit');
    assert.ok(result.stats.seconds >= 0.3);
    assert.ok(result.stats.distinct > 0 && result.stats.queue > 0);
    assert.deepEqual(verdicts(result), { NonNegative: 'unknown' });
  });

  it('stop at timeLimit a run of one-state levels in the main thread (its event loop still runs)', { timeout: 60_000 }, async () => {
    const source = moduleOf('./specs.js', 'Funnel');
    const result = await check(compile(Funnel, {}), { workers: 2, source, timeLimit: 0.3, parallelThreshold: 1_000_000 });
    assert.equal(result.status === 'incomplete' && result.bound, 'timeLimit');
    assert.equal(result.stats.workers, 1);
    assert.ok(result.stats.depth >= 1, `depth ${result.stats.depth}`);
  });

  it('stop as interrupted when the signal is aborted, during the run or before it', async () => {
    const controller = new AbortController();
    // Aborted once the workers are under way, as SIGINT would be.
    const onProgress = (p: { distinct: number }): void => {
      if (p.distinct >= 100) controller.abort();
    };
    const result = await inWorkers(forever, 2, foreverSource, { signal: controller.signal, onProgress, progressInterval: 0 });
    assert.equal(result.status === 'incomplete' && result.bound, 'interrupted');
    assert.equal(result.stats.workers, 2);
    assert.ok(result.stats.distinct >= 100);
    const before = await inWorkers(forever, 2, foreverSource, { signal: AbortSignal.abort() });
    assert.equal(before.status === 'incomplete' && before.bound, 'interrupted');
  });

  it('stop at timeLimit, or as interrupted, while the worker threads they wait for have not loaded the spec', { timeout: 60_000 }, async () => {
    const model = compile(slowToLoadInWorker, {});
    const source = moduleOf('../../fixtures/modules/slowToLoadInWorker.js');
    const timed = await inWorkers(model, 2, source, { timeLimit: 0.3 });
    assert.equal(timed.status === 'incomplete' && timed.bound, 'timeLimit');
    assert.deepEqual([...figures(timed), timed.stats.queue, timed.stats.workers], [1, 1, 1, 1, 1]);
    // Aborted as the first level begins, before the threads are waited for.
    const controller = new AbortController();
    const interrupted = await inWorkers(model, 2, source, { signal: controller.signal, onLevel: () => controller.abort() });
    assert.equal(interrupted.status === 'incomplete' && interrupted.bound, 'interrupted');
    assert.deepEqual(figures(interrupted), [1, 1, 1]);
  });

  it('a worker thread whose load of the spec never finishes is the spec\'s failure, not said to be a process.exit', async () => {
    const source = moduleOf('../../fixtures/modules/neverLoadsInWorker.js');
    await assert.rejects(inWorkers(compile(neverLoadsInWorker, {}), 2, source, { deadlock: false }), (e: unknown) => e instanceof SpecExitError && /ended before it had loaded the spec/.test(e.message) && /top-level await/.test(e.message));
  });

  /** The errors a spec from specs.ts ends with, in one thread and in two. */
  const errorsOf = async (name: 'GridThrowsInAction' | 'GridPlainInAction', spec: typeof GridThrowsInAction) => {
    const model = compile(spec, {});
    const one = await check(model);
    const many = await inWorkers(model, 2, moduleOf('./specs.js', name));
    assert.equal(one.status, 'error');
    assert.equal(many.status, 'error');
    assert.equal(many.stats.workers, 2);
    if (many.status !== 'error' || one.status !== 'error') throw new Error('unreachable');
    assert.equal(many.error.trace?.length, one.error.trace?.length);
    return { one: one.error, many: many.error };
  };

  it('rejects with a spec error naming process.exit when the spec ends a worker thread with it', async () => {
    const model = compile(exitsInWorker, {});
    await assert.rejects(
      inWorkers(model, 2, moduleOf('../../fixtures/modules/exitsInWorker.js')),
      (e: unknown) => e instanceof SpecExitError && e.code === 3 && /process\.exit\(3\)/.test(e.message),
    );
  });

  it('once a worker thread ended the run, the main thread calls the spec no more: its part of the level stops with the run', async () => {
    // Wide levels, no memo: the main thread's part of a level outlasts the worker's exit by far.
    const model = compile(exitsInWorker, { Lanes: 40_000, Length: 6 });
    await assert.rejects(inWorkers(model, 2, moduleOf('../../fixtures/modules/exitsInWorker.js'), { memo: false }), SpecExitError);
    const atEnd = callsHere.count;
    assert.ok(atEnd > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(callsHere.count, atEnd);
  });

  it('report an action that throws in a worker as status error, with its shortest trace', async () => {
    const { many } = await errorsOf('GridThrowsInAction', GridThrowsInAction);
    assert.deepEqual([many.kind, many.name, many.message], ['action', 'Up', 'the disk is full']);
    assert.equal(many.trace?.length, 13);
    assert.ok(many.state !== undefined);
  });

  it('report an action that builds a state of plain objects in a worker as status error, naming the action, as one thread does', async () => {
    const { one, many } = await errorsOf('GridPlainInAction', GridPlainInAction);
    assert.deepEqual([many.kind, many.name], ['action', 'Up']);
    assert.match(many.message, /^produced a state that is not a value: /);
    assert.equal(many.message, one.message);
  });

  it('report an invariant that throws in a worker as status error, its trace ending at the state it throws on', async () => {
    const model = compile(GridThrowsInInvariant, {});
    const many = await inWorkers(model, 3, moduleOf('./specs.js', 'GridThrowsInInvariant'));
    assert.equal(many.status, 'error');
    if (many.status !== 'error') return;
    assert.deepEqual([many.error.kind, many.error.name, many.error.message], ['invariant', 'Sane', 'cannot tell']);
    assert.equal(many.error.trace?.length, 10);
    // The depth counts the state it throws on, as one thread's does.
    const one = await check(model);
    assert.deepEqual([many.stats.depth, one.stats.depth], [10, 10]);
    assert.deepEqual([many.stats.distinct, many.stats.generated], [one.stats.distinct, one.stats.generated]);
  });

  it('report an invariant that returns no boolean in a worker as status error, naming it and what it returned', async () => {
    const model = compile(GridVagueInvariant, {});
    const many = await inWorkers(model, 3, moduleOf('./specs.js', 'GridVagueInvariant'));
    assert.equal(many.status, 'error');
    if (many.status !== 'error') return;
    assert.deepEqual([many.error.kind, many.error.name, many.error.message], ['invariant', 'Sane', 'returned undefined, not a boolean (true or false) (a missing return?)']);
    assert.equal(many.error.trace?.length, 10);
  });

  it('refuse what needs the one-thread engine, and a spec the workers cannot load', async () => {
    await assert.rejects(check(pika321, { workers: 2 }), UsageError);
    await assert.rejects(check(pika321, { workers: 0 }), UsageError);
    await assert.rejects(inWorkers(pika321, 2, replication, { coverage: true }), /in-process engine/);
    await assert.rejects(inWorkers(pika321, 2, replication, { exact: true }), /in-process engine/);
    await assert.rejects(inWorkers(pika321, 2, replication, { checkpoint: '/nonexistent' }), /in-process engine/);
    await assert.rejects(inWorkers(pika321, 2, moduleOf('./specs.js', 'NoSuchSpec')), /could not load the spec/);
    await assert.rejects(inWorkers(pika321, 2, moduleOf('./specs.js', 'Forever')), /could not load the spec: .*Forever/);
  });

  it('keep a run whose levels stay small in this thread', async () => {
    const result = await check(pika321, { workers: 2, source: replication });
    assert.equal(result.stats.workers, 1);
    assert.deepEqual(figures(result), [11561, 25337, 26]);
  });
});
