import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, replayProblem, simulateSync, simulate, SpecExitError, UsageError } from '../../../checker/index.js';
import exitsInWorker from '../../fixtures/modules/exitsInWorker.js';
import type { Model, SimulateOptions, SimulationResult, State } from '../../../checker/index.js';
import { Throwing, Unbounded } from '../../fixtures/badSpecs.js';
import replication from '../../../spec/pika/replication.js';

const SCA = 'SnapshotCoversApplied';

/** The module of a built spec, relative to this compiled file (dist/test/checker/simulate). */
const moduleOf = (path: string): { module: string } => ({ module: new URL(path, import.meta.url).href });
const PIKA = moduleOf('../../../spec/pika/replication.js');
const THROWING = moduleOf('../../fixtures/modules/throwing.js');
const UNBOUNDED = moduleOf('../../fixtures/modules/unbounded.js');
const EXITS_IN_WORKER = moduleOf('../../fixtures/modules/exitsInWorker.js');

const pika = (constants: object): Model<State> => compile(replication, constants) as unknown as Model<State>;

/** Everything of a result that depends neither on the clock nor on the number of threads. */
function fingerprint(result: SimulationResult<State>): unknown {
  const { seconds: _s, behavioursPerSecond: _b, shrinkSeconds: _k, workers: _w, ...stats } = result.stats;
  return {
    seed: result.seed,
    status: result.status,
    stopped: result.stopped,
    stats,
    invariants: result.invariants.map((v) => ({
      name: v.name,
      verdict: v.verdict,
      run: v.run,
      original: v.originalTrace?.map((s) => s.action?.label ?? null),
      trace: v.trace?.map((s) => s.action?.label ?? null),
    })),
    ...(result.status === 'error' ? { run: result.run, error: [result.error.kind, result.error.name, result.error.message, result.error.trace?.length] } : {}),
  };
}

function inWorkers(model: Model<State>, workers: number, source: { module: string }, options: SimulateOptions = {}): Promise<SimulationResult<State>> {
  return simulate(model, { sampleWhileStarting: false, ...options, workers, source });
}

