import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CLI_MAIN, cli } from '../../cli/run.js';
import { CHECKPOINT_FILE, CHECKPOINT_FORMAT, CHECKPOINT_TEMP, readCheckpoint, readCheckpointHeader, writeCheckpoint } from '../../../checker/checkpoint/checkpoint.js';
import type { CheckpointRun } from '../../../checker/checkpoint/checkpoint.js';
import { DIGEST_BYTES } from '../../../checker/checkpoint/file.js';
import { explore, unboundedSettings } from '../../../checker/explore/engine.js';
import { check, compile, UsageError } from '../../../checker/index.js';
import type { Model, State } from '../../../checker/index.js';
import { loadSpec } from '../../../cli/loadSpec.js';
import replication from '../../../spec/pika/replication.js';
import { checkpointDir, gridSpecFolder } from '../../trust/gridSpec.js';

const VARIANT = ['--lock-scope', 'command', '--clients', '3', '--keys', '2'];

interface Report {
  stats: { distinct: number; generated: number; depth: number };
  invariants: { name: string; verdict: string; trace?: { action: { label: string } | null }[] }[];
}

function essentials(report: Report): unknown {
  return {
    figures: [report.stats.distinct, report.stats.generated, report.stats.depth],
    invariants: report.invariants.map((v) => [v.name, v.verdict, v.trace?.map((s) => s.action?.label ?? null)]),
  };
}

async function waitFor(path: string, child: { exitCode: number | null }): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(path); i++) {
    if (child.exitCode !== null) throw new Error('the run ended before writing a checkpoint');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('checkpoint and resume', () => {
  it('resumes a run killed with SIGKILL and ends with the same figures and traces as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-'));
    // One worker, as the checkpointed run: worker threads may find other shortest traces.
    const whole = JSON.parse((await cli(['check', ...VARIANT, '--workers', '1', '--format', 'json', '--quiet'])).stdout) as Report;
    const child = spawn(process.execPath, [CLI_MAIN, 'check', ...VARIANT, '--checkpoint', dir, '--checkpoint-every', '0.05', '--quiet'], { stdio: 'ignore' });
    await waitFor(join(dir, 'checkpoint.bin'), child);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const resumed = await cli(['check', ...VARIANT, '--resume', dir, '--format', 'json', '--quiet']);
    assert.equal(resumed.code, 12, resumed.stderr);
    assert.deepEqual(essentials(JSON.parse(resumed.stdout) as Report), essentials(whole));
  });

  it('refuses a checkpoint of other constants, naming them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-'));
    await cli(['check', '--lock-scope', 'command+binlog', '--checkpoint', dir, '--time-limit', '0.001', '--quiet']);
    assert.ok(existsSync(join(dir, 'checkpoint.bin')));
    const other = await cli(['check', '--lock-scope', 'none', '--resume', dir]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /option '--lock-scope' \(none\) differs from the run saved in .* \(command\+binlog\)/);
  });

  it('refuses a truncated or corrupted checkpoint, and one of another format version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-'));
    await cli(['check', '--lock-scope', 'command+binlog', '--checkpoint', dir, '--time-limit', '0.001', '--quiet']);
    const file = join(dir, 'checkpoint.bin');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    const truncated = await cli(['check', '--lock-scope', 'command+binlog', '--resume', dir]);
    assert.equal(truncated.code, 2);
    assert.match(truncated.stderr, /damaged or truncated/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 50] = (flipped[flipped.length - 50] as number) ^ 0xff;
    writeFileSync(file, flipped);
    assert.match((await cli(['check', '--lock-scope', 'command+binlog', '--resume', dir])).stderr, /checksum mismatch/);
    const body = Buffer.from(bytes.subarray(0, bytes.length - 4).toString('latin1').replace(`"format":${CHECKPOINT_FORMAT}`, '"format":9'), 'latin1');
    let sum = 0x811c9dc5;
    for (const byte of body) sum = Math.imul(sum ^ byte, 0x01000193);
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32LE(sum >>> 0);
    writeFileSync(file, Buffer.concat([body, trailer]));
    assert.match((await cli(['check', '--lock-scope', 'command+binlog', '--resume', dir])).stderr, new RegExp(`format version 9; this pika-mc reads version ${CHECKPOINT_FORMAT}`));
  });

  it('writes a last checkpoint when a time limit stops the run, and the resumed run completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-'));
    const stopped = await cli(['check', '--lock-scope', 'command+binlog', '--keys', '2', '--ops', '2', '--checkpoint', dir, '--time-limit', '0.05', '--format', 'json', '--quiet']);
    assert.equal(stopped.code, 152);
    const resumed = JSON.parse((await cli(['check', '--lock-scope', 'command+binlog', '--keys', '2', '--ops', '2', '--resume', dir, '--format', 'json', '--quiet'])).stdout) as Report;
    assert.deepEqual([resumed.stats.distinct, resumed.stats.generated, resumed.stats.depth], [28167, 60429, 33]);
  });
});

