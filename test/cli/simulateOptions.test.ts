import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { cli, CLI_MAIN } from './run.js';

/** The repository root (the tests run from dist/test/cli). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SNAPSHOT_LOG = join(ROOT, 'examples', 'snapshotLog.ts');

interface SimulateJson {
  spec: string;
  model: string;
  module?: string;
  status: string;
  exitCode: number;
  constants: Record<string, unknown>;
  replay?: string;
  invariants: { name: string; verdict: string; run?: number; traceLength?: number; trace?: unknown[] }[];
  stats: { seconds: number; behavioursPerSecond: number; shrinkSeconds: number; workers: number; [figure: string]: unknown };
}

async function json(args: string[]): Promise<{ code: number; doc: SimulateJson; stderr: string }> {
  const run = await cli(['simulate', ...args, '--format', 'json']);
  assert.doesNotThrow(() => JSON.parse(run.stdout), `${args.join(' ')}: ${run.stdout}${run.stderr}`);
  return { code: run.code, doc: JSON.parse(run.stdout) as SimulateJson, stderr: run.stderr };
}

/** The report without what depends on the clock or on how many threads happened to sample. */
function timeless(doc: SimulateJson): unknown {
  const { seconds: _s, behavioursPerSecond: _b, shrinkSeconds: _k, workers: _w, ...stats } = doc.stats;
  return { ...doc, stats };
}

