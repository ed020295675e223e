import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKPOINT_FILE, readCheckpointHeader } from '../../../checker/checkpoint/checkpoint.js';
import { check, compile } from '../../../checker/index.js';
import type { CheckOptions, CheckResult, Model, State } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';
import replication from '../../../spec/pika/replication.js';

const root = mkdtempSync(join(tmpdir(), 'pika-mc-spilled-resume-'));
after(() => rmSync(root, { recursive: true, force: true }));
const source = { module: new URL('../../../spec/pika/replication.js', import.meta.url).href };
const fresh = (name: string): string => mkdtempSync(join(root, `${name}-`));

/** Status, figures and every trace's steps. */
function outcome<S extends State>(result: CheckResult<S>): unknown {
  const steps = (trace: readonly { action: { label: string } | null }[] | undefined) => trace?.map((step) => step.action?.label ?? 'init');
  return { status: result.status, figures: figures(result), invariants: result.invariants.map((v) => [v.name, v.verdict, steps(v.trace)]), deadlock: steps(result.deadlock) };
}

/** Bytes of the level queues' files in spill directory `dir` (of the run's own directory in it). */
function queueBytes(dir: string): number {
  let bytes = 0;
  for (const own of readdirSync(dir)) for (const name of readdirSync(join(dir, own))) if (name.startsWith('queue-')) bytes += statSync(join(dir, own, name)).size;
  return bytes;
}

/**
 * Runs `options` until the level of depth `depth` is done, interrupted there (the last checkpoint
 * written), then as it ends; `onStop` is called when it is interrupted.
 */
async function interruptedAt<S extends State>(model: Model<S>, depth: number, options: CheckOptions, onStop = (): void => {}): Promise<CheckResult<S>> {
  const stop = new AbortController();
  const result = await check(model, {
    ...options,
    source,
    signal: stop.signal,
    onLevel: (p) => {
      if (p.depth !== depth) return;
      onStop();
      stop.abort();
    },
  });
  // A violation found before the interruption is the status; the run stopped all the same, with states queued.
  assert.ok(result.status === 'violation' || (result.status === 'incomplete' && result.bound === 'interrupted'), result.status);
  assert.ok(result.stats.queue > 0);
  return result;
}

describe('a spilled run checkpoints and resumes', () => {
  for (const [label, constants, depth] of [
    ['passing (Pika 2/1/2, 1,421 states)', { lockScope: 'command+binlog', binlogFormat: 'op', clients: 2, keys: 1, ops: 2 }, 20],
    ['violating (Pika, 255 states)', {}, 9],
  ] as const) {
    it(`${label}: stopped, resumed spilled or in memory, it ends with the figures and traces of a run never stopped`, async () => {
      const model = compile(replication, constants);
      const whole = await check(model, {});
      const saved = fresh('saved');
      const stoppedSpill = fresh('spill');
      let onDisk = 0;
      const stopped = await interruptedAt(model, depth, { spill: stoppedSpill, spillBudget: 16, spillQueueBudget: 4, checkpoint: saved }, () => (onDisk = queueBytes(stoppedSpill)));
      assert.ok(onDisk > 0, 'the level queue was on disk when the checkpoint was written');
      assert.deepEqual(readdirSync(stoppedSpill), [], 'the stopped run removed its files');
      const header = readCheckpointHeader(saved);
      assert.ok(header.seen > 64 && header.seen < whole.stats.distinct, `${header.seen} states saved`);
      assert.equal(header.seen, stopped.stats.distinct);
      assert.equal(header.logged, stopped.stats.distinct);

      const spill = fresh('spill');
      const resumed = await check(model, { resume: saved, checkpoint: fresh('again'), source, spill, spillBudget: 16, spillQueueBudget: 4 });
      assert.deepEqual(outcome(resumed), outcome(whole));
      assert.deepEqual(readdirSync(spill), []);
      const inMemory = await check(model, { resume: saved, checkpoint: fresh('again'), source });
      assert.deepEqual(outcome(inMemory), outcome(whole));
    });
  }

  it('writes checkpoints mid-run, its queues on disk, and ends with the figures and traces of a run in memory', async () => {
    const model = compile(replication, { lockScope: 'command+binlog', binlogFormat: 'op', clients: 2, keys: 1, ops: 2 });
    const saved = fresh('often');
    const spill = fresh('spill');
    // The states saved, as the checkpoint read at the end of each level has them, and the bytes of the queues on disk then.
    const seenSaved = new Set<number>();
    let onDisk = 0;
    const onLevel = (): void => {
      if (existsSync(join(saved, CHECKPOINT_FILE))) seenSaved.add(readCheckpointHeader(saved).seen);
      onDisk = Math.max(onDisk, queueBytes(spill));
    };
    const spilled = await check(model, { source, spill, spillBudget: 16, spillQueueBudget: 4, checkpoint: saved, checkpointEvery: 0.001, onLevel });
    assert.deepEqual(outcome(spilled), outcome(await check(model, {})));
    // How many are written depends on how long writing takes (see ScheduledCheckpoints): at least one, mid-run.
    assert.ok(seenSaved.size >= 1, `${seenSaved.size} checkpoints seen`);
    assert.ok(onDisk > 0);
  });

  it('resumes a run saved in memory, spilled', async () => {
    const model = compile(replication, {});
    const saved = fresh('saved');
    await interruptedAt(model, 9, { checkpoint: saved });
    const resumed = await check(model, { resume: saved, checkpoint: fresh('again'), source, spill: fresh('spill'), spillBudget: 16 });
    assert.deepEqual(outcome(resumed), outcome(await check(model, {})));
  });
});