describe('a checkpoint that cannot be written', () => {
  it('stops the run with an I/O error (not a usage error) naming the file, with its figures so far', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-full-'));
    const model = compile(replication, { lockScope: 'command+binlog', binlogFormat: 'op', clients: 2, keys: 1, ops: 2 });
    const temp = join(dir, CHECKPOINT_TEMP);
    const result = await check(model, {
      source: { module: new URL('../../../spec/pika/replication.js', import.meta.url).href },
      checkpoint: dir,
      checkpointEvery: 0.001,
      onLevel: (p) => {
        // Writing to /dev/full fails with ENOSPC, as on a full disk.
        if (p.depth === 1) symlinkSync('/dev/full', temp);
        // Checkpoints take at most a tenth of the run's time: a pause mid-run makes the first one due.
        if (p.depth === 8) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      },
    });
    assert.equal(result.status === 'incomplete' ? result.bound : result.status, 'ioError');
    assert.deepEqual(result.ioError, { path: temp, code: 'ENOSPC', message: `cannot write ${temp}: no space left on device (ENOSPC)` });
    assert.ok(result.stats.depth >= 8 && result.stats.distinct > 1 && result.stats.distinct < 1421, `depth ${result.stats.depth}, ${result.stats.distinct} states`);
    // The partial file is removed and the lock released.
    assert.deepEqual(readdirSync(dir), []);
  });
});

/** Pika with two clients, one key and two ops each (1,421 states), and the module it comes from. */
const SMALL = compile(replication, { lockScope: 'command+binlog', binlogFormat: 'op', clients: 2, keys: 1, ops: 2 });
const SMALL_SOURCE = { module: new URL('../../../spec/pika/replication.js', import.meta.url).href };

/** A checkpoint of SMALL written when `maxStates` stops it: its directory. */
async function smallCheckpoint(maxStates: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pika-mc-ckpt-'));
  const result = await check(SMALL, { source: SMALL_SOURCE, checkpoint: dir, maxStates });
  assert.equal(result.status === 'incomplete' && result.bound, 'maxStates');
  return dir;
}

/**
 * Sets the count `field` of the header of the checkpoint in `dir` to another number of as many
 * digits (so that every offset in the file stays right), and closes the file with a fresh digest,
 * SHA-256 of every byte before it, as writeCheckpoint does: only the header disagrees with the body.
 */
function rewriteHeaderCount(dir: string, field: 'seen' | 'logged' | 'current' | 'next' | 'depth'): { was: number; now: number } {
  const file = join(dir, CHECKPOINT_FILE);
  const bytes = readFileSync(file);
  const was = readCheckpointHeader(dir)[field];
  const now = String(was + 1).length === String(was).length ? was + 1 : was - 1;
  const text = bytes.subarray(0, bytes.length - DIGEST_BYTES).toString('latin1');
  const body = Buffer.from(text.replace(new RegExp(`"${field}":${was}(?=[,}])`), `"${field}":${now}`), 'latin1');
  assert.notDeepEqual(body, bytes.subarray(0, bytes.length - DIGEST_BYTES), `the header has no "${field}":${was}`);
  writeFileSync(file, Buffer.concat([body, createHash('sha256').update(body).digest()]));
  assert.equal(readCheckpointHeader(dir)[field], now);
  return { was, now };
}

