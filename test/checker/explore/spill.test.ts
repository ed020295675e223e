import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Record as IRecord } from 'immutable';
import { check, checkSync, compile, defineSpec, UsageError } from '../../../checker/index.js';
import type { CheckOptions, CheckResult, State } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';
import * as specs from '../../fixtures/randomSpecs.js';
import replication from '../../../spec/pika/replication.js';

const root = mkdtempSync(join(tmpdir(), 'pika-mc-spill-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** What a spilled run must share with the run in memory: status, figures, each verdict with its whole trace, the deadlock trace. */
function outcome<S extends State>(result: CheckResult<S>): unknown {
  const steps = (trace: readonly { action: { label: string } | null; state: unknown }[] | undefined) => trace?.map((step) => [step.action?.label ?? 'init', JSON.stringify(step.state)]);
  return {
    status: result.status,
    figures: [...figures(result), result.stats.queue],
    invariants: result.invariants.map((v) => [v.name, v.verdict, steps(v.trace)]),
    reachable: result.reachable?.map((r) => [r.name, r.verdict, steps(r.trace)]),
    deadlock: steps(result.deadlock),
  };
}

/** A new spill directory, and what the run left in it each level (its files while running). */
function spillDir(): { dir: string; seenFiles: () => number; queueBytes: () => number; onLevel: () => void } {
  const dir = mkdtempSync(join(root, 'run-'));
  let most = 0;
  let queueBytes = 0;
  return {
    dir,
    seenFiles: () => most,
    queueBytes: () => queueBytes,
    onLevel: () => {
      for (const own of readdirSync(dir)) {
        const names = readdirSync(join(dir, own));
        most = Math.max(most, names.filter((name) => name.startsWith('seen-')).length);
        for (const name of names) if (name.startsWith('queue-')) queueBytes = Math.max(queueBytes, statSync(join(dir, own, name)).size);
      }
    },
  };
}

const pika = (ops: number) => compile(replication, { lockScope: 'command+binlog', binlogFormat: 'op', clients: 2, keys: 1, ops });

describe('a spilled run', () => {
  it('gives the figures and traces of a run in memory on Pika, passing (1,421 states) and violating, with budgets of 8 to 64 fingerprints', async () => {
    for (const [model, options, spillBudget] of [
      [pika(2), {}, 64],
      [compile(replication, {}), {}, 64],
      [compile(replication, {}), { stopAtFirst: true }, 8],
      [compile(replication, {}), { continue: true }, 16],
      [compile(replication, { clients: 3 }), { symmetry: true }, 64],
    ] as const) {
      const inMemory = await check(model, options);
      const spill = spillDir();
      const spilled = await check(model, { ...options, spill: spill.dir, spillBudget, onLevel: spill.onLevel });
      assert.deepEqual(outcome(spilled), outcome(inMemory), `${model.name} ${JSON.stringify(model.constants)} ${JSON.stringify(options)}`);
      assert.ok(spilled.stats.distinct > 3 * spillBudget, `${spilled.stats.distinct} states`);
      // Its table in memory stays at the budget's size: the rest of the seen set was on disk.
      assert.ok(spilled.stats.seenBytesPerState * spilled.stats.distinct < 1024, `${spilled.stats.seenBytesPerState} bytes a state`);
      assert.equal(spill.seenFiles(), 1, 'the fingerprints were in a file while it ran');
      assert.deepEqual(readdirSync(spill.dir), [], 'its files are removed at the end');
    }
    assert.equal((await check(pika(2), {})).status, 'ok');
    assert.equal((await check(compile(replication, {}), {})).status, 'violation');
  });

  it('gives the figures, verdicts and traces of a run in memory on random specs, with budgets of 4 and 16 fingerprints', () => {
    for (let seed = 0; seed < specs.RANDOM_SPECS; seed++) {
      const model = compile((specs as unknown as Record<string, typeof specs.Random0>)[`Random${seed}`] as typeof specs.Random0, {});
      const options: CheckOptions = { deadlock: seed % 3 !== 0, stopAtFirst: seed % 4 === 1 };
      const inMemory = checkSync(model, options);
      for (const budget of [4, 16]) {
        const spilled = checkSync(model, { ...options, spill: spillDir().dir, spillBudget: budget });
        assert.deepEqual(outcome(spilled), outcome(inMemory), `Random${seed} budget ${budget} ${JSON.stringify(options)}`);
      }
    }
  });

  it('keeps its level queues on disk beyond a budget of a few states, with the figures and traces of a run in memory: passing, violating, with symmetry, to a depth limit', async () => {
    for (const [model, options, spillQueueBudget] of [
      [pika(2), {}, 3],
      [pika(2), { maxDepth: 30 }, 10],
      [compile(replication, {}), {}, 1],
      [compile(replication, {}), { continue: true }, 5],
      [compile(replication, { clients: 3 }), { symmetry: true }, 7],
    ] as const) {
      const label = `${model.name} ${JSON.stringify(model.constants)} ${JSON.stringify(options)}`;
      const inMemory = await check(model, options);
      const spill = spillDir();
      const spilled = await check(model, { ...options, spill: spill.dir, spillBudget: 64, spillQueueBudget, onLevel: spill.onLevel });
      assert.deepEqual(outcome(spilled), outcome(inMemory), label);
      // Pika's states take 3 to 10 words a state in a queue's file: a level of more than a few states was on disk.
      assert.ok(spill.queueBytes() > 64 * 12, `${label}: ${spill.queueBytes()} bytes of queue on disk`);
      assert.deepEqual(readdirSync(spill.dir), [], `${label}: its files are removed at the end`);
    }
  });

  it('removes its files when the spec fails, its queues on disk', () => {
    const Grid = IRecord({ a: 0, b: 0 }, 'Grid');
    type Grid = ReturnType<typeof Grid>;
    const failing = defineSpec({
      name: 'Failing',
      build: () => ({
        init: () => [Grid()],
        actions: {
          Right: (s: Grid) => {
            if (s.a + s.b === 30) throw new Error('no further');
            return s.a < 20 && s.set('a', s.a + 1);
          },
          Up: (s: Grid) => s.b < 20 && s.set('b', s.b + 1),
        },
      }),
    });
    const spill = spillDir();
    const result = checkSync(compile(failing, {}), { spill: spill.dir, spillBudget: 8, spillQueueBudget: 2, onLevel: spill.onLevel });
    assert.equal(result.status, 'error');
    assert.ok(spill.queueBytes() > 0, 'its queues were on disk');
    assert.deepEqual(readdirSync(spill.dir), []);
  });

  it('stops at a depth limit as a run in memory does, telling a last level with new states from one without', () => {
    const model = pika(2);
    for (const maxDepth of [20, 33, 40]) {
      const inMemory = checkSync(model, { maxDepth });
      const spilled = checkSync(model, { maxDepth, spill: spillDir().dir, spillBudget: 32 });
      assert.deepEqual(outcome(spilled), outcome(inMemory), `maxDepth ${maxDepth}`);
    }
    assert.equal(checkSync(model, { maxDepth: 20 }).status, 'incomplete');
    assert.equal(checkSync(model, { maxDepth: 40 }).status, 'ok');
  });

  it('stops with an I/O error, not a spec failure, when a spill file cannot be written (the disk full), with its figures so far', () => {
    const spill = spillDir();
    let levels = 0;
    const result = checkSync(pika(2), {
      spill: spill.dir,
      spillBudget: 8,
      spillQueueBudget: 2,
      onLevel: () => {
        if (levels++ > 0) return;
        // Writing to /dev/full fails with ENOSPC: the level queues' files, not written yet, go there.
        const own = join(spill.dir, readdirSync(spill.dir)[0] as string);
        for (const name of ['queue-0.bin', 'queue-1.bin']) if (!existsSync(join(own, name))) symlinkSync('/dev/full', join(own, name));
      },
    });
    assert.equal(result.status, 'incomplete');
    assert.equal(result.status === 'incomplete' ? result.bound : undefined, 'ioError');
    assert.equal(result.ioError?.code, 'ENOSPC');
    assert.match(result.ioError?.message ?? '', /^cannot write .*pika-mc-spill-[^/]*\/queue-[01]\.bin: no space left on device \(ENOSPC\)$/);
    assert.ok(result.stats.distinct > 1 && result.stats.distinct < 1421, `${result.stats.distinct} states`);
    assert.ok(result.invariants.every((v) => v.verdict === 'unknown'));
    assert.deepEqual(readdirSync(spill.dir), []);
  });

  it('stops with an I/O error naming the file when its folder is removed under it, and removes what is left', () => {
    const spill = spillDir();
    const result = checkSync(pika(2), {
      spill: spill.dir,
      spillBudget: 8,
      spillQueueBudget: 2,
      onLevel: (p) => {
        if (p.depth === 3) rmSync(join(spill.dir, readdirSync(spill.dir)[0] as string), { recursive: true });
      },
    });
    assert.equal(result.status === 'incomplete' ? result.bound : result.status, 'ioError');
    assert.equal(result.ioError?.code, 'ENOENT');
    assert.match(result.ioError?.message ?? '', /^cannot (read|write) .*pika-mc-spill-.*: no such file or directory \(ENOENT\)$/);
    assert.ok(result.stats.depth >= 3);
    assert.deepEqual(readdirSync(spill.dir), []);
  });

  it('refuses a directory that does not exist, making none of it', () => {
    const missing = join(root, 'missing', 'spill');
    assert.throws(() => checkSync(pika(1), { spill: missing }), (e: unknown) => e instanceof UsageError && e.message === `cannot spill to ${missing} (ENOENT): give an existing directory this run can write files in`);
    assert.equal(existsSync(join(root, 'missing')), false);
  });

  it('refuses a directory it cannot write in with one line naming it, and options it does not combine with', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    assert.throws(() => checkSync(pika(1), { spill: join(file, 'below') }), (e: unknown) => e instanceof UsageError && e.message === `cannot spill to ${join(file, 'below')} (ENOTDIR): give an existing directory this run can write files in`);
    if (process.getuid?.() !== 0) {
      const locked = mkdtempSync(join(root, 'locked-'));
      chmodSync(locked, 0o500);
      assert.throws(() => checkSync(pika(1), { spill: locked }), (e: unknown) => e instanceof UsageError && /^cannot spill to .* \(EACCES\)/.test(e.message));
    }
    assert.throws(() => checkSync(pika(1), { spill: root, maxStates: 10 }), /spill cannot be combined with maxStates/);
    assert.throws(() => checkSync(pika(1), { spill: root, spillBudget: 0 }), /spillBudget must be a positive integer, got 0/);
    assert.throws(() => checkSync(pika(1), { spill: root, spillQueueBudget: 1.5 }), /spillQueueBudget must be a positive integer, got 1.5/);
  });
});