describe('simulate in worker threads', () => {
  it('gives the same statistics and traces for the same seed and worker count, and those of one thread', async () => {
    const model = pika({ clients: 2, keys: 2, ops: 1, lockScope: 'command' });
    const options: SimulateOptions = { seed: 'abc', runs: 60, stopAtFirst: false };
    const one = simulateSync(model, options);
    const two = await inWorkers(model, 2, PIKA, options);
    const twoAgain = await inWorkers(model, 2, PIKA, options);
    const three = await inWorkers(model, 3, PIKA, options);
    assert.equal(two.stats.workers, 2);
    assert.equal(three.stats.workers, 3);
    assert.equal(two.status, 'violation');
    assert.ok(two.stats.behaviours > 0 && two.stats.states > two.stats.behaviours);
    assert.deepEqual(fingerprint(twoAgain), fingerprint(two));
    assert.deepEqual(fingerprint(two), fingerprint(one));
    assert.deepEqual(fingerprint(three), fingerprint(one));
    // Weighted choices, shorter behaviours, a later run violating.
    const weighted: SimulateOptions = { seed: 9, runs: 50, depth: 12, weights: { SlaveApply: 3, BgsaveLock: 0.5 }, stopAtFirst: false };
    assert.deepEqual(fingerprint(await inWorkers(model, 2, PIKA, weighted)), fingerprint(simulateSync(model, weighted)));
  });

  it('merges every run when nothing is found: behaviours, states, lengths and actions add up, however the runs are dealt', async () => {
    const model = pika({ clients: 2, keys: 2, ops: 1, lockScope: 'command+binlog' });
    const one = simulateSync(model, { seed: 4, runs: 150 });
    const two = await inWorkers(model, 2, PIKA, { seed: 4, runs: 150 });
    assert.equal(two.status, 'not found');
    assert.equal(two.stopped, 'runs');
    assert.equal(two.stats.behaviours, 150);
    assert.equal(two.stats.lengths.reduce((sum, [, n]) => sum + n, 0), 150);
    assert.equal(
      two.stats.actions.reduce((sum, a) => sum + a.taken, 0),
      two.stats.states - two.stats.behaviours,
    );
    assert.deepEqual(fingerprint(two), fingerprint(one));
    // This thread samples while the workers start, and deals them the runs left: the same result.
    const dealt = await inWorkers(model, 2, PIKA, { seed: 4, runs: 150, sampleWhileStarting: true });
    assert.deepEqual(fingerprint(dealt), fingerprint(one));
  });

  it('finds the Pika race (lock scope command) with 2 workers and shrinks it to at most 7 states at 2/1/1', async () => {
    const constants = { clients: 2, keys: 1, ops: 1, lockScope: 'command' };
    const model = pika(constants);
    for (const seed of [1, 2, 3]) {
      const result = await inWorkers(model, 2, PIKA, { seed, invariants: [SCA] });
      const verdict = result.invariants[0];
      assert.equal(result.status, 'violation', `seed ${seed}`);
      assert.equal(result.stopped, 'violation');
      assert.equal(result.stats.workers, 2);
      assert.equal(verdict?.verdict, 'violated');
      assert.ok(verdict?.trace && verdict.trace.length <= 7, `seed ${seed}: ${verdict?.trace?.length} states`);
      const holds = model.invariants.find((inv) => inv.name === SCA)?.holds ?? (() => true);
      assert.equal(replayProblem(model, verdict.trace, { kind: 'violates', invariant: SCA, holds }), undefined);
      // The run it reports is the least one that violates: one thread stops there too.
      assert.equal(verdict.run, simulateSync(model, { seed, invariants: [SCA], shrink: false }).invariants[0]?.run);
      assert.equal(result.stats.behaviours, (verdict.run as number) + 1);
    }
  });

  it('replays a reported run on its own in one thread', async () => {
    const model = pika({ clients: 2, keys: 2, ops: 1, lockScope: 'command' });
    const found = await inWorkers(model, 2, PIKA, { seed: 'replay-me', invariants: [SCA], shrink: false });
    const run = found.invariants[0]?.run;
    assert.ok(run !== undefined);
    const alone = await inWorkers(model, 2, PIKA, { seed: 'replay-me', firstRun: run, runs: 1, invariants: [SCA], shrink: false });
    assert.equal(alone.stats.workers, 1, 'one run needs one thread');
    assert.equal(alone.invariants[0]?.run, run);
    assert.deepEqual(fingerprint(alone), fingerprint(simulateSync(model, { seed: 'replay-me', firstRun: run, runs: 1, invariants: [SCA], shrink: false })));
  });

  it('reports a spec failure as one thread does: the run, the action, the behaviour up to it', async () => {
    const model = compile(Throwing) as unknown as Model<State>;
    const one = simulateSync(model, { seed: 1 });
    const two = await inWorkers(model, 2, THROWING, { seed: 1 });
    assert.equal(two.status, 'error');
    assert.equal(two.stopped, 'error');
    assert.deepEqual(fingerprint(two), fingerprint(one));
  });

  it('stops every worker at the time limit or on an abort, and counts what they sampled', async () => {
    const model = compile(Unbounded) as unknown as Model<State>;
    const timed = await inWorkers(model, 2, UNBOUNDED, { seed: 1, timeLimit: 0.5, depth: 20 });
    assert.equal(timed.status, 'not found');
    assert.equal(timed.stopped, 'timeLimit');
    // How much is sampled before the limit depends on the machine's load; that it is all counted does not.
    assert.deepEqual(timed.stats.lengths, timed.stats.behaviours > 0 ? [[20, timed.stats.behaviours]] : []);
    assert.equal(timed.stats.states, timed.stats.behaviours * 20);

    const controller = new AbortController();
    const pending = inWorkers(model, 2, UNBOUNDED, { seed: 1, runs: 1e12, depth: 20, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const aborted = await pending;
    assert.equal(aborted.stopped, 'interrupted');
    assert.equal(aborted.stats.states, aborted.stats.behaviours * 20);

    const before = new AbortController();
    before.abort();
    const never = await inWorkers(model, 2, UNBOUNDED, { seed: 1, runs: 1e12, signal: before.signal });
    assert.equal(never.stopped, 'interrupted');
  });

  it('refuses workers without a module to load, a module holding another spec, and workers < 1', async () => {
    const model = compile(Unbounded) as unknown as Model<State>;
    await assert.rejects(simulate(model, { workers: 2, runs: 10 }), (e: unknown) => e instanceof UsageError && /source/.test(e.message));
    await assert.rejects(inWorkers(model, 2, THROWING, { runs: 10 }), (e: unknown) => e instanceof UsageError && /loaded Throwing .* not Unbounded/.test(e.message));
    await assert.rejects(simulate(model, { workers: 0 }), UsageError);
    await assert.rejects(simulate(model, { workers: 1.5 }), UsageError);
  });

  it('rejects with a spec error naming process.exit when the spec ends a worker thread with it', async () => {
    const model = compile(exitsInWorker, {}) as unknown as Model<State>;
    await assert.rejects(
      inWorkers(model, 2, EXITS_IN_WORKER, { runs: 50, depth: 40 }),
      (e: unknown) => e instanceof SpecExitError && e.code === 3 && /process\.exit\(3\)/.test(e.message),
    );
  });
});