/** Why a resume refuses a checkpoint whose header's `field` says `now` where its body has `was`. */
const COUNT_REASONS: { readonly [F in 'seen' | 'logged' | 'current' | 'next' | 'depth']: (was: number, now: number) => string } = {
  seen: (was, now) => `its header counts ${now} states in the seen set, which holds ${was}`,
  logged: (was, now) => `its header counts ${now} states in the trace log, which holds ${was}`,
  current: (was, now) => `its header counts ${now} states on the current level, whose queue holds ${was}`,
  next: (was, now) => `its header counts ${now} states on the next level, whose queue holds ${was}`,
  depth: (_was, now) => `its header's depth ${now} is not that of the states it queues`,
};

/** The refusal of the damaged checkpoint in `dir`, for `reason`. */
function damagedMessage(dir: string, reason: string): string {
  return `checkpoint ${join(dir, CHECKPOINT_FILE)} is damaged or truncated (${reason}); it cannot be resumed`;
}

describe('a resume refuses', () => {
  it('a checkpoint whose header counts disagree with its body, though its digest is fresh, as damaged, naming the count', async () => {
    for (const field of ['seen', 'logged', 'current', 'next', 'depth'] as const) {
      const dir = await smallCheckpoint(600);
      const { was, now } = rewriteHeaderCount(dir, field);
      await assert.rejects(
        check(SMALL, { source: SMALL_SOURCE, resume: dir }),
        (e: unknown) => e instanceof UsageError && e.message === damagedMessage(dir, COUNT_REASONS[field](was, now)),
        `header ${field} ${was} → ${now}`,
      );
    }
    // The CLI refuses it as any damaged checkpoint: exit 2, one line.
    const dir = await smallCheckpoint(600);
    rewriteHeaderCount(dir, 'seen');
    const run = await cli(['check', '--resume', dir]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /damaged or truncated/);
  });

  it('a checkpoint replaced while it is read (another run writing the folder), instead of reading the rest from the new one', async () => {
    const dir = await smallCheckpoint(600);
    const other = await smallCheckpoint(900);
    const resume = readCheckpoint(dir, SMALL, { identity: readCheckpointHeader(dir).identity, maxStates: Infinity });
    renameSync(join(other, CHECKPOINT_FILE), join(dir, CHECKPOINT_FILE));
    assert.throws(
      () => resume.restore({} as never, {} as never),
      (e: unknown) => e instanceof UsageError && /^checkpoint .* was replaced while it was read \(a run is writing that folder\): resume it once that run has stopped$/.test(e.message),
    );
  });

  it('a checkpoint whose header is not of the shape written, as damaged: one line, exit 2', async () => {
    const good = readCheckpointHeader(await smallCheckpoint(600));
    const { invariants: _dropped, ...identity } = good.identity;
    const shapes: [string, string][] = [
      ['null', 'unreadable header'],
      ['[1, 2]', 'unreadable header'],
      [JSON.stringify({ format: CHECKPOINT_FORMAT }), 'a header of the wrong shape'],
      [JSON.stringify({ ...good, identity }), 'a header of the wrong shape'],
      [JSON.stringify({ ...good, seen: '600' }), 'a header of the wrong shape'],
      [JSON.stringify({ ...good, identity: { ...good.identity, code: 'abc' } }), 'a header of the wrong shape'],
    ];
    for (const [header, reason] of shapes) {
      const dir = checkpointDir();
      writeFileSync(join(dir, CHECKPOINT_FILE), `PIKA-MC CHECKPOINT\n${header}\n`);
      assert.throws(() => readCheckpointHeader(dir), (e: unknown) => e instanceof UsageError && e.message === damagedMessage(dir, reason), header.slice(0, 40));
      const run = await cli(['check', '--resume', dir]);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr, `error: ${damagedMessage(dir, reason)}\n`);
    }
  });

  it('a maxStates below the states the checkpoint holds, naming both in plain digits; one as large resumes and stops at once', async () => {
    // Over a thousand states, so that a count written with separators (1,200) would show.
    const dir = await smallCheckpoint(1200);
    await assert.rejects(
      check(SMALL, { source: SMALL_SOURCE, resume: dir, maxStates: 1199 }),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message === `maxStates 1199 is below the 1200 states the checkpoint in ${dir} already holds (a resumed run counts them): give at least 1200, or leave maxStates out`,
    );
    const same = await check(SMALL, { source: SMALL_SOURCE, resume: dir, maxStates: 1200 });
    assert.deepEqual([same.status === 'incomplete' && same.bound, same.stats.distinct], ['maxStates', 1200]);
    const more = await check(SMALL, { source: SMALL_SOURCE, resume: dir, maxStates: 1300 });
    assert.deepEqual([more.status === 'incomplete' && more.bound, more.stats.distinct], ['maxStates', 1300]);
  });
});

