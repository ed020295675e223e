import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CHECKPOINT_FILE, CHECKPOINT_TEMP, readCheckpointHeader, writeCheckpoint } from '../../../checker/checkpoint/checkpoint.js';
import { check, compile } from '../../../checker/index.js';
import type { Progress, State } from '../../../checker/index.js';
import { Frontier } from '../../../checker/explore/frontier.js';
import { FingerprintSeenSet } from '../../../checker/explore/seenSet.js';
import { TraceLog } from '../../../checker/explore/traceLog.js';
import { loadSpec } from '../../../cli/loadSpec.js';
import { memoryIo } from '../../../cli/io.js';
import { progressReporter } from '../../../cli/progress.js';
import { CLI_MAIN, cli } from '../../cli/run.js';
import { checkpointDir, figures, gridSpecFolder } from '../../trust/gridSpec.js';

/** Large enough for a checkpoint write to be caught under way, small enough to run in seconds. */
const PIKA_223 = ['--lock-scope', 'command+binlog', '--clients', '2', '--keys', '2', '--ops', '3'];

async function until(done: () => boolean, what: string, everyMs = 50): Promise<void> {
  for (let waited = 0; waited < 120_000 && !done(); waited += everyMs) await new Promise((r) => setTimeout(r, everyMs));
  assert.ok(done(), `timed out waiting for ${what}`);
}

describe('a run stopped by --max-states writes a checkpoint that resumes', () => {
  it('from the last state it expanded in full: resumed, and resumed again, it ends with the figures of a run never stopped', async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    const first = await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--format', 'json', '--quiet']);
    assert.equal(first.code, 152);
    assert.equal(figures(first.stdout)[0], 600);
    const second = await cli(['check', '--spec', spec, '--resume', dir, '--max-states', '2000', '--format', 'json', '--quiet']);
    assert.equal(second.code, 152, second.stderr);
    assert.equal(figures(second.stdout)[0], 2000);
    const last = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.equal(last.code, 0, last.stderr);
    assert.deepEqual(figures(last.stdout), [3721, 7321, 121]);
  });

  it('of a spec of records with many field values (Pika 2/2/2)', async () => {
    const dir = checkpointDir();
    const args = ['check', '--lock-scope', 'command+binlog', '--keys', '2', '--ops', '2', '--format', 'json', '--quiet'];
    assert.equal((await cli([...args, '--checkpoint', dir, '--max-states', '10000'])).code, 152);
    const resumed = await cli(['check', '--resume', dir, '--format', 'json', '--quiet']);
    assert.deepEqual(figures(resumed.stdout), [28167, 60429, 33]);
  });
});