describe('pika-mc simulate --workers', () => {
  it('gives the same JSON statistics and trace for the same seed and worker count, and with one worker', async () => {
    for (const args of [
      ['--clients', '3', '--keys', '2', '--ops', '2', '--seed', 'w1'],
      ['--clients', '3', '--keys', '2', '--ops', '2', '--lock-scope', 'command+binlog', '--runs', '600', '--seed', '8'],
    ]) {
      const first = await json([...args, '--workers', '2']);
      const again = await json([...args, '--workers', '2']);
      const one = await json([...args, '--workers', '1']);
      assert.equal(one.doc.stats.workers, 1);
      assert.ok([1, 2].includes(first.doc.stats.workers));
      assert.deepEqual(timeless(again.doc), timeless(first.doc), args.join(' '));
      assert.deepEqual(timeless(one.doc), timeless(first.doc), args.join(' '));
    }
  });

  it('finds the race with 2 workers at 2/1/1 and prints a trace of at most 7 states; exit 12', async () => {
    const run = await json(['--lock-scope', 'command', '--clients', '2', '--keys', '1', '--ops', '1', '--seed', '21', '--workers', '2', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(run.code, 12, run.stderr);
    const sca = run.doc.invariants[0];
    assert.equal(sca?.verdict, 'violated');
    assert.ok((sca?.traceLength ?? Infinity) <= 7, `${sca?.traceLength} states`);
  });

  it('refuses --workers 0 (and other non-counts) with one line and exit 2', async () => {
    for (const value of ['0', '-1', 'two', '1.5']) {
      const run = await cli(['simulate', '--workers', value]);
      assert.equal(run.code, 2, `--workers ${value}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^error: .*--workers/);
      assert.equal(run.stdout, '');
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops cleanly on ${signal} while the workers sample: statistics so far, the signal named, exit ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const child = spawn(
        process.execPath,
        [CLI_MAIN, 'simulate', '--lock-scope', 'command+binlog', '--clients', '3', '--keys', '2', '--ops', '2', '--runs', '100000000', '--workers', '2', '--seed', '1'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      // The first progress line says the workers are sampling; its figures are those of a live run.
      const progress = await new Promise<string>((resolve) => {
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const line = /^Progress at .*$/m.exec(stderr);
          if (line) resolve(line[0]);
        });
      });
      assert.match(progress, /^Progress at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: [\d,]+ behaviours sampled \([\d,]+\/s\), [\d,]+ states visited\.$/);
      child.kill(signal);
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      assert.equal(code, signal === 'SIGINT' ? 130 : 143, stdout);
      assert.match(stdout, signal === 'SIGINT' ? /stopped by an interrupt/ : /stopped by SIGTERM/);
      assert.match(stdout, /finding nothing proves nothing/);
    });
  }
});

describe('pika-mc simulate --spec', () => {
  it('samples a spec module with its constants, and prints the command that replays the run', async () => {
    const run = await cli(['simulate', '--spec', SNAPSHOT_LOG, '--const', 'atomicSnapshot=false', '--seed', '3']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /^SnapshotLog \(--spec .*snapshotLog\.ts\): writers = \{w1, w2\}, writesPerWriter = 1, atomicSnapshot = false/);
    assert.match(run.stdout, /SnapshotMatchesLog is violated: run \d+ of seed 3/);
    const replay = /Replay: pika-mc simulate (.*)/.exec(run.stdout)?.[1];
    assert.ok(replay, run.stdout);
    assert.match(replay, /--spec \S*snapshotLog\.ts --const atomicSnapshot=false --seed 3 --run \d+/);
    const again = await cli(['simulate', ...replay.split(' ')]);
    assert.equal(again.code, 12);
    const trace = (text: string): string => text.slice(text.indexOf('is violated'), text.indexOf('Replay:'));
    assert.equal(trace(again.stdout), trace(run.stdout));
    assert.match(again.stdout, /Statistics: 1 behaviour,/);

    const holds = await cli(['simulate', '--spec', SNAPSHOT_LOG, '--runs', '200', '--seed', '3']);
    assert.equal(holds.code, 0, holds.stdout + holds.stderr);
    assert.match(holds.stdout, /finding nothing proves nothing/);
  });

  it('takes --constants files and names the module in JSON; workers load the module too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-simulate-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ atomicSnapshot: false, writers: ['a', 'b', 'c'] }));
    const run = await json(['--spec', SNAPSHOT_LOG, '--constants', file, '--seed', '5', '--workers', '2']);
    assert.equal(run.code, 12, run.stderr);
    assert.equal(run.doc.spec, 'SnapshotLog');
    assert.equal(run.doc.module, SNAPSHOT_LOG);
    assert.deepEqual(run.doc.constants['writers'], ['a', 'b', 'c']);
    assert.match(run.doc.replay ?? '', /--constants \S+c\.json --seed 5 --run \d+/);
    // Long enough that the workers take over: the same figures as one thread.
    const args = ['--spec', SNAPSHOT_LOG, '--constants', file, '--const', 'atomicSnapshot=true', '--runs', '20000', '--seed', '5'];
    const many = await json([...args, '--workers', '2']);
    const one = await json([...args, '--workers', '1']);
    assert.equal(many.code, 0, many.stderr);
    assert.deepEqual(timeless(many.doc), timeless(one.doc));
  });

  it('refuses bad input as check does: one line, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pika-mc-simulate-'));
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{ nope');
    for (const args of [
      ['--spec', join(dir, 'missing.ts')],
      ['--spec', SNAPSHOT_LOG, '--const', 'nope=1'],
      ['--spec', SNAPSHOT_LOG, '--const', 'writesPerWriter=many'],
      ['--spec', SNAPSHOT_LOG, '--const', 'atomicSnapshot'],
      ['--spec', SNAPSHOT_LOG, '--constants', badJson],
      ['--spec', SNAPSHOT_LOG, '--constants', join(dir, 'missing.json')],
      ['--spec', SNAPSHOT_LOG, '--clients', '3'],
      ['--spec', SNAPSHOT_LOG, '--model', 'replication'],
      ['--spec', SNAPSHOT_LOG, '--invariant', 'Nope'],
      ['--const', 'clients=many'],
    ]) {
      const simulate = await cli(['simulate', ...args]);
      const check = await cli(['check', ...args]);
      const what = args.join(' ');
      assert.equal(simulate.code, 2, `${what}: ${simulate.stdout}${simulate.stderr}`);
      assert.equal(simulate.stdout, '', what);
      assert.equal(simulate.stderr.trim().split('\n').length, 1, `${what}: ${simulate.stderr}`);
      assert.match(simulate.stderr, /^error: /, what);
      assert.doesNotMatch(simulate.stderr, /\n\s+at /, what);
      assert.equal(check.code, 2, what);
      assert.equal(simulate.stderr, check.stderr, what);
    }
  });
});

describe('pika-mc simulate --run', () => {
  it('refuses --run without --seed in one line, and replays the run of a seed given with it', async () => {
    const alone = await cli(['simulate', '--run', '4']);
    assert.equal(alone.code, 2);
    assert.equal(alone.stdout, '');
    assert.equal(alone.stderr, "error: option '--run 4' replays a run of a seed: give the --seed the simulation printed with it\n");
    const replayed = await cli(['simulate', '--seed', '7', '--run', '4']);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.match(replayed.stdout, /Simulating up to 1 behaviour of at most 100 states from seed 7;/);
  });
});

describe('pika-mc simulate: deadlocks', () => {
  const STUCK = fileURLToPath(new URL('../fixtures/modules/sometimesStuck.js', import.meta.url));

  it('reports a behaviour that deadlocks with its run and replay command, exit 11; --no-deadlock does not look', async () => {
    const found = await cli(['simulate', '--spec', STUCK, '--seed', 'd']);
    assert.equal(found.code, 11, found.stderr);
    assert.match(found.stdout, /checking Below; deadlock on/);
    const line = /✗ Deadlock reached: run (\d+) of seed d, 4 states \(shrinking found none shorter\)/.exec(found.stdout);
    assert.ok(line, found.stdout);
    assert.match(found.stdout, new RegExp(`Replay: pika-mc simulate --spec \\S+ --seed d --run ${line[1]}`));
    assert.match(found.stdout, /stopped at the first deadlock/);
    const json = await cli(['simulate', '--spec', STUCK, '--seed', 'd', '--format', 'json']);
    const report = JSON.parse(json.stdout) as { status: string; exitCode: number; run: number; replay: string; deadlock: { run: number; traceLength: number } };
    assert.deepEqual([report.status, report.exitCode, report.run, report.deadlock.run, report.deadlock.traceLength], ['deadlock', 11, Number(line[1]), Number(line[1]), 4]);
    assert.match(report.replay, new RegExp(`--seed d --run ${line[1]}$`));
    // The flag given is in the replay command, so that it replays the deadlock whatever the spec's own setting.
    const asked = await cli(['simulate', '--spec', STUCK, '--seed', 'd', '--deadlock']);
    assert.match(asked.stdout, new RegExp(`Replay: pika-mc simulate --spec \\S+ --deadlock --seed d --run ${line[1]}`));
    const off = await cli(['simulate', '--spec', STUCK, '--seed', 'd', '--no-deadlock']);
    assert.equal(off.code, 0, off.stderr);
    assert.match(off.stdout, /checking Below; deadlock off/);
    assert.doesNotMatch(off.stdout, /Deadlock reached/);
  });
});