describe('a long header', () => {
  it('resumes one whose header is longer than 64 KiB (a constant of 20,000 values) to the figures of a run never stopped', async () => {
    const commands = Array.from({ length: 20_000 }, () => 'incr').join(',');
    const dir = checkpointDir();
    const stopped = await cli(['check', '--lock-scope', 'command+binlog', '--commands', commands, '--checkpoint', dir, '--max-states', '100', '--quiet']);
    assert.equal(stopped.code, 152, stopped.stderr);
    assert.ok(readFileSync(join(dir, CHECKPOINT_FILE)).indexOf(10, 20) > 1 << 16);
    const resumed = await cli(['check', '--resume', dir, '--quiet', '--format', 'json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const whole = await cli(['check', '--lock-scope', 'command+binlog', '--quiet', '--format', 'json']);
    const figures = (report: string): unknown => essentials(JSON.parse(report) as Report);
    assert.deepEqual(figures(resumed.stdout), figures(whole.stdout));
  });

});

describe('a checkpoint taken at the end of a level', () => {
  /**
   * The grid spec explored by the engine, whose checkpoint writes into `dir` (as the run of `run`)
   * the first snapshot it is handed with its current level expanded in full, past the first level:
   * one the loop hands when a level ends on one of its looks at the checkpoints.
   */
  function endOfLevelCheckpoint(model: Model<State>, dir: string, run: CheckpointRun): void {
    let written = false;
    explore(model, unboundedSettings({
      invariants: model.invariants,
      deadlock: true,
      checkpoint: {
        due: () => !written,
        reserveMs: () => 0,
        save: (snapshot) => {
          if (snapshot.from === snapshot.current.length && snapshot.depth > 1) written = writeCheckpoint(dir, run, snapshot);
        },
        cannotSave: () => undefined,
      },
    }));
    assert.ok(written, 'no level of the grid ended on a look at the checkpoints');
  }

  it('queues the next level alone, resumes to the figures of a whole run, and is refused with a depth not that of its next level', async () => {
    const { spec } = gridSpecFolder();
    const source = { module: pathToFileURL(spec).href };
    const model = compile((await loadSpec(spec, '/')).spec, {});
    // A checkpoint of the same run, for the identity the one at a level's end is written with.
    const dir = checkpointDir();
    await check(model, { source, checkpoint: dir, maxStates: 600 });
    const { identity, module, everySeconds } = readCheckpointHeader(dir);
    endOfLevelCheckpoint(model, dir, { identity, module, everySeconds });
    const header = readCheckpointHeader(dir);
    assert.deepEqual([header.current, header.next > 0], [0, true]);
    const file = join(dir, CHECKPOINT_FILE);
    const bytes = readFileSync(file);
    const { was, now } = rewriteHeaderCount(dir, 'depth');
    await assert.rejects(
      check(model, { source, resume: dir }),
      (e: unknown) => e instanceof UsageError && e.message === damagedMessage(dir, COUNT_REASONS.depth(was, now)),
    );
    writeFileSync(file, bytes);
    const resumed = await check(model, { source, resume: dir });
    assert.deepEqual([resumed.status, resumed.stats.distinct, resumed.stats.generated, resumed.stats.depth], ['ok', 3721, 7321, 121]);
  });
});