describe('a resumed run stopped before it explores a state', () => {
  it('keeps the checkpoint it resumed from rather than writing it again, and writes one where it checkpoints elsewhere', async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    assert.equal((await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet'])).code, 152);
    const path = join(dir, CHECKPOINT_FILE);
    const before = statSync(path);
    const { spec: loaded } = await loadSpec(spec, '/');
    const model = compile(loaded, {});
    const source = { module: pathToFileURL(spec).href };
    // Stopped before it starts, as by a signal that comes while the checkpoint is read.
    const writes: boolean[] = [];
    const stopped = await check(model, { resume: dir, source, signal: AbortSignal.abort(), onCheckpointWrite: (w) => writes.push(w) });
    assert.equal(stopped.status, 'incomplete');
    assert.equal('bound' in stopped ? stopped.bound : undefined, 'interrupted');
    assert.equal(writes.length, 0);
    assert.equal(statSync(path).ino, before.ino);
    assert.equal(existsSync(join(dir, 'lock')), false);
    // Resumed into another folder, the run writes its checkpoint there.
    const elsewhere = checkpointDir();
    await check(model, { resume: dir, checkpoint: elsewhere, source, signal: AbortSignal.abort(), onCheckpointWrite: (w) => writes.push(w) });
    assert.deepEqual(writes, [true, false]);
    assert.equal(readCheckpointHeader(elsewhere).seen, 600);
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
  });
});

describe('progress after a resume', () => {
  it("counts rates from what the resumed run found itself, not from the checkpoint's figures", async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    assert.equal((await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet'])).code, 152);
    const saved = readCheckpointHeader(dir);
    const { spec: loaded } = await loadSpec(spec, '/');
    const reports: Progress[] = [];
    await check(compile(loaded, {}), {
      resume: dir,
      source: { module: pathToFileURL(spec).href },
      progressInterval: 1e-6,
      onProgress: (p) => reports.push(p),
    });
    const first = reports[0] as Progress;
    assert.deepEqual([first.resumedFrom?.generated, first.resumedFrom?.distinct], [saved.generated, saved.seen]);

    const io = memoryIo();
    progressReporter(io, false).onProgress({
      depth: 10,
      generated: 1_000_600,
      distinct: 500_300,
      queue: 5,
      seconds: 32,
      resumedFrom: { generated: 1_000_000, distinct: 500_000, seconds: 2 },
    });
    assert.match(io.stderr, /1,000,600 states generated \(1,200 s\/min\), 500,300 distinct states found \(600 ds\/min\)/);
  });
});

describe('a checkpoint cut short is never the one read back', () => {
  it('gives up a write when told to stop, leaving the last checkpoint as it was', async () => {
    const { spec } = gridSpecFolder();
    const dir = checkpointDir();
    assert.equal((await cli(['check', '--spec', spec, '--checkpoint', dir, '--max-states', '600', '--quiet'])).code, 152);
    const before = readFileSync(join(dir, CHECKPOINT_FILE));
    const header = readCheckpointHeader(dir);
    // A snapshot of a few megabytes: the writer asks whether to stop after each megabyte.
    const seen = new FingerprintSeenSet();
    for (let i = 1; i <= 400_000; i++) seen.add(i, Math.imul(i, 0x9e3779b1) >>> 0 || 1);
    let asked = 0;
    const written = writeCheckpoint(
      dir,
      header,
      { generated: 0, depth: 1, current: new Frontier<State>(), from: 0, next: new Frontier<State>(), violations: new Map(), truncated: false, log: new TraceLog(), seen },
      () => ++asked >= 2,
    );
    assert.equal(written, false);
    assert.equal(asked, 2);
    assert.equal(existsSync(join(dir, CHECKPOINT_TEMP)), false);
    assert.ok(readFileSync(join(dir, CHECKPOINT_FILE)).equals(before));
    const resumed = await cli(['check', '--spec', spec, '--resume', dir, '--format', 'json', '--quiet']);
    assert.deepEqual(figures(resumed.stdout), [3721, 7321, 121]);
  });

  it("a resumed Pika 2/2/3 run killed while it writes a checkpoint: resumed again, it ends with an uninterrupted run's figures, in under 1 GB", async () => {
    const dir = checkpointDir();
    const file = join(dir, CHECKPOINT_FILE);
    const temp = join(dir, CHECKPOINT_TEMP);
    const first = spawn(process.execPath, [CLI_MAIN, 'check', ...PIKA_223, '--checkpoint', dir, '--checkpoint-every', '0.2', '--quiet'], { stdio: 'ignore' });
    const firstExit = new Promise((r) => first.on('exit', r));
    await until(() => existsSync(file) || first.exitCode !== null, 'a first checkpoint');
    first.kill('SIGKILL');
    await firstExit;
    // Resumed (with the saved options alone), and killed as soon as a checkpoint is being written.
    let killedWhileWriting = 0;
    const endedByThemselves: string[] = [];
    // A write can end between the sight of its file and the kill: try again until one is caught.
    for (let attempt = 0; attempt < 20 && killedWhileWriting === 0; attempt++) {
      const child = spawn(process.execPath, [CLI_MAIN, 'check', '--resume', dir, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = new Promise((r) => child.on('exit', r));
      await until(() => existsSync(temp) || child.exitCode !== null, 'a checkpoint write', 1);
      if (child.exitCode !== null) endedByThemselves.push(`exit ${child.exitCode}: ${stderr.trim()}`);
      child.kill('SIGKILL');
      await exit;
      if (existsSync(temp)) killedWhileWriting++;
    }
    assert.equal(killedWhileWriting, 1, `no resumed run was killed while writing; runs that ended by themselves: ${endedByThemselves.join('; ') || 'none'}`);
    const resumed = await cli(['check', '--resume', dir, '--format', 'json', '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(figures(resumed.stdout), [697531, 1559241, 47]);
    const verdicts = (JSON.parse(resumed.stdout) as { invariants: { verdict: string }[] }).invariants.map((v) => v.verdict);
    assert.deepEqual(new Set(verdicts), new Set(['holds']));
    assert.ok(process.resourceUsage().maxRSS * 1024 < 2 ** 30, `peak RSS ${process.resourceUsage().maxRSS} KB`);
  });
});
