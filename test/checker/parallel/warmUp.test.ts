import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { check, defineSpec } from '../../../checker/index.js';
import type { Memos } from '../../../checker/explore/engine.js';
import { checkSync } from '../../../checker/explore/check.js';
import { keyerFor } from '../../../checker/state/keyer.js';
import { compile } from '../../../checker/spec/compile.js';
import type { Model } from '../../../checker/spec/compile.js';
import { Frontier } from '../../../checker/explore/frontier.js';
import { ProgressSlot } from '../../../checker/parallel/protocol.js';
import { PoolMember } from '../../../checker/parallel/member.js';
import { SharedFingerprintSet } from '../../../checker/parallel/sharedFingerprintSet.js';
import { SharedTraceLog } from '../../../checker/parallel/sharedTraceLog.js';
import { WarmUp } from '../../../checker/parallel/warmUp.js';
import type { State } from '../../../checker/spec/types.js';
import ReadersWriters from '../../../spec/conformance/readersWriters.js';
import { models } from '../../../spec/pika/index.js';
import { figures, verdicts } from '../../fixtures/figures.js';
import { inWorkers, moduleOf } from './helpers.js';
import { Crowd, ExitsInWarmUp } from './specs.js';

function warmUpOf<S extends State>(model: Model<S>): WarmUp<S> {
  return new WarmUp({ model, keyer: keyerFor(model, []), invariants: model.invariants, memo: true });
}

/** A worker's part of a run of `model` with `memos`, holding the initial states. */
function memberFrom<S extends State>(model: Model<S>, memos: Memos<S> | undefined): PoolMember<S> {
  const keyer = keyerFor(model, []);
  const log = SharedTraceLog.create();
  const context = { model, keyer, invariants: model.invariants, log, control: new Int32Array(1), progress: new Float64Array(ProgressSlot.Length), maxStates: Infinity, memo: true };
  const member = new PoolMember(context, memos);
  const initial = new Frontier<S>();
  for (const state of model.init()) {
    keyer.key(state);
    initial.push(state, log.append(keyer.hi, keyer.lo, SharedTraceLog.NONE));
  }
  member.receiveAll(initial);
  return member;
}

/** Steps a warm-up to its end, `chunk` states at a time; the number of steps. */
function runOut<S extends State>(warmUp: WarmUp<S>, chunk: number): number {
  let steps = 0;
  while (warmUp.step(chunk)) steps++;
  return steps;
}

describe('the warm-up of a worker thread waiting to join', () => {
  it('explores the whole space breadth-first when left to run, whatever the chunk size', () => {
    for (const [spec, constants] of [
      [ReadersWriters, {}],
      [models.replication.spec, { lockScope: 'command+binlog', binlogFormat: 'op', clients: 2, keys: 2, ops: 1 }],
    ] as const) {
      const model = compile(spec as never, constants) as Model<State>;
      const distinct = checkSync(spec as never, { constants }).stats.distinct;
      for (const chunk of [1, 97, 1_000_000]) {
        const warmUp = warmUpOf(model);
        const steps = runOut(warmUp, chunk);
        assert.equal(warmUp.expanded, distinct, `${model.name}, chunks of ${chunk}`);
        assert.ok(steps >= Math.ceil(distinct / chunk), `${model.name}: ${steps} steps of ${chunk}`);
      }
    }
  });

  it('explores a first level of 5,000 initial states, more than a small seen set holds', () => {
    const model = compile(Crowd, {});
    const warmUp = warmUpOf(model);
    runOut(warmUp, 1000);
    assert.equal(warmUp.expanded, 15000);
  });

  it('stops where it is asked to, a chunk at a time', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 1 });
    const warmUp = warmUpOf(model);
    for (let i = 0; i < 5; i++) assert.equal(warmUp.step(10), true);
    assert.ok(warmUp.expanded <= 50 && warmUp.expanded > 0, String(warmUp.expanded));
  });

  it('hands over memos that answer the successors it explored without calling the spec again', () => {
    const model = compile(models.replication.spec, { clients: 2, keys: 2, ops: 1 });
    const warmUp = warmUpOf(model);
    runOut(warmUp, 1000);
    const transitions = warmUp.memos?.transitions;
    assert.ok(transitions !== undefined);
    const calls = transitions.evaluations;
    const answered = transitions.answered;
    assert.ok(calls > 0);
    const member = memberFrom(model, warmUp.memos);
    const seen = SharedFingerprintSet.create(1 << 12);
    const report = member.expand({ kind: 'level', storing: true, pending: [], deadlock: false, seen: seen.buffers, room: 1 << 11 });
    assert.ok(report.generated > 0);
    assert.equal(transitions.evaluations, calls);
    assert.ok(transitions.answered > answered);
  });

  it("ends quietly where the spec calls process.exit, which neither ends the thread nor reaches the process's own exit", () => {
    const Count = Record({ n: 0 });
    const model = compile(
      defineSpec({
        name: 'ExitsAtTwo',
        build: () => ({
          init: () => [Count()],
          actions: {
            Step: (s: ReturnType<typeof Count>) => {
              if (s.n === 2) process.exit(5);
              return s.n < 4 && s.set('n', s.n + 1);
            },
          },
          invariants: {},
        }),
      }),
      {},
    );
    // Stands in for the process's own exit, so that a warm-up that lets the spec reach it does not end this test.
    const exits: unknown[] = [];
    const exit = process.exit;
    const standIn = ((code?: unknown) => {
      exits.push(code);
      throw new Error('process.exit reached');
    }) as typeof process.exit;
    process.exit = standIn;
    try {
      const warmUp = warmUpOf(model);
      assert.equal(runOut(warmUp, 1), 2);
      assert.deepEqual(exits, []);
      assert.equal(process.exit, standIn);
      // Ended for good: it does not begin again where it stopped.
      assert.equal(warmUp.step(1), false);
      // The states 0 and 1 expanded; the step from 2 exits.
      assert.equal(warmUp.expanded, 2);
    } finally {
      process.exit = exit;
    }
  });

  it("leaves the run's verdict to what the run reaches: a process.exit only a worker's warm-up meets does not end it", async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'pika-mc-warm-up-')), 'exited');
    const one = await check(compile(ExitsInWarmUp, {}));
    // The workers are wanted at the level of 128 states and join at the next, of 256.
    const many = await inWorkers(compile(ExitsInWarmUp, { marker }), 2, moduleOf('./specs.js', 'ExitsInWarmUp'), { parallelThreshold: 256 });
    // A worker's warm-up met the exit (the main thread waited for it to).
    assert.ok(existsSync(marker));
    assert.equal(many.stats.workers, 2);
    assert.deepEqual([many.status, verdicts(many), many.invariants[0]?.trace?.length], ['violation', { NotAllOnes: 'violated' }, 11]);
    assert.deepEqual([many.status, verdicts(many), figures(many)], [one.status, verdicts(one), figures(one)]);
  });
});
